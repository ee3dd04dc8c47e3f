import Storage

/// A create whose name the server generates (`metadata.generateName`): when the store refuses the name as
/// taken, a new one is drawn and the create tried again, up to `attempts` in all, as kube-apiserver does
/// since RetryGenerateName (GA in 1.32). Five suffix characters of 27 give a prefix even odds of a
/// collision by its 5,000th name, and most clients do not retry a 409; eight attempts keep the odds
/// below 0.1% up to a million names.
struct GeneratedNameCreate: Sendable {
    /// kube-apiserver's maxNameGenerationCreateAttempts.
    static let attempts = 8

    /// Creates the object under a name; the completion gets the store's answer.
    typealias Submit = @Sendable (_ name: String, _ completion: @escaping WriteCompletion) -> Void

    let prefix: String
    let generate: @Sendable (_ prefix: String) -> String
    let submit: Submit

    /// Submits under `name`, then under new names while the answer is `.alreadyExists`. `completion` gets
    /// the last answer, and whether it is a refusal after the last attempt (the server found no free name).
    func run(
        name: String, attempt: Int = 1,
        completion: @escaping @Sendable (Result<StoredObject, StoreError>, _ exhausted: Bool) -> Void
    ) {
        submit(name) { result in
            guard case .failure(.alreadyExists) = result else { return completion(result, false) }
            guard attempt < Self.attempts else { return completion(result, true) }
            // On the store's writer thread: the next attempt only prepares and queues (the async store call).
            run(name: generate(prefix), attempt: attempt + 1, completion: completion)
        }
    }
}
