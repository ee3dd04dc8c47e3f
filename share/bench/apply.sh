#!/usr/bin/env bash
# Server-side apply of an unchanged pod with three containers (about 30 fields), 16 connections, next to the
# same content sent as a merge patch. Both change nothing, so neither stores anything (kube-apiserver's
# GuaranteedUpdate skips a write that would store the same bytes, and so does kube-console): the comparison is
# of what each costs to find that out. For scale, two more figures: an unchanged apply the server must redo
# (two managers take turns, so neither finds its own last apply remembered), and a merge patch that changes an
# annotation of one of 16 pods in turn (stored: acknowledged after the fsync). Alternates the four for ROUNDS
# rounds; reports medians and the ratios to the unchanged merge patch.
#
# With INSTRUCTIONS=1 (valgrind installed), first the instructions per request of each, and of a GET of the
# pod, under callgrind: the difference between a run of N and one of 6N requests, over 5N (wall-clock drifts
# on a shared machine; instruction counts do not).
#
# Usage: share/bench/apply.sh   (DURATION=10s ROUNDS=3 SERVER_CPU=0 CLIENT_CPU=1 BIN=... INSTRUCTIONS=1 N=200)
source "$(dirname "$0")/lib.sh"
build_release

# The configuration, as kubectl sends it (JSON): 3 containers, ports, env, resources, probes, labels.
cat > "$WORK/pod.json" <<'JSON'
{"apiVersion":"v1","kind":"Pod","metadata":{"name":"web","namespace":"default","labels":{"app":"web","tier":"front"},
 "annotations":{"team":"bench"}},
 "spec":{"restartPolicy":"Always","terminationGracePeriodSeconds":30,"nodeSelector":{"disk":"ssd"},
  "containers":[
   {"name":"nginx","image":"nginx:1.25","ports":[{"containerPort":80,"name":"http"},{"containerPort":443,"name":"https"}],
    "env":[{"name":"MODE","value":"a"},{"name":"LEVEL","value":"3"}],
    "resources":{"requests":{"cpu":"100m","memory":"64Mi"},"limits":{"cpu":"500m","memory":"128Mi"}},
    "readinessProbe":{"httpGet":{"path":"/healthz","port":80},"periodSeconds":5}},
   {"name":"sidecar","image":"busybox:1.36","args":["sleep","infinity"],"env":[{"name":"A","value":"1"}]},
   {"name":"metrics","image":"prom/exporter:1","ports":[{"containerPort":9100}],
    "volumeMounts":[{"name":"data","mountPath":"/data"}]}],
  "volumes":[{"name":"data","emptyDir":{}}]}}
JSON

# The requests, as wrk scripts and as a Python client (for callgrind, one keep-alive connection).
python3 - "$WORK" <<'PY'
import json, sys
work = sys.argv[1]
body = open(f"{work}/pod.json").read()
apply, merge = "application/apply-patch+yaml", "application/merge-patch+json"
kinds = {
    "apply": f'wrk.method = "PATCH"\nwrk.headers["Content-Type"] = "{apply}"\nwrk.body = {json.dumps(body)}\n'
             'wrk.path = wrk.path .. "?fieldManager=bench&force=true"\n',
    "merge": f'wrk.method = "PATCH"\nwrk.headers["Content-Type"] = "{merge}"\nwrk.body = {json.dumps(body)}\n',
    "redone": f'local n = 0\nlocal body = {json.dumps(body)}\nrequest = function()\n  n = n + 1\n'
              f'  return wrk.format("PATCH", wrk.path .. "?force=true&fieldManager=bench-" .. (n % 2), '
              f'{{["Content-Type"] = "{apply}"}}, body)\nend\n',
    "stored": f'local n = 0\nrequest = function()\n  n = n + 1\n'
              f'  return wrk.format("PATCH", wrk.path .. "-" .. (n % 16), {{["Content-Type"] = "{merge}"}}, '
              '\'{"metadata":{"annotations":{"n":"\' .. n .. \'"}}}\')\nend\n',
}
for name, script in kinds.items():
    open(f"{work}/{name}.lua", "w").write(script)
