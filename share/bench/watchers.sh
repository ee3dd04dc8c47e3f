#!/usr/bin/env bash
# Watchers at scale: WATCHERS watches (default 10,000) on one resource (configmaps in kube-public), each its
# own connection; then WRITES creates one after another, and for each the time from its acknowledgement
# (the 201, after the group commit's fsync) to its event reaching the last watcher: p50 and p99 (target
# p99 <= 100 ms at 10,000). Also the memory one idle watcher costs: the server's RSS with the watchers
# registered and idle, less its RSS before, per watcher. Server pinned to SERVER_CPU, the client to
# CLIENT_CPU: by default `watch-client.swift` (built here with swiftc -O: one thread, one epoll, busy-polling
# so it never sleeps through an arrival), or with CLIENT=python the earlier Python client (one epoll thread,
# blocking; its own reading bounds the figures at 10,000).
# Usage: share/bench/watchers.sh   (WATCHERS=10000 WRITES=50 SERVER_CPU=0 CLIENT_CPU=1 BIN= SCRATCH_PATH=,
#        CLIENT=swift|python, PERF_OUT=file: perf record the server during the writes, Python client only,
#        SHOW_EACH=1: each write's latency, REFERENCE=floor: watch-floor.py instead of kube-console)
source "$(dirname "$0")/lib.sh"
WATCHERS="${WATCHERS:-10000}"
WRITES="${WRITES:-50}"
# Each watcher is a descriptor on both sides; the server raises its own limit (or do it here for it).
ulimit -n "$(ulimit -Hn)"
[ "$(ulimit -n)" -gt $((WATCHERS + 100)) ] || { echo "bench: ulimit -n $(ulimit -n) is too low for $WATCHERS watchers" >&2; exit 2; }
PORT=$(free_port)
if [ "${REFERENCE:-}" = floor ]; then
    # The floor (watch-floor.py): a Python loop that sends each write's event line to every watcher and
    # does nothing else, in kube-console's place; the same client measures it.
    echo "reference: watch-floor.py in kube-console's place"
    taskset -c "$SERVER_CPU" python3 "$ROOT/share/bench/watch-floor.py" "$PORT" 2>"$WORK/server.log" &
else
    build_release
    taskset -c "$SERVER_CPU" "$BIN" serve --port "$PORT" --read-only-port 0 --secure-port 0 --data-dir "$WORK/data" \
        --access-log=false --max-connections-per-port $((WATCHERS + 1000)) 2>"$WORK/server.log" &
fi
SERVER=$!
PIDS+=($SERVER)
wait_port "$PORT"
curl -s -o /dev/null "http://127.0.0.1:$PORT/api/v1/namespaces/kube-public/configmaps"  # warm
BEFORE=$(rss_kb VmRSS "$SERVER")
if [ "${CLIENT:-swift}" = swift ]; then
    swiftc -O -I "$ROOT/Sources/CLinux" "$ROOT/share/bench/watch-client.swift" -o "$WORK/watch-client"
    taskset -c "$CLIENT_CPU" "$WORK/watch-client" "$PORT" "$WATCHERS" "$WRITES" "$SERVER" "$BEFORE"
    exit
fi
taskset -c "$CLIENT_CPU" python3 - "$PORT" "$WATCHERS" "$WRITES" "$SERVER" "$BEFORE" <<'PY'
import json, os, select, selectors, subprocess, socket, sys, threading, time, urllib.request
port, N, WRITES, server_pid, before_kb = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]), sys.argv[4], int(sys.argv[5])
def cpu_seconds(pid):
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
def rss_kb():
    with open(f"/proc/{server_pid}/status") as f:
        return next(int(l.split()[1]) for l in f if l.startswith("VmRSS:"))
# Watch from the list's resourceVersion: what is measured is the writes, not N replays of what exists.
listing = json.load(urllib.request.urlopen(f"http://127.0.0.1:{port}/api/v1/namespaces/kube-public/configmaps"))
rv = listing["metadata"]["resourceVersion"].encode()
sel = selectors.DefaultSelector()
request = b"GET /api/v1/namespaces/kube-public/configmaps?watch=1&resourceVersion=%s HTTP/1.1\r\nHost: x\r\n\r\n" % rv
socks = []
for i in range(N):
    s = socket.create_connection(("127.0.0.1", port))
    s.sendall(request)
    socks.append(s)
