# Shared helpers of the deploy/ shell tests (sourced). The tools come from Debian packages
# (README.md, "Tests"); a missing one fails the test and names its package.

# The Python helpers run from the source tree (runfiles symlinks): keep it free of caches.
export PYTHONDONTWRITEBYTECODE=1

fail() {
  echo "FAIL: $*" >&2
  exit 1
}

# require_tool PATH PACKAGE
require_tool() {
  [ -x "$1" ] || fail "$1 not found: install the Debian package $2"
}

# require_python_module MODULE PACKAGE
require_python_module() {
  require_tool /usr/bin/python3 python3
  /usr/bin/python3 -c "import $1" 2>/dev/null ||
    fail "python3 module $1 not found: install the Debian package $2"
}

# A writable scratch directory private to this test.
scratch_dir() {
  local dir="${TEST_TMPDIR:-$(mktemp -d)}/scratch"
  rm -rf "$dir" && mkdir -p "$dir" && echo "$dir"
}

# Path of docs/metrics.md: the runfile when it is a declared target, else the source tree
# found through the runfiles symlink of this file (deploy/BUILD says why).
metrics_doc() {
  local source_tree
  if [ -f docs/metrics.md ]; then
    echo docs/metrics.md
    return
  fi
  source_tree=$(cd "$(dirname "$(readlink -f deploy/tests/testlib.sh)")/../.." && pwd)
  [ -f "$source_tree/docs/metrics.md" ] || fail "docs/metrics.md not found in $source_tree"
  echo "$source_tree/docs/metrics.md"
}
