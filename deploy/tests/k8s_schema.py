"""Offline structural validation of Kubernetes objects.

The schemas come from Debian's python3-kubernetes (22.6, Kubernetes 1.22 models): every
generated model class lists its fields in `openapi_types` (python name -> type string such
as "str", "list[V1Container]", "dict(str, str)", "V1ObjectMeta", "object") and
`attribute_map` (python name -> JSON key). A field is required when its setter rejects
None under client-side validation, which is how the generator encodes OpenAPI's
`required`. A few things newer than those models, or not in them at all, are described
here explicitly (SUPPLEMENTS, ADDED_FIELDS, STAND_INS, ENUMS, QUANTITY_FIELDS).

What is checked: unknown keys, value types, required fields, the enum values and the
quantity and duration formats listed below. Kinds: the core API's (Deployment, Service,
ConfigMap, NetworkPolicy, ...) from the models; ServiceMonitor and PrometheusRule (the
Prometheus Operator's CRDs) from SUPPLEMENTS. What is not: cross-field rules the API server
enforces (name formats, port ranges, one-of choices, immutable fields) and anything
admission controllers add.
"""

import functools
import re

from kubernetes import client
from kubernetes.client import models

# apiVersion/kind whose exact model is missing from the 1.22 client, mapped to a model
# with the same shape. autoscaling/v2 (GA in 1.23) has the spec of v2beta2.
STAND_INS = {
    ("autoscaling/v2", "HorizontalPodAutoscaler"): "V2beta2HorizontalPodAutoscaler",
}

# Fields newer than the 1.22 models: model -> {JSON key: type}. Added only when missing,
# so a newer client's own definition wins. Probe.grpc: beta in 1.24, GA in 1.27.
ADDED_FIELDS = {
    "V1Probe": {"grpc": "V1GRPCAction"},
}

# Types the client lacks: name -> {JSON key: (type, required)}. ServiceMonitor is the
# Prometheus Operator's CRD (monitoring.coreos.com/v1); only the fields a ServiceMonitor
# for one HTTP metrics port needs are listed, so anything else is reported as unknown.
SUPPLEMENTS = {
    "V1GRPCAction": {"port": ("int", True), "service": ("str", False)},
    "ServiceMonitor": {
        "apiVersion": ("str", True),
        "kind": ("str", True),
        "metadata": ("V1ObjectMeta", True),
        "spec": ("ServiceMonitorSpec", True),
    },
    "ServiceMonitorSpec": {
        "selector": ("V1LabelSelector", True),
        "endpoints": ("list[ServiceMonitorEndpoint]", True),
        "namespaceSelector": ("ServiceMonitorNamespaceSelector", False),
        "jobLabel": ("str", False),
        "targetLabels": ("list[str]", False),
        "podTargetLabels": ("list[str]", False),
        "sampleLimit": ("int", False),
    },
    "ServiceMonitorNamespaceSelector": {
        "any": ("bool", False),
        "matchNames": ("list[str]", False),
    },
    "ServiceMonitorEndpoint": {
        "port": ("str", False),
        "targetPort": ("object", False),
        "path": ("str", False),
        "scheme": ("str", False),
        "interval": ("duration", False),
        "scrapeTimeout": ("duration", False),
        "honorLabels": ("bool", False),
        "honorTimestamps": ("bool", False),
        "params": ("dict(str, list[str])", False),
        "relabelings": ("list[ServiceMonitorRelabelConfig]", False),
        "metricRelabelings": ("list[ServiceMonitorRelabelConfig]", False),
        "tlsConfig": ("ServiceMonitorTLSConfig", False),
    },
    # The operator's TLSConfig (SafeTLSConfig plus file paths).
    "ServiceMonitorTLSConfig": {
        "ca": ("ServiceMonitorSecretOrConfigMap", False),
        "cert": ("ServiceMonitorSecretOrConfigMap", False),
        "keySecret": ("ServiceMonitorSecretKeySelector", False),
        "serverName": ("str", False),
        "insecureSkipVerify": ("bool", False),
        "caFile": ("str", False),
        "certFile": ("str", False),
        "keyFile": ("str", False),
    },
    "ServiceMonitorSecretOrConfigMap": {
        "secret": ("ServiceMonitorSecretKeySelector", False),
        "configMap": ("ServiceMonitorSecretKeySelector", False),
    },
    "ServiceMonitorSecretKeySelector": {
        "name": ("str", True),
        "key": ("str", True),
        "optional": ("bool", False),
    },
    "ServiceMonitorRelabelConfig": {
        "sourceLabels": ("list[str]", False),
        "separator": ("str", False),
        "targetLabel": ("str", False),
        "regex": ("str", False),
        "modulus": ("int", False),
        "replacement": ("str", False),
        "action": ("str", False),
    },
}

