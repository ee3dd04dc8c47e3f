#!/usr/bin/env bash
# Instructions per request (callgrind): repeatable on a shared VM where wall-clock is not, so it is the
# figure to steer by. Runs the release binary under callgrind with one I/O loop, creates the pod of
# pod.json, warms up, zeroes the counters, sends REQUESTS keep-alive GETs of it over CONNS connections
# (wrk), and divides the instructions of the run by the requests wrk completed.
# REFERENCE=nginx then does the same to the tuned nginx of pod-get.sh (start_nginx in lib.sh, one process:
# `master_process off`) serving the same bytes, over TLS with the same certificate and the token checked by
# its map, and prints the ratio kube-console / nginx.
# Usage: share/bench/instructions.sh [http|https]   (REQUESTS≈ by DURATION=20s, CONNS=8, BIN=, SCRATCH_PATH=,
#        TOP=25 functions shown, OUT=callgrind.out to keep the profile for callgrind_annotate (nginx's in
#        OUT.nginx), ACCEPT=application/vnd.kubernetes.protobuf to ask for another format than JSON,
#        SERVE_FLAGS="--audit-log-path /tmp/a.log" for more server flags, REFERENCE=nginx)
source "$(dirname "$0")/lib.sh"
need valgrind valgrind
SCHEME="${1:-https}"
CONNS="${CONNS:-8}"
DURATION="${DURATION:-20s}"
build_release
HPORT=$(free_port); SPORT=$(free_port)
DATA="$WORK/data"
OUTFILE="${OUT:-$WORK/callgrind.out}"
POD_PATH=/api/v1/namespaces/default/pods/web-0
ACCEPT_HEADER=(-H "Accept: ${ACCEPT:-application/json}")

# The request wrk sends, its fields in one order (Go's: Host, then by name): given with -H, wrk's order
# changes from one run to the next (a Lua table's), and where Accept sits moved a run's figure by a few
# dozen instructions, as much as two formats differ.
FIXED_REQUEST="$WORK/fixed-request.lua"
cat >"$FIXED_REQUEST" <<'LUA'
local host = wrk.host
if wrk.port then host = host .. ":" .. wrk.port end
local fixed = "GET " .. wrk.path .. " HTTP/1.1\r\nHost: " .. host .. "\r\nAccept: " .. os.getenv("WRK_ACCEPT")
    .. "\r\nAuthorization: Bearer " .. os.getenv("WRK_TOKEN") .. "\r\n\r\n"
wrk.format = function() return fixed end
LUA

# measure NAME PID URL OUTFILE → warms up, counts the instructions of PID over DURATION of wrk against URL,
# prints them per request and the TOP functions (self cost); sets PER_REQUEST.
measure() {
    local name="$1" pid="$2" url="$3" outfile="$4" out dump requests non2xx total
    export WRK_TOKEN="$TOKEN" WRK_ACCEPT="${ACCEPT:-application/json}"
    wrk -t1 -c"$CONNS" -d5s --timeout 60s -s "$FIXED_REQUEST" "$url" >/dev/null  # warm-up: handshakes, caches
    callgrind_control -z "$pid" >/dev/null
    out=$(wrk -t1 -c"$CONNS" -d"$DURATION" --timeout 60s -s "$FIXED_REQUEST" "$url")
    callgrind_control -d "$pid" >/dev/null
    dump=$(ls -t "$outfile".[0-9]* | head -1)  # the dump of the measured window (another follows at exit)
    requests=$(awk '/requests in/ {print $1}' <<<"$out")
    non2xx=$(awk '/Non-2xx/ {print $NF}' <<<"$out")
    total=$(callgrind_annotate "$dump" 2>/dev/null | awk '/PROGRAM TOTALS/ {gsub(/,/, "", $1); print $1; exit}')
    PER_REQUEST=$((total / requests))
    echo "$name $SCHEME (${ACCEPT:-application/json}): $requests requests over $CONNS connections${non2xx:+ ($non2xx non-2xx!)}; $total instructions: $PER_REQUEST per request"
    if [ "$name" = kube-console ]; then  # other threads' periodic work (samplers, store) is per second, not per request
        loop=$(callgrind_annotate --inclusive=yes "$dump" 2>/dev/null | awk '/EventLoopC3run/ && !n++ {gsub(/,/, "", $1); print $1}')
        echo "  of which the I/O loop: $((loop / requests)) per request (steer by this: the rest grows with the run's length)"
    fi
    callgrind_annotate --inclusive=no --threshold=100 "$dump" 2>/dev/null | sed -n '/^-* *$/,$p' | grep -E '^ *[0-9,]+ ' | grep -vF '(100.0%)' \
        | awk -v n="$requests" -v top="${TOP:-25}" 'NR <= top {ir = $1; gsub(/,/, "", ir); $1 = ""; printf "%8d/req %s\n", ir / n, $0}'
}

