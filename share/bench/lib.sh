# Shared by the benchmark scripts: build, free ports, wrk parsing, nginx with one worker.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
DURATION="${DURATION:-10s}"
SERVER_CPU="${SERVER_CPU:-0}"
CLIENT_CPU="${CLIENT_CPU:-1}"
WORK="$(mktemp -d /tmp/kube-console-bench.XXXXXX)"
chmod 755 "$WORK"  # nginx workers run as an unprivileged user
PIDS=()
cleanup() { for p in "${PIDS[@]:-}"; do [ -n "$p" ] && kill "$p" 2>/dev/null || true; done; rm -rf "$WORK"; }
trap cleanup EXIT

need() { command -v "$1" >/dev/null || { echo "bench: $1 is not installed (apt-get install -y $2)" >&2; exit 2; }; }
need wrk wrk
need taskset util-linux

# SCRATCH_PATH=/tmp/my-build builds (and benchmarks) a private build directory, away from .build;
# BIN=/path/to/kube-console benchmarks that binary as it is (say, one built before a change).
build_release() {
    [ -n "${BIN:-}" ] && return
    local scratch="${SCRATCH_PATH:-$ROOT/.build}"
    (cd "$ROOT" && swift build -c release --product kube-console --scratch-path "$scratch" >&2)
    BIN="$scratch/release/kube-console"
}

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# serve_localhost BINARY DATA-DIR: the server on $PORT's localhost port only, pinned to the server CPU;
# sets SERVER (its pid, stopped at exit) — stop_server stops it now.
serve_localhost() {
    taskset -c "$SERVER_CPU" "$1" serve --port "$PORT" --read-only-port 0 --secure-port 0 --data-dir "$2" \
        --access-log=false 2>>"$WORK/server.log" &
    SERVER=$!
    PIDS+=($SERVER)
    wait_port "$PORT"
}
stop_server() { kill "$SERVER"; wait "$SERVER" 2>/dev/null || true; }

wait_port() {  # wait_port PORT [scheme]
    for _ in $(seq 1 200); do
        curl -sk -o /dev/null "${2:-http}://127.0.0.1:$1/" 2>/dev/null && return 0
        python3 - "$1" <<'PY' && return 0
import socket, sys
s = socket.socket(); s.settimeout(0.05)
sys.exit(0 if s.connect_ex(("127.0.0.1", int(sys.argv[1]))) == 0 else 1)
PY
    done
    echo "bench: nothing listening on $1" >&2; exit 1
}

# run_wrk NAME CONNECTIONS URL [extra wrk args...] → prints "NAME conns req/s p50 p99"
run_wrk() {
    local name="$1" conns="$2" url="$3"; shift 3
    local out before after
    before=$(cpu_ticks "${CPU_PID:-}")
    out=$(taskset -c "$CLIENT_CPU" wrk -t1 -c"$conns" -d"$DURATION" --latency "$@" "$url")
    after=$(cpu_ticks "${CPU_PID:-}")
    local rps p50 p99 errors requests cpu=""
    rps=$(awk '/^Requests\/sec/ {print $2}' <<<"$out")
    p50=$(awk '$1=="50%" {print $2}' <<<"$out")
    p99=$(awk '$1=="99%" {print $2}' <<<"$out")
    requests=$(awk '/requests in/ {print $1}' <<<"$out")
    errors=$(grep -E 'Non-2xx|Socket errors' <<<"$out" | tr '\n' ' ' || true)
    [ -n "${CPU_PID:-}" ] && [ "${requests:-0}" -gt 0 ] \
        && cpu=$(awk -v t="$((after - before))" -v n="$requests" -v hz="$(getconf CLK_TCK)" 'BEGIN {printf "%.2f", t / hz * 1e6 / n}')
    printf '%-34s c=%-4s %12s req/s  p50 %-9s p99 %-9s %s%s\n' "$name" "$conns" "$rps" "$p50" "$p99" "${cpu:+cpu $cpu us/req }" "$errors"
    echo "${name// /_} $conns $rps $p99 ${cpu:-n/a}" >> "$WORK/results"
}

# cpu_ticks PID → user + system clock ticks of PID and its children (nginx's worker) so far; 0 without PID.
cpu_ticks() {
    local total=0 p v
    [ -n "$1" ] || { echo 0; return; }
    for p in "$1" $(pgrep -P "$1" || true); do
        v=$(awk '{print $14 + $15}' "/proc/$p/stat" 2>/dev/null || true)
        total=$((total + ${v:-0}))
    done
    echo "$total"
}

