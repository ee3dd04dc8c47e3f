#!/usr/bin/env bash
# Secure port: GET /version over TLS with a bearer token checked and ABAC authorizing it, keep-alive at 64
# connections; and new TLS connections per second (one request per connection, Connection: close). Against
# nginx (one worker, tuned: see start_nginx in lib.sh) serving the same bytes over TLS with the same
# certificate and the bearer token checked with a `map`.
# Server and nginx pinned to one CPU, wrk to the other.
# The two servers alternate for ROUNDS rounds; the ratios are of the medians.
# Usage: share/bench/secure-port.sh   (DURATION=10s ROUNDS=3 SERVER_CPU=0 CLIENT_CPU=1 to change)
source "$(dirname "$0")/lib.sh"
build_release
PORT=$(free_port)
DATA="$WORK/data"
taskset -c "$SERVER_CPU" "$BIN" serve --port 0 --read-only-port 0 --secure-port "$PORT" --data-dir "$DATA" \
    --access-log=false --public-address-override 127.0.0.1 2>"$WORK/server.log" &
PIDS+=($!)
wait_port "$PORT"
TOKEN=$(awk -F, '$2=="admin" {print $1}' "$DATA/tokens.csv")
CA="$DATA/pki/ca.crt"
curl -s --cacert "$CA" -H "Authorization: Bearer $TOKEN" "https://127.0.0.1:$PORT/version" > "$WORK/version.json"
grep -q gitVersion "$WORK/version.json" || { echo "bench: the secure port did not answer /version"; cat "$WORK/server.log"; exit 1; }
echo "body: $(wc -c < "$WORK/version.json") bytes; bearer token + ABAC (default policy); server CPU $SERVER_CPU, wrk CPU $CLIENT_CPU, $DURATION each"

AUTH="Authorization: Bearer $TOKEN"
ROUNDS="${ROUNDS:-3}"
HAVE_NGINX=0
if command -v nginx >/dev/null; then
    HAVE_NGINX=1
    mkdir -p "$WORK/www"
    cp "$WORK/version.json" "$WORK/www/version"
    cp "$DATA/pki/apiserver.crt" "$DATA/pki/apiserver.key" "$WORK/www/"
    chmod -R a+rX "$WORK/www"
    NPORT=$(free_port)
    NGINX_TOKEN=$TOKEN start_nginx "$NPORT" "$WORK/www" "
        ssl_certificate $WORK/www/apiserver.crt;
        ssl_certificate_key $WORK/www/apiserver.key;
        ssl_protocols TLSv1.2 TLSv1.3;
        ssl_session_cache shared:SSL:10m;
        location /version { if (\$bench_authorized = 0) { return 401; } }" ssl
    code=$(curl -s -o /dev/null -w '%{http_code}' --cacert "$CA" -H "$AUTH" "https://127.0.0.1:$NPORT/version")
    [ "$code" = 200 ] || { echo "bench: nginx reference answered $code"; cat "$WORK/nginx/error.log"; exit 1; }
else
    echo "nginx not installed: no reference run (apt-get install -y nginx)"
fi

for round in $(seq 1 "$ROUNDS"); do
    run_wrk "kube-console TLS keep-alive $round" 64 "https://127.0.0.1:$PORT/version" -H "$AUTH"
    if [ "$HAVE_NGINX" = 1 ]; then run_wrk "nginx TLS keep-alive $round" 64 "https://127.0.0.1:$NPORT/version" -H "$AUTH"; fi
    run_wrk "kube-console TLS new conn/req $round" 16 "https://127.0.0.1:$PORT/version" -H "$AUTH" -H "Connection: close"
    if [ "$HAVE_NGINX" = 1 ]; then run_wrk "nginx TLS new conn/req $round" 16 "https://127.0.0.1:$NPORT/version" -H "$AUTH" -H "Connection: close"; fi
done

echo "medians of $ROUNDS rounds:"
for name in "kube-console TLS keep-alive" "kube-console TLS new conn/req" "nginx TLS keep-alive" "nginx TLS new conn/req"; do
    if [ "$HAVE_NGINX" = 0 ] && [[ "$name" == nginx* ]]; then continue; fi
    printf '  %-32s %10s req/s  p99 %s ms\n' "$name" "$(median "$name " rps)" "$(median "$name " p99)"
done
if [ "$HAVE_NGINX" = 1 ]; then
    echo "ratio keep-alive req/s kube-console/nginx: $(ratio "$(median "kube-console TLS keep-alive " rps)" "$(median "nginx TLS keep-alive " rps)")x (target >= 0.9x)"
    echo "ratio new TLS connections/s kube-console/nginx: $(ratio "$(median "kube-console TLS new conn/req " rps)" "$(median "nginx TLS new conn/req " rps)")x (target >= 0.8x)"
fi
