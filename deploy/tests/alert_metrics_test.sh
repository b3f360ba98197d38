#!/usr/bin/env bash
# The alert rules use only documented metric families and carry for/severity/annotations.
set -euo pipefail
source deploy/tests/testlib.sh
require_python_module yaml python3-yaml
doc=$(metrics_doc)

/usr/bin/python3 deploy/tests/check_alert_rules.py deploy/prometheus/alerts.yaml \
  deploy/prometheus/alerts_test.yaml "$doc"
