#!/usr/bin/env bash
# Smoke test of the benchmark binaries (no gateway, no load): both clients answer --help
# with their scenarios, reject a bad scenario and a --concurrency outside 0..256,
# load_client reports its own CPU after 20 health checks to grpc_floor_server (open loop)
# and the shape of a 0.1 s closed-loop run of one call at a time, and bench_report turns
# fixture records into the expected figures, floors and budget verdicts.
set -euo pipefail

fail() { echo "FAIL: $*" >&2; exit 1; }
tmp="${TEST_TMPDIR:-$(mktemp -d)}"
floor_pid=""
trap '[ -z "$floor_pid" ] || kill "$floor_pid" 2>/dev/null || true' EXIT

for client in bench/load_client bench/direct_client; do
  # absl's --help exits 1 after printing the usage.
  "$client" --help >"$tmp/help.txt" 2>&1 || true
  grep -q "Scenarios.*get_lead.*upsert_300" "$tmp/help.txt" || fail "$client --help lists no scenarios"
  if "$client" --scenario=nope >"$tmp/bad.txt" 2>&1; then fail "$client accepted --scenario=nope"; fi
  grep -q "unknown --scenario" "$tmp/bad.txt" || fail "$client: no message for a bad scenario"
  for concurrency in -1 257 1000; do
    if "$client" --concurrency="$concurrency" >"$tmp/bad.txt" 2>&1; then
      fail "$client accepted --concurrency=$concurrency"
    fi
    grep -q -- "--concurrency must be 0 (open loop) or 1..256 (closed loop)" "$tmp/bad.txt" ||
      fail "$client: no message for --concurrency=$concurrency: $(cat "$tmp/bad.txt")"
  done
done
if bench/direct_client --scenario=health >"$tmp/health.txt" 2>&1; then
  fail "direct_client ran the gateway-only health scenario"
fi

# The gRPC floor server answers health checks; load_client labels the run and reports the
# CPU it spent itself.
bench/grpc_floor_server >"$tmp/floor.log" 2>&1 &
floor_pid=$!
for _ in $(seq 100); do
  grep -q "listening on" "$tmp/floor.log" && break
  kill -0 "$floor_pid" 2>/dev/null || fail "grpc_floor_server exited: $(cat "$tmp/floor.log")"
  sleep 0.1
done
floor_address="$(sed -n 's/^listening on \(127\.0\.0\.1:[0-9]*\)$/\1/p' "$tmp/floor.log")"
[ -n "$floor_address" ] || fail "grpc_floor_server did not listen: $(cat "$tmp/floor.log")"
bench/load_client --target="$floor_address" --client_label=grpc_floor --scenario=health \
  --concurrency=0 --rate=100 --warmup_s=0 --duration_s=0.2 >"$tmp/floor.json" \
  2>"$tmp/floor.err" || fail "load_client against grpc_floor_server: $(cat "$tmp/floor.err")"
# Closed loop, one call outstanding for 0.1 s: how many answers depends on the machine
# (even none, were this thread descheduled that long), so only the report's shape is checked.
bench/load_client --target="$floor_address" --client_label=grpc_floor --scenario=health \
  --concurrency=1 --warmup_s=0 --duration_s=0.1 >"$tmp/closed.json" 2>"$tmp/closed.err" ||
  fail "closed-loop load_client against grpc_floor_server: $(cat "$tmp/closed.err")"

bench/bench_report --records_dir=bench/testdata/records --meta=bench/testdata/meta.json \
  --summary="$tmp/summary.json" >"$tmp/table.txt"
