"""Checks the rules a rendered lead-gateway deployment must keep beyond schema validity.

Usage: check_deploy_policy.py --kinds Kind,Kind,... RENDERED.yaml

- The objects wire together: Service and PodDisruptionBudget select the pods, the
  ServiceMonitor selects the Service and scrapes a named port, the HPA targets the
  Deployment, the ConfigMap mounted at /etc/lead-gateway holds the gateway.json --config
  names, probes and ports agree with that configuration (with server.tls the probes ask
  the plaintext server.healthAddress port), server.tls files come from a Secret volume.
- Hardening: non-root, read-only root file system, no privilege escalation, all
  capabilities dropped, RuntimeDefault seccomp, resource requests and limits.
- Shutdown: terminationGracePeriodSeconds covers the preStop sleep plus drain_grace.
- Network: one NetworkPolicy selects the pods and admits, by pod label, only callers
  labelled CLIENT_LABEL on the grpc port and a scraper on the metrics port.
- Replicas: a Deployment an HPA scales sets no `replicas` (an apply would reset it).
- Secrets: no Secret object is rendered; every {"env": NAME} in the configuration is set
  from the Secret lead-gateway-credentials, never from a literal value.
- Quotas: every replica enforces its configured limits alone, so each limit times the
  largest replica count (HPA maxReplicas, else replicas) stays within the upstream's;
  in fleet mode (server.coordination) the rolling window is shared, so callsPerWindow
  itself stays within the upstream's, and coordination.replicas covers the replica count
  (each replica's share while Redis is down).
"""

import argparse
import json
import re
import sys

import yaml

SECRET_NAME = "lead-gateway-credentials"
# Pods carrying this label (value "true") may call the gateway (deploy/README.md).
CLIENT_LABEL = "lead-gateway.example.com/client"
CONFIG_DIR = "/etc/lead-gateway"
CONFIG_FLAG = "--config=%s/gateway.json" % CONFIG_DIR
DEFAULT_DRAIN_SECONDS = 20.0
EXIT_MARGIN_SECONDS = 5.0

# Upstream limits per account (docs/configuration.md): calls per window, window seconds,
# concurrent calls (0: no cap), calls per day (0: no quota).
UPSTREAM_LIMITS = {
    "marketo": {"callsPerWindow": 100, "window": 20.0, "maxConcurrent": 10,
                "dailyQuota": 50000},
    "hotprofile": {"callsPerWindow": 100, "window": 60.0, "maxConcurrent": 0,
                   "dailyQuota": 0},
}


def camel(key):
    """Proto JSON accepts snake_case and lowerCamelCase keys; compare in camelCase."""
    return re.sub(r"_([a-z])", lambda m: m.group(1).upper(), key)


def camel_keys(value):
    if isinstance(value, dict):
        return {camel(k): camel_keys(v) for k, v in value.items()}
    if isinstance(value, list):
        return [camel_keys(v) for v in value]
    return value


def seconds(duration):
    """Proto JSON duration ("20s", "1.5s") in seconds."""
    match = re.match(r"^(\d+(\.\d+)?)s$", str(duration))
    if not match:
        raise ValueError("not a proto JSON duration: %r" % duration)
    return float(match.group(1))


def selects(selector, labels):
    match_labels = (selector or {}).get("matchLabels") or {}
    return bool(match_labels) and all(labels.get(k) == v for k, v in match_labels.items())


