#!/bin/bash
# Checks metrics/exposition_sample's output with Prometheus' own parser and linter.
# promtool comes from Debian's `prometheus` package. Without it the test passes with a
# note, unless LEADGW_REQUIRE_PROMTOOL=1; LEADGW_PROMTOOL may name the binary explicitly.
set -euo pipefail

promtool="${LEADGW_PROMTOOL:-$(command -v promtool || true)}"
if [[ -z "${promtool}" || ! -x "${promtool}" ]]; then
  if [[ "${LEADGW_REQUIRE_PROMTOOL:-0}" == "1" ]]; then
    echo "FAIL: promtool not found (LEADGW_REQUIRE_PROMTOOL=1); apt-get install prometheus" >&2
    exit 1
  fi
  echo "NOTE: promtool not found on PATH; exposition NOT checked by Prometheus' parser."
  echo "      Install Debian's 'prometheus' package or set LEADGW_PROMTOOL, and set"
  echo "      LEADGW_REQUIRE_PROMTOOL=1 to make its absence a failure."
  exit 0
fi

sample="${TEST_SRCDIR}/${TEST_WORKSPACE}/metrics/exposition_sample"
output="${TEST_TMPDIR}/exposition.txt"
"${sample}" > "${output}"
grep -q '^leadgw_sample_requests_total{code="OK",method="UpsertLeads"} 12$' "${output}"

echo "Checking with ${promtool}:"
if ! "${promtool}" check metrics < "${output}"; then
  echo "FAIL: promtool rejected the exposition:" >&2
  cat "${output}" >&2
  exit 1
fi
echo "PASS: promtool check metrics accepted $(wc -l < "${output}") lines"