expect() { grep -q -- "$1" "$tmp/$2" || { cat "$tmp/$2" >&2; fail "missing in $2: $1"; }; }
absent() { if grep -q -- "$1" "$tmp/$2"; then cat "$tmp/$2" >&2; fail "unexpected in $2: $1"; fi; }
expect '"client":"grpc_floor","scenario":"health","mode":"open","target_rate":100.0,' floor.json
expect '"ok":20,"errors":{}' floor.json
expect '"client_cpu_us_per_request":[0-9][0-9.]*}$' floor.json
expect '"scenario":"health","mode":"closed","concurrency":1,"target_rate":0.0,' closed.json
expect '"measured":\([0-9]*\),"answered":\1,"ok":\1,"errors":{},"achieved_rate":[0-9]' closed.json
expect '"client_cpu_us_per_request":[0-9][0-9.]*}$' closed.json
# 260 - 200 = 60 us added at p50 (within 100); 900 - 400 = 500 us at p99 (over 400).
expect '\[PASS\] get_lead added p50 .* 60.00 us' table.txt
expect '\[FAIL\] get_lead added p99 .* 500.00 us' table.txt
# 24 ticks of 10 ms over 6000 RPCs = 40 us per RPC.
expect '\[PASS\] get_lead gateway CPU per RPC .* 40.00 us' table.txt
# GetLead's calls go to the shared id lookup: 6000 filter calls for 6000 RPCs.
expect '\[PASS\] get_lead upstream calls per RPC .* 1.00 calls .*get_leads_by_filter' table.txt
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

# The client's own CPU per request, a column of every row (empty for records without it);
# the grpc_floor row sits under health with the floor server's CPU per RPC (9 ticks of 10 ms
# over 6000 RPCs = 15 us).
expect '^health  *grpc_floor  *1000  *1000.0  *0  *50.0 .*  15.0  *30.5  *0.000$' table.txt
expect '^health  *gateway .*  25.0  *31.5  *0.000$' table.txt
expect '^get_lead  *direct .*  8.0  *1.000$' table.txt
expect '^get_lead  *gateway .*  40.0  *12.5  *1.000$' table.txt
expect '^upsert_1  *gateway .*  20.0  *1.000$' table.txt
# Floors: information lines. Own CPU = gateway - gRPC floor - direct client CPU (health: no
# direct term); own added p50 = added p50 - gRPC floor p50 (health: gateway p50).
expect '\[info\] gRPC floor CPU per RPC  .*  15.00 us' table.txt
expect '\[info\] gRPC floor p50  .*  50.00 us' table.txt
expect '\[info\] gRPC floor p99  .* 120.00 us' table.txt
expect '\[info\] get_lead direct client CPU per request  .*  8.00 us' table.txt
expect '\[info\] upsert_1 direct client CPU per request  .*  4.50 us' table.txt
expect '\[info\] health gateway own CPU per RPC  .*  10.00 us .*= 25.00 gateway - 15.00 gRPC floor$' table.txt
expect '\[info\] health gateway own added p50  .*  30.00 us .*= 80.00 gateway p50 - 50.00 gRPC floor p50' table.txt
expect '\[info\] get_lead gateway own CPU per RPC  .*  17.00 us .*= 40.00 gateway - 15.00 gRPC floor - 8.00 direct client' table.txt
expect '\[info\] get_lead gateway own added p50  .*  10.00 us .*= 60.00 added p50 - 50.00 gRPC floor p50' table.txt
expect '\[info\] upsert_1 gateway own CPU per RPC  .*  0.50 us .*= 20.00 gateway - 15.00 gRPC floor - 4.50 direct client' table.txt
expect '\[info\] upsert_1 gateway own added p50  .* -450.00 us .*= -400.00 added p50 - 50.00 gRPC floor p50' table.txt
absent 'upsert_300 gateway own' table.txt
# The floor is never a budget check, and its RSS (97.66 MiB) is not the gateway's peak.
expect '\[PASS\] health gateway CPU per RPC .* 25.00 us' table.txt
expect '\[PASS\] health upstream calls .* 0.00 calls' table.txt
sed -n '/^Budget:$/,/^$/p' "$tmp/table.txt" >"$tmp/budget.txt"
absent 'floor\|own\|info' budget.txt
tr -d ' \n' <"$tmp/summary.json" >"$tmp/summary.flat"
expect '"floors":{"grpc_floor_cpu_us_per_rpc":15.0,"grpc_floor_latency_us":{"p50":50.0,"p99":120.0},"direct_client_cpu_us_per_request":{"get_lead":8.0,"upsert_1":4.5},"gateway_own_cpu_us_per_rpc":{"get_lead":17.0,"health":10.0,"upsert_1":0.5},"gateway_own_added_p50_us":{"get_lead":10.0,"health":30.0,"upsert_1":-450.0}}' summary.flat
expect '"grpc_floor":{"rounds":1,.*"server_cpu_us_per_rpc":15.0,"client_cpu_us_per_request":30.5,"server_vm_hwm_mib":97.656' summary.flat
expect '"gateway_cpu_us_per_rpc":40.0,"client_cpu_us_per_request":12.5,' summary.flat
expect '"send_lag_p99_us":90.0,"client_cpu_us_per_request":8.0,"gateway_vm_hwm_mib"' summary.flat

