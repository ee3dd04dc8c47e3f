#!/usr/bin/env bash
# Server-side apply of an unchanged pod with three containers (about 30 fields): the field manager merges,
# compares and finds nothing to write, 16 connections; next to the same content sent as a merge patch (which
# the server applies and stores). Alternates the two for ROUNDS rounds; reports medians and their ratio.
# Usage: share/bench/apply.sh   (DURATION=10s ROUNDS=3 SERVER_CPU=0 CLIENT_CPU=1 BIN=... to change)
source "$(dirname "$0")/lib.sh"
build_release
PORT=$(free_port)
DATA="$WORK/data"
taskset -c "$SERVER_CPU" "$BIN" serve --port "$PORT" --read-only-port 0 --secure-port 0 --data-dir "$DATA" \
    --access-log=false --public-address-override 127.0.0.1 2>"$WORK/server.log" &
PIDS+=($!)
wait_port "$PORT"
URL="http://127.0.0.1:$PORT/api/v1/namespaces/default/pods/web"
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
curl -sf -X PATCH -H "Content-Type: application/apply-patch+yaml" --data-binary @"$WORK/pod.json" "$URL?fieldManager=bench" >/dev/null
python3 - "$WORK/pod.json" "$WORK" <<'PY'
import json, sys
body = open(sys.argv[1]).read()
for name, ctype, query in (("apply", "application/apply-patch+yaml", "?fieldManager=bench&force=true"),
                           ("merge", "application/merge-patch+json", "")):
    with open(f"{sys.argv[2]}/{name}.lua", "w") as f:
        f.write(f'wrk.method = "PATCH"\nwrk.headers["Content-Type"] = "{ctype}"\nwrk.body = {json.dumps(body)}\n'
                f'wrk.path = wrk.path .. "{query}"\n')
PY
echo "fields applied: $(curl -s "$URL" | python3 -c 'import json,sys; print(json.dumps(json.load(sys.stdin)["metadata"]["managedFields"][0]["fieldsV1"]).count("f:"))')"
for round in $(seq 1 "${ROUNDS:-3}"); do
    run_wrk "apply unchanged $round" 16 "$URL" -s "$WORK/apply.lua"
    run_wrk "merge patch $round" 16 "$URL" -s "$WORK/merge.lua"
done
echo "medians: server-side apply $(median "apply unchanged " rps) applies/s, merge patch $(median "merge patch " rps) patches/s"
echo "apply / merge patch: $(ratio "$(median "apply unchanged " rps)" "$(median "merge patch " rps)")x"
