// swift-format-ignore-file
// The leader-election script PythonLeaderElectionTests runs with the official Python client's
// kubernetes.leaderelection and its Lease lock. Run by hand: `python leader.py <data-dir>/admin.kubeconfig leader`.

extension PythonLeaderElectionTests {
    static let script = #"""
"""Leader election with a Lease lock against kube-console: acquire, renew, and keep a second candidate out.

usage: python leader.py KUBECONFIG leader
Prints one line `SUMMARY <json>` for the Swift test to check, or exits non-zero with a message.
"""
import json
import sys
import threading
import time

from kubernetes import client, config
from kubernetes.leaderelection import electionconfig, leaderelection
from kubernetes.leaderelection.resourcelock.leaselock import LeaseLock

config.load_kube_config(config_file=sys.argv[1])
NS, NAME = "py-leader", "py-lock"
client.CoreV1Api().create_namespace(client.V1Namespace(metadata=client.V1ObjectMeta(name=NS)))
leases = client.CoordinationV1Api()


def candidate(identity, on_started):
    # The shortest durations the client accepts: lease 3 s, renew deadline 2 s, retry every 1 s.
    lock = LeaseLock(NAME, NS, identity)
    return leaderelection.LeaderElection(electionconfig.Config(
        lock, lease_duration=3, renew_deadline=2, retry_period=1, onstarted_leading=on_started,
        onstopped_leading=lambda: None))


leading = threading.Event()
threading.Thread(target=candidate("candidate-a", leading.set).run, daemon=True).start()
if not leading.wait(15):
    raise SystemExit("candidate-a never started leading")

first = leases.read_namespaced_lease(NAME, NS)
out = {"holder": first.spec.holder_identity, "duration": first.spec.lease_duration_seconds,
       "acquire": first.spec.acquire_time.isoformat(), "renewals": [], "acquires": [], "versions": []}
# The leader renews every retry period: renewTime moves on, acquireTime stays.
seen, deadline = first.spec.renew_time, time.time() + 15
while len(out["renewals"]) < 2 and time.time() < deadline:
    lease = leases.read_namespaced_lease(NAME, NS)
    if lease.spec.renew_time != seen:
        seen = lease.spec.renew_time
        out["renewals"].append(seen.isoformat())
        out["acquires"].append(lease.spec.acquire_time.isoformat())
        out["versions"].append(lease.metadata.resource_version)
        out["holderAfter"] = lease.spec.holder_identity
    time.sleep(0.1)

# While candidate-a holds and renews it, candidate-b cannot take the lease.
out["secondCandidateAcquired"] = candidate("candidate-b", lambda: None).try_acquire_or_renew()
out["holderAtEnd"] = leases.read_namespaced_lease(NAME, NS).spec.holder_identity
print("SUMMARY " + json.dumps(out))
"""#
}
