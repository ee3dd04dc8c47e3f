# Shared by the etcd benchmarks (after lib.sh): a fresh etcd member, and a kube-console on it.
ETCD="${ETCD:-/usr/bin/etcd}"
[ -x "$ETCD" ] || { echo "bench: $ETCD not found (apt-get install -y etcd-server)" >&2; exit 2; }

# start_etcd (and a script's own starters) run in $(...), where PIDS does not reach: on exit, whatever a
# pid file under $WORK names is stopped too (left running, it would also hold the benchmark lock's fd).
stop_pid_files() {
    local f
    for f in "$WORK"/*.pid; do [ -e "$f" ] && kill "$(cat "$f")" 2>/dev/null; done
    return 0
}
trap 'stop_pid_files; cleanup' EXIT

# start_etcd NAME → prints the client URL; a fresh data directory under $WORK, the pid in $WORK/NAME.pid.
start_etcd() {
    local name="$1" client peer
    client=$(free_port); peer=$(free_port)
    "$ETCD" --name "$name" --data-dir "$WORK/$name" --logger zap --log-level error \
        --listen-client-urls "http://127.0.0.1:$client" --advertise-client-urls "http://127.0.0.1:$client" \
        --listen-peer-urls "http://127.0.0.1:$peer" --initial-advertise-peer-urls "http://127.0.0.1:$peer" \
        --initial-cluster "$name=http://127.0.0.1:$peer" >"$WORK/$name.log" 2>&1 &
    echo $! > "$WORK/$name.pid"
    PIDS+=($!)
    for _ in $(seq 1 100); do
        curl -sf "http://127.0.0.1:$client/health" >/dev/null && { echo "http://127.0.0.1:$client"; return 0; }
        sleep 0.1
    done
    echo "bench: etcd $name did not start" >&2; exit 1
}

# stop NAME: the process whose pid is in $WORK/NAME.pid, and its data (dirty pages would be written back
# during the next run).
stop() {
    local pid
    pid=$(cat "$WORK/$1.pid")
    kill "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
    rm -rf "${WORK:?}/$1" "$WORK/$1.pid"
}

# start_master NAME ETCD_URL PORT [flags...]: kube-console serve on etcd (localhost port only), pid in $WORK/NAME.pid.
start_master() {
    local name="$1" url="$2" port="$3"; shift 3
    mkdir -p "$WORK/$name"
    "$BIN" serve --port "$port" --read-only-port 0 --secure-port 0 --data-dir "$WORK/$name" --access-log=false \
        --etcd-servers "$url" --etcd-compaction-interval 0s "$@" >/dev/null 2>"$WORK/$name.log" &
    echo $! > "$WORK/$name.pid"
    PIDS+=($!)
    wait_port "$port"
}

# seed_pods PORT: 500 pods of ~1.5 KB in default through the localhost port PORT (rest.sh's pods).
seed_pods() {
    python3 - "http://127.0.0.1:$1" <<'PY'
import json, sys, urllib.request
base = sys.argv[1]
for i in range(500):
    body = {"metadata": {"name": f"pod-{i}", "labels": {"app": "bench"}},
            "spec": {"containers": [{"name": "app", "image": "nginx:1.25", "env": [{"name": "A", "value": "x" * 600}]}]}}
    req = urllib.request.Request(f"{base}/api/v1/namespaces/default/pods", data=json.dumps(body).encode(),
                                 headers={"Content-Type": "application/json"}, method="POST")
    urllib.request.urlopen(req).read()
PY
}
