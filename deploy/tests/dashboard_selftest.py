"""Proves check_dashboard catches unfiltered queries and replicas counted from build_info.

Usage: dashboard_selftest.py DASHBOARD.json METRICS.md  (the shipped dashboard must pass
as is, and each mutation below must be reported).
"""

import copy
import json
import sys
import unittest

import check_dashboard
import metric_names

DASHBOARD = METRICS = None


def panel(dashboard, title):
    return next(p for p in check_dashboard.all_panels(dashboard["panels"])
                if p.get("title") == title)


def variable(dashboard, name):
    return next(v for v in dashboard["templating"]["list"] if v["name"] == name)


class DashboardTest(unittest.TestCase):

    @classmethod
    def setUpClass(cls):
        with open(METRICS, encoding="utf-8") as stream:
            cls.families = metric_names.parse_families(stream.read())
        with open(DASHBOARD, encoding="utf-8") as stream:
            cls.dashboard = json.load(stream)

    def errors_after(self, mutate):
        dashboard = copy.deepcopy(self.dashboard)
        mutate(dashboard)
        return check_dashboard.check(dashboard, self.families)[0]

    def assertReported(self, errors, fragment):
        self.assertTrue(any(fragment in e for e in errors),
                        "no error mentions %r; got %s" % (fragment, errors))

    def test_shipped_dashboard_passes(self):
        self.assertEqual(check_dashboard.check(self.dashboard, self.families)[0], [])

    def test_query_without_namespace_sums_deployments(self):
        def mutate(dashboard):
            panel(dashboard, "RPC rate")["targets"][0]["expr"] = (
                'sum(rate(leadgw_grpc_requests_total{job=~"$job"}[5m]))')
        self.assertReported(self.errors_after(mutate),
                            "panel 'RPC rate' A: leadgw_grpc_requests_total lacks "
                            'namespace=~"$namespace"')

    def test_up_without_job_counts_other_targets(self):
        def mutate(dashboard):
            panel(dashboard, "Targets down")["targets"][0]["expr"] = (
                'count(up{namespace=~"$namespace"} == 0)')
        self.assertReported(self.errors_after(mutate), 'up lacks job=~"$job"')

    def test_replicas_counted_from_build_info(self):
        def mutate(dashboard):
            panel(dashboard, "Replicas scraped")["targets"][0]["expr"] = (
                'count(leadgw_build_info{namespace=~"$namespace", job=~"$job"})')
        errors = self.errors_after(mutate)
        self.assertReported(errors, "count replicas with up, not leadgw_build_info")
        self.assertReported(errors, 'needs a "Replicas scraped" panel counting up{...}')

    def test_variables(self):
        def mutate(dashboard):
            variable(dashboard, "namespace")["includeAll"] = True
            variable(dashboard, "job")["allValue"] = ".*"
            connection = variable(dashboard, "connection")
            connection["query"]["query"] = (
                "label_values(leadgw_upstream_requests_total, connection)")
        errors = self.errors_after(mutate)
        self.assertReported(errors, "single-value `namespace` variable without All")
        self.assertReported(errors, "`job` variable without allValue")
        self.assertReported(errors, "variable connection: leadgw_upstream_requests_total "
                                    'lacks job=~"$job"')


if __name__ == "__main__":
    DASHBOARD, METRICS = sys.argv.pop(1), sys.argv.pop(1)
    unittest.main(argv=[sys.argv[0], "-v"])
