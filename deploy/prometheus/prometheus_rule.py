"""Writes the PrometheusRule object that carries alerts.yaml (for the Prometheus Operator).

Usage (from the repository root):
  python3 deploy/prometheus/prometheus_rule.py            # rewrite the committed object
  python3 deploy/prometheus/prometheus_rule.py --check    # exit 1 when it is out of date
  python3 deploy/prometheus/prometheus_rule.py --check ALERTS.yaml RULE.yaml

kustomize cannot put a file under a custom resource's `spec`, so the object is generated
and committed (deploy/kubernetes/monitoring/prometheusrule.yaml); //deploy:kustomize_test
runs --check. alerts.yaml stays the one source: promtool tests it and plain Prometheus
loads it. Its text is indented under `spec:` unchanged, comments and block scalars
included, so the object reads like the file and diffs line for line.
"""

import argparse
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_ALERTS = os.path.join(HERE, "alerts.yaml")
DEFAULT_RULE = os.path.normpath(
    os.path.join(HERE, "..", "kubernetes", "monitoring", "prometheusrule.yaml"))

HEADER = """\
# GENERATED from deploy/prometheus/alerts.yaml by deploy/prometheus/prometheus_rule.py:
# edit alerts.yaml and rerun the script; //deploy:kustomize_test fails when this is stale.
# Your Prometheus selects rules by label (the operator's ruleSelector, e.g. `release:` in
# kube-prometheus-stack): add that label in a patch (deploy/README.md, "Monitoring").
apiVersion: monitoring.coreos.com/v1
kind: PrometheusRule
metadata:
  name: lead-gateway
  labels:
    app.kubernetes.io/name: lead-gateway
    app.kubernetes.io/component: alerting
spec:
"""


def render(alerts_text):
    """The PrometheusRule text for the text of alerts.yaml."""
    lines = alerts_text.splitlines()
    if any(line.startswith(("---", "...", "%")) for line in lines):
        raise SystemExit("alerts.yaml must be one plain YAML document to be embedded")
    body = "".join(("  " + line if line.strip() else "") + "\n" for line in lines)
    return HEADER + body


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true",
                        help="compare with the committed object instead of writing it")
    parser.add_argument("alerts", nargs="?", default=DEFAULT_ALERTS)
    parser.add_argument("rule", nargs="?", default=DEFAULT_RULE)
    args = parser.parse_args()
    with open(args.alerts, encoding="utf-8") as stream:
        wanted = render(stream.read())
    if args.check:
        try:
            with open(args.rule, encoding="utf-8") as stream:
                current = stream.read()
        except FileNotFoundError:
            current = None
        if current != wanted:
            print("%s is out of date with %s: run python3 deploy/prometheus/prometheus_rule.py"
                  % (args.rule, args.alerts))
            return 1
        print("%s is up to date" % args.rule)
        return 0
    with open(args.rule, "w", encoding="utf-8") as stream:
        stream.write(wanted)
    print("wrote %s" % args.rule)
    return 0


if __name__ == "__main__":
    sys.exit(main())