# The anchor (issue 16): ratios to the gRPC floor + HAProxy's hop, both from the same run.
# HAProxy's hop = its latency minus direct's (240 - 200 = 40 us at p50, 500 - 400 = 100 at
# p99); its CPU 3 ticks of 10 ms over 6000 requests = 5 us.
expect '^get_lead  *haproxy .*  40.0  *100.0  *5.0  *8.5  *0.000$' table.txt
expect '\[PASS\] get_lead added p50 / anchor .*  0.67 x .*60.0 / (50.0 gRPC floor + 40.0 HAProxy hop) us' table.txt
expect '\[FAIL\] get_lead added p99 / anchor .*  2.27 x .*500.0 / (120.0 gRPC floor + 100.0 HAProxy hop) us' table.txt
expect '\[FAIL\] get_lead CPU per RPC / anchor .*  2.00 x .*40.0 / (15.0 gRPC floor + 5.0 HAProxy) us' table.txt
# upsert_300: 30 ticks over 120 RPCs = 2500 us, 8.33 per record; marginal (2500 - 20) / 299.
expect '\[FAIL\] upsert_300 CPU per record .*  8.33 us' table.txt
expect '\[FAIL\] upsert_300 marginal CPU per record .*  8.29 us .*(2500.0 upsert_300 - 20.0 upsert_1) / 299 us' table.txt
# Re-based: HAProxy's CPU for the same request from perf's task-clock (60000 us over 120
# requests = 500 us), not its single 10 ms tick (83.3 us): 2500 / (15 + 500) = 4.85x.
expect '\[FAIL\] upsert_300 CPU per RPC / anchor (re-based) .*  4.85 x .*2500.0 / (15.0 gRPC floor + 500.0 HAProxy) us' table.txt
# perf stat counters over requests sent (6000).
expect '^  get_lead  *haproxy  *10.00  *2.00  *0.000  *0.0000$' table.txt
expect '^  get_lead  *gateway  *16.00  *5.00  *0.010  *0.0010$' table.txt
absent 'upsert_1 added p50 / anchor' table.txt
expect '"haproxy":{"rounds":1,.*"server_cpu_us_per_rpc":5.0,"client_cpu_us_per_request":8.5,' summary.flat
expect '"haproxy_added_latency_us":{"max":100.0,"mean":40.0,"p50":40.0,"p90":40.0,"p99":100.0,"p999":100.0}' summary.flat
expect '"gateway_kernel_per_request":{"context_switches":5.0,"cpu_migrations":0.01,"syscalls":16.0,"thread_creations":0.001}' summary.flat
expect '"anchor_pass":false' summary.flat

# Without the floor run: no floor or own-cost line, the direct client's CPU still shown, and
# the very same budget verdicts.
mkdir -p "$tmp/nofloor"
cp bench/testdata/records/*.json "$tmp/nofloor/"
rm "$tmp/nofloor/health.grpc_floor.1.json"
bench/bench_report --records_dir="$tmp/nofloor" --meta=bench/testdata/meta.json \
  --summary="$tmp/nofloor.json" >"$tmp/nofloor.txt"
absent 'gRPC floor' nofloor.txt
absent 'gateway own' nofloor.txt
absent '^health  *grpc_floor' nofloor.txt
expect '\[info\] get_lead direct client CPU per request  .*  8.00 us' nofloor.txt
sed -n '/^Budget:$/,/^$/p' "$tmp/nofloor.txt" | cmp -s - "$tmp/budget.txt" ||
  fail "the floor run changed the budget section"
tr -d ' \n' <"$tmp/nofloor.json" >"$tmp/nofloor.flat"
expect '"floors":{"grpc_floor_latency_us":{},"direct_client_cpu_us_per_request":{"get_lead":8.0,"upsert_1":4.5},"gateway_own_cpu_us_per_rpc":{},"gateway_own_added_p50_us":{}}' nofloor.flat
echo "PASS"
