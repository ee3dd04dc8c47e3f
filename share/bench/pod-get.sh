#!/usr/bin/env bash
# GET one pod from the cache, the request kubelets and controllers make most: pod.json (a StatefulSet's pod,
# ~1.6 KB as served) at /api/v1/namespaces/default/pods/web-0, over plain HTTP (the localhost port) and over
# HTTPS with a bearer token checked and ABAC authorizing it (the secure port), keep-alive at each of CONNS
# connections, against nginx tuned as its users run it (see start_nginx in lib.sh) serving the same bytes
# over the same certificate, its token checked with a `map`. RSS idle (fresh start, one request) and peak
# (VmHWM after the largest CONNS), of every process of each server. Beside each rate, the server's CPU time
# (user + system, from /proc) per request: it moves less with the VM's drift than the rate does.
#
# Each server runs alone, pinned to SERVER_CPU (so kube-console runs one I/O loop, like nginx's one worker),
# started fresh for every (connections, round) cell; wrk runs pinned to CLIENT_CPU. The servers take turns
# in an order that rotates per round, so the VM's drift hits them alike; medians over rounds, and ratios of
# medians. BASELINE=/path/to/older/kube-console joins the same rotation (before/after in one run).
#
# Usage: share/bench/pod-get.sh   (ROUNDS=3 DURATION=10s WARMUP=2s CONNS="64 256" SCHEMES="http https" SERVER_CPU=0 CLIENT_CPU=1
#        BIN=... or SCRATCH_PATH=... as in lib.sh, BASELINE=...)
source "$(dirname "$0")/lib.sh"
ROUNDS="${ROUNDS:-3}"
WARMUP="${WARMUP:-2s}"
CONNS="${CONNS:-64 256}"
SCHEMES="${SCHEMES:-http https}"
ulimit -n "$(ulimit -Hn)"
build_release
POD_PATH=/api/v1/namespaces/default/pods/web-0
HPORT=$(free_port); SPORT=$(free_port); NHPORT=$(free_port); NSPORT=$(free_port)

# The pod, created once through the API; the bytes kube-console then serves are what nginx serves.
DATA="$WORK/data"
"$BIN" serve --port "$HPORT" --read-only-port 0 --secure-port "$SPORT" --public-address-override 127.0.0.1 \
    --data-dir "$DATA" --access-log=false 2>"$WORK/setup.log" &
SETUP_PID=$!
PIDS+=($SETUP_PID)
wait_port "$HPORT"
curl -sf -o /dev/null -X POST -H 'Content-Type: application/json' --data-binary @"$(dirname "$0")/pod.json" \
    "http://127.0.0.1:$HPORT/api/v1/namespaces/default/pods" || { echo "bench: could not create the pod"; exit 1; }
mkdir -p "$WORK/www$(dirname "$POD_PATH")"
curl -sf -o "$WORK/www$POD_PATH" "http://127.0.0.1:$HPORT$POD_PATH"
kill "$SETUP_PID"; wait "$SETUP_PID" 2>/dev/null || true
TOKEN=$(awk -F, '$2=="admin" {print $1}' "$DATA/tokens.csv")
AUTH="Authorization: Bearer $TOKEN"
cp "$DATA/pki/apiserver.crt" "$DATA/pki/apiserver.key" "$WORK/www/"
chmod -R a+rX "$WORK/www"
[ -n "${BASELINE:-}" ] && cp -a "$DATA" "$WORK/data-baseline"
echo "body: $(wc -c < "$WORK/www$POD_PATH") bytes; server CPU $SERVER_CPU, wrk CPU $CLIENT_CPU; $ROUNDS rounds x $DURATION; conns: $CONNS"

SERVER_PID=""
start_server() {  # NAME → SERVER_PID, HTTP_URL, HTTPS_URL
    case "$1" in
        nginx)
            NGINX_TOKEN=$TOKEN NGINX_HTTP_EXTRA="$(nginx_pod_tls_server "$NSPORT" "$WORK/www" "$POD_PATH")" start_nginx "$NHPORT" "$WORK/www"
            wait_port "$NSPORT"
            SERVER_PID=$NGINX_PID
            HTTP_URL="http://127.0.0.1:$NHPORT$POD_PATH"; HTTPS_URL="https://127.0.0.1:$NSPORT$POD_PATH" ;;
        *)
            local binary="$BIN" data="$DATA"
            [ "$1" = baseline ] && { binary="$BASELINE"; data="$WORK/data-baseline"; }
            taskset -c "$SERVER_CPU" "$binary" serve --port "$HPORT" --read-only-port 0 --secure-port "$SPORT" \
                --public-address-override 127.0.0.1 --data-dir "$data" --access-log=false 2>>"$WORK/$1.log" &
            SERVER_PID=$!
            PIDS+=($SERVER_PID)
            wait_port "$HPORT"; wait_port "$SPORT" https
            HTTP_URL="http://127.0.0.1:$HPORT$POD_PATH"; HTTPS_URL="https://127.0.0.1:$SPORT$POD_PATH" ;;
    esac
}
stop_server() {
    if [ "$SERVER_PID" = "${NGINX_PID:-}" ]; then stop_nginx; else kill "$SERVER_PID"; wait "$SERVER_PID" 2>/dev/null || true; fi
    SERVER_PID=""
}