# PrometheusRule (monitoring.coreos.com/v1): rule groups as Prometheus's rule files
# have them; `expr` is a string here (the CRD also takes an integer, we never write one).
SUPPLEMENTS.update({
    "PrometheusRule": {
        "apiVersion": ("str", True),
        "kind": ("str", True),
        "metadata": ("V1ObjectMeta", True),
        "spec": ("PrometheusRuleSpec", True),
    },
    "PrometheusRuleSpec": {
        "groups": ("list[PrometheusRuleGroup]", False),
    },
    "PrometheusRuleGroup": {
        "name": ("str", True),
        "interval": ("duration", False),
        "limit": ("int", False),
        "partial_response_strategy": ("str", False),
        "rules": ("list[PrometheusRuleRule]", True),
    },
    "PrometheusRuleRule": {
        "alert": ("str", False),
        "record": ("str", False),
        "expr": ("str", True),
        "for": ("duration", False),
        "keep_firing_for": ("duration", False),
        "labels": ("dict(str, str)", False),
        "annotations": ("dict(str, str)", False),
    },
})

SUPPLEMENT_KINDS = {
    ("monitoring.coreos.com/v1", "ServiceMonitor"): "ServiceMonitor",
    ("monitoring.coreos.com/v1", "PrometheusRule"): "PrometheusRule",
}

# Enumerations the generated models do not carry: (model, JSON key) -> allowed values.
ENUMS = {
    ("V1ContainerPort", "protocol"): {"TCP", "UDP", "SCTP"},
    ("V1ServicePort", "protocol"): {"TCP", "UDP", "SCTP"},
    ("V1Container", "imagePullPolicy"): {"Always", "IfNotPresent", "Never"},
    ("V1SeccompProfile", "type"): {"RuntimeDefault", "Localhost", "Unconfined"},
    ("V1DeploymentStrategy", "type"): {"RollingUpdate", "Recreate"},
    ("V1ServiceSpec", "type"): {"ClusterIP", "NodePort", "LoadBalancer", "ExternalName"},
    ("V1TopologySpreadConstraint", "whenUnsatisfiable"): {"DoNotSchedule", "ScheduleAnyway"},
    ("V1PodSpec", "restartPolicy"): {"Always", "OnFailure", "Never"},
    ("V2beta2MetricSpec", "type"): {"ContainerResource", "External", "Object", "Pods",
                                    "Resource"},
    ("V2beta2MetricTarget", "type"): {"AverageValue", "Utilization", "Value"},
    ("ServiceMonitorEndpoint", "scheme"): {"http", "https"},
    ("V1NetworkPolicyPort", "protocol"): {"TCP", "UDP", "SCTP"},
}

# Enumerations of list items: (model, JSON key) -> allowed values of each item.
LIST_ENUMS = {
    ("V1NetworkPolicySpec", "policyTypes"): {"Ingress", "Egress"},
}

# Resource quantities: strings like "250m", "1Gi" (or bare numbers, as the API accepts).
QUANTITY_FIELDS = {
    ("V1ResourceRequirements", "limits"),
    ("V1ResourceRequirements", "requests"),
    ("V1EmptyDirVolumeSource", "sizeLimit"),
}
_QUANTITY = re.compile(r"^[+-]?(\d+\.?\d*|\.\d+)(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E|"
                       r"[eE][+-]?\d+)?$")
# Prometheus durations as the operator's CRD accepts them ("30s", "1m30s").
_DURATION = re.compile(r"^(\d+(ms|s|m|h|d|w|y))+$")

_LIST = re.compile(r"^list\[(.+)\]$")
_DICT = re.compile(r"^dict\(str, (.+)\)$")


class Field:
    """One field of a schema: its type string, whether it is required, its enum."""

    def __init__(self, type_name, required, enum=None, quantity=False):
        self.type_name = type_name
        self.required = required
        self.enum = enum
        self.quantity = quantity


@functools.lru_cache(maxsize=None)
def schema(type_name):
    """Returns {JSON key: Field} for a model or supplementary type, or None if unknown."""
    if type_name in SUPPLEMENTS:
        fields = {key: Field(t, req) for key, (t, req) in SUPPLEMENTS[type_name].items()}
    else:
        cls = getattr(models, type_name, None)
        if cls is None or not hasattr(cls, "openapi_types"):
            return None
        required = _required_attributes(cls)
        fields = {}
        for attr, t in cls.openapi_types.items():
            fields[cls.attribute_map[attr]] = Field(t, attr in required)
        for key, t in ADDED_FIELDS.get(type_name, {}).items():
            fields.setdefault(key, Field(t, False))
    for key, field in fields.items():
        field.enum = ENUMS.get((type_name, key))
        field.quantity = (type_name, key) in QUANTITY_FIELDS
    return fields


def _required_attributes(cls):
    """Attributes whose setter refuses None: the generator's encoding of `required`."""
    probe = cls.__new__(cls)
    configuration = client.Configuration()
    configuration.client_side_validation = True
    probe.local_vars_configuration = configuration
    required = set()
    for attr in cls.openapi_types:
        try:
            setattr(probe, attr, None)
        except ValueError as error:
            if "must not be `None`" in str(error):
                required.add(attr)
    return required


