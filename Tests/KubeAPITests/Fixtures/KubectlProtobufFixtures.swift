/// Request bodies kubectl v1.32.4 sent as `application/vnd.kubernetes.protobuf` (the `k8s\0` envelope),
/// recorded once with share/codegen/capture_kubectl.py: a fake API server on 127.0.0.1 saved the body of
/// each POST while kubectl ran the commands below against it (kubeconfig pointing at it, plain HTTP).
/// All of these were protobuf (`kubectl run`, also recorded, sent JSON). Each is base64 of the exact bytes.
enum KubectlProtobufFixtures {
    /// `kubectl create namespace demo` → POST /api/v1/namespaces?fieldManager=kubectl-create&fieldValidation=Strict
    static let namespace = "azhzAAoPCgJ2MRIJTmFtZXNwYWNlEhwKFAoEZGVtbxIAGgAiACoAMgA4AEIAEgAaAgoAGgAiAA=="

    /// `kubectl create configmap cm1 --from-literal=a=b -n default`
    /// → POST /api/v1/namespaces/default/configmaps?fieldManager=kubectl-create&fieldValidation=Strict
    static let configMap = "azhzAAoPCgJ2MRIJQ29uZmlnTWFwEiQKGgoDY20xEgAaB2RlZmF1bHQiACoAMgA4AEIAEgYKAWESAWIaACIA"

    /// `kubectl create secret generic s1 --from-literal=password=hunter2` (current namespace: default)
    /// → POST /api/v1/namespaces/default/secrets?fieldManager=kubectl-create&fieldValidation=Strict
    static let secret = "azhzAAoMCgJ2MRIGU2VjcmV0EisKEgoCczESABoAIgAqADIAOABCABITCghwYXNzd29yZBIHaHVudGVyMhoAGgAiAA=="

    /// `kubectl auth can-i create pods` (current namespace: default)
    /// → POST /apis/authorization.k8s.io/v1/selfsubjectaccessreviews
    static let selfSubjectAccessReview =
        "azhzAAoyChdhdXRob3JpemF0aW9uLms4cy5pby92MRIXU2VsZlN1YmplY3RBY2Nlc3NSZXZpZXcSPwoQCgASABoAIgAqADIAOABCABIhCh8KB2RlZmF1bHQSBmNyZWF0ZRoAIgAqBHBvZHMyADoAGggIABIAGgAgABoAIgA="

    /// `kubectl create service clusterip svc1 --tcp=80:8080 -n default`
    /// → POST /api/v1/namespaces/default/services?fieldManager=kubectl-create&fieldValidation=Strict
    static let service =
        "azhzAAoNCgJ2MRIHU2VydmljZRJzCigKBHN2YzESABoHZGVmYXVsdCIAKgAyADgAQgBaCwoDYXBwEgRzdmMxEkMKGwoHODAtODA4MBIDVENQGFAiBwgAEJA/GgAoABILCgNhcHASBHN2YzEaACIJQ2x1c3RlcklQOgBCAFIAWgBgAGgAGgIKABoAIgA="

    /// `kubectl create serviceaccount sa1 -n default`
    /// → POST /api/v1/namespaces/default/serviceaccounts?fieldManager=kubectl-create&fieldValidation=Strict
    static let serviceAccount = "azhzAAoUCgJ2MRIOU2VydmljZUFjY291bnQSHAoaCgNzYTESABoHZGVmYXVsdCIAKgAyADgAQgAaACIA"

    static let all = [namespace, configMap, secret, selfSubjectAccessReview, service, serviceAccount]

    static func bytes(_ base64: String) -> [UInt8] {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
        var out: [UInt8] = [], buffer: UInt32 = 0, bits = 0
        for c in base64.utf8 where c != UInt8(ascii: "=") {
            guard let v = alphabet.firstIndex(of: c) else { continue }
            buffer = buffer << 6 | UInt32(v)
            bits += 6
            if bits >= 8 { bits -= 8; out.append(UInt8(buffer >> UInt32(bits) & 0xFF)) }
        }
        return out
    }
}
