#!/usr/bin/env bash
# GET of one pod in protobuf (Accept: application/vnd.kubernetes.protobuf, as client-go components ask)
# against the same GET in JSON, same server, same run: alternating rounds, ratio of the medians (target
# >= 1.0x). The pod is the one rest.sh reads (one container, a 600-byte env value), from the cache: the JSON
# bytes are kept with each object version, and so is its protobuf encoding once a reader asked for it.
# Beside requests per second, the server's CPU time per request (from /proc, user + system) for each round:
# on a shared machine it moves less than throughput, which also depends on how much CPU the server got.
# Usage: share/bench/protobuf.sh   (DURATION=10s ROUNDS=5 SERVER_CPU=0 CLIENT_CPU=1 BIN=... to change)
source "$(dirname "$0")/lib.sh"
build_release
PORT=$(free_port)
taskset -c "$SERVER_CPU" "$BIN" serve --port "$PORT" --read-only-port 0 --secure-port 0 --data-dir "$WORK/data" \
    --access-log=false 2>"$WORK/server.log" &
SERVER_PID=$!
PIDS+=("$SERVER_PID")
cpu_ticks() { awk '{print $14 + $15}' "/proc/$SERVER_PID/stat"; }
TICKS=$(getconf CLK_TCK)
SECONDS_PER_RUN=${DURATION%s}
wait_port "$PORT"
BASE="http://127.0.0.1:$PORT"
POD="$BASE/api/v1/namespaces/default/pods/pod-1"
python3 - "$BASE" <<'PY'
import json, sys, urllib.request
body = {"metadata": {"name": "pod-1", "labels": {"app": "bench"}},
        "spec": {"containers": [{"name": "app", "image": "nginx:1.25", "ports": [{"containerPort": 80}],
                                 "env": [{"name": "A", "value": "x" * 600}]}]}}
req = urllib.request.Request(f"{sys.argv[1]}/api/v1/namespaces/default/pods", data=json.dumps(body).encode(),
                             headers={"Content-Type": "application/json"}, method="POST")
urllib.request.urlopen(req).read()
PY
PB="application/vnd.kubernetes.protobuf"
json_bytes=$(curl -s -H "Accept: application/json" "$POD" | wc -c)
pb_bytes=$(curl -s -H "Accept: $PB" "$POD" | wc -c)
echo "one pod: $json_bytes bytes in JSON, $pb_bytes bytes in protobuf"
[ "$(curl -s -o /dev/null -w '%{content_type}' -H "Accept: $PB" "$POD")" = "$PB" ] || { echo "bench: no protobuf answer" >&2; exit 1; }

# run_get FORMAT ROUND ACCEPT: one wrk run, and the server's CPU microseconds per request during it.
run_get() {
    local before after rps
    before=$(cpu_ticks)
    run_wrk "GET one pod $1 $2" 64 "$POD" -H "Accept: $3"
    after=$(cpu_ticks)
    rps=$(result "GET one pod $1 $2" rps)
    python3 -c "import sys; t,r=float(sys.argv[1]),float(sys.argv[2]); print(f'{t/$TICKS*1e6/(r*$SECONDS_PER_RUN):.2f}')" \
        "$((after - before))" "$rps" | sed "s/^/cpu_$1 /" >> "$WORK/cpu"
}
# Which goes first alternates too, so neither always runs right after the other.
for round in $(seq 1 "${ROUNDS:-5}"); do
    if [ $((round % 2)) -eq 1 ]; then
        run_get json "$round" application/json; run_get protobuf "$round" "$PB"
    else
        run_get protobuf "$round" "$PB"; run_get json "$round" application/json
    fi
done
json=$(median "GET one pod json " rps); pb=$(median "GET one pod protobuf " rps)
cpu() { awk -v f="cpu_$1" '$1 == f {print $2}' "$WORK/cpu" | python3 -c 'import statistics, sys; print(f"{statistics.median(float(v) for v in sys.stdin.read().split()):.2f}")'; }
echo "medians: JSON $json req/s, protobuf $pb req/s; server CPU per request: JSON $(cpu json) us, protobuf $(cpu protobuf) us"
echo "GET one pod, protobuf / JSON: $(ratio "$pb" "$json")x req/s, $(ratio "$(cpu json)" "$(cpu protobuf)")x CPU per request (target >= 1.0x)"
