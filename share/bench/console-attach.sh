#!/usr/bin/env bash
# The console channel's cost to the master. Throughput of `serve` (GET /version, 64 connections, wrk)
# with two consoles attached (one on the local socket, one over TLS on the secure port, both showing
# the live request log in tmux) against none, in alternating rounds: the ratio of medians (target
# >= 0.95x). Then the time from a request's response to its row on an attached console, with
# share/bench/console-rows.py (a client of the wire format): alone, and under the same wrk load
# (target p99 <= 250 ms). Server pinned to SERVER_CPU; wrk, the consoles and the probe client to CLIENT_CPU,
# the consoles at nice 19 (they are clients: their drawing should not be taken from wrk). Each run also
# reports the server's own CPU time per request, which a busy machine does not skew as much.
# Usage: share/bench/console-attach.sh   (DURATION=10s ROUNDS=3 PROBES=500 SERVER_CPU=0 CLIENT_CPU=1)
source "$(dirname "$0")/lib.sh"
need tmux tmux
ROUNDS="${ROUNDS:-3}"
PROBES="${PROBES:-500}"
build_release
TMUX_SOCKET=""
trap '[ -n "$TMUX_SOCKET" ] && tmux -L "$TMUX_SOCKET" kill-server 2>/dev/null; cleanup' EXIT

PORT=$(free_port)
SECURE=$(free_port)
DATA="$WORK/data"
taskset -c "$SERVER_CPU" "$BIN" serve --port "$PORT" --read-only-port 0 --secure-port "$SECURE" \
    --public-address-override 127.0.0.1 --data-dir "$DATA" --access-log=false 2>"$WORK/serve.log" &
SERVER=$!
PIDS+=($SERVER)
wait_port "$PORT"
wait_port "$SECURE" https

attach_consoles() {
    TMUX_SOCKET="kc-bench-$$-$1"  # a tmux server per round: a new one is never confused with a dying one
    tmux -L "$TMUX_SOCKET" new-session -d -s local -x 200 -y 50 \
        "nice -n 19 taskset -c $CLIENT_CPU $BIN attach --data-dir $DATA"
    tmux -L "$TMUX_SOCKET" new-session -d -s remote -x 200 -y 50 \
        "nice -n 19 taskset -c $CLIENT_CPU $BIN attach --server https://127.0.0.1:$SECURE --kubeconfig $DATA/admin.kubeconfig"
    for session in local remote; do
        for _ in $(seq 1 100); do
            tmux -L "$TMUX_SOCKET" capture-pane -p -t "$session" 2>/dev/null | grep -q "attached to" && break
            sleep 0.1  # polling the screen for the console's first frame
        done
        tmux -L "$TMUX_SOCKET" capture-pane -p -t "$session" | grep -q "attached to" || { echo "bench: the $session console did not attach" >&2; exit 1; }
        tmux -L "$TMUX_SOCKET" send-keys -t "$session" 2  # the live request log
    done
}

# measure NAME: wrk on /version, and the server's CPU microseconds per request over the run.
server_ticks() { awk '{print $14 + $15}' "/proc/$SERVER/stat"; }
measure() {
    local before after served
    before=$(server_ticks)
    run_wrk "$1" 64 "http://127.0.0.1:$PORT/version"
    after=$(server_ticks)
    served=$(python3 -c "print(float('$(result "$1" rps)') * ${DURATION%s})")
    echo "${1// /_}_cpu $(python3 -c "print(($after - $before) * 1e6 / $(getconf CLK_TCK) / $served)")" >> "$WORK/cpu"
    echo "    server CPU: $(tail -1 "$WORK/cpu" | awk '{printf "%.2f", $2}') us per request"
}
cpu_median() { awk -v p="${1// /_}" 'index($1, p) == 1 {print $2}' "$WORK/cpu" | python3 -c 'import statistics, sys; print(f"{statistics.median(float(v) for v in sys.stdin.read().split()):.2f}")'; }

detach_consoles() { tmux -L "$TMUX_SOCKET" kill-server 2>/dev/null || true; TMUX_SOCKET=""; }

for round in $(seq 1 "$ROUNDS"); do
    if [ $((round % 2)) -eq 1 ]; then
        measure "none $round"
        attach_consoles "$round"; measure "attached $round"; detach_consoles
    else
        attach_consoles "$round"; measure "attached $round"; detach_consoles
        measure "none $round"
    fi
done
echo "throughput: none median $(median none_ rps) req/s, two consoles attached median $(median attached_ rps) req/s"
echo "ratio attached/none: $(ratio "$(median attached_ rps)" "$(median none_ rps)")x (target >= 0.95x)"
echo "server CPU per request: none median $(cpu_median none_) us, attached median $(cpu_median attached_) us"

echo "response to row on an attached console (alone):"
taskset -c "$CLIENT_CPU" python3 "$ROOT/share/bench/console-rows.py" "$DATA/console.sock" "$PORT" "$PROBES" 50
echo "response to row on an attached console (under wrk -c64 on /version):"
taskset -c "$CLIENT_CPU" wrk -t1 -c64 -d"$(( PROBES / 50 + 5 ))s" "http://127.0.0.1:$PORT/version" >/dev/null &
WRK=$!
sleep 1  # wrk up to speed before the probes
taskset -c "$CLIENT_CPU" python3 "$ROOT/share/bench/console-rows.py" "$DATA/console.sock" "$PORT" "$PROBES" 50
kill "$WRK" 2>/dev/null; wait "$WRK" 2>/dev/null || true
echo "(target p99 <= 250 ms; under load a delta carries at most 250 rows, so some probes may be skipped: 'arrived' says how many came)"
