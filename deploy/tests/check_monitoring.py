"""Checks the rendered monitoring kustomization against its sources.

Usage: check_monitoring.py RENDERED.yaml DASHBOARD.json ALERTS.yaml

- Exactly a ConfigMap and a PrometheusRule are rendered.
- The ConfigMap lead-gateway-dashboard (no hash suffix: Grafana's sidecar needs no
  rollout, and a new name per change would leave the old dashboard behind) carries the
  label grafana_dashboard: "1" and, as lead-gateway.json, the dashboard file unchanged.
- The PrometheusRule's spec is alerts.yaml, rule for rule.
"""

import sys

import yaml

DASHBOARD_CONFIG_MAP = "lead-gateway-dashboard"
DASHBOARD_KEY = "lead-gateway.json"


def check(objects, dashboard_text, alerts):
    errors = []
    kinds = sorted(o.get("kind") for o in objects)
    if kinds != ["ConfigMap", "PrometheusRule"]:
        errors.append("rendered kinds %s, expected ConfigMap and PrometheusRule" % kinds)
    for config_map in (o for o in objects if o.get("kind") == "ConfigMap"):
        metadata = config_map["metadata"]
        if metadata["name"] != DASHBOARD_CONFIG_MAP:
            errors.append("ConfigMap %s: expected the fixed name %s (disableNameSuffixHash)"
                          % (metadata["name"], DASHBOARD_CONFIG_MAP))
        if (metadata.get("labels") or {}).get("grafana_dashboard") != "1":
            errors.append('ConfigMap %s lacks the label grafana_dashboard: "1"'
                          % metadata["name"])
        if (config_map.get("data") or {}).get(DASHBOARD_KEY) != dashboard_text:
            errors.append("ConfigMap %s: %s differs from the dashboard file"
                          % (metadata["name"], DASHBOARD_KEY))
    for rule in (o for o in objects if o.get("kind") == "PrometheusRule"):
        if rule.get("spec") != alerts:
            errors.append("PrometheusRule %s: spec differs from alerts.yaml (run "
                          "deploy/prometheus/prometheus_rule.py)" % rule["metadata"]["name"])
    return errors


def main(argv):
    if len(argv) != 4:
        print("usage: check_monitoring.py RENDERED.yaml DASHBOARD.json ALERTS.yaml",
              file=sys.stderr)
        return 2
    with open(argv[1], encoding="utf-8") as stream:
        objects = [d for d in yaml.safe_load_all(stream) if d is not None]
    with open(argv[2], encoding="utf-8") as stream:
        dashboard_text = stream.read()
    with open(argv[3], encoding="utf-8") as stream:
        alerts = yaml.safe_load(stream)
    errors = check(objects, dashboard_text, alerts)
    for error in errors:
        print("%s: %s" % (argv[1], error))
    print("%s: %d monitoring errors" % (argv[1], len(errors)))
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
