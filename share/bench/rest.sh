#!/usr/bin/env bash
# The Kubernetes API from the cache: GET of one pod and LIST of 500 pods on the localhost and secure ports
# (keep-alive, 64 connections), next to GET /version (static bytes); creates per second with 64 concurrent
# clients (every create acknowledged after the group commit's fsync, synchronous=FULL); and watch fan-out:
# 1,000 watchers, time from a write's acknowledgement to the last watcher receiving it.
# Usage: share/bench/rest.sh   (DURATION=10s ROUNDS=3 SERVER_CPU=0 CLIENT_CPU=1 to change)
source "$(dirname "$0")/lib.sh"
ulimit -n "$(ulimit -Hn)"  # 1,000 watchers need more than the default 1,024 descriptors
build_release
PORT=$(free_port); SPORT=$(free_port)
DATA="$WORK/data"
taskset -c "$SERVER_CPU" "$BIN" serve --port "$PORT" --read-only-port 0 --secure-port "$SPORT" --data-dir "$DATA" \
    --access-log=false --public-address-override 127.0.0.1 2>"$WORK/server.log" &
PIDS+=($!)
wait_port "$PORT"
BASE="http://127.0.0.1:$PORT"
TOKEN=$(awk -F, '$2=="admin" {print $1}' "$DATA/tokens.csv")
AUTH="Authorization: Bearer $TOKEN"
pod() { printf '{"metadata":{"name":"%s","labels":{"app":"bench"}},"spec":{"containers":[{"name":"app","image":"nginx:1.25","ports":[{"containerPort":80}],"env":[{"name":"A","value":"%s"}]}]}}' "$1" "$(head -c 600 /dev/zero | tr '\0' x)"; }
python3 - "$BASE" <<'PY'
import json, sys, urllib.request
base = sys.argv[1]
for i in range(500):
    body = {"metadata": {"name": f"pod-{i}", "labels": {"app": "bench"}},
            "spec": {"containers": [{"name": "app", "image": "nginx:1.25", "env": [{"name": "A", "value": "x" * 600}]}]}}
    req = urllib.request.Request(f"{base}/api/v1/namespaces/default/pods", data=json.dumps(body).encode(),
                                 headers={"Content-Type": "application/json"}, method="POST")
    urllib.request.urlopen(req).read()
PY
echo "one pod: $(curl -s "$BASE/api/v1/namespaces/default/pods/pod-1" | wc -c) bytes; list of 500: $(curl -s "$BASE/api/v1/namespaces/default/pods" | wc -c) bytes"

# Static bytes and GET from the cache alternate for ROUNDS rounds; the ratio is of the medians.
for round in $(seq 1 "${ROUNDS:-3}"); do
    run_wrk "static /version (localhost) $round" 64 "$BASE/version"
    run_wrk "GET one pod (localhost) $round" 64 "$BASE/api/v1/namespaces/default/pods/pod-1"
done
run_wrk "LIST 500 pods (localhost)" 64 "$BASE/api/v1/namespaces/default/pods"
run_wrk "GET one pod (secure)" 64 "https://127.0.0.1:$SPORT/api/v1/namespaces/default/pods/pod-1" -H "$AUTH"
run_wrk "LIST 500 pods (secure)" 64 "https://127.0.0.1:$SPORT/api/v1/namespaces/default/pods" -H "$AUTH"
echo "medians: static /version $(median "static /version (localhost) " rps) req/s, GET one pod $(median "GET one pod (localhost) " rps) req/s"
echo "GET from cache / static bytes: $(ratio "$(median "GET one pod (localhost) " rps)" "$(median "static /version (localhost) " rps)")x (target >= 0.8x)"

# Creates: every request a new configmap (generateName), 64 connections.
cat > "$WORK/create.lua" <<'LUA'
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"metadata":{"generateName":"bench-"},"data":{"k":"v"}}'
LUA
run_wrk "creates (64 clients, fsync'd)" 64 "$BASE/api/v1/namespaces/default/configmaps" -s "$WORK/create.lua"

# Watch fan-out: 1,000 watchers on configmaps; time from each write's 201 to its event at the last watcher.
taskset -c "$CLIENT_CPU" python3 - "$PORT" <<'PY'
import socket, sys, threading, time, json, selectors, urllib.request
port = int(sys.argv[1])
N, WRITES = 1000, 50
# Watch from the list's resourceVersion: what is measured is the writes, not 1,000 replays of what exists.
listing = json.load(urllib.request.urlopen(f"http://127.0.0.1:{port}/api/v1/namespaces/kube-public/configmaps"))
rv = listing["metadata"]["resourceVersion"]
sel = selectors.DefaultSelector()
socks = []
for i in range(N):
    s = socket.create_connection(("127.0.0.1", port))
    s.sendall(b"GET /api/v1/namespaces/kube-public/configmaps?watch=1&resourceVersion=%s HTTP/1.1\r\nHost: x\r\n\r\n" % rv.encode())
    s.setblocking(False)
    sel.register(s, selectors.EVENT_READ, {"buf": b"", "seen": {}})
    socks.append(s)
time.sleep(1.0)  # let every watch register before the first write (setup, not measurement)
arrivals = {}      # name -> list of arrival times
lock = threading.Lock()
stop = False
def reader():
    while not stop:
        for key, _ in sel.select(timeout=0.1):
            data = key.data
            try:
                chunk = key.fileobj.recv(1 << 16)
            except BlockingIOError:
                continue
            if not chunk: continue
            now = time.perf_counter()
            # Look only at what is new (and a tail of what came before, in case a name was split): the
            # client's own work is part of every figure, so it must stay small.
            window = data["buf"][-256:] + chunk
            data["buf"] = window
            for name in [n for n in list(pending) if n.encode() in window and n not in data["seen"]]:
                data["seen"][name] = now
                with lock: arrivals.setdefault(name, []).append(now)
pending = set()
t = threading.Thread(target=reader, daemon=True); t.start()
latencies = []
for i in range(WRITES):
    name = f"fanout-{i}-{time.time_ns()}"
    pending.add(name)
    body = json.dumps({"metadata": {"name": name}}).encode()
    c = socket.create_connection(("127.0.0.1", port))
    c.sendall(b"POST /api/v1/namespaces/kube-public/configmaps HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: %d\r\nConnection: close\r\n\r\n%s" % (len(body), body))
    resp = b""
    while b"\r\n\r\n" not in resp: resp += c.recv(4096)
    acked = time.perf_counter()
    c.close()
    deadline = acked + 5
    while time.perf_counter() < deadline:
        with lock:
            if len(arrivals.get(name, [])) >= N: break
        time.sleep(0.001)
    with lock: got = arrivals.get(name, [])
    if len(got) >= N: latencies.append(max(got) - acked)
    pending.discard(name)
stop = True
latencies.sort()
if latencies:
    p = lambda q: latencies[min(len(latencies) - 1, int(q * len(latencies)))] * 1000
    print(f"watch fan-out, {N} watchers, {len(latencies)}/{WRITES} writes reached all: p50 {p(0.5):.2f} ms, p99 {p(0.99):.2f} ms (target p99 <= 50 ms)")
else:
    print("watch fan-out: no write reached every watcher")
PY
