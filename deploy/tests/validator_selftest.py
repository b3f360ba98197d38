"""Proves k8s_schema catches mistakes (and accepts good objects)."""

import os
import sys
import unittest

import yaml

import k8s_schema

TESTDATA = os.path.join(os.path.dirname(os.path.abspath(__file__)), "testdata")


def load(name):
    with open(os.path.join(TESTDATA, name), encoding="utf-8") as stream:
        return [d for d in yaml.safe_load_all(stream) if d is not None]


def valid_deployment():
    return {
        "apiVersion": "apps/v1",
        "kind": "Deployment",
        "metadata": {"name": "ok", "labels": {"app": "ok"}},
        "spec": {
            "replicas": 2,
            "selector": {"matchLabels": {"app": "ok"}},
            "strategy": {"type": "RollingUpdate",
                         "rollingUpdate": {"maxSurge": 0, "maxUnavailable": "25%"}},
            "template": {
                "metadata": {"labels": {"app": "ok"}},
                "spec": {"containers": [{
                    "name": "gateway",
                    "image": "lead-gateway:1",
                    "ports": [{"name": "grpc", "containerPort": 50051}],
                    "readinessProbe": {"grpc": {"port": 50051}, "periodSeconds": 5},
                    "resources": {"limits": {"cpu": 1, "memory": "512Mi"}},
                }]},
            },
        },
    }


class BrokenManifestTest(unittest.TestCase):

    def setUp(self):
        self.deployment, self.monitor, self.widget = load("broken_manifests.yaml")

    def assertReported(self, errors, *fragments):
        for fragment in fragments:
            self.assertTrue(any(fragment in e for e in errors),
                            "no error mentions %r; got:\n%s" % (fragment, "\n".join(errors)))

    def test_deployment_errors_are_all_reported(self):
        errors = k8s_schema.validate(self.deployment)
        self.assertReported(
            errors,
            "spec.replicass: unknown field (not in V1DeploymentSpec)",
            "spec.replicas: expected int, got str 'two'",
            "spec.template.spec.containers[0].name: required field is missing",
            "imagePullPolicy: 'Sometimes' is not one of",
            "containers[0].ports[0].containerPort: expected int, got str",
            "readinessProbe.grpc.port: required field is missing (V1GRPCAction)",
            "resources.limits.memory: 'lots' is not a resource quantity",
            "securityContext.capabilities.drop: expected a list, got str",
        )
        self.assertEqual(len(errors), 8, "\n".join(errors))

    def test_service_monitor_errors_are_reported(self):
        errors = k8s_schema.validate(self.monitor)
        self.assertReported(errors, "spec.endpoints[0].interval: expected duration",
                            "spec.endpoints[0].scrapeIntervall: unknown field")
        self.assertEqual(len(errors), 2, "\n".join(errors))

    def test_unknown_kind_is_an_error_not_a_pass(self):
        self.assertReported(k8s_schema.validate(self.widget),
                            "no schema for apiVersion example.com/v1 kind Widget")

    def test_valid_deployment_passes(self):
        self.assertEqual(k8s_schema.validate(valid_deployment()), [])

    def test_missing_name_and_required_spec_fields(self):
        obj = valid_deployment()
        del obj["metadata"]["name"]
        del obj["spec"]["selector"]
        errors = k8s_schema.validate(obj)
        self.assertReported(errors, "metadata.name is required",
                            "spec.selector: required field is missing")

    def test_autoscaling_v2_uses_the_v2beta2_shape(self):
        hpa = {
            "apiVersion": "autoscaling/v2",
            "kind": "HorizontalPodAutoscaler",
            "metadata": {"name": "ok"},
            "spec": {
                "scaleTargetRef": {"apiVersion": "apps/v1", "kind": "Deployment",
                                   "name": "ok"},
                "maxReplicas": 3,
                "metrics": [{"type": "Resource", "resource": {
                    "name": "cpu",
                    "target": {"type": "Utilization", "averageUtilization": 70}}}],
            },
        }
        self.assertEqual(k8s_schema.validate(hpa), [])
        hpa["spec"]["metrics"][0]["resource"]["targetAverageUtilization"] = 70  # v2beta1
        self.assertReported(k8s_schema.validate(hpa),
                            "targetAverageUtilization: unknown field")

    def test_network_policy(self):
        policy = {
            "apiVersion": "networking.k8s.io/v1",
            "kind": "NetworkPolicy",
            "metadata": {"name": "ok"},
            "spec": {
                "podSelector": {"matchLabels": {"app": "ok"}},
                "policyTypes": ["Ingress"],
                "ingress": [{"from": [{"namespaceSelector": {},
                                       "podSelector": {"matchLabels": {"client": "true"}}}],
                             "ports": [{"port": "grpc", "protocol": "TCP"}]}],
            },
        }
        self.assertEqual(k8s_schema.validate(policy), [])
        policy["spec"]["policyTypes"] = ["Ingres"]
        policy["spec"]["ingress"][0]["ports"][0]["protocol"] = "HTTP"
        policy["spec"]["ingress"][0]["form"] = []
        self.assertReported(k8s_schema.validate(policy),
                            "spec.policyTypes: 'Ingres' is not one of",
                            "ports[0].protocol: 'HTTP' is not one of",
                            "spec.ingress[0].form: unknown field")

    def test_prometheus_rule(self):
        rule = {
            "apiVersion": "monitoring.coreos.com/v1",
            "kind": "PrometheusRule",
            "metadata": {"name": "ok"},
            "spec": {"groups": [{"name": "g", "rules": [{
                "alert": "A", "expr": "up == 0", "for": "2m",
                "labels": {"severity": "critical"}, "annotations": {"summary": "s"}}]}]},
        }
        self.assertEqual(k8s_schema.validate(rule), [])
        group = rule["spec"]["groups"][0]
        group["rules"][0]["for"] = "two minutes"
        del group["rules"][0]["expr"]
        group["rulez"] = []
        self.assertReported(k8s_schema.validate(rule),
                            "spec.groups[0].rules[0].for: expected duration",
                            "spec.groups[0].rules[0].expr: required field is missing",
                            "spec.groups[0].rulez: unknown field")


if __name__ == "__main__":
    unittest.main(argv=[sys.argv[0], "-v"])
