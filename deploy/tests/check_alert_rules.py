"""Checks the alert rules beyond what promtool checks.

Usage: check_alert_rules.py ALERTS.yaml ALERTS_TEST.yaml METRICS.md

- Every expression uses only families of docs/metrics.md, with their own labels.
- Every alert has `for:`, a severity of warning or critical, a summary and a description;
  names are unique; the alerts operations rely on exist.
- The unit tests expect at least three different alerts to fire and include cases where
  an alert must stay silent.
"""

import sys

import yaml

import metric_names

SEVERITIES = {"warning", "critical"}
REQUIRED_ALERTS = {
    "LeadGatewayDown", "LeadGatewayMetricsAbsent", "LeadGatewayGrpcErrorRatioHigh",
    "LeadGatewayDailyQuotaNearlyExhausted", "LeadGatewayRateWindowSaturated",
    "LeadGatewayUpstreamRateLimited", "LeadGatewayUpstreamErrorRatioHigh",
    "LeadGatewayUpstreamTimeouts", "LeadGatewayTokenRefreshFailing", "LeadGatewayCircuitOpen",
}


def check_rules(rules_doc, families):
    errors = []
    names = []
    for group in rules_doc.get("groups") or []:
        for rule in group.get("rules") or []:
            name = rule.get("alert") or rule.get("record")
            for problem in metric_names.check_expr(str(rule.get("expr", "")), families):
                errors.append("%s: %s" % (name, problem))
            if "alert" not in rule:
                continue
            names.append(name)
            if not rule.get("for"):
                errors.append("%s: no `for:`" % name)
            if (rule.get("labels") or {}).get("severity") not in SEVERITIES:
                errors.append("%s: severity must be one of %s" % (name, sorted(SEVERITIES)))
            annotations = rule.get("annotations") or {}
            for key in ("summary", "description"):
                if not str(annotations.get(key, "")).strip():
                    errors.append("%s: no %s annotation" % (name, key))
    duplicates = sorted({n for n in names if names.count(n) > 1})
    if duplicates:
        errors.append("duplicate alert names: %s" % duplicates)
    for name in sorted(REQUIRED_ALERTS - set(names)):
        errors.append("missing alert %s" % name)
    return errors, set(names)


def check_tests(tests_doc, alert_names):
    errors = []
    firing, silent = set(), 0
    for test in tests_doc.get("tests") or []:
        for case in test.get("alert_rule_test") or []:
            if case.get("alertname") not in alert_names:
                errors.append("unit test names unknown alert %s" % case.get("alertname"))
            if case.get("exp_alerts"):
                firing.add(case["alertname"])
            else:
                silent += 1
    if len(firing) < 3:
        errors.append("unit tests expect only %d alerts to fire, want >= 3" % len(firing))
    if silent == 0:
        errors.append("no unit test expects an alert to stay silent")
    return errors


def main(argv):
    if len(argv) != 4:
        print("usage: check_alert_rules.py ALERTS.yaml ALERTS_TEST.yaml METRICS.md",
              file=sys.stderr)
        return 2
    with open(argv[3], encoding="utf-8") as stream:
        families = metric_names.parse_families(stream.read())
    with open(argv[1], encoding="utf-8") as stream:
        rules_doc = yaml.safe_load(stream)
    with open(argv[2], encoding="utf-8") as stream:
        tests_doc = yaml.safe_load(stream)
    if not families:
        print("%s: no metric families parsed" % argv[3])
        return 1
    errors, names = check_rules(rules_doc, families)
    errors += check_tests(tests_doc, names)
    for error in errors:
        print("%s: %s" % (argv[1], error))
    print("%s: %d alerts, %d errors" % (argv[1], len(names), len(errors)))
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
