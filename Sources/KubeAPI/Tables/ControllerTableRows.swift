/// printReplicationController and printPodTemplate: replica counts, and the template's containers laid out
/// on one line.
enum ControllerTableRows {
    typealias F = TableFields

    /// Name, Desired, Current, Ready, Age, then (wide) Containers, Images, Selector.
    static func replicationController(_ o: JSONValue, now: Int64) -> [JSONValue] {
        // spec.replicas is a pointer defaulted to 1 on create; an object stored without it reads as 0, as Go's nil does.
        let (names, images) = layoutContainers(F.array(o, "spec", "template", "spec", "containers"))
        return [
            .string(F.name(o)), .int(F.int(o, "spec", "replicas")), .int(F.int(o, "status", "replicas")),
            .int(F.int(o, "status", "readyReplicas")), .string(F.age(o, now: now)), .string(names), .string(images),
            .string(F.formatLabels(o, "spec", "selector")),
        ]
    }

    /// Name, Containers, Images, Pod Labels.
    static func podTemplate(_ o: JSONValue, now: Int64) -> [JSONValue] {
        let (names, images) = layoutContainers(F.array(o, "template", "spec", "containers"))
        return [
            .string(F.name(o)), .string(names), .string(images),
            .string(F.formatLabels(o, "template", "metadata", "labels")),
        ]
    }

    /// `layoutContainerCells`: the containers' names and images, each comma-joined.
    static func layoutContainers(_ containers: [JSONValue]) -> (names: String, images: String) {
        (
            containers.map { F.string($0, "name") }.joined(separator: ","),
            containers.map { F.string($0, "image") }.joined(separator: ",")
        )
    }
}
