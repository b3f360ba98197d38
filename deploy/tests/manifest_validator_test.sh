#!/usr/bin/env bash
# The offline schema validator reports deliberately broken manifests (and passes good ones).
set -euo pipefail
source deploy/tests/testlib.sh
require_python_module yaml python3-yaml
require_python_module kubernetes python3-kubernetes

/usr/bin/python3 deploy/tests/validator_selftest.py

# The command-line entry point must fail on the broken file, naming the unknown field.
if output=$(/usr/bin/python3 deploy/tests/validate_manifests.py \
    deploy/tests/testdata/broken_manifests.yaml); then
  fail "validate_manifests.py accepted broken_manifests.yaml"
fi
echo "$output"
grep -q "spec.replicass: unknown field" <<<"$output" ||
  fail "validate_manifests.py did not name spec.replicass"
