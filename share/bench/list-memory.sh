#!/usr/bin/env bash
# LIST memory: OBJECTS configmaps (~400 bytes of JSON each), then CONCURRENT full LISTs of them at once
# (each its own curl, reading as fast as it can): how far they raise the server's peak RSS (VmHWM, reset
# through /proc/PID/clear_refs just before; needs root or the server's owner), and how long they take.
# A LIST written from the cache's objects as the client reads should cost about nothing per client; one
# assembled in memory costs the whole answer per client.
# With BASELINE=/path/to/older/kube-console the two builds take turns on copies of the same data, ROUNDS each.
# Usage: share/bench/list-memory.sh   (OBJECTS=100000 CONCURRENT=8 ROUNDS=3 BIN= SCRATCH_PATH= BASELINE=)
source "$(dirname "$0")/lib.sh"
OBJECTS="${OBJECTS:-100000}"
CONCURRENT="${CONCURRENT:-8}"
ROUNDS="${ROUNDS:-3}"
build_release
PORT=$(free_port)
DATA="$WORK/data"
URL="http://127.0.0.1:$PORT/api/v1/namespaces/default/configmaps"

# Fill: wrk creating configmaps, in short runs, until the store's revision says OBJECTS more were created.
serve_localhost "$BIN" "$DATA"
cat > "$WORK/fill.lua" <<LUA
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"metadata":{"generateName":"cm-","labels":{"app":"list-memory"}},"data":{"config":"$(head -c 300 /dev/zero | tr '\0' x)"}}'
LUA
revision() { curl -s "$URL?limit=1" | python3 -c 'import json,sys; print(json.load(sys.stdin)["metadata"]["resourceVersion"])'; }
target=$(( $(revision) + OBJECTS ))
while [ "$(revision)" -lt "$target" ]; do
    taskset -c "$CLIENT_CPU" wrk -t1 -c64 -d2s -s "$WORK/fill.lua" "$URL" >/dev/null
done
curl -s -o "$WORK/list.json" "$URL"
COUNT=$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["items"]))' "$WORK/list.json")
BYTES=$(wc -c < "$WORK/list.json")
stop_server
[ -n "${BASELINE:-}" ] && cp -a "$DATA" "$WORK/data-baseline"
echo "$COUNT configmaps; one LIST is $BYTES bytes; $CONCURRENT concurrent LISTs per measurement"

measure() {  # measure NAME BINARY DATA-DIR
    serve_localhost "$2" "$3"
    curl -s -o /dev/null "$URL"  # one LIST first: what a single answer leaves behind is not the rise measured
    echo 5 > "/proc/$SERVER/clear_refs"
    local before start elapsed peak
    before=$(rss_kb VmRSS "$SERVER")
    start=$(date +%s.%N)
    local clients=()
    for _ in $(seq 1 "$CONCURRENT"); do
        taskset -c "$CLIENT_CPU" curl -s -o /dev/null -w '%{size_download}\n' "$URL" >> "$WORK/sizes" &
        clients+=($!)
    done
    wait "${clients[@]}"
    elapsed=$(awk -v s="$start" -v e="$(date +%s.%N)" 'BEGIN {printf "%.2f", e - s}')
    peak=$(rss_kb VmHWM "$SERVER")
    printf '%-12s RSS before %7.1f MiB, peak during %7.1f MiB: rise %7.1f MiB; %s LISTs in %s s\n' "$1" \
        "$(awk -v k="$before" 'BEGIN {print k / 1024}')" "$(awk -v k="$peak" 'BEGIN {print k / 1024}')" \
        "$(awk -v a="$before" -v b="$peak" 'BEGIN {print (b - a) / 1024}')" "$CONCURRENT" "$elapsed"
    echo "$1 $(( (peak - before) / 1024 ))" >> "$WORK/rises"
    stop_server
}

for round in $(seq 1 "$ROUNDS"); do
    [ -n "${BASELINE:-}" ] && [ $((round % 2)) = 1 ] && measure baseline "$BASELINE" "$WORK/data-baseline"
    measure kube-console "$BIN" "$DATA"
    [ -n "${BASELINE:-}" ] && [ $((round % 2)) = 0 ] && measure baseline "$BASELINE" "$WORK/data-baseline"
done
bad=$(awk -v n="$BYTES" '$1 != n' "$WORK/sizes" | wc -l)
[ "$bad" = 0 ] || echo "WARNING: $bad LISTs were incomplete"
for name in kube-console ${BASELINE:+baseline}; do
    echo "$name: median rise $(awk -v n="$name" '$1 == n {print $2}' "$WORK/rises" | sort -n | awk '{v[NR]=$1} END {print v[int((NR+1)/2)]}') MiB for $CONCURRENT concurrent LISTs of $COUNT objects (target <= 64 MiB)"
done
