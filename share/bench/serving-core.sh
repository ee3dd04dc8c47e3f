#!/usr/bin/env bash
# Serving core: GET /version on the localhost port with keep-alive at 64 connections and at 1, against
# nginx (one worker, tuned: see start_nginx in lib.sh) serving the same bytes, server and nginx pinned to
# one CPU, wrk to the other.
# Usage: share/bench/serving-core.sh   (DURATION=10s SERVER_CPU=0 CLIENT_CPU=1 to change)
source "$(dirname "$0")/lib.sh"
build_release
PORT=$(free_port)
taskset -c "$SERVER_CPU" "$BIN" serve --port "$PORT" --read-only-port 0 --access-log=false --public-address-override 127.0.0.1 2>"$WORK/server.log" &
PIDS+=($!)
wait_port "$PORT"
curl -s "http://127.0.0.1:$PORT/version" > "$WORK/version.json"
echo "body: $(wc -c < "$WORK/version.json") bytes of /version; server CPU $SERVER_CPU, wrk CPU $CLIENT_CPU, $DURATION each"

run_wrk "kube-console /version" 64 "http://127.0.0.1:$PORT/version"
run_wrk "kube-console /version, 1 connection" 1 "http://127.0.0.1:$PORT/version"

if command -v nginx >/dev/null; then
    mkdir -p "$WORK/www"
    cp "$WORK/version.json" "$WORK/www/version"
    chmod -R a+rX "$WORK/www"
    NPORT=$(free_port)
    start_nginx "$NPORT" "$WORK/www"
    run_wrk "nginx (1 worker) same bytes" 64 "http://127.0.0.1:$NPORT/version"
    run_wrk "nginx (1 worker) same bytes, 1 connection" 1 "http://127.0.0.1:$NPORT/version"
    echo "ratio kube-console/nginx, keep-alive, 64 connections: $(ratio "$(result "kube-console /version" rps)" "$(result "nginx (1 worker) same bytes" rps)")x req/s (target >= 1.0x); p99 $(result "kube-console /version" p99) vs $(result "nginx (1 worker) same bytes" p99)"
else
    echo "nginx not installed: no reference run (apt-get install -y nginx)"
fi
