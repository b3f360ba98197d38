#!/usr/bin/env bash
# The image's build stage installs only build packages and passes LEADGW_REVISION to the
# Bazel build, and tools/workspace_status reports it outside a git checkout. Reads files
# and runs the two scripts: nothing is built, no Docker needed.
set -euo pipefail
source deploy/tests/testlib.sh
require_tool /usr/bin/python3 python3
check="/usr/bin/python3 deploy/tests/check_dockerfile.py"
work=$(scratch_dir)

$check deploy/Dockerfile

# The checker itself: each broken variant of the Dockerfile must be reported.
expect_rejected() {  # SED_EXPRESSION EXPECTED_MESSAGE
  sed "$1" deploy/Dockerfile >"$work/Dockerfile"
  if output=$($check "$work/Dockerfile"); then fail "accepted a Dockerfile edited by $1"; fi
  grep -qF "$2" <<<"$output" || fail "edit $1: expected '$2', got: $output"
}
expect_rejected 's/^ARG LEADGW_REVISION.*$//' "must declare ARG LEADGW_REVISION"
expect_rejected 's/tools\/setup --build-only/tools\/setup/' "tools/setup --build-only"
expect_rejected 's/^RUN bazel /RUN env -u LEADGW_REVISION bazel /' "must not set or unset"

# tools/workspace_status outside a git checkout (an empty directory; git must not climb
# out of it into a checkout above).
mkdir -p "$work/tree"
status="$(pwd)/tools/workspace_status"
run_status() { (cd "$work/tree" && GIT_CEILING_DIRECTORIES="$work" "$@" "$status"); }
[ "$(run_status env LEADGW_REVISION=0123456789abcdef0123456789abcdef01234567)" = \
  "BUILD_SCM_REVISION 0123456789ab" ] || fail "a full LEADGW_REVISION is not shortened to 12"
[ "$(run_status env LEADGW_REVISION=v0.1.0)" = "BUILD_SCM_REVISION v0.1.0" ] ||
  fail "workspace_status ignores LEADGW_REVISION outside git"
[ "$(run_status env -u LEADGW_REVISION)" = "BUILD_SCM_REVISION unknown" ] ||
  fail "workspace_status without git or LEADGW_REVISION should say unknown"

# tools/setup --build-only: every package but the test tools (listed, not installed).
all=$(tools/setup --list | sort)
build=$(tools/setup --build-only --list | sort)
for package in bazel-bootstrap g++ protobuf-compiler-grpc libgrpc++-dev; do
  grep -qx -- "$package" <<<"$build" || fail "--build-only lacks $package"
done
for package in libgtest-dev libgmock-dev redis-server prometheus python3-yaml \
    python3-kubernetes kubernetes-client; do
  ! grep -qx -- "$package" <<<"$build" || fail "--build-only installs the test tool $package"
done
# Every -dev package of the full list is a build package (prometheus-cpp-dev included).
missing=$(comm -23 <(grep -- '-dev$' <<<"$all" | grep -v 'libg\(test\|mock\)-dev') \
  <(echo "$build"))
[ -z "$missing" ] || fail "--build-only lacks $missing"
echo "dockerfile_test: ok ($(wc -l <<<"$build") of $(wc -l <<<"$all") packages for the build)"