open(f"{work}/client.py", "w").write(f'''
import http.client, sys
port, kind, count = int(sys.argv[1]), sys.argv[2], int(sys.argv[3])
body = open("{work}/pod.json", "rb").read()
c = http.client.HTTPConnection("127.0.0.1", port)
path = "/api/v1/namespaces/default/pods/web"
for i in range(count):
    if kind == "get": c.request("GET", path)
    elif kind == "apply": c.request("PATCH", path + "?fieldManager=bench&force=true", body, {{"Content-Type": "{apply}"}})
    elif kind == "redone": c.request("PATCH", path + "?force=true&fieldManager=bench-%d" % (i % 2), body, {{"Content-Type": "{apply}"}})
    elif kind == "merge": c.request("PATCH", path, body, {{"Content-Type": "{merge}"}})
    elif kind == "stored": c.request("PATCH", path + "-%d" % (i % 16), b'{{"metadata":{{"annotations":{{"n":"%d"}}}}}}' % i, {{"Content-Type": "{merge}"}})
    r = c.getresponse(); r.read()
    if r.status >= 300: sys.exit(f"{{kind}}: {{r.status}}")
''')
PY

# setup PORT: the pod applied by bench and by the two managers that take turns, and 16 pods to patch.
setup() {
    local url="http://127.0.0.1:$1/api/v1/namespaces/default/pods"
    for manager in bench bench-0 bench-1; do
        curl -sf -X PATCH -H "Content-Type: application/apply-patch+yaml" --data-binary @"$WORK/pod.json" \
            "$url/web?fieldManager=$manager&force=true" >/dev/null
    done
    for i in $(seq 0 15); do
        curl -sf -X POST -H "Content-Type: application/json" \
            --data-binary "{\"metadata\":{\"name\":\"web-$i\"},\"spec\":{\"containers\":[{\"name\":\"c\",\"image\":\"nginx:1\"}]}}" \
            "$url" >/dev/null
    done
}

KINDS="apply merge redone stored"
LABEL_apply="unchanged apply"; LABEL_merge="unchanged merge patch"; LABEL_redone="apply, redone"
LABEL_stored="stored merge patch"; LABEL_get="GET of the pod"

if [ "${INSTRUCTIONS:-}" = 1 ]; then
    need valgrind valgrind
    N="${N:-200}"
    port=$(free_port)
    valgrind --tool=callgrind --callgrind-out-file="$WORK/callgrind.%p" "$BIN" serve --port "$port" \
        --read-only-port 0 --secure-port 0 --data-dir "$WORK/callgrind-data" --access-log=false \
        --public-address-override 127.0.0.1 >/dev/null 2>"$WORK/callgrind.log" &
    server=$!
    PIDS+=("$server")
    wait_port "$port"
    setup "$port"
    # instructions COUNT KIND: the instructions the server spent on COUNT requests of KIND (all threads).
    instructions() {
        rm -f "$WORK"/callgrind."$server".*
        callgrind_control -z "$server" >/dev/null 2>&1
        python3 "$WORK/client.py" "$port" "$2" "$1"
        callgrind_control -d "$server" >/dev/null 2>&1
        sleep 1
        for dump in "$WORK"/callgrind."$server".*; do awk '/^(summary|totals):/ {print $2; exit}' "$dump"; done |
            awk '{s += $1} END {printf "%.0f", s}'
    }
    echo "instructions per request (callgrind, the difference of $((6 * N)) and $N requests, over $((5 * N))):"
    for kind in get $KINDS; do
        python3 "$WORK/client.py" "$port" "$kind" 20  # warm
        short=$(instructions "$N" "$kind")
        long=$(instructions "$((6 * N))" "$kind")
        label="LABEL_$kind"
        printf '  %-24s %10d\n' "${!label}" $(( (long - short) / (5 * N) ))
    done
    kill "$server"; wait "$server" 2>/dev/null || true
fi

PORT=$(free_port)
taskset -c "$SERVER_CPU" "$BIN" serve --port "$PORT" --read-only-port 0 --secure-port 0 --data-dir "$WORK/data" \
    --access-log=false --public-address-override 127.0.0.1 2>"$WORK/server.log" &
PIDS+=($!)
wait_port "$PORT"
setup "$PORT"
URL="http://127.0.0.1:$PORT/api/v1/namespaces/default/pods/web"
echo "fields applied: $(curl -s "$URL" | python3 -c 'import json,sys; print(json.dumps([m for m in json.load(sys.stdin)["metadata"]["managedFields"] if m["manager"] == "bench"][0]["fieldsV1"]).count("f:"))')"
for round in $(seq 1 "${ROUNDS:-3}"); do
    for kind in $KINDS; do
        label="LABEL_$kind"
        run_wrk "${!label} $round" 16 "$URL" -s "$WORK/$kind.lua"
    done
done
merge=$(median "unchanged merge patch " rps)
echo "medians (requests/s, 16 connections):"
for kind in $KINDS; do
    label="LABEL_$kind"
    value=$(median "${!label} " rps)
    printf '  %-24s %10s   %sx the unchanged merge patch\n' "${!label}" "$value" "$(ratio "$value" "$merge")"
done
