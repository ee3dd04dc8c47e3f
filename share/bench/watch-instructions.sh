#!/usr/bin/env bash
# Instructions per watcher per event (callgrind): the server's user-space cost of fanning one write out
# to one watcher, repeatable on a shared VM where watchers.sh's wall-clock figures are not (the kernel's
# part, a send per watcher, is not counted). The release binary under callgrind, WATCHERS watches
# (watch-client.swift), counters zeroed once they are registered, then WRITES creates; the instructions
# of that window divided by WRITES x WATCHERS.
# Usage: share/bench/watch-instructions.sh   (WATCHERS=200 WRITES=20 BIN= SCRATCH_PATH= TOP=15 functions shown,
#        OUT=file keeps the profile for callgrind_annotate)
source "$(dirname "$0")/lib.sh"
need valgrind valgrind
WATCHERS="${WATCHERS:-200}"
WRITES="${WRITES:-20}"
build_release
PORT=$(free_port)
valgrind --tool=callgrind --callgrind-out-file="$WORK/callgrind.out" --dump-instr=no \
    "$BIN" serve --port "$PORT" --read-only-port 0 --secure-port 0 --data-dir "$WORK/data" --access-log=false \
    2>"$WORK/valgrind.log" &
VG=$!
PIDS+=($VG)
wait_port "$PORT"
swiftc -O -I "$ROOT/Sources/CLinux" "$ROOT/share/bench/watch-client.swift" -o "$WORK/watch-client"
PAUSE="$WORK/pause" "$WORK/watch-client" "$PORT" "$WATCHERS" "$WRITES" "$VG" 0 > "$WORK/client.log" &
CLIENT=$!
while [ ! -e "$WORK/pause.ready" ]; do sleep 0.1; done
callgrind_control -z "$VG" >/dev/null
touch "$WORK/pause.go"
wait "$CLIENT"
callgrind_control -d "$VG" >/dev/null
dump=$(ls -t "$WORK"/callgrind.out* | head -1)
[ -n "${OUT:-}" ] && cp "$dump" "$OUT"
kill -INT "$VG"; wait "$VG" 2>/dev/null || true
grep -E "reached all|did not" "$WORK/client.log" | sed 's/; server RSS.*//'
total=$(callgrind_annotate "$dump" 2>/dev/null | awk '/PROGRAM TOTALS/ {gsub(/,/, "", $1); print $1; exit}')
per=$((total / (WRITES * WATCHERS)))
echo "$WRITES writes to $WATCHERS watchers: $total instructions, $per per watcher per event (user space)"
callgrind_annotate --inclusive=no --threshold=100 "$dump" 2>/dev/null | sed -n '/^-* *$/,$p' | grep -E '^ *[0-9,]+ ' | head -"${TOP:-15}" \
    | awk -v n="$((WRITES * WATCHERS))" '{ir = $1; gsub(/,/, "", ir); $1 = ""; printf "%8d/event %s\n", ir / n, $0}'
