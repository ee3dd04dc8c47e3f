#!/usr/bin/env bash
# The reference run beside the repository (../shared/bench/peers.sh: one pod over HTTP and HTTPS + bearer token
# against nginx tuned as its users run it) with kube-console as its target: the release build serves the same
# pod (../shared/bench/pod.json, created through the API without the uid, resourceVersion and creationTimestamp
# the server assigns) from a data directory whose tokens.csv also holds the runner's bench token; peers.sh then
# starts it pinned for every (connections, round) cell, as it starts nginx.
# Usage: share/bench/peers.sh   (ROUNDS, DURATION, CONNS, PEERS, OUT_DIR as in peers.sh; BIN=... or SCRATCH_PATH=...
#        as in lib.sh; PEERS_SH=path/to/peers.sh when the runner lives elsewhere)
source "$(dirname "$0")/lib.sh"
PEERS_SH="${PEERS_SH:-$ROOT/../shared/bench/peers.sh}"
[ -x "$PEERS_SH" ] || { echo "bench: the reference runner $PEERS_SH is not there (PEERS_SH=... to name it)" >&2; exit 2; }
BENCH_TOKEN="${BENCH_TOKEN:-bench-7f3a9c2e4b1d8f6a0c5e2b9d4a7f1c3e}"
build_release
HPORT=$(free_port); SPORT=$(free_port)
DATA="$WORK/data"
POD_PATH=/api/v1/namespaces/default/pods/web-0

"$BIN" serve --port "$HPORT" --read-only-port 0 --secure-port 0 --data-dir "$DATA" --access-log=false 2>"$WORK/setup.log" &
SETUP_PID=$!
PIDS+=($SETUP_PID)
wait_port "$HPORT"
python3 -c '
import json, sys
pod = json.load(open(sys.argv[1]))
for field in ("uid", "resourceVersion", "creationTimestamp"): pod["metadata"].pop(field, None)
print(json.dumps(pod))' "$(dirname "$PEERS_SH")/pod.json" \
    | curl -sf -o /dev/null -X POST -H 'Content-Type: application/json' --data-binary @- \
        "http://127.0.0.1:$HPORT/api/v1/namespaces/default/pods" || { echo "bench: could not create the pod"; exit 1; }
kill "$SETUP_PID"; wait "$SETUP_PID" 2>/dev/null || true
echo "$BENCH_TOKEN,bench,bench,\"system:masters\"" >> "$DATA/tokens.csv"

TARGET_NAME=kube-console BENCH_TOKEN="$BENCH_TOKEN" TARGET_TOKEN="$BENCH_TOKEN" \
    TARGET_CMD="$BIN serve --port $HPORT --read-only-port 0 --secure-port $SPORT --public-address-override 127.0.0.1 --data-dir $DATA --access-log=false" \
    TARGET_HTTP_URL="http://127.0.0.1:$HPORT$POD_PATH" TARGET_HTTPS_URL="https://127.0.0.1:$SPORT$POD_PATH" \
    "$PEERS_SH"
