#!/usr/bin/env bash
# The quota end-to-end tests again, beside one busy loop per core plus one: the gate's
# promises (no upstream limit answer, the window used, nobody waiting out a deadline) must
# hold on a saturated machine, not only on an idle one. Every loop ends after 10 minutes
# at the latest, and when this script exits.
set -euo pipefail
loops=$(($(nproc) + 1))
pids=()
for _ in $(seq "$loops"); do
  (
    end=$((SECONDS + 600))
    while [ "$SECONDS" -lt "$end" ]; do :; done
  ) &
  pids+=("$!")
done
trap 'kill "${pids[@]}" 2>/dev/null || true' EXIT

status=0
for test in tests/faults/quota_shaping_e2e_test tests/faults/shared_account_e2e_test \
  tests/faults/fleet_e2e_test; do
  echo "== $test beside $loops busy loops"
  "$test" || status=1
done
exit "$status"
