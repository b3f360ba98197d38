"""Checks a /metrics scrape of the real gateway against what the dashboard and alerts use.

Usage: check_scrape.py SCRAPE.txt METRICS.md DASHBOARD.json ALERTS.yaml

Every family the dashboard or the alert rules read must be exposed (a `# TYPE` line,
which the gateway writes for every registered family even before it has series) with the
type docs/metrics.md gives it. PENDING lists documented families the gateway does not
export yet: they are reported, not failed, and the list should shrink to nothing.
"""

import json
import re
import sys

import yaml

import metric_names

PENDING = set()


def exposed_types(scrape):
    return dict(re.findall(r"^# TYPE (\S+) (\S+)$", scrape, re.M))


def used_families(dashboard, rules, families):
    exprs = []
    for variable in (dashboard.get("templating") or {}).get("list", []):
        query = variable.get("query")
        exprs.append(query.get("query", "") if isinstance(query, dict) else str(query or ""))

    def walk(panels):
        for panel in panels:
            exprs.extend(str(t.get("expr", "")) for t in panel.get("targets") or [])
            walk(panel.get("panels") or [])
    walk(dashboard.get("panels") or [])
    for group in rules.get("groups") or []:
        exprs.extend(str(rule.get("expr", "")) for rule in group.get("rules") or [])
    used = set()
    for expr in exprs:
        used |= metric_names.families_used(expr, families)
    return used


def main(argv):
    if len(argv) != 5:
        print("usage: check_scrape.py SCRAPE.txt METRICS.md DASHBOARD.json ALERTS.yaml",
              file=sys.stderr)
        return 2
    texts = []
    for path in argv[1:]:
        with open(path, encoding="utf-8") as stream:
            texts.append(stream.read())
    scrape, doc, dashboard, rules = texts
    families = metric_names.parse_families(doc)
    exposed = exposed_types(scrape)
    used = used_families(json.loads(dashboard), yaml.safe_load(rules), families)
    errors = []
    for name in sorted(used):
        if name not in exposed:
            if name in PENDING:
                print("note: %s is documented and used but not exported yet" % name)
            else:
                errors.append("%s is used by the dashboard or alerts but not exported" % name)
        elif exposed[name] != families[name].kind:
            errors.append("%s is exported as %s, documented as %s" %
                          (name, exposed[name], families[name].kind))
        elif name in PENDING:
            print("note: %s is exported now; remove it from PENDING" % name)
    for error in errors:
        print("%s: %s" % (argv[1], error))
    print("%s: %d families used, %d errors" % (argv[1], len(used), len(errors)))
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
