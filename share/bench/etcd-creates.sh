#!/usr/bin/env bash
# Creates per second through kube-console on etcd next to the ceiling: the same create transactions sent
# straight to etcd's JSON gateway by the same client (wrk, 64 connections, from this machine). Every
# create through kube-console is an etcd transaction acknowledged after etcd's fsync and after the
# master's cache has it, so etcd's own throughput is the limit (target: >= 0.8x).
#
# Each run starts a fresh etcd (and a fresh kube-console); the two kinds of run alternate for ROUNDS
# rounds and the ratio is of the medians (this VM's speed drifts). The direct transactions carry the value
# kube-console stored for its first create, under fresh keys, with kube's create comparison.
#
# Usage: share/bench/etcd-creates.sh   (DURATION=10s CONNECTIONS=64 ROUNDS=3 CLIENT_CPU=1; BIN=, ETCD=)
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/etcd-lib.sh"
CONNECTIONS="${CONNECTIONS:-64}"
build_release

cat > "$WORK/create.lua" <<'LUA'
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"metadata":{"generateName":"bench-"},"data":{"k":"v"}}'
LUA

# One create transaction per request on a fresh key: compare the key's create revision with 0, put the
# value (base64, as the gateway wants bytes). Each wrk thread has its own Lua state: a table's address
# keeps the threads' keys apart.
cat > "$WORK/txn.lua" <<'LUA'
local f = assert(io.open(os.getenv("VALUE_FILE"), "rb"))
local value = f:read("*a"):gsub("%s+$", "")
f:close()
local b64chars = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'
local function b64(data)
  return ((data:gsub('.', function(x)
    local r, b = '', x:byte()
    for i = 8, 1, -1 do r = r .. (b % 2^i - b % 2^(i-1) > 0 and '1' or '0') end
    return r
  end) .. '0000'):gsub('%d%d%d?%d?%d?%d?', function(x)
    if #x < 6 then return '' end
    local c = 0
    for i = 1, 6 do c = c + (x:sub(i, i) == '1' and 2^(6-i) or 0) end
    return b64chars:sub(c + 1, c + 1)
  end) .. ({ '', '==', '=' })[#data % 3 + 1])
end
local encoded = b64(value)
local id = tostring({}):match('0x(%x+)')
local counter = 0
request = function()
  counter = counter + 1
  local key = b64('/registry/configmaps/default/direct-' .. id .. '-' .. counter)
  local body = '{"compare":[{"key":"' .. key .. '","target":"CREATE","create_revision":"0"}],' ..
    '"success":[{"request_put":{"key":"' .. key .. '","value":"' .. encoded .. '"}}]}'
  return wrk.format("POST", "/v3/kv/txn", {["Content-Type"] = "application/json"}, body)
end
LUA

through_kube_console() {
    local round="$1" url port
    url=$(start_etcd "etcd-store-$round")
    port=$(free_port)
    start_master "master-$round" "$url" "$port"
    run_wrk "kube-console $round" "$CONNECTIONS" "http://127.0.0.1:$port/api/v1/namespaces/default/configmaps" -s "$WORK/create.lua"
    if [ ! -s "$WORK/value" ]; then
        local key
        key=$(ETCDCTL_API=3 etcdctl --endpoints "$url" get --prefix --keys-only --limit 1 /registry/configmaps/default/bench- | head -1)
        ETCDCTL_API=3 etcdctl --endpoints "$url" get --print-value-only "$key" > "$WORK/value"
        echo "    a stored configmap is $(wc -c < "$WORK/value") bytes"
    fi
    stop "master-$round"
    stop "etcd-store-$round"
}

straight_to_etcd() {
    local round="$1" url
    url=$(start_etcd "etcd-direct-$round")
    VALUE_FILE="$WORK/value" run_wrk "etcd gateway $round" "$CONNECTIONS" "$url/v3/kv/txn" -s "$WORK/txn.lua"
    stop "etcd-direct-$round"
}

for round in $(seq 1 "${ROUNDS:-3}"); do
    through_kube_console "$round"
    straight_to_etcd "$round"
done
store=$(median "kube-console " rps) direct=$(median "etcd gateway " rps)
echo "medians: kube-console $store creates/s, etcd gateway $direct txns/s"
echo "creates through kube-console / transactions straight to etcd: $(ratio "$store" "$direct")x (target >= 0.8x)"
