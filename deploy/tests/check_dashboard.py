"""Checks the Grafana dashboard: structure, data sources, and metric names.

Usage: check_dashboard.py DASHBOARD.json METRICS.md

- The JSON parses and has uid, title, schemaVersion (>= 36) and panels.
- Template variables: `datasource` (type datasource, prometheus), `namespace` (one at a
  time: sandbox and production are never summed), `job` (the scrape jobs in it) and
  `connection` (multi, include all), each query filtered by the ones before it.
- Every series selector (leadgw_* and `up`) in every panel and variable query is filtered
  by `namespace=~"$namespace"` and `job=~"$job"` (the variables' own queries by those
  before them); replicas are counted from `up`, not from leadgw_build_info, so a replica
  that cannot be scraped shows as down instead of vanishing.
- Every panel but a row has the `${datasource}` data source and at least one target with
  a PromQL expr; rows hold no queries; ids are unique; panels fit the 24-column grid.
- Every PromQL expression (and variable query) uses only families of docs/metrics.md,
  with their own labels (metric_names.py); the families the dashboard must show are shown.
"""

import json
import re
import sys

import metric_names

DATASOURCE_UID = "${datasource}"
# Filters on the deployment (namespace) and scrape job every selector must carry.
FILTERS = {"namespace": 'namespace=~"$namespace"', "job": 'job=~"$job"'}
NAMESPACE_QUERY = "label_values(leadgw_build_info, namespace)"
JOB_QUERY = 'label_values(leadgw_build_info{namespace=~"$namespace"}, job)'
CONNECTION_QUERY = ('label_values(leadgw_upstream_requests_total{namespace=~"$namespace", '
                    'job=~"$job"}, connection)')
# Filters a variable's own query cannot carry: itself and the ones after it.
VARIABLE_EXEMPT = {"namespace": {"namespace", "job"}, "job": {"job"}}
# A series selector: a gateway family or `up`, then optional {matchers}.
_SELECTOR = re.compile(r"(leadgw_[a-z0-9_]+|\bup\b)\s*(\{([^}]*)\})?")
_BUILD_INFO_COUNT = re.compile(r"\bcount\s*\(\s*leadgw_build_info")

# Families the dashboard must plot (latency, errors, quota use, timeouts, ...).
REQUIRED_FAMILIES = {
    "leadgw_grpc_requests_total", "leadgw_grpc_request_duration_seconds",
    "leadgw_grpc_requests_in_flight", "leadgw_upstream_requests_total",
    "leadgw_upstream_request_duration_seconds", "leadgw_upstream_endpoint_timeout_seconds",
    "leadgw_upstream_timeouts_total", "leadgw_upstream_retries_total",
    "leadgw_upstream_rate_limited_total", "leadgw_upstream_in_flight",
    "leadgw_quota_window_calls", "leadgw_quota_window_limit", "leadgw_quota_daily_calls",
    "leadgw_quota_daily_limit", "leadgw_quota_wait_seconds", "leadgw_quota_rejections_total",
    "leadgw_circuit_state", "leadgw_auth_token_expiry_seconds",
    "leadgw_auth_token_refreshes_total", "leadgw_records_total",
    "leadgw_idempotency_requests_total",
}


def all_panels(panels):
    for panel in panels:
        yield panel
        yield from all_panels(panel.get("panels") or [])


def variable_query(variable):
    query = variable.get("query")
    return query.get("query", "") if isinstance(query, dict) else str(query or "")


def unfiltered(expr, exempt=frozenset()):
    """Problems with the namespace/job filters of every selector in expr."""
    problems = []
    for match in _SELECTOR.finditer(expr):
        matchers = match.group(3) or ""
        for name, matcher in sorted(FILTERS.items()):
            if name not in exempt and matcher not in matchers:
                problems.append("%s lacks %s" % (match.group(1), matcher))
    return problems