# Every watch has answered its head (200, chunked) before the first write: then it is registered.
heads = 0
for s in socks:
    s.settimeout(30)
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = s.recv(4096)
        if not chunk: raise SystemExit("a watch was closed before it started")
        data += chunk
    if not data.startswith(b"HTTP/1.1 200"): raise SystemExit("a watch was refused: " + data.split(b"\r\n")[0].decode())
    s.setblocking(False)
    sel.register(s, selectors.EVENT_READ, {"tail": b""})
idle_kb = rss_kb()
print(f"{N} watchers registered: server RSS {before_kb/1024:.1f} -> {idle_kb/1024:.1f} MiB, "
      f"{(idle_kb - before_kb) * 1024 / N / 1024:.1f} KiB per idle watcher")
# The reader: one epoll over every watch, raw descriptors, as little Python per event as possible (its
# own CPU is part of the figure). Writes are one at a time, so only the current name is looked for.
fds = {s.fileno(): s for s in socks}
for s in socks: sel.unregister(s)
poller = select.epoll(len(socks))
for fd in fds: poller.register(fd, select.EPOLLIN)
tails = dict.fromkeys(fds, b"")
current = [None, 0, 0.0]  # name (bytes), arrivals, last arrival
lock = threading.Lock()
stop = False
def reader():
    read = os.read
    while not stop:
        for fd, _ in poller.poll(0.1):
            try:
                chunk = read(fd, 65536)
            except BlockingIOError:
                continue
            name = current[0]
            if name is None: continue
            window = tails[fd] + chunk
            tails[fd] = window[-128:]
            if name in window:
                current[1] += 1
                current[2] = time.perf_counter()
threading.Thread(target=reader, daemon=True).start()
perf = None
if os.environ.get("PERF_OUT"):
    perf = subprocess.Popen(["perf", "record", "-F", "999", "-g", "-p", server_pid, "-o", os.environ["PERF_OUT"]],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(1)  # perf attaches (setup, not measurement)
latencies, missed = [], 0
server_cpu0, client_cpu0, wall0 = cpu_seconds(server_pid), cpu_seconds(os.getpid()), time.perf_counter()
for i in range(WRITES):
    name = f"fanout-{i}-{time.time_ns()}"
    body = json.dumps({"metadata": {"name": name}}).encode()
    current[:] = [name.encode(), 0, 0.0]
    c = socket.create_connection(("127.0.0.1", port))
    c.sendall(b"POST /api/v1/namespaces/kube-public/configmaps HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: %d\r\nConnection: close\r\n\r\n%s" % (len(body), body))
    resp = b""
    while b"\r\n\r\n" not in resp: resp += c.recv(4096)
    acked = time.perf_counter()
    if not resp.startswith(b"HTTP/1.1 201"): raise SystemExit("the write was refused: " + resp.split(b"\r\n")[0].decode())
    c.close()
    deadline = acked + 10
    while time.perf_counter() < deadline and current[1] < N:
        time.sleep(0.0005)
    if current[1] >= N: latencies.append(current[2] - acked)
    else: missed += 1
    current[0] = None
if perf: perf.send_signal(2); perf.wait()
stop = True
server_cpu, client_cpu = cpu_seconds(server_pid) - server_cpu0, cpu_seconds(os.getpid()) - client_cpu0
wall = time.perf_counter() - wall0
peak_kb = rss_kb()
latencies.sort()
if latencies:
    p = lambda q: latencies[min(len(latencies) - 1, int(q * len(latencies)))] * 1000
    print(f"watch fan-out, {N} watchers, {len(latencies)}/{WRITES} writes reached all: "
          f"p50 {p(0.5):.1f} ms, p99 {p(0.99):.1f} ms, max {latencies[-1] * 1000:.1f} ms (target p99 <= 100 ms); "
          f"server RSS after the writes {peak_kb/1024:.1f} MiB")
print(f"during the writes: server CPU {server_cpu / WRITES * 1000:.1f} ms per write, client CPU {client_cpu / WRITES * 1000:.1f} ms "
      f"per write ({wall / WRITES * 1000:.1f} ms of wall clock each): the busier one bounds the latency")
if missed: print(f"{missed} writes did not reach every watcher within 10 s")
PY
