"""The metric families of docs/metrics.md, and checks of PromQL against them.

docs/metrics.md is the contract between the gateway and its dashboards and alerts: every
family row is `| \`leadgw_name\` | type | label, label | meaning |`. A PromQL expression
may use a family (histograms also as _bucket, _sum, _count) with label matchers on its
own labels or on the labels Prometheus adds to every scraped series.
"""

import re

# Labels Prometheus or the Prometheus Operator attach to every scraped series. (The
# operator's `endpoint` target label is not here: the ServiceMonitor honours the
# gateway's own `endpoint` label instead.)
TARGET_LABELS = {"job", "instance", "namespace", "pod", "service", "container"}

_ROW = re.compile(r"^\|\s*`(leadgw_[a-z0-9_]+)`\s*\|\s*([a-z]+)[^|]*\|([^|]*)\|")
_TOKEN = re.compile(r"leadgw_[a-z0-9_]+")
_HISTOGRAM_SUFFIX = re.compile(r"_(bucket|sum|count)$")
# A selector: metric name, then optional {matchers}.
_SELECTOR = re.compile(r"(leadgw_[a-z0-9_]+)\s*(\{([^}]*)\})?")
_MATCHER = re.compile(r"([a-zA-Z_][a-zA-Z0-9_]*)\s*(=~|!~|!=|=)\s*\"")
_GROUPING = re.compile(r"\b(by|without|on|ignoring|group_left|group_right)\s*\(([^)]*)\)")


class Family:
    def __init__(self, name, kind, labels):
        self.name = name
        self.kind = kind
        self.labels = labels


def parse_families(markdown):
    """Returns {name: Family} from the tables of docs/metrics.md."""
    families = {}
    for line in markdown.splitlines():
        match = _ROW.match(line.strip())
        if not match:
            continue
        name, kind, labels = match.group(1), match.group(2), match.group(3)
        families[name] = Family(name, kind, {
            label.strip() for label in labels.split(",") if label.strip()})
    return families


def family_of(token, families):
    """The family a series name belongs to, or None."""
    if token in families:
        return families[token]
    base = _HISTOGRAM_SUFFIX.sub("", token)
    if base != token and base in families and families[base].kind == "histogram":
        return families[base]
    return None


def check_expr(expr, families):
    """Returns problems with one PromQL expression ([] when it only uses known names)."""
    problems = []
    used = []
    for token in _TOKEN.findall(expr):
        family = family_of(token, families)
        if family is None:
            problems.append("%s is not a family in docs/metrics.md" % token)
        else:
            used.append((token, family))
    for match in _SELECTOR.finditer(expr):
        family = family_of(match.group(1), families)
        if family is None or match.group(3) is None:
            continue
        allowed = family.labels | TARGET_LABELS
        if match.group(1).endswith("_bucket"):
            allowed = allowed | {"le"}
        for label in _MATCHER.findall(match.group(3)):
            if label[0] not in allowed:
                problems.append("%s has no label %s" % (match.group(1), label[0]))
    # Grouping labels cannot be tied to one selector without a parser: they must belong
    # to some family the expression uses (or be le/target labels).
    known = set(TARGET_LABELS) | {"le"}
    for _, family in used:
        known |= family.labels
    for match in _GROUPING.finditer(expr):
        for label in match.group(2).split(","):
            label = label.strip()
            if label and label not in known:
                problems.append("grouping label %s belongs to none of the families used"
                                % label)
    return problems


def families_used(expr, families):
    """Names of the documented families an expression reads."""
    used = set()
    for token in _TOKEN.findall(expr):
        family = family_of(token, families)
        if family is not None:
            used.add(family.name)
    return used
