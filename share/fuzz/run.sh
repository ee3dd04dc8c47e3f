#!/usr/bin/env bash
# Builds one libFuzzer target (libFuzzer + ASan, release) and runs it on one worker.
#   share/fuzz/run.sh TARGET [RUNS] [extra libFuzzer flags...]      RUNS defaults to 1000000
# TARGET is one of http (the HTTP/1.1 request parser), json, protobuf, abac-policy, credentials-csv, selectors,
# continue-token, patch, or all (every target in turn). One harness, APIFuzzer.swift, runs the checks in
# Tests/FuzzChecks (the target picked by the name it runs as), linked against the package's modules built by
# SwiftPM with -sanitize=fuzzer,address (coverage and ASan in every module).
# Build output, the growing corpora and crash artifacts go to share/fuzz/out/ (gitignored); the committed
# seeds in share/fuzz/corpus/TARGET/ are only read. Exits non-zero when a build fails or libFuzzer finds a
# crash, hang (-timeout=10) or leak. An input that found a bug belongs in share/fuzz/crashes/TARGET/, where
# `swift test` (Tests/FuzzTests) replays it. Works from any directory.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
targets=(http json protobuf abac-policy credentials-csv selectors continue-token patch)
target="${1:?usage: run.sh TARGET [RUNS] [libFuzzer flags...]; TARGET: ${targets[*]} all}"
shift
runs="${1:-1000000}"
[[ $# -gt 0 ]] && shift
out="$here/out"
mkdir -p "$out/artifacts"

build() {
  [[ -x "$out/kube-fuzzer" && -n "${FUZZ_BUILT:-}" ]] && return
  echo "building the package's modules with coverage and ASan (-sanitize=fuzzer,address; log in $out/build-modules.log)"
  # One -sanitize=fuzzer,address, not SwiftPM's --sanitize fuzzer --sanitize address: that passes the two as
  # separate -sanitize= flags, the driver keeps only the last, and the modules got ASan without coverage
  # (libFuzzer saw the harness's 173 counters only and mutated blind).
  (cd "$root" && swift build -c release -Xswiftc -sanitize=fuzzer,address --target FuzzChecks \
    --scratch-path "$out/build") >"$out/build-modules.log" 2>&1 || { tail -n 40 "$out/build-modules.log"; echo "build failed" >&2; exit 1; }
  local release
  release="$(cd "$root" && swift build -c release --scratch-path "$out/build" --show-bin-path)"
  # The objects of the sources as they are now (a build directory keeps those of deleted files too).
  local objects=()
  for module in Threads HTTP Storage KubeAPI APIServer FuzzChecks; do
    mapfile -t -O "${#objects[@]}" objects < <(python3 -c 'import json, sys
for source, out in json.load(open(sys.argv[1])).items():
    if source and "object" in out: print(out["object"])' "$release/$module.build/output-file-map.json")
  done
  # Blind fuzzing would pass for fuzzing: refuse modules without coverage instrumentation.
  nm "$release/KubeAPI.build/JSONParser.swift.o" | grep -q __sanitizer_cov \
    || { echo "the modules have no coverage instrumentation (-sanitize=fuzzer did not reach the compiler)" >&2; exit 1; }
  echo "linking $out/kube-fuzzer"
  swiftc -sanitize=fuzzer,address -parse-as-library -O -g -module-cache-path "$out/module-cache" -I "$release/Modules" \
    -I "$root/Sources/CLinux" -I "$root/Sources/COpenSSL" -I "$root/Sources/CSQLite" \
    "$here/APIFuzzer.swift" "${objects[@]}" -lssl -lcrypto -lsqlite3 -o "$out/kube-fuzzer" >"$out/build-harness.log" 2>&1 \
    || { cat "$out/build-harness.log"; echo "link failed" >&2; exit 1; }
  for t in "${targets[@]}"; do ln -sf kube-fuzzer "$out/$t-fuzzer"; done
  export FUZZ_BUILT=1
}

run() {
  local t="$1" extra=()
  shift
  [[ "$t" == http ]] && extra=(-dict="$here/http.dict")
  local log="$out/fuzz-$t.log"
  mkdir -p "$out/corpus/$t"
  echo "fuzzing $t: $runs runs, log in $log"
  set +e
  # Let libFuzzer/ASan handle crashes (the Swift runtime's backtracer would otherwise take over the signal).
  SWIFT_BACKTRACE=enable=no "$out/$t-fuzzer" "$out/corpus/$t" "$here/corpus/$t" "${extra[@]}" \
    -runs="$runs" -max_len=4096 -timeout=10 -artifact_prefix="$out/artifacts/$t-" -print_final_stats=1 "$@" >"$log" 2>&1
  local rc=$?
  set -e
  if [[ $rc -ne 0 ]]; then
    tail -n 60 "$log"
    echo "FAILED (exit $rc); crashing input under $out/artifacts/$t-*" >&2
    exit "$rc"
  fi
  grep -E '^Done [0-9]+ runs|^stat::(number_of_executed_units|average_exec_per_sec|peak_rss_mb)' "$log"
}

case "$target" in
  all) build; for t in "${targets[@]}"; do run "$t" "$@"; done ;;
  *)
    [[ " ${targets[*]} " == *" $target "* ]] || { echo "unknown target $target: ${targets[*]} all" >&2; exit 2; }
    build; run "$target" "$@" ;;
esac
