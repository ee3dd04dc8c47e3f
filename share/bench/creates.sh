#!/usr/bin/env bash
# Creates per second over HTTP: 64 keep-alive clients each POSTing a new configmap (generateName) to the
# localhost port; every create is acknowledged after the group commit's fsync (synchronous=FULL). The same
# figure as rest.sh's "creates" line without the rest of that run, so a change to the write path can be
# measured quickly and repeatedly. Each run starts a fresh server on an empty data directory.
#
# The machine is shared and fsync times wander, so compare builds side by side: with BASELINE set, every
# run measures BASELINE and then the build under test, in the same minute, and the medians are printed.
# With perf installed, each run also says how many writes one WAL sync carried (the group commit's batch).
#
# Usage: share/bench/creates.sh
#   DURATION=10s CONNECTIONS=64 RUNS=3 SERVER_CPU=0 CLIENT_CPU=1
#   SCRATCH_PATH=/tmp/build (build there) or BIN=/path/kube-console (measure that binary)
#   BASELINE=/path/to/older/kube-console    PERF=1 (record a profile of each run into $PWD/creates-N.perf.data)
source "$(dirname "$0")/lib.sh"
CONNECTIONS="${CONNECTIONS:-64}"
RUNS="${RUNS:-3}"
build_release

cat > "$WORK/create.lua" <<'LUA'
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"metadata":{"generateName":"bench-"},"data":{"k":"v"}}'
LUA

# measure NAME BINARY: one run on a fresh server; prints the wrk line and the writes per sync.
measure() {
    local name="$1" binary="$2" port data server stat_pid="" perf_pid=""
    port=$(free_port)
    data=$(mktemp -d "$WORK/data.XXXXXX")
    taskset -c "$SERVER_CPU" "$binary" serve --port "$port" --read-only-port 0 --secure-port 0 --data-dir "$data" \
        --access-log=false >/dev/null 2>"$data.log" &
    server=$!
    PIDS+=("$server")
    wait_port "$port"
    if command -v perf >/dev/null; then
        # SQLite syncs the WAL once per committed transaction (and a few times per checkpoint).
        perf stat -x, -e syscalls:sys_enter_fdatasync,syscalls:sys_enter_fsync -p "$server" -o "$data.syncs" 2>/dev/null &
        stat_pid=$!
        if [ "${PERF:-}" = 1 ]; then
            perf record -g -o "$PWD/creates-${name// /_}.perf.data" -p "$server" 2>/dev/null &
            perf_pid=$!
        fi
    fi
    run_wrk "$name" "$CONNECTIONS" "http://127.0.0.1:$port/api/v1/namespaces/default/configmaps" -s "$WORK/create.lua"
    [ -n "$perf_pid" ] && { kill -INT "$perf_pid"; wait "$perf_pid" || true; }
    if [ -n "$stat_pid" ]; then
        kill -INT "$stat_pid"; wait "$stat_pid" || true
        local created syncs
        created=$(curl -s "http://127.0.0.1:$port/api/v1/namespaces/default/configmaps" \
            | python3 -c 'import json,sys; print(len(json.load(sys.stdin)["items"]))')
        syncs=$(awk -F, '/syscalls/ {n += $1} END {print n + 0}' "$data.syncs")
        echo "    $created created in $syncs WAL syncs: $(ratio "$created" "$syncs") writes per sync"
    fi
    kill "$server"; wait "$server" 2>/dev/null || true
    rm -rf "$data"  # its dirty pages would be written back during the next run
}

for run in $(seq 1 "$RUNS"); do
    [ -n "${BASELINE:-}" ] && measure "baseline $run" "$BASELINE"
    measure "creates $run" "$BIN"
done

[ -n "${BASELINE:-}" ] && echo "baseline: median $(median baseline_ rps) creates/s, p99 $(median baseline_ p99) ms"
echo "creates:  median $(median creates_ rps) creates/s, p99 $(median creates_ p99) ms (target >= 5,000/s)"
