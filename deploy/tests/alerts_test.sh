#!/usr/bin/env bash
# promtool: the rule file is valid (`check rules`) and its unit tests pass (`test rules`).
set -euo pipefail
source deploy/tests/testlib.sh
require_tool /usr/bin/promtool prometheus

/usr/bin/promtool check rules deploy/prometheus/alerts.yaml
/usr/bin/promtool test rules deploy/prometheus/alerts_test.yaml