# Swift seeds its hashing per process, so which dictionary lookups probe past another key changed from one
# run to the next (up to ~100 instructions per request, half a percent): one seed for every run.
SWIFT_DETERMINISTIC_HASHING=1 valgrind --tool=callgrind --callgrind-out-file="$OUTFILE" --dump-instr=no --collect-atstart=yes \
    "$BIN" serve --port "$HPORT" --read-only-port 0 --secure-port "$SPORT" --public-address-override 127.0.0.1 \
    --data-dir "$DATA" --access-log=false --io-loops 1 ${SERVE_FLAGS:-} 2>"$WORK/valgrind.log" &
VG=$!
PIDS+=($VG)
wait_port "$HPORT"; wait_port "$SPORT" https
curl -sf -o /dev/null -X POST -H 'Content-Type: application/json' --data-binary @"$(dirname "$0")/pod.json" \
    "http://127.0.0.1:$HPORT/api/v1/namespaces/default/pods"
TOKEN=$(awk -F, '$2=="admin" {print $1}' "$DATA/tokens.csv")
if [ "$SCHEME" = https ]; then URL="https://127.0.0.1:$SPORT$POD_PATH"; else URL="http://127.0.0.1:$HPORT$POD_PATH"; fi
if [ "${REFERENCE:-}" = nginx ]; then  # the bytes nginx will serve: what kube-console serves
    mkdir -p "$WORK/www$(dirname "$POD_PATH")"
    curl -sfk -o "$WORK/www$POD_PATH" -H "Authorization: Bearer $TOKEN" "${ACCEPT_HEADER[@]}" "$URL"
    cp "$DATA/pki/apiserver.crt" "$DATA/pki/apiserver.key" "$WORK/www/"
    chmod -R a+rX "$WORK/www"
fi
measure kube-console "$VG" "$URL" "$OUTFILE"
KUBE_CONSOLE=$PER_REQUEST
kill -INT "$VG"; wait "$VG" 2>/dev/null || true
[ "${REFERENCE:-}" = nginx ] || exit 0

command -v nginx >/dev/null || { echo "bench: nginx is not installed (apt-get install -y nginx)" >&2; exit 2; }
NHPORT=$(free_port); NSPORT=$(free_port)
NGINX_TOKEN=$TOKEN NGINX_MAIN_EXTRA="master_process off;" \
    NGINX_LAUNCHER="valgrind --tool=callgrind --callgrind-out-file=$OUTFILE.nginx --dump-instr=no --collect-atstart=yes" \
    NGINX_HTTP_EXTRA="$(nginx_pod_tls_server "$NSPORT" "$WORK/www" "$POD_PATH")" start_nginx "$NHPORT" "$WORK/www" \
    2> >(tee "$WORK/valgrind-nginx.log" | grep -v "^==" >&2)
wait_port "$NSPORT" https
if [ "$SCHEME" = https ]; then NURL="https://127.0.0.1:$NSPORT$POD_PATH"; else NURL="http://127.0.0.1:$NHPORT$POD_PATH"; fi
cmp -s <(curl -sk -H "Authorization: Bearer $TOKEN" "$NURL") "$WORK/www$POD_PATH" || { echo "bench: nginx does not serve the pod's bytes"; exit 1; }
measure nginx "$NGINX_PID" "$NURL" "$OUTFILE.nginx"
stop_nginx
echo "instructions per request, kube-console / nginx ($SCHEME): $KUBE_CONSOLE / $PER_REQUEST = $(ratio "$KUBE_CONSOLE" "$PER_REQUEST")x"