def check_variables(variables):
    errors = []
    datasource = variables.get("datasource") or {}
    if datasource.get("type") != "datasource" or datasource.get("query") != "prometheus":
        errors.append("needs a `datasource` variable of type datasource (prometheus)")
    namespace = variables.get("namespace") or {}
    if variable_query(namespace) != NAMESPACE_QUERY or namespace.get("multi") is not False \
            or namespace.get("includeAll") is not False:
        errors.append("needs a single-value `namespace` variable without All: %s"
                      % NAMESPACE_QUERY)
    job = variables.get("job") or {}
    if variable_query(job) != JOB_QUERY or job.get("includeAll") is not True \
            or job.get("allValue"):
        # No custom allValue: "All" must mean the gateway's jobs, not every job there.
        errors.append("needs an include-all `job` variable without allValue: %s" % JOB_QUERY)
    connection = variables.get("connection") or {}
    if (variable_query(connection) != CONNECTION_QUERY or connection.get("multi") is not True
            or connection.get("includeAll") is not True):
        errors.append("needs a multi, include-all `connection` variable: %s" % CONNECTION_QUERY)
    for name, variable in variables.items():
        if variable.get("type") == "query":
            for problem in unfiltered(variable_query(variable), VARIABLE_EXEMPT.get(name, set())):
                errors.append("variable %s: %s" % (name, problem))
    return errors


def check(dashboard, families):
    errors = []
    for key in ("uid", "title", "schemaVersion", "panels"):
        if not dashboard.get(key):
            errors.append("missing %s" % key)
    if not isinstance(dashboard.get("schemaVersion"), int) or dashboard["schemaVersion"] < 36:
        errors.append("schemaVersion must be an integer >= 36")

    variables = {v.get("name"): v for v in (dashboard.get("templating") or {}).get("list", [])}
    errors += check_variables(variables)

    exprs = [("variable %s" % name, variable_query(v)) for name, v in variables.items()
             if v.get("type") == "query"]
    ids = set()
    reads_up = False
    for panel in all_panels(dashboard.get("panels") or []):
        title = "panel %r" % panel.get("title")
        if panel.get("id") in ids:
            errors.append("%s: duplicate id %s" % (title, panel.get("id")))
        ids.add(panel.get("id"))
        grid = panel.get("gridPos") or {}
        if not all(isinstance(grid.get(k), int) for k in "hwxy") or grid["x"] + grid["w"] > 24:
            errors.append("%s: gridPos must fit the 24-column grid" % title)
        if panel.get("type") == "row":
            if panel.get("targets"):
                errors.append("%s: a row holds no queries" % title)
            continue
        if (panel.get("datasource") or {}).get("uid") != DATASOURCE_UID:
            errors.append("%s: data source must be %s" % (title, DATASOURCE_UID))
        targets = panel.get("targets") or []
        if not targets:
            errors.append("%s: no targets" % title)
        ref_ids = [t.get("refId") for t in targets]
        if len(set(ref_ids)) != len(ref_ids):
            errors.append("%s: duplicate refId" % title)
        for target in targets:
            if not str(target.get("expr", "")).strip():
                errors.append("%s: target %s has no expr" % (title, target.get("refId")))
            if (target.get("datasource") or {}).get("uid") != DATASOURCE_UID:
                errors.append("%s: target %s data source must be %s" %
                              (title, target.get("refId"), DATASOURCE_UID))
            where = "%s %s" % (title, target.get("refId"))
            expr = str(target.get("expr", ""))
            exprs.append((where, expr))
            errors.extend("%s: %s" % (where, p) for p in unfiltered(expr))
            if _BUILD_INFO_COUNT.search(expr):
                errors.append("%s: count replicas with up, not leadgw_build_info (a replica "
                              "that cannot be scraped has no build_info)" % where)
            if panel.get("title") == "Replicas scraped":
                reads_up = reads_up or bool(re.search(r"\bup\{", expr))

    if not reads_up:
        errors.append('needs a "Replicas scraped" panel counting up{...}')
    used = set()
    for where, expr in exprs:
        for problem in metric_names.check_expr(expr, families):
            errors.append("%s: %s" % (where, problem))
        used |= metric_names.families_used(expr, families)
    for name in sorted(REQUIRED_FAMILIES - used):
        errors.append("no panel shows %s" % name)
    return errors, used


def main(argv):
    if len(argv) != 3:
        print("usage: check_dashboard.py DASHBOARD.json METRICS.md", file=sys.stderr)
        return 2
    with open(argv[2], encoding="utf-8") as stream:
        families = metric_names.parse_families(stream.read())
    if len(families) < len(REQUIRED_FAMILIES):
        print("%s: only %d families parsed" % (argv[2], len(families)))
        return 1
    with open(argv[1], encoding="utf-8") as stream:
        try:
            dashboard = json.load(stream)
        except ValueError as error:
            print("%s: not JSON: %s" % (argv[1], error))
            return 1
    errors, used = check(dashboard, families)
    for error in errors:
        print("%s: %s" % (argv[1], error))
    unused = sorted(set(families) - used)
    print("%s: %d errors; families not shown: %s" % (argv[1], len(errors), unused or "none"))
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
