#!/usr/bin/env bash
# Console overhead: server throughput with the console open in tmux and redrawing under wrk load, against
# headless `serve` in the same run (target >= 0.95x); and the console's own CPU at idle (target < 5% of a
# core). Server pinned to one CPU, wrk to the other.
# Usage: share/bench/console.sh   (DURATION=10s IDLE=10 SERVER_CPU=0 CLIENT_CPU=1 to change)
source "$(dirname "$0")/lib.sh"
need tmux tmux
IDLE="${IDLE:-10}"
build_release
SESSION="kc-bench-$$"
trap 'tmux kill-session -t "$SESSION" 2>/dev/null; cleanup' EXIT

# Headless first.
PORT=$(free_port)
taskset -c "$SERVER_CPU" "$BIN" serve --port "$PORT" --read-only-port 0 --secure-port 0 --data-dir "$WORK/serve" \
    --access-log=false 2>"$WORK/serve.log" &
SERVE_PID=$!
PIDS+=($SERVE_PID)
wait_port "$PORT"
run_wrk "headless serve /version" 64 "http://127.0.0.1:$PORT/version"
kill "$SERVE_PID"; wait "$SERVE_PID" 2>/dev/null || true

# The console, in a 200x50 tmux window, showing the live request log (view 2).
CPORT=$(free_port)
tmux new-session -d -s "$SESSION" -x 200 -y 50 \
    "taskset -c $SERVER_CPU $BIN --port $CPORT --read-only-port 0 --secure-port 0 --data-dir $WORK/console"
wait_port "$CPORT"
tmux send-keys -t "$SESSION" 2
CONSOLE_PID=$(pgrep -f -- "^$BIN --port $CPORT " | head -1)  # the console itself, not tmux (whose command line holds the same text)
run_wrk "console open, /version" 64 "http://127.0.0.1:$CPORT/version"

# Idle: no traffic; CPU time of the console process over IDLE seconds.
ticks() { awk '{print $14 + $15}' "/proc/$CONSOLE_PID/stat"; }
hz=$(getconf CLK_TCK)
before=$(ticks)
sleep "$IDLE"   # a measurement window, not synchronisation
after=$(ticks)
idle_pct=$(python3 -c "print(f'{($after-$before)/$hz/$IDLE*100:.2f}')")
echo "console idle CPU: ${idle_pct}% of a core over ${IDLE}s (target < 5%)"
echo "ratio console/headless req/s: $(ratio "$(result "console open, /version" rps)" "$(result "headless serve /version" rps)")x (target >= 0.95x)"
