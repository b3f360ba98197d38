#!/usr/bin/env bash
# The Grafana dashboard is well-formed and plots only documented metric families.
set -euo pipefail
source deploy/tests/testlib.sh
require_tool /usr/bin/python3 python3
doc=$(metrics_doc)

/usr/bin/python3 deploy/tests/check_dashboard.py deploy/grafana/lead-gateway.json "$doc"
# The checker itself must catch unfiltered queries and replicas counted from build_info.
/usr/bin/python3 deploy/tests/dashboard_selftest.py deploy/grafana/lead-gateway.json "$doc"
