#!/usr/bin/env bash
# Slowloris: 5,000 connections (half on the read-only port, half on the secure port, after a completed TLS
# handshake) each sending its request head one byte every few seconds, reopened as the header timeout
# closes them, spread over five source addresses (127.0.0.2-6: five attacking hosts, each under the
# per-client cap, so every connection is held rather than refused). Meanwhile a legitimate keep-alive
# client (wrk, 16 connections) measures GET /version on each port. Rounds alternate without and with the
# attack; the figure is the ratio of the median p99s (target: within 2x).
# Usage: share/bench/slowloris.sh   (DURATION=10s ROUNDS=3 CONNECTIONS=5000 INTERVAL=3 SERVER_CPU=0 CLIENT_CPU=1)
source "$(dirname "$0")/lib.sh"
need python3 python3
build_release
ROUNDS="${ROUNDS:-3}"
CONNECTIONS="${CONNECTIONS:-5000}"
INTERVAL="${INTERVAL:-3}"
RPORT=$(free_port); SPORT=$(free_port); LPORT=$(free_port)
DATA="$WORK/data"
# The read-only port's rate limiter is off so the legitimate client is measured, not throttled.
taskset -c "$SERVER_CPU" "$BIN" serve --port "$LPORT" --read-only-port "$RPORT" --secure-port "$SPORT" --data-dir "$DATA" \
    --access-log=false --public-address-override 127.0.0.1 --api-rate 0 2>"$WORK/server.log" &
PIDS+=($!)
wait_port "$SPORT"; wait_port "$RPORT"
grep "file descriptors" "$WORK/server.log"
TOKEN=$(awk -F, '$2=="admin" {print $1}' "$DATA/tokens.csv")
AUTH="Authorization: Bearer $TOKEN"
echo "attack: $CONNECTIONS connections, one byte every ${INTERVAL}s, from 127.0.0.2-6; legit: wrk -c16 keep-alive; $DURATION per run"

attack_start() {
    rm -f "$WORK/ready" "$WORK/stop"
    # Niced: the attacker shares the client CPU with wrk, and must not be what slows the measured client.
    taskset -c "$CLIENT_CPU" nice -n 19 python3 "$ROOT/share/bench/slowloris.py" --target "127.0.0.1:$RPORT" --target "127.0.0.1:$SPORT:tls" \
        --connections "$CONNECTIONS" --sources 127.0.0.2,127.0.0.3,127.0.0.4,127.0.0.5,127.0.0.6 --interval "$INTERVAL" \
        --ready "$WORK/ready" --stop "$WORK/stop" >>"$WORK/attack.log" 2>&1 &
    ATTACK=$!
    PIDS+=($ATTACK)
    for _ in $(seq 1 600); do [ -e "$WORK/ready" ] && break; sleep 0.1; done
    [ -e "$WORK/ready" ] || { echo "bench: the attack never had its connections open"; tail -5 "$WORK/attack.log"; exit 1; }
    # The server's own count: at least 90% of the attack open there (its header timeout keeps closing some).
    for _ in $(seq 1 300); do
        open=$(open_connections)
        [ "$open" -ge $((CONNECTIONS * 9 / 10)) ] && break
        sleep 0.1
    done
    echo "attack ready: $open connections open on the server"
}
open_connections() { curl -s "http://127.0.0.1:$LPORT/metrics" | awk '/^kube_console_open_connections/ {s += $2} END {print s}'; }
attack_stop() { touch "$WORK/stop"; wait "$ATTACK" 2>/dev/null || true; }

for round in $(seq 1 "$ROUNDS"); do
    run_wrk "read-only quiet $round" 16 "http://127.0.0.1:$RPORT/version"
    run_wrk "secure quiet $round" 16 "https://127.0.0.1:$SPORT/version" -H "$AUTH"
    attack_start
    run_wrk "read-only attacked $round" 16 "http://127.0.0.1:$RPORT/version"
    run_wrk "secure attacked $round" 16 "https://127.0.0.1:$SPORT/version" -H "$AUTH"
    echo "after the attacked runs: $(open_connections) connections open on the server; $(tail -1 "$WORK/attack.log")"
    attack_stop
done

curl -s "http://127.0.0.1:$LPORT/metrics" | grep -E '^kube_console_(connections_refused_total|accept_pauses_total)' | grep -v ' 0$' || true
echo "medians of $ROUNDS rounds (p99 in ms):"
for port in read-only secure; do
    quiet=$(median "$port quiet " p99); attacked=$(median "$port attacked " p99)
    printf '  %-9s quiet %8s req/s p99 %7s ms · attacked %8s req/s p99 %7s ms · p99 ratio %sx (target <= 2x)\n' "$port" \
        "$(median "$port quiet " rps)" "$quiet" "$(median "$port attacked " rps)" "$attacked" "$(ratio "$attacked" "$quiet")"
done
