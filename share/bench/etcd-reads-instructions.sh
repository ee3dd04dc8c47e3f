#!/usr/bin/env bash
# The reads of etcd-reads.sh counted in instructions instead of seconds (callgrind), which this shared
# VM's drift does not blur: GET of one pod (2,000 requests) and LIST of 500 pods (100 requests) on one
# keep-alive connection, against a master on SQLite and one on etcd; instructions per request in the
# server (everything it runs, all threads), and the ratio etcd/SQLite (1.00: the same work).
#
# Usage: share/bench/etcd-reads-instructions.sh   (BIN=, ETCD=; needs valgrind)
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/etcd-lib.sh"
need valgrind valgrind
need callgrind_control valgrind
build_release

# count STORE: prints "GET LIST" instructions per request.
count() {
    local store="$1" port extra=() server
    port=$(free_port)
    [ "$store" = etcd ] && extra=(--etcd-servers "$(start_etcd "etcd-$store")" --etcd-compaction-interval 0s)
    valgrind --tool=callgrind --instr-atstart=no --callgrind-out-file="$WORK/$store.cg" "$BIN" serve --port "$port" \
        --read-only-port 0 --secure-port 0 --data-dir "$WORK/$store" --access-log=false --io-loops 1 "${extra[@]}" \
        >/dev/null 2>"$WORK/$store.log" &
    server=$!
    PIDS+=("$server")
    for _ in $(seq 1 600); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.2; done
    seed_pods "$port"
    requests() {  # requests PATH COUNT, on one keep-alive connection
        python3 - "$port" "$1" "$2" <<'PY'
import http.client, sys
c = http.client.HTTPConnection("127.0.0.1", int(sys.argv[1]))
for _ in range(int(sys.argv[3])):
    c.request("GET", sys.argv[2]); r = c.getresponse(); r.read(); assert r.status == 200
PY
    }
    requests /api/v1/namespaces/default/pods/pod-1 50  # warm up
    for what in "get /api/v1/namespaces/default/pods/pod-1 2000" "list /api/v1/namespaces/default/pods 100"; do
        set -- $what
        callgrind_control -i on "$server" >/dev/null 2>&1
        requests "$2" "$3"
        callgrind_control -i off "$server" >/dev/null 2>&1
        callgrind_control -d "$1" "$server" >/dev/null 2>&1
    done
    kill "$server"; wait "$server" 2>/dev/null || true
    [ "$store" = etcd ] && stop "etcd-$store"
    local get list f
    for f in "$WORK/$store.cg".*; do
        case "$(grep -m1 '^desc: Trigger' "$f")" in
            *get*) get=$(( $(awk '/^totals:/ {print $2}' "$f") / 2000 )) ;;
            *list*) list=$(( $(awk '/^totals:/ {print $2}' "$f") / 100 )) ;;
        esac
    done
    echo "$get $list"
}

read -r sqlite_get sqlite_list < <(count sqlite)
read -r etcd_get etcd_list < <(count etcd)
echo "GET one pod:   sqlite $sqlite_get, etcd $etcd_get instructions/request: etcd/sqlite $(ratio "$etcd_get" "$sqlite_get")"
echo "LIST 500 pods: sqlite $sqlite_list, etcd $etcd_list instructions/request: etcd/sqlite $(ratio "$etcd_list" "$sqlite_list")"