def model_for(api_version, kind):
    """Name of the schema for an apiVersion/kind, or None when there is none."""
    key = (api_version, kind)
    if key in SUPPLEMENT_KINDS:
        return SUPPLEMENT_KINDS[key]
    version = api_version.rsplit("/", 1)[-1]
    exact = version[:1].upper() + version[1:] + kind
    if schema(exact) is not None:
        return exact
    return STAND_INS.get(key)


def validate(obj):
    """Returns a list of error strings for one object ([] when it is valid)."""
    if not isinstance(obj, dict):
        return ["document is not a mapping"]
    api_version, kind = obj.get("apiVersion"), obj.get("kind")
    metadata = obj.get("metadata")
    name = metadata.get("name") if isinstance(metadata, dict) else None
    where = "%s/%s %s" % (api_version, kind, name)
    if not isinstance(api_version, str) or not isinstance(kind, str):
        return ["%s: apiVersion and kind are required strings" % where]
    type_name = model_for(api_version, kind)
    if type_name is None:
        return ["%s: no schema for apiVersion %s kind %s" % (where, api_version, kind)]
    errors = []
    if not isinstance(name, str) or not name:
        errors.append("%s: metadata.name is required" % where)
    _check(obj, type_name, "", errors, quantity=False)
    return ["%s: %s" % (where, e) for e in errors]


def _describe(value):
    return type(value).__name__


def _check(value, type_name, path, errors, quantity):
    """Checks one value against a type string, appending "path: problem" to errors."""
    shown = path or "(root)"
    if value is None:  # YAML null: the API server treats it as absent
        return
    match = _LIST.match(type_name)
    if match:
        if not isinstance(value, list):
            errors.append("%s: expected a list, got %s" % (shown, _describe(value)))
            return
        for i, item in enumerate(value):
            _check(item, match.group(1), "%s[%d]" % (path, i), errors, quantity)
        return
    match = _DICT.match(type_name)
    if match:
        if not isinstance(value, dict):
            errors.append("%s: expected a mapping, got %s" % (shown, _describe(value)))
            return
        for key, item in value.items():
            if not isinstance(key, str):
                errors.append("%s: key %r is not a string" % (shown, key))
            _check(item, match.group(1), "%s.%s" % (path, key), errors, quantity)
        return
    if quantity:
        ok = (isinstance(value, (int, float)) and not isinstance(value, bool)) or (
            isinstance(value, str) and _QUANTITY.match(value))
        if not ok:
            errors.append("%s: %r is not a resource quantity" % (shown, value))
        return
    if type_name in ("str", "int", "float", "bool", "object", "datetime", "duration"):
        _check_scalar(value, type_name, shown, errors)
        return
    fields = schema(type_name)
    if fields is None:
        errors.append("%s: no schema for type %s" % (shown, type_name))
        return
    if not isinstance(value, dict):
        errors.append("%s: expected a %s mapping, got %s" % (shown, type_name,
                                                              _describe(value)))
        return
    for key, item in value.items():
        child = "%s.%s" % (path, key) if path else str(key)
        field = fields.get(key)
        if field is None:
            errors.append("%s: unknown field (not in %s)" % (child, type_name))
            continue
        _check(item, field.type_name, child, errors, field.quantity)
        if field.enum is not None and item is not None and item not in field.enum:
            errors.append("%s: %r is not one of %s" % (child, item, sorted(field.enum)))
        allowed = LIST_ENUMS.get((type_name, key))
        for bad in [i for i in item if i not in allowed] if allowed and isinstance(
                item, list) else []:
            errors.append("%s: %r is not one of %s" % (child, bad, sorted(allowed)))
    for key, field in fields.items():
        if field.required and value.get(key) is None:
            child = "%s.%s" % (path, key) if path else key
            errors.append("%s: required field is missing (%s)" % (child, type_name))


def _check_scalar(value, type_name, shown, errors):
    is_int = isinstance(value, int) and not isinstance(value, bool)
    if type_name == "str":
        ok = isinstance(value, str)
    elif type_name == "int":
        ok = is_int
    elif type_name == "float":
        ok = is_int or isinstance(value, float)
    elif type_name == "bool":
        ok = isinstance(value, bool)
    elif type_name == "object":
        # In the objects we deploy, "object" is always IntOrString (ports,
        # maxUnavailable, maxSurge); free-form JSON fields are not used.
        ok = is_int or isinstance(value, str)
    elif type_name == "duration":
        ok = isinstance(value, str) and bool(_DURATION.match(value))
    else:  # datetime: RFC 3339 text, or what YAML made of an unquoted timestamp
        ok = isinstance(value, str) or type(value).__name__ in ("datetime", "date")
    if not ok:
        errors.append("%s: expected %s, got %s %r" % (shown, type_name, _describe(value),
                                                       value))
