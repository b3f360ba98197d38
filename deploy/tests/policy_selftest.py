"""Proves check_deploy_policy catches broken deployments.

Usage: policy_selftest.py RENDERED_PRODUCTION.yaml  (the kustomize output of the
production overlay: it must pass as is, and each mutation below must be reported).
"""

import copy
import json
import sys
import unittest

import yaml

import check_deploy_policy

KINDS = ["ConfigMap", "Service", "Deployment", "PodDisruptionBudget", "NetworkPolicy",
         "ServiceMonitor", "HorizontalPodAutoscaler"]
RENDERED = None


def find(objects, kind):
    return next(o for o in objects if o["kind"] == kind)


def without_coordination(objects):
    config_map = find(objects, "ConfigMap")
    config = json.loads(config_map["data"]["gateway.json"])
    del config["server"]["coordination"]
    config_map["data"]["gateway.json"] = json.dumps(config)


def gateway(objects):
    return find(objects, "Deployment")["spec"]["template"]["spec"]["containers"][0]


class PolicyTest(unittest.TestCase):

    def setUp(self):
        with open(RENDERED, encoding="utf-8") as stream:
            self.objects = [d for d in yaml.safe_load_all(stream) if d is not None]

    def errors_after(self, mutate):
        objects = copy.deepcopy(self.objects)
        mutate(objects)
        return check_deploy_policy.Checker(objects).run(KINDS)

    def assertReported(self, errors, fragment):
        self.assertTrue(any(fragment in e for e in errors),
                        "no error mentions %r; got %s" % (fragment, errors))

    def test_rendered_production_passes(self):
        self.assertEqual(check_deploy_policy.Checker(self.objects).run(KINDS), [])

    def test_more_replicas_than_the_quota_split_allows(self):
        def mutate(objects):
            find(objects, "HorizontalPodAutoscaler")["spec"]["maxReplicas"] = 4
        errors = self.errors_after(mutate)
        # The fleet shares its limits, so only the degraded 1/N shares are at risk.
        self.assertReported(errors, "server.coordination.replicas 3 is below the 4 replicas")
        self.assertFalse(any("per replica allows" in e for e in errors), errors)

    def test_more_replicas_than_the_quota_split_allows_without_fleet_mode(self):
        def mutate(objects):
            find(objects, "HorizontalPodAutoscaler")["spec"]["maxReplicas"] = 4
            without_coordination(objects)
        errors = self.errors_after(mutate)
        self.assertReported(errors, "connection marketo-prod with 4 replicas: maxConcurrent 5 "
                                    "per replica allows 20, over the upstream's 10")
        self.assertReported(errors, "dailyQuota 48000 per replica allows 192000")

    def test_unset_limits_take_the_whole_upstream_per_replica(self):
        def mutate(objects):
            config_map = find(objects, "ConfigMap")
            config = json.loads(config_map["data"]["gateway.json"])
            del config["connections"][0]["limits"]
            del config["server"]["coordination"]
            config_map["data"]["gateway.json"] = json.dumps(config)
        self.assertReported(self.errors_after(mutate),
                            "maxConcurrent 10 per replica allows 30")

    def test_fleet_concurrency_and_daily_quota_over_the_upstreams(self):
        def mutate(objects):
            config_map = find(objects, "ConfigMap")
            config = json.loads(config_map["data"]["gateway.json"])
            config["connections"][0]["limits"]["maxConcurrent"] = 11
            del config["connections"][0]["limits"]["dailyQuota"]
            config_map["data"]["gateway.json"] = json.dumps(config)
        errors = self.errors_after(mutate)
        self.assertReported(errors, "maxConcurrent 11 shared by the fleet is over the upstream's 10")
        self.assertFalse(any("dailyQuota" in e for e in errors), errors)  # the upstream's own

    def test_fleet_window_over_the_upstreams(self):
        def mutate(objects):
            config_map = find(objects, "ConfigMap")
            config = json.loads(config_map["data"]["gateway.json"])
            config["connections"][0]["limits"]["callsPerWindow"] = 101
            config_map["data"]["gateway.json"] = json.dumps(config)
        self.assertReported(self.errors_after(mutate),
                            "callsPerWindow 101 shared by the fleet is over the upstream's 100")

    def test_without_fleet_mode_the_window_is_split_per_replica(self):
        def mutate(objects):
            without_coordination(objects)
        self.assertReported(self.errors_after(mutate),
                            "callsPerWindow 50 per replica allows 150, over the upstream's 100")

    def test_surge_during_rollout(self):
        def mutate(objects):
            find(objects, "Deployment")["spec"]["strategy"]["rollingUpdate"]["maxSurge"] = 1
        self.assertReported(self.errors_after(mutate), "maxSurge must be 0")

    def test_literal_secret_and_rendered_secret(self):
        def mutate(objects):
            env = gateway(objects)["env"]
            env[0] = {"name": env[0]["name"], "value": "inline-secret"}
            objects.append({"apiVersion": "v1", "kind": "Secret",
                            "metadata": {"name": "lead-gateway-credentials"}})
        errors = self.errors_after(mutate)
        self.assertReported(errors, "has a literal value; take it from a Secret")
        self.assertReported(errors, "a Secret is rendered")

    def test_missing_credentials_variable(self):
        def mutate(objects):
            gateway(objects)["env"] = [e for e in gateway(objects)["env"]
                                       if e["name"] != "HOTPROFILE_API_KEY"]
        self.assertReported(self.errors_after(mutate),
                            "environment variable HOTPROFILE_API_KEY is not set")

    def test_weakened_security_context(self):
        def mutate(objects):
            security = gateway(objects)["securityContext"]
            security["readOnlyRootFilesystem"] = False
            security["capabilities"] = {"drop": ["NET_RAW"]}
            del security["allowPrivilegeEscalation"]
        errors = self.errors_after(mutate)
        for fragment in ("readOnlyRootFilesystem", "drop ALL", "allowPrivilegeEscalation"):
            self.assertReported(errors, fragment)

    def test_grace_period_shorter_than_drain(self):
        def mutate(objects):
            find(objects, "Deployment")["spec"]["template"]["spec"][
                "terminationGracePeriodSeconds"] = 20
        self.assertReported(self.errors_after(mutate), "terminationGracePeriodSeconds 20")

    def test_http_probe_instead_of_grpc(self):
        def mutate(objects):
            gateway(objects)["livenessProbe"] = {"httpGet": {"path": "/healthz",
                                                             "port": 9464}}
        self.assertReported(self.errors_after(mutate), "livenessProbe must be a grpc probe")

    def test_probe_on_the_tls_grpc_port(self):
        def mutate(objects):
            gateway(objects)["readinessProbe"] = {"grpc": {"port": 50051}}
        self.assertReported(self.errors_after(mutate), "readinessProbe must be a grpc probe on port 8081")

    def test_tls_without_health_port(self):
        def mutate(objects):
            config_map = find(objects, "ConfigMap")
            config = json.loads(config_map["data"]["gateway.json"])
            del config["server"]["healthAddress"]
            config_map["data"]["gateway.json"] = json.dumps(config)
        self.assertReported(self.errors_after(mutate), "without server.healthAddress")

    def test_tls_key_outside_a_secret(self):
        def mutate(objects):
            config_map = find(objects, "ConfigMap")
            config = json.loads(config_map["data"]["gateway.json"])
            config["server"]["tls"]["privateKeyFile"] = "/etc/lead-gateway/tls.key"
            config_map["data"]["gateway.json"] = json.dumps(config)
        self.assertReported(self.errors_after(mutate),
                            "server.tls.privateKeyFile /etc/lead-gateway/tls.key is not in a "
                            "mounted Secret volume")

    def test_service_monitor_without_honor_labels(self):
        def mutate(objects):
            del find(objects, "ServiceMonitor")["spec"]["endpoints"][0]["honorLabels"]
        self.assertReported(self.errors_after(mutate), "honorLabels: true")

    def test_replicas_beside_the_autoscaler(self):
        def mutate(objects):
            find(objects, "Deployment")["spec"]["replicas"] = 2
        self.assertReported(self.errors_after(mutate),
                            "Deployment sets replicas (2) beside HorizontalPodAutoscaler")

    def test_network_policy_missing(self):
        def mutate(objects):
            objects.remove(find(objects, "NetworkPolicy"))
        self.assertReported(self.errors_after(mutate),
                            "expected one NetworkPolicy selecting the pods, got 0")

    def test_grpc_open_to_every_source(self):
        def mutate(objects):
            del find(objects, "NetworkPolicy")["spec"]["ingress"][0]["from"]
        errors = self.errors_after(mutate)
        self.assertReported(errors, "without `from` or `ports`")
        self.assertReported(errors, "must admit pods labelled lead-gateway.example.com/client")

    def test_whole_namespace_and_other_ports_admitted(self):
        def mutate(objects):
            rule = find(objects, "NetworkPolicy")["spec"]["ingress"][1]
            rule["from"] = [{"namespaceSelector": {}}]
            rule["ports"].append({"port": 8080, "protocol": "TCP"})
        errors = self.errors_after(mutate)
        self.assertReported(errors, "admits whole namespaces or address ranges")
        self.assertReported(errors, "opens port 8080, not grpc or metrics")

    def test_policy_that_does_not_select_the_pods(self):
        def mutate(objects):
            find(objects, "NetworkPolicy")["spec"]["podSelector"] = {
                "matchLabels": {"app.kubernetes.io/name": "other"}}
        self.assertReported(self.errors_after(mutate), "got 0")


if __name__ == "__main__":
    RENDERED = sys.argv.pop(1)
    unittest.main(argv=[sys.argv[0], "-v"])
