"""Validates rendered Kubernetes manifests offline (k8s_schema.py explains how).

Usage: validate_manifests.py FILE...   (multi-document YAML, e.g. `kubectl kustomize`
output). Prints one line per problem; exits 1 when there is any, 0 otherwise.
"""

import sys

import yaml

import k8s_schema


def validate_file(path):
    """Returns (objects checked, errors) for one multi-document YAML file."""
    with open(path, encoding="utf-8") as stream:
        documents = [d for d in yaml.safe_load_all(stream) if d is not None]
    errors = []
    for document in documents:
        errors.extend(k8s_schema.validate(document))
    return len(documents), errors


def main(paths):
    if not paths:
        print("usage: validate_manifests.py FILE...", file=sys.stderr)
        return 2
    failed = False
    for path in paths:
        count, errors = validate_file(path)
        for error in errors:
            print("%s: %s" % (path, error))
        if count == 0:
            print("%s: no objects" % path)
            failed = True
        failed = failed or bool(errors)
        print("%s: %d objects, %d errors" % (path, count, len(errors)))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
