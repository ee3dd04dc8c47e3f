#!/usr/bin/env bash
# GET of one pod in protobuf (Accept: application/vnd.kubernetes.protobuf, as client-go components ask)
# against the same GET in JSON, same server, same run: alternating rounds, ratio of the medians (target
# >= 1.0x). The pod is the one rest.sh reads (one container, a 600-byte env value), from the cache: the JSON
# bytes are kept with each object version, and so is its protobuf encoding once a reader asked for it.
# Usage: share/bench/protobuf.sh   (DURATION=10s ROUNDS=5 SERVER_CPU=0 CLIENT_CPU=1 BIN=... to change)
source "$(dirname "$0")/lib.sh"
build_release
PORT=$(free_port)
taskset -c "$SERVER_CPU" "$BIN" serve --port "$PORT" --read-only-port 0 --secure-port 0 --data-dir "$WORK/data" \
    --access-log=false 2>"$WORK/server.log" &
PIDS+=($!)
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

for round in $(seq 1 "${ROUNDS:-5}"); do
    run_wrk "GET one pod json $round" 64 "$POD" -H "Accept: application/json"
    run_wrk "GET one pod protobuf $round" 64 "$POD" -H "Accept: $PB"
done
json=$(median "GET one pod json " rps); pb=$(median "GET one pod protobuf " rps)
echo "medians: JSON $json req/s, protobuf $pb req/s"
echo "GET one pod, protobuf / JSON: $(ratio "$pb" "$json")x (target >= 1.0x)"