class Checker:

    def __init__(self, objects):
        self.objects = objects
        self.errors = []

    def error(self, message):
        self.errors.append(message)

    def of_kind(self, kind):
        return [o for o in self.objects if o.get("kind") == kind]

    def run(self, expected_kinds):
        kinds = sorted(o.get("kind") for o in self.objects)
        if kinds != sorted(expected_kinds):
            self.error("rendered kinds %s, expected %s" % (kinds, sorted(expected_kinds)))
        if self.of_kind("Secret"):
            self.error("a Secret is rendered: credentials must never be in the manifests")
        deployments = self.of_kind("Deployment")
        if len(deployments) != 1:
            self.error("expected one Deployment, got %d" % len(deployments))
            return self.errors
        deployment = deployments[0]
        pod = deployment["spec"]["template"]
        container = self.gateway_container(pod["spec"])
        config = self.mounted_config(pod["spec"], container)
        if container is None or config is None:
            return self.errors
        self.check_hardening(pod["spec"], container)
        self.check_ports_and_probes(container, config)
        self.check_shutdown(pod["spec"], container, config)
        self.check_secrets(pod["spec"], container, config)
        self.check_tls_files(pod["spec"], container, config)
        self.check_wiring(deployment, pod["metadata"].get("labels") or {})
        self.check_network_policy(pod["metadata"].get("labels") or {}, container)
        self.check_quota_split(deployment, config)
        return self.errors

    def gateway_container(self, pod_spec):
        containers = [c for c in pod_spec["containers"] if c["name"] == "gateway"]
        if len(containers) != 1:
            self.error("expected one container named gateway")
            return None
        container = containers[0]
        if CONFIG_FLAG not in (container.get("args") or []):
            self.error("gateway args lack %s" % CONFIG_FLAG)
        if str(container.get("image", "")).endswith(":latest"):
            self.error("image %s: pin a tag, not latest" % container["image"])
        return container

    def mounted_config(self, pod_spec, container):
        """Parses the gateway.json of the ConfigMap mounted at CONFIG_DIR."""
        mounts = {m["mountPath"]: m["name"] for m in container.get("volumeMounts") or []}
        volumes = {v["name"]: v for v in pod_spec.get("volumes") or []}
        volume = volumes.get(mounts.get(CONFIG_DIR))
        if volume is None or "configMap" not in volume:
            self.error("no ConfigMap volume mounted at %s" % CONFIG_DIR)
            return None
        name = volume["configMap"]["name"]
        maps = [m for m in self.of_kind("ConfigMap") if m["metadata"]["name"] == name]
        if len(maps) != 1 or "gateway.json" not in (maps[0].get("data") or {}):
            self.error("ConfigMap %s with key gateway.json is not rendered" % name)
            return None
        try:
            return camel_keys(json.loads(maps[0]["data"]["gateway.json"]))
        except ValueError as error:
            self.error("ConfigMap %s: gateway.json is not JSON: %s" % (name, error))
            return None

    def check_hardening(self, pod_spec, container):
        pod_security = pod_spec.get("securityContext") or {}
        security = container.get("securityContext") or {}
        merged = dict(pod_security, **security)
        if merged.get("runAsNonRoot") is not True:
            self.error("runAsNonRoot must be true")
        if not isinstance(merged.get("runAsUser"), int) or merged.get("runAsUser") == 0:
            self.error("runAsUser must be a non-zero numeric user")
        if (merged.get("seccompProfile") or {}).get("type") != "RuntimeDefault":
            self.error("seccompProfile must be RuntimeDefault")
        if security.get("readOnlyRootFilesystem") is not True:
            self.error("readOnlyRootFilesystem must be true")
        if security.get("allowPrivilegeEscalation") is not False:
            self.error("allowPrivilegeEscalation must be false")
        if "ALL" not in ((security.get("capabilities") or {}).get("drop") or []):
            self.error("capabilities must drop ALL")
        resources = container.get("resources") or {}
        for part in ("requests", "limits"):
            for resource in ("cpu", "memory"):
                if resource not in (resources.get(part) or {}):
                    self.error("resources.%s.%s is not set" % (part, resource))

    def check_ports_and_probes(self, container, config):
        server = config.get("server") or {}
        ports = {p.get("name"): p["containerPort"] for p in container.get("ports") or []}
        grpc_port = server.get("grpcPort", 50051)
        if ports.get("grpc") != grpc_port:
            self.error("container port grpc is %s, the config serves %s" %
                       (ports.get("grpc"), grpc_port))
        if ports.get("metrics") != server.get("metricsPort", 9464):
            self.error("container port metrics does not match server.metricsPort")
        # kubelet's gRPC probes speak plaintext only: with server.tls they must ask the
        # plaintext health-only port (server.healthAddress).
        probe_port = grpc_port
        health_address = server.get("healthAddress")
        if health_address:
            probe_port = int(str(health_address).rsplit(":", 1)[-1])
            if ports.get("health") != probe_port:
                self.error("container port health is %s, server.healthAddress serves %s" %
                           (ports.get("health"), probe_port))
        elif server.get("tls"):
            self.error("server.tls without server.healthAddress: kubelet's gRPC probes "
                       "cannot speak TLS")
        for probe_name in ("readinessProbe", "livenessProbe"):
            probe = container.get(probe_name) or {}
            if (probe.get("grpc") or {}).get("port") != probe_port:
                self.error("%s must be a grpc probe on port %s" % (probe_name, probe_port))

    def check_tls_files(self, pod_spec, container, config):
        """Each server.tls file lies in a mounted Secret volume (never the image or a
        ConfigMap)."""
        tls = (config.get("server") or {}).get("tls") or {}
        volumes = {v["name"]: v for v in pod_spec.get("volumes") or []}
        secret_dirs = [m["mountPath"].rstrip("/") + "/"
                       for m in container.get("volumeMounts") or []
                       if "secret" in volumes.get(m["name"], {})]
        for key in ("certificateFile", "privateKeyFile", "clientCaFile"):
            path = tls.get(key)
            if path and not any(path.startswith(d) for d in secret_dirs):
                self.error("server.tls.%s %s is not in a mounted Secret volume" % (key, path))

    def check_shutdown(self, pod_spec, container, config):
        command = (((container.get("lifecycle") or {}).get("preStop") or {}).get("exec")
                   or {}).get("command") or []
        if len(command) != 2 or command[0] != "sleep" or not command[1].isdigit():
            self.error("preStop must be exec [sleep, N], got %s" % command)
            return
        drain = seconds((config.get("server") or {}).get("drainGrace", "20s"))
        needed = int(command[1]) + drain + EXIT_MARGIN_SECONDS
        grace = pod_spec.get("terminationGracePeriodSeconds", 30)
        if grace < needed:
            self.error("terminationGracePeriodSeconds %s < preStop %s + drainGrace %s + %s"
                       % (grace, command[1], drain, EXIT_MARGIN_SECONDS))

    def check_secrets(self, pod_spec, container, config):
        env = {e["name"]: e for e in container.get("env") or []}
        mounts = [m["mountPath"] for m in container.get("volumeMounts") or []]
        for connection in config.get("connections") or []:
            for part in ("marketo", "hotprofile"):
                for key, source in (connection.get(part) or {}).items():
                    where = "%s.%s.%s" % (connection.get("name"), part, key)
                    if "env" in source:
                        self.check_secret_env(env.get(source["env"]), source["env"], where)
                    elif "file" in source and not any(
                            source["file"].startswith(m.rstrip("/") + "/") for m in mounts):
                        self.error("%s: file %s is not under a mounted volume" %
                                   (where, source["file"]))
        password = ((config.get("server") or {}).get("coordination") or {}).get("redisPassword")
        if password is not None and "env" in password:
            self.check_secret_env(env.get(password["env"]), password["env"],
                                  "server.coordination.redisPassword")
        for name, variable in env.items():
            ref = (variable.get("valueFrom") or {}).get("secretKeyRef")
            if ref is not None and ref.get("name") != SECRET_NAME:
                self.error("env %s comes from Secret %s, expected %s" %
                           (name, ref.get("name"), SECRET_NAME))

    def check_secret_env(self, variable, name, where):
        if variable is None:
            self.error("%s: environment variable %s is not set" % (where, name))
        elif "value" in variable:
            self.error("%s: %s has a literal value; take it from a Secret" % (where, name))
        elif (variable.get("valueFrom") or {}).get("secretKeyRef") is None:
            self.error("%s: %s must come from secretKeyRef %s" % (where, name, SECRET_NAME))

    def check_wiring(self, deployment, pod_labels):
        name = deployment["metadata"]["name"]
        if not selects(deployment["spec"]["selector"], pod_labels):
            self.error("Deployment selector does not match its pod labels")
        services = self.of_kind("Service")
        for service in services:
            if not selects({"matchLabels": service["spec"].get("selector")}, pod_labels):
                self.error("Service %s does not select the pods" % service["metadata"]["name"])
        for pdb in self.of_kind("PodDisruptionBudget"):
            if not selects(pdb["spec"].get("selector"), pod_labels):
                self.error("PodDisruptionBudget does not select the pods")
        for monitor in self.of_kind("ServiceMonitor"):
            chosen = [s for s in services
                      if selects(monitor["spec"]["selector"], s["metadata"].get("labels") or {})]
            port_names = {p.get("name") for s in chosen for p in s["spec"]["ports"]}
            if not chosen:
                self.error("ServiceMonitor selects no Service")
            for endpoint in monitor["spec"]["endpoints"]:
                if endpoint.get("port") not in port_names or endpoint.get("path") != "/metrics":
                    self.error("ServiceMonitor endpoint must scrape /metrics on a named port")
                if endpoint.get("honorLabels") is not True:
                    self.error("ServiceMonitor endpoint needs honorLabels: true, or the "
                               "operator renames the gateway's `endpoint` label")
        for hpa in self.of_kind("HorizontalPodAutoscaler"):
            target = hpa["spec"]["scaleTargetRef"]
            if (target.get("kind"), target.get("name")) != ("Deployment", name):
                self.error("HorizontalPodAutoscaler does not target Deployment %s" % name)

    def max_replicas(self, deployment):
        hpas = self.of_kind("HorizontalPodAutoscaler")
        if not hpas:
            return deployment["spec"].get("replicas", 1)
        if "replicas" in deployment["spec"]:
            self.error("Deployment sets replicas (%s) beside HorizontalPodAutoscaler %s: "
                       "every apply would reset the count the HPA chose" %
                       (deployment["spec"]["replicas"], hpas[0]["metadata"]["name"]))
        return hpas[0]["spec"]["maxReplicas"]

    def check_network_policy(self, pod_labels, container):
        """Ingress only from labelled callers (gRPC) and Prometheus (metrics)."""
        ports = {p.get("name"): p["containerPort"] for p in container.get("ports") or []}
        policies = [p for p in self.of_kind("NetworkPolicy")
                    if selects(p["spec"].get("podSelector"), pod_labels)]
        if len(policies) != 1:
            self.error("expected one NetworkPolicy selecting the pods, got %d" % len(policies))
            return
        spec = policies[0]["spec"]
        if "Ingress" not in (spec.get("policyTypes") or []):
            self.error("NetworkPolicy policyTypes must include Ingress")
        allowed = {}  # port name -> peers
        for rule in spec.get("ingress") or []:
            peers, rule_ports = rule.get("from") or [], rule.get("ports") or []
            if not peers or not rule_ports:
                self.error("NetworkPolicy ingress rule without `from` or `ports` opens the "
                           "pods to every source or port")
            for peer in peers:
                if not (peer.get("podSelector") or {}).get("matchLabels"):
                    self.error("NetworkPolicy peer %s admits whole namespaces or address "
                               "ranges: select pods by label" % peer)
            for port in rule_ports:
                name = next((n for n, number in ports.items()
                             if port.get("port") in (n, number)), None)
                if name not in ("grpc", "metrics"):
                    self.error("NetworkPolicy opens port %s, not grpc or metrics" %
                               port.get("port"))
                allowed.setdefault(name, []).extend(peers)
        if not any((p.get("podSelector") or {}).get("matchLabels") == {CLIENT_LABEL: "true"}
                   for p in allowed.get("grpc", [])):
            self.error("NetworkPolicy must admit pods labelled %s: \"true\" on grpc" %
                       CLIENT_LABEL)
        if not allowed.get("metrics"):
            self.error("NetworkPolicy admits nobody on metrics: Prometheus cannot scrape")

    def check_quota_split(self, deployment, config):
        replicas = self.max_replicas(deployment)
        rolling = deployment["spec"].get("strategy", {}).get("rollingUpdate") or {}
        if str(rolling.get("maxSurge", "25%")) not in ("0", "0%"):
            self.error("rollingUpdate.maxSurge must be 0: a surge replica would exceed "
                       "the per-replica quota split")
        coordination = (config.get("server") or {}).get("coordination")
        if coordination is not None and int(coordination.get("replicas", 0)) < replicas:
            self.error("server.coordination.replicas %s is below the %d replicas: while Redis "
                       "is down each replica would take more than its share" %
                       (coordination.get("replicas"), replicas))
        for connection in config.get("connections") or []:
            upstream = UPSTREAM_LIMITS.get(connection.get("backend"))
            if upstream is None:
                self.error("connection %s: unknown backend" % connection.get("name"))
                continue
            limits = dict(upstream, **(connection.get("limits") or {}))
            where = "connection %s with %d replicas" % (connection["name"], replicas)
            if "window" in (connection.get("limits") or {}):
                limits["window"] = seconds(limits["window"])
            if limits["window"] != upstream["window"]:
                self.error("%s: window %ss differs from the upstream's %ss" %
                           (where, limits["window"], upstream["window"]))
            for key in ("callsPerWindow", "maxConcurrent", "dailyQuota"):
                if upstream[key] == 0:
                    continue  # the upstream sets no such limit
                if coordination is not None:
                    if limits[key] == 0 or limits[key] > upstream[key]:
                        self.error("%s: %s %s shared by the fleet is over the upstream's %s" %
                                   (where, key, limits[key] or "unlimited", upstream[key]))
                    continue
                total = limits[key] * replicas
                if limits[key] == 0 or total > upstream[key]:
                    self.error("%s: %s %s per replica allows %s, over the upstream's %s "
                               "(divide by maxReplicas)" %
                               (where, key, limits[key], total or "unlimited", upstream[key]))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kinds", required=True, help="comma-separated expected kinds")
    parser.add_argument("rendered")
    args = parser.parse_args()
    with open(args.rendered, encoding="utf-8") as stream:
        objects = [d for d in yaml.safe_load_all(stream) if d is not None]
    errors = Checker(objects).run(args.kinds.split(","))
    for error in errors:
        print("%s: %s" % (args.rendered, error))
    print("%s: %d policy errors" % (args.rendered, len(errors)))
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
