#!/usr/bin/env bash
# Reads from the cache on etcd next to the same reads on SQLite: GET of one pod and LIST of 500 pods
# (64 keep-alive connections, localhost port). Both stores answer from the same in-memory watch cache, so
# the target is parity (>= 0.9x). Both servers run side by side (each pinned to SERVER_CPU, each idle
# while the other is measured); the measurements alternate for ROUNDS rounds (the first of each round
# alternating too) and ratios are of medians.
#
# Usage: share/bench/etcd-reads.sh   (DURATION=10s ROUNDS=3 SERVER_CPU=0 CLIENT_CPU=1; BIN=, ETCD=)
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/etcd-lib.sh"
build_release
SQLITE_PORT=$(free_port) ETCD_PORT=$(free_port)
taskset -c "$SERVER_CPU" "$BIN" serve --port "$SQLITE_PORT" --read-only-port 0 --secure-port 0 --data-dir "$WORK/sqlite" \
    --access-log=false 2>"$WORK/sqlite.log" &
PIDS+=($!)
wait_port "$SQLITE_PORT"
url=$(start_etcd etcd)
mkdir -p "$WORK/on-etcd"
taskset -c "$SERVER_CPU" "$BIN" serve --port "$ETCD_PORT" --read-only-port 0 --secure-port 0 --data-dir "$WORK/on-etcd" \
    --access-log=false --etcd-servers "$url" 2>"$WORK/on-etcd.log" &
PIDS+=($!)
wait_port "$ETCD_PORT"

for port in "$SQLITE_PORT" "$ETCD_PORT"; do seed_pods "$port"; done
for store in sqlite:$SQLITE_PORT etcd:$ETCD_PORT; do
    base="http://127.0.0.1:${store#*:}/api/v1/namespaces/default/pods"
    echo "${store%%:*}: one pod $(curl -s "$base/pod-1" | wc -c) bytes, list of 500 $(curl -s "$base" | wc -c) bytes"
done

for round in $(seq 1 "${ROUNDS:-3}"); do
    order="sqlite:$SQLITE_PORT etcd:$ETCD_PORT"
    [ $((round % 2)) = 0 ] && order="etcd:$ETCD_PORT sqlite:$SQLITE_PORT"  # who goes first alternates too
    for store in $order; do
        run_wrk "GET one pod ${store%%:*} $round" 64 "http://127.0.0.1:${store#*:}/api/v1/namespaces/default/pods/pod-1"
        run_wrk "LIST 500 pods ${store%%:*} $round" 64 "http://127.0.0.1:${store#*:}/api/v1/namespaces/default/pods"
    done
done
for what in "GET one pod" "LIST 500 pods"; do
    sqlite=$(median "$what sqlite " rps) etcd=$(median "$what etcd " rps)
    echo "$what: etcd $etcd req/s, sqlite $sqlite req/s (medians): $(ratio "$etcd" "$sqlite")x (target >= 0.9x)"
done
