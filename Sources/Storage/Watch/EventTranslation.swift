extension ObjectFilter {
    /// What a watcher with this filter sees of a committed write. With selectors, an object that starts
    /// matching is ADDED and one that stops matching is DELETED (kube-apiserver's cacher does the same),
    /// so a kubelet watching `spec.nodeName=me` sees a pod bound to it as ADDED.
    func translate(_ event: StoreEvent) -> WatchEvent? {
        guard covers(event.object.key) else { return nil }
        switch event.kind {
        case .added: return selects(event.object) ? WatchEvent(type: .added, object: event.object) : nil
        case .deleted: return selects(event.object) ? WatchEvent(type: .deleted, object: event.object) : nil
        case .modified:
            if selectsEverything { return WatchEvent(type: .modified, object: event.object) }
            let now = selects(event.object)
            let before = event.previous.map(selects) ?? false
            switch (before, now) {
            case (true, true): return WatchEvent(type: .modified, object: event.object)
            case (false, true): return WatchEvent(type: .added, object: event.object)
            case (true, false): return WatchEvent(type: .deleted, object: event.object)
            case (false, false): return nil
            }
        }
    }
}
