#!/usr/bin/env bash
# Memory per object: the server's RSS idle (empty data directory), then with OBJECTS configmaps (~400 bytes
# of JSON each, like the issue's), both right after the creates and after a restart that reads them back
# from the store: the JSON held (the sum of the objects' bytes, as a LIST has them), the RSS above idle and
# their ratio (target: RSS <= 1.5 x the JSON held + idle). Also Rss/Pss/Private from smaps_rollup.
# With BASELINE=/path/to/older/kube-console the baseline's restart figure is measured on the same data.
# Usage: share/bench/object-memory.sh   (OBJECTS=300000 BIN= SCRATCH_PATH= BASELINE=)
source "$(dirname "$0")/lib.sh"
OBJECTS="${OBJECTS:-300000}"
build_release
PORT=$(free_port)
DATA="$WORK/data"
mib() { awk -v k="$1" 'BEGIN {printf "%.1f", k / 1024}'; }
rollup() {  # rollup PID → "Rss a Pss b Private c" in MiB, from smaps_rollup
    awk '$1 == "Rss:" {r = $2} $1 == "Pss:" {p = $2} $1 ~ /^Private_(Clean|Dirty):$/ {v += $2}
         END {printf "Rss %.1f, Pss %.1f, Private %.1f MiB", r / 1024, p / 1024, v / 1024}' "/proc/$1/smaps_rollup"
}
URL="http://127.0.0.1:$PORT/api/v1/namespaces/default/configmaps"
revision() { curl -s "$URL?limit=1" | python3 -c 'import json,sys; print(json.load(sys.stdin)["metadata"]["resourceVersion"])'; }
# The objects' own bytes: a LIST's items, each as the cache holds it (the list adds only commas and a head).
json_bytes() {
    curl -s "$URL" | python3 -c '
import sys
body = sys.stdin.buffer.read()
head = body.index(b"\"items\":[") + len(b"\"items\":[")
count = body.count(b"{\"kind\":\"ConfigMap\",")
print(count, len(body) - head - len(b"]}") - max(0, count - 1))'
}
settle() {  # the RSS once the server stops changing it (a restart's load is done, freed pages returned)
    local last=-1 now
    for _ in $(seq 1 50); do
        now=$(rss_kb VmRSS "$SERVER")
        [ "$now" = "$last" ] && break
        last=$now
        sleep 0.2
    done
    echo "$now"
}

if [ -n "${BASELINE:-}" ]; then  # the baseline's own idle figure, on an empty data directory too
    serve_localhost "$BASELINE" "$WORK/empty"
    BASELINE_IDLE=$(settle)
    echo "baseline idle (empty data directory): $(rollup "$SERVER")"
    stop_server
fi
serve_localhost "$BIN" "$DATA"
IDLE=$(settle)
echo "idle (empty data directory): $(rollup "$SERVER")"
cat > "$WORK/fill.lua" <<LUA
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"metadata":{"generateName":"cm-","labels":{"app":"object-memory"}},"data":{"config":"$(head -c 250 /dev/zero | tr '\0' x)"}}'
LUA
target=$(( $(revision) + OBJECTS ))
while [ "$(revision)" -lt "$target" ]; do
    taskset -c "$CLIENT_CPU" wrk -t1 -c64 -d2s -s "$WORK/fill.lua" "$URL" >/dev/null
done
read -r COUNT BYTES < <(json_bytes)
report() {  # report WHAT RSS-KB [IDLE-KB]
    local IDLE="${3:-$IDLE}"
    printf '%-34s RSS %7.1f MiB = idle %5.1f + %7.1f MiB for %s MiB of JSON: %.2f x (target <= 1.5), %.0f bytes per object beyond its JSON\n' "$1" \
        "$(mib "$2")" "$(mib "$IDLE")" "$(mib $(($2 - IDLE)))" "$(mib $((BYTES / 1024)))" \
        "$(awk -v r="$2" -v i="$IDLE" -v b="$BYTES" 'BEGIN {print (r - i) * 1024 / b}')" \
        "$(awk -v r="$2" -v i="$IDLE" -v b="$BYTES" -v n="$COUNT" 'BEGIN {print ((r - i) * 1024 - b) / n}')"
}
echo "$COUNT configmaps, $BYTES bytes of JSON ($((BYTES / COUNT)) each)"
report "after the creates" "$(settle)"
stop_server
for name in kube-console ${BASELINE:+baseline}; do
    bin="$BIN"; [ "$name" = baseline ] && bin="$BASELINE"
    serve_localhost "$bin" "$DATA"
    report "$name after a restart" "$(settle)" "$([ "$name" = baseline ] && echo "$BASELINE_IDLE" || echo "$IDLE")"
    echo "    $(rollup "$SERVER")"
    stop_server
done
