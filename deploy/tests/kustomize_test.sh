#!/usr/bin/env bash
# Renders every kustomization with `kubectl kustomize`, validates each object against the
# Kubernetes schemas offline, and checks the deployment rules (check_deploy_policy.py) and
# the monitoring objects against their sources (check_monitoring.py).
#
# KUBECTL (default /usr/bin/kubectl) selects another kubectl, e.g. Debian's 1.20 to check
# compatibility with its kustomize v2.0.3:
#   bazel test --test_env=KUBECTL=/path/to/kubectl //deploy:kustomize_test
set -euo pipefail
source deploy/tests/testlib.sh
kubectl=${KUBECTL:-/usr/bin/kubectl}
require_tool "$kubectl" kubernetes-client
require_python_module yaml python3-yaml
require_python_module kubernetes python3-kubernetes

work=$(scratch_dir)
export HOME="$work"  # kubectl wants a home for its cache; keep it private to the test
# Real files, not runfiles symlinks: kustomize refuses files that resolve outside the
# kustomization root.
cp -RL deploy/kubernetes "$work/kubernetes"
"$kubectl" version --client 2>/dev/null | head -1 || true

core="ConfigMap,Service,Deployment,PodDisruptionBudget,NetworkPolicy,ServiceMonitor"
declare -A kinds=(
  [core]="$core"
  [base]="$core,HorizontalPodAutoscaler"
  [overlays/sandbox]="$core"
  [overlays/production]="$core,HorizontalPodAutoscaler"
)
for dir in core base overlays/sandbox overlays/production; do
  out="$work/$(basename "$dir").yaml"
  echo "== $dir"
  "$kubectl" kustomize "$work/kubernetes/$dir" >"$out" ||
    fail "kubectl kustomize $dir failed"
  /usr/bin/python3 deploy/tests/validate_manifests.py "$out"
  /usr/bin/python3 deploy/tests/check_deploy_policy.py --kinds "${kinds[$dir]}" "$out"
done

# Monitoring (applied once per cluster): the dashboard ConfigMap and the PrometheusRule
# are their source files, and the committed PrometheusRule is what the generator makes.
echo "== monitoring"
"$kubectl" kustomize "$work/kubernetes/monitoring" >"$work/monitoring.yaml" ||
  fail "kubectl kustomize monitoring failed"
/usr/bin/python3 deploy/tests/validate_manifests.py "$work/monitoring.yaml"
/usr/bin/python3 deploy/tests/check_monitoring.py "$work/monitoring.yaml" \
  deploy/grafana/lead-gateway.json deploy/prometheus/alerts.yaml
/usr/bin/python3 deploy/prometheus/prometheus_rule.py --check deploy/prometheus/alerts.yaml \
  deploy/kubernetes/monitoring/prometheusrule.yaml

# Only production's HPA owns a replica count; the sandbox (no HPA) fixes its own.
grep -q "^  replicas: 1$" "$work/sandbox.yaml" || fail "the sandbox should run replicas: 1"

# The sandbox overlay needs no Secret; production takes its three credentials and the
# fleet's Redis password from it.
if grep -q "secretKeyRef" "$work/sandbox.yaml"; then
  fail "the sandbox overlay still reads a Secret"
fi
[ "$(grep -c "name: lead-gateway-credentials" "$work/production.yaml")" -eq 4 ] ||
  fail "production should read four keys of the Secret lead-gateway-credentials"

# Production serves mutual TLS on gRPC: certificate, key and client CA from the Secret
# lead-gateway-tls (cert-manager's tls.crt, tls.key, ca.crt).
/usr/bin/python3 - "$work/production.yaml" <<'PY' || fail "production must serve mutual TLS"
import json, sys, yaml
objects = [o for o in yaml.safe_load_all(open(sys.argv[1])) if o]
config = next(o for o in objects if o["kind"] == "ConfigMap"
              and "gateway.json" in (o.get("data") or {}))
tls = json.loads(config["data"]["gateway.json"])["server"].get("tls") or {}
assert tls.get("clientCaFile"), "server.tls.clientCaFile is not set"
pod = next(o for o in objects if o["kind"] == "Deployment")["spec"]["template"]["spec"]
secrets = {v["secret"]["secretName"] for v in pod["volumes"] if "secret" in v}
assert "lead-gateway-tls" in secrets, "the Secret lead-gateway-tls is not mounted"
assert sorted(tls.get(k, "").rsplit("/", 1)[-1] for k in
              ("certificateFile", "privateKeyFile", "clientCaFile")) == \
    ["ca.crt", "tls.crt", "tls.key"], tls
PY

# The policy checker itself must catch broken variants of the production rendering.
/usr/bin/python3 deploy/tests/policy_selftest.py "$work/production.yaml"