# start_nginx PORT DOCROOT [extra server-block lines] [listen options] — nginx tuned as its users run it:
# one worker pinned to the server CPU, no access log, sendfile, `open_file_cache` (no open/fstat per
# request), keep-alive never cut short (`keepalive_requests` lifted), and the bearer token NGINX_TOKEN
# checked with a `map` into $bench_authorized (use `if ($bench_authorized = 0) { return 401; }`), not a
# string comparison per request. NGINX_HTTP_EXTRA adds lines to the http block (another server),
# NGINX_MAIN_EXTRA to the main context (`master_process off;`), NGINX_LAUNCHER runs nginx under a tool
# (valgrind). Sets NGINX_PID; stop_nginx stops it.
start_nginx() {
    local port="$1" root="$2" extra="${3:-}" listen="${4:-}"
    mkdir -p "$WORK/nginx"
    cat > "$WORK/nginx/nginx.conf" <<CONF
worker_processes 1;
worker_cpu_affinity auto;
daemon off;
${NGINX_MAIN_EXTRA:-}
pid $WORK/nginx/nginx.pid;
error_log $WORK/nginx/error.log warn;
events { worker_connections 4096; }
http {
    access_log off;
    server_tokens off;
    sendfile on;
    tcp_nopush on;
    tcp_nodelay on;
    keepalive_requests 10000000;
    keepalive_timeout 90s;
    open_file_cache max=16 inactive=60s;
    open_file_cache_valid 60s;
    types { }
    default_type application/json;
    client_body_temp_path $WORK/nginx/body;
    proxy_temp_path $WORK/nginx/proxy;
    fastcgi_temp_path $WORK/nginx/fastcgi;
    uwsgi_temp_path $WORK/nginx/uwsgi;
    scgi_temp_path $WORK/nginx/scgi;
    map_hash_bucket_size 128;  # room for a long token
    map \$http_authorization \$bench_authorized {
        default 0;
        "Bearer ${NGINX_TOKEN:-unset}" 1;
    }
    ${NGINX_HTTP_EXTRA:-}
    server {
        listen 127.0.0.1:$port $listen;
        root $root;
        $extra
    }
}
CONF
    taskset -c "$SERVER_CPU" ${NGINX_LAUNCHER:-} nginx -c "$WORK/nginx/nginx.conf" -e "$WORK/nginx/error.log" &
    NGINX_PID=$!
    PIDS+=($NGINX_PID)
    wait_port "$port"
}

# nginx_pod_tls_server PORT ROOT PATH → a server block for NGINX_HTTP_EXTRA: PATH under ROOT over TLS with
# ROOT's apiserver.crt and .key, refused (401) without the bearer token of start_nginx's map.
nginx_pod_tls_server() {
    cat <<BLOCK
server {
        listen 127.0.0.1:$1 ssl;
        root $2;
        ssl_certificate $2/apiserver.crt;
        ssl_certificate_key $2/apiserver.key;
        ssl_protocols TLSv1.2 TLSv1.3;
        ssl_session_cache shared:SSL:1m;
        location = $3 { if (\$bench_authorized = 0) { return 401; } }
    }
BLOCK
}

stop_nginx() {
    [ -n "${NGINX_PID:-}" ] || return 0
    kill "$NGINX_PID" 2>/dev/null || true
    wait "$NGINX_PID" 2>/dev/null || true
    NGINX_PID=""
}

# rss_kb FIELD PID → the /proc status FIELD (VmRSS, VmHWM) of PID and its children, summed, in kB.
rss_kb() {
    local field="$1" total=0 p v
    for p in "$2" $(pgrep -P "$2" || true); do
        v=$(awk -v f="$field:" '$1 == f {print $2}' "/proc/$p/status" 2>/dev/null || true)
        total=$((total + ${v:-0}))
    done
    echo "$total"
}

# result NAME FIELD → a recorded figure (FIELD: rps or p99) of the run named NAME.
result() {
    awk -v n="${1// /_}" -v f="$2" '$1==n {print (f=="rps" ? $3 : $4); exit}' "$WORK/results"
}

# median PREFIX FIELD → the median of the recorded runs whose name starts with PREFIX (FIELD: rps, p99 in
# ms, or cpu: the server's microseconds of CPU per request, recorded when run_wrk had CPU_PID). Alternating rounds and taking medians keeps one noisy moment of a shared VM out of a ratio.
median() {
    awk -v p="${1// /_}" -v f="$2" 'index($1, p) == 1 {v = (f == "rps" ? $3 : f == "cpu" ? $5 : $4); if (v != "" && v != "n/a") print v}' "$WORK/results" | python3 -c '
import re, statistics, sys
values = []
for v in sys.stdin.read().split():
    m = re.match(r"([0-9.]+)(us|ms|s)?$", v)
    values.append(float(m.group(1)) * {"us": 0.001, "ms": 1, "s": 1000, None: 1}[m.group(2)])
print(f"{statistics.median(values):.1f}" if values else "n/a")'
}

ratio() {  # ratio A B → A/B with two decimals
    python3 -c "import sys; a,b=float(sys.argv[1]),float(sys.argv[2]); print(f'{a/b:.2f}' if b else 'n/a')" "$1" "$2"
}

# p99 values from wrk carry units (us, ms, s): compare in microseconds.
to_us() {
    python3 -c "
import sys,re
v=sys.argv[1]; m=re.match(r'([0-9.]+)(us|ms|s)',v)
print(float(m.group(1))*{'us':1,'ms':1000,'s':1e6}[m.group(2)] if m else 'nan')" "$1"
}
