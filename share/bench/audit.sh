#!/usr/bin/env bash
# Audit log cost: secure-port GET /version (TLS, bearer token, ABAC), keep-alive at 64 connections, with
# the audit log on (every request at level Metadata, the default policy) and off: two servers, alternating
# for ROUNDS rounds (which goes first alternates too); the ratio is of the medians (target >= 0.9x). Also
# says how many events were written and dropped (a dropped event would make the audit side look cheaper
# than it is).
# Usage: share/bench/audit.sh   (DURATION=10s ROUNDS=3 SERVER_CPU=0 CLIENT_CPU=1)
source "$(dirname "$0")/lib.sh"
build_release
ROUNDS="${ROUNDS:-3}"
start() {  # start NAME extra-flags... → sets PORT_<NAME>, LOCAL_<NAME>
    local name="$1"; shift
    local port local_port
    port=$(free_port); local_port=$(free_port)
    taskset -c "$SERVER_CPU" "$BIN" serve --port "$local_port" --read-only-port 0 --secure-port "$port" --data-dir "$WORK/$name" \
        --access-log=false --public-address-override 127.0.0.1 "$@" 2>"$WORK/$name.log" &
    PIDS+=($!)
    wait_port "$port"
    printf -v "PORT_$name" '%s' "$port"
    printf -v "LOCAL_$name" '%s' "$local_port"
}
start on --audit-log-path "$WORK/audit.log"
start off
TOKEN_on=$(awk -F, '$2=="admin" {print $1}' "$WORK/on/tokens.csv")
TOKEN_off=$(awk -F, '$2=="admin" {print $1}' "$WORK/off/tokens.csv")
grep "audit log" "$WORK/on.log"
echo "secure port GET /version, wrk -c64 keep-alive, $DURATION per run, server CPU $SERVER_CPU, wrk CPU $CLIENT_CPU"
run_side() { run_wrk "audit $1 $2" 64 "https://127.0.0.1:$(eval echo "\$PORT_$1")/version" -H "Authorization: Bearer $(eval echo "\$TOKEN_$1")"; }
for round in $(seq 1 "$ROUNDS"); do
    # Which side goes first alternates, so a drift of the machine's speed within a round favours neither.
    if [ $((round % 2)) -eq 1 ]; then run_side on "$round"; run_side off "$round"; else run_side off "$round"; run_side on "$round"; fi
done
curl -s "http://127.0.0.1:$LOCAL_on/metrics" | grep -E '^kube_console_audit_events'
echo "audit log: $(wc -l < "$WORK/audit.log") lines, $(du -h "$WORK/audit.log" | cut -f1)"
on=$(median "audit on " rps); off=$(median "audit off " rps)
echo "medians of $ROUNDS rounds: audit on $on req/s (p99 $(median "audit on " p99) ms), off $off req/s (p99 $(median "audit off " p99) ms)"
echo "ratio on/off: $(ratio "$on" "$off")x (target >= 0.9x)"
