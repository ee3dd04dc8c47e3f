#!/usr/bin/env bash
# Instructions per request (callgrind): repeatable on a shared VM where wall-clock is not, so it is the
# figure to steer by. Runs the release binary under callgrind with one I/O loop, creates the pod of
# pod.json, warms up, zeroes the counters, sends REQUESTS keep-alive GETs of it over CONNS connections
# (wrk), and divides the instructions of the run by the requests wrk completed.
# Usage: share/bench/instructions.sh [http|https]   (REQUESTS≈ by DURATION=20s, CONNS=8, BIN=, SCRATCH_PATH=,
#        TOP=25 functions shown, OUT=callgrind.out to keep the profile for callgrind_annotate,
#        ACCEPT=application/vnd.kubernetes.protobuf to ask for another format than JSON,
#        SERVE_FLAGS="--audit-log-path /tmp/a.log" for more server flags)
source "$(dirname "$0")/lib.sh"
need valgrind valgrind
SCHEME="${1:-https}"
CONNS="${CONNS:-8}"
DURATION="${DURATION:-20s}"
build_release
HPORT=$(free_port); SPORT=$(free_port)
DATA="$WORK/data"
OUTFILE="${OUT:-$WORK/callgrind.out}"
valgrind --tool=callgrind --callgrind-out-file="$OUTFILE" --dump-instr=no --collect-atstart=yes \
    "$BIN" serve --port "$HPORT" --read-only-port 0 --secure-port "$SPORT" --public-address-override 127.0.0.1 \
    --data-dir "$DATA" --access-log=false --io-loops 1 ${SERVE_FLAGS:-} 2>"$WORK/valgrind.log" &
VG=$!
PIDS+=($VG)
wait_port "$HPORT"; wait_port "$SPORT" https
POD_PATH=/api/v1/namespaces/default/pods/web-0
curl -sf -o /dev/null -X POST -H 'Content-Type: application/json' --data-binary @"$(dirname "$0")/pod.json" \
    "http://127.0.0.1:$HPORT/api/v1/namespaces/default/pods"
TOKEN=$(awk -F, '$2=="admin" {print $1}' "$DATA/tokens.csv")
if [ "$SCHEME" = https ]; then URL="https://127.0.0.1:$SPORT$POD_PATH"; else URL="http://127.0.0.1:$HPORT$POD_PATH"; fi
ACCEPT_HEADER=(-H "Accept: ${ACCEPT:-application/json}")
wrk -t1 -c"$CONNS" -d5s --timeout 60s -H "Authorization: Bearer $TOKEN" "${ACCEPT_HEADER[@]}" "$URL" >/dev/null  # warm-up: handshakes, caches
callgrind_control -z "$VG" >/dev/null
out=$(wrk -t1 -c"$CONNS" -d"$DURATION" --timeout 60s -H "Authorization: Bearer $TOKEN" "${ACCEPT_HEADER[@]}" "$URL")
callgrind_control -d "$VG" >/dev/null
dump=$(ls -t "$OUTFILE"* | head -1)  # the dump of the measured window (another follows at exit)
requests=$(awk '/requests in/ {print $1}' <<<"$out")
non2xx=$(awk '/Non-2xx/ {print $NF}' <<<"$out")
kill -INT "$VG"; wait "$VG" 2>/dev/null || true
total=$(callgrind_annotate "$dump" 2>/dev/null | awk '/PROGRAM TOTALS/ {gsub(/,/, "", $1); print $1; exit}')
echo "$SCHEME (${ACCEPT:-application/json}): $requests requests over $CONNS connections${non2xx:+ ($non2xx non-2xx!)}; $total instructions: $((total / requests)) per request"
callgrind_annotate --inclusive=no --threshold=100 "$dump" 2>/dev/null | sed -n '/^-* *$/,$p' | grep -E '^ *[0-9,]+ ' | head -"${TOP:-25}" \
    | awk -v n="$requests" '{ir = $1; gsub(/,/, "", ir); $1 = ""; printf "%8d/req %s\n", ir / n, $0}'