SERVERS=(kube-console nginx)
[ -n "${BASELINE:-}" ] && SERVERS+=(baseline)
command -v nginx >/dev/null || { echo "bench: nginx is not installed (apt-get install -y nginx)" >&2; exit 2; }
LAST_CONNS=${CONNS##* }
for conns in $CONNS; do
    for round in $(seq 1 "$ROUNDS"); do
        n=${#SERVERS[@]}
        for i in $(seq 0 $((n - 1))); do
            name=${SERVERS[$(((i + round - 1) % n))]}
            start_server "$name"
            code=$(curl -sk -o /dev/null -w '%{http_code}' "$HTTPS_URL")
            [ "$code" = 401 ] || { echo "bench: $name answered $code without a token (expected 401)"; exit 1; }
            cmp -s <(curl -sk -H "$AUTH" "$HTTPS_URL") "$WORK/www$POD_PATH" || { echo "bench: $name does not serve the pod's bytes"; exit 1; }
            echo "$name $conns $round idle $(rss_kb VmRSS "$SERVER_PID")" >> "$WORK/rss"
            if [[ " $SCHEMES " == *" http "* ]]; then
                taskset -c "$CLIENT_CPU" wrk -t1 -c"$conns" -d"$WARMUP" "$HTTP_URL" >/dev/null
                CPU_PID=$SERVER_PID run_wrk "$name http c$conns r$round" "$conns" "$HTTP_URL"
            fi
            if [[ " $SCHEMES " == *" https "* ]]; then
                taskset -c "$CLIENT_CPU" wrk -t1 -c"$conns" -d"$WARMUP" -H "$AUTH" "$HTTPS_URL" >/dev/null
                CPU_PID=$SERVER_PID run_wrk "$name https c$conns r$round" "$conns" "$HTTPS_URL" -H "$AUTH"
            fi
            echo "$name $conns $round peak $(rss_kb VmHWM "$SERVER_PID")" >> "$WORK/rss"
            stop_server
        done
    done
done

echo
echo "GET one pod, medians of $ROUNDS rounds (ratio: of the medians, kube-console / nginx):"
for conns in $CONNS; do
    for scheme in $SCHEMES; do
        line=$(printf '  %-5s c=%-4s' "$scheme" "$conns")
        for name in "${SERVERS[@]}"; do
            line+=$(printf '  %s %9s req/s (p99 %s ms, cpu %s us/req)' "$name" "$(median "$name $scheme c$conns r" rps)" \
                "$(median "$name $scheme c$conns r" p99)" "$(median "$name $scheme c$conns r" cpu)")
        done
        line+="  ratio $(ratio "$(median "kube-console $scheme c$conns r" rps)" "$(median "nginx $scheme c$conns r" rps)")x"
        [ -n "${BASELINE:-}" ] && line+=", baseline/nginx $(ratio "$(median "baseline $scheme c$conns r" rps)" "$(median "nginx $scheme c$conns r" rps)")x"
        echo "$line"
    done
done
for name in "${SERVERS[@]}"; do
    idle=$(awk -v n="$name" '$1==n && $4=="idle" {print $5}' "$WORK/rss" | sort -n | awk '{v[NR]=$1} END {print v[int((NR+1)/2)]}')
    peak=$(awk -v n="$name" -v c="$LAST_CONNS" '$1==n && $2==c && $4=="peak" {print $5}' "$WORK/rss" | sort -n | awk '{v[NR]=$1} END {print v[int((NR+1)/2)]}')
    printf '  RSS %-12s idle %6.1f MiB, peak at c=%s %6.1f MiB (medians)\n' "$name" "$(awk -v k="$idle" "BEGIN {print k / 1024}")" "$LAST_CONNS" "$(awk -v k="$peak" "BEGIN {print k / 1024}")"
done
