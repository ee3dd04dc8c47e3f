#!/usr/bin/env bash
# Watch latency across masters: two masters on one etcd; 100 watchers on master B; writes (configmap
# creates, one at a time) on master A. For each write, the time from A's acknowledgement (its 201 read by
# the client) to the event's arrival at each of B's watchers: p50 and p99 over every (write, watcher)
# pair, and the p99 of the last watcher per write. Target: p99 <= 100 ms. Each round is a fresh etcd and
# fresh masters.
#
# Usage: share/bench/watch-latency.sh   (ROUNDS=3 WATCHERS=100 WRITES=200 CLIENT_CPU=1; BIN=, ETCD=)
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/etcd-lib.sh"
build_release
WATCHERS="${WATCHERS:-100}" WRITES="${WRITES:-200}"

for round in $(seq 1 "${ROUNDS:-3}"); do
    url=$(start_etcd "etcd-$round")
    a=$(free_port) b=$(free_port)
    start_master "a-$round" "$url" "$a"
    start_master "b-$round" "$url" "$b"
    taskset -c "$CLIENT_CPU" python3 - "$a" "$b" "$WATCHERS" "$WRITES" "$round" <<'PY' | tee -a "$WORK/latency"
import json, selectors, socket, sys, threading, time, urllib.request
a, b, watchers, writes, round_ = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), sys.argv[5]
# Watch from B's current resourceVersion: the writes are measured, not a replay of what exists.
rv = json.load(urllib.request.urlopen(f"http://127.0.0.1:{b}/api/v1/namespaces/default/configmaps"))["metadata"]["resourceVersion"]
sel = selectors.DefaultSelector()
for i in range(watchers):
    s = socket.create_connection(("127.0.0.1", b))
    s.sendall(b"GET /api/v1/namespaces/default/configmaps?watch=1&resourceVersion=%s HTTP/1.1\r\nHost: x\r\n\r\n" % rv.encode())
    s.setblocking(False)
    sel.register(s, selectors.EVENT_READ, {"tail": b""})
arrivals, lock, stop = {}, threading.Lock(), False
def reader():
    # Names are "lat-<n>-w": found in what arrived (with a short tail of the previous read, in case one
    # was split). The reader's own work is in every figure, so it stays small.
    while not stop:
        for key, _ in sel.select(timeout=0.05):
            try:
                chunk = key.fileobj.recv(1 << 16)
            except BlockingIOError:
                continue
            now = time.perf_counter()
            window = key.data["tail"] + chunk
            key.data["tail"] = window[-32:]
            start = 0
            while (i := window.find(b'"name":"lat-', start)) >= 0:
                end = window.find(b'-w"', i + 12)
                if end < 0: break
                n = int(window[i + 12:end])
                with lock: arrivals.setdefault(n, {}).setdefault(key.fd, now)
                start = end
threading.Thread(target=reader, daemon=True).start()
time.sleep(1.0)  # every watch registered before the first write (setup, not measurement)
conn = socket.create_connection(("127.0.0.1", a))
samples, last = [], []
for n in range(writes):
    body = json.dumps({"metadata": {"name": f"lat-{n}-w"}}).encode()
    conn.sendall(b"POST /api/v1/namespaces/default/configmaps HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                 b"Content-Length: %d\r\n\r\n%s" % (len(body), body))
    head = b""
    while b"\r\n\r\n" not in head: head += conn.recv(65536)
    length = int(head.split(b"Content-Length: ")[1].split(b"\r\n")[0]) if b"Content-Length: " in head else 0
    rest = head.split(b"\r\n\r\n", 1)[1]
    while len(rest) < length: rest += conn.recv(65536)
    acked = time.perf_counter()
    assert head.startswith(b"HTTP/1.1 201"), head[:200]
    deadline = acked + 5
    while time.perf_counter() < deadline:
        with lock:
            if len(arrivals.get(n, {})) >= watchers: break
        time.sleep(0.0005)
    with lock: got = list(arrivals.get(n, {}).values())
    samples += [t - acked for t in got]
    if len(got) >= watchers: last.append(max(got) - acked)
    time.sleep(0.01)
stop = True
def pct(values, q):
    values = sorted(values)
    return values[min(len(values) - 1, int(q * len(values)))] * 1000 if values else float("nan")
print(f"round {round_}: {len(samples)} of {writes * watchers} events arrived; write on A -> event at a watcher on B: "
      f"p50 {pct(samples, 0.5):.2f} ms, p99 {pct(samples, 0.99):.2f} ms, max {pct(samples, 1.0):.2f} ms; "
      f"last of {watchers} watchers p99 {pct(last, 0.99):.2f} ms")
PY
    stop "b-$round"; stop "a-$round"; stop "etcd-$round"
done
python3 - "$WORK/latency" <<'PY'
import re, statistics, sys
p99 = [float(m.group(1)) for m in re.finditer(r"p99 ([0-9.]+) ms, max", open(sys.argv[1]).read())]
print(f"median of the rounds' p99: {statistics.median(p99):.2f} ms (target <= 100 ms)" if p99 else "no figures")
PY
