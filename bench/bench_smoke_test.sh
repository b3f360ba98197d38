#!/usr/bin/env bash
# Smoke test of the benchmark binaries (no gateway, no load): both clients answer --help
# with their scenarios, reject a bad scenario, and bench_report turns fixture records into
# the expected figures and budget verdicts.
set -euo pipefail

fail() { echo "FAIL: $*" >&2; exit 1; }
tmp="${TEST_TMPDIR:-$(mktemp -d)}"

for client in bench/load_client bench/direct_client; do
  # absl's --help exits 1 after printing the usage.
  "$client" --help >"$tmp/help.txt" 2>&1 || true
  grep -q "Scenarios.*get_lead.*upsert_300" "$tmp/help.txt" || fail "$client --help lists no scenarios"
  if "$client" --scenario=nope >"$tmp/bad.txt" 2>&1; then fail "$client accepted --scenario=nope"; fi
  grep -q "unknown --scenario" "$tmp/bad.txt" || fail "$client: no message for a bad scenario"
done
if bench/direct_client --scenario=health >"$tmp/health.txt" 2>&1; then
  fail "direct_client ran the gateway-only health scenario"
fi

bench/bench_report --records_dir=bench/testdata/records --meta=bench/testdata/meta.json \
  --summary="$tmp/summary.json" >"$tmp/table.txt"
expect() { grep -q -- "$1" "$tmp/$2" || { cat "$tmp/$2" >&2; fail "missing in $2: $1"; }; }
# 260 - 200 = 60 us added at p50 (within 100); 900 - 400 = 500 us at p99 (over 400).
expect '\[PASS\] get_lead added p50 .* 60.00 us' table.txt
expect '\[FAIL\] get_lead added p99 .* 500.00 us' table.txt
# 24 ticks of 10 ms over 6000 RPCs = 40 us per RPC.
expect '\[PASS\] get_lead gateway CPU per RPC .* 40.00 us' table.txt
# 121 sync_leads calls for 120 RPCs of 300 records: not ceil(300/300) = 1 per RPC.
expect '\[FAIL\] upsert_300 sync calls per RPC .* 1.01 calls' table.txt
expect '\[PASS\] gateway peak RSS (VmHWM) .* 40.04 MiB' table.txt
expect 'get_lead (gateway): 2 errors: UNAVAILABLE=2' table.txt
# The direct baseline slower than the gateway (500 - 900 us): undecidable, not a pass.
expect '\[????\] upsert_1 added p50 .* -400.00 us' table.txt
expect '\[PASS\] upsert_1 added p99 .* 200.00 us' table.txt
expect '\[PASS\] upsert_1 sync calls per RPC .* 1.00 calls' table.txt
expect '"verdict": "inconclusive"' summary.json
expect '"all_pass": false' summary.json
expect '"p50": 60.0' summary.json
echo "PASS"
