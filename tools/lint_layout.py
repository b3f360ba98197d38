#!/usr/bin/env python3
"""Layout lint: vendor knowledge stays in backends/ (and emulators/).

Fails, printing each offending file:line, when
  - a file under upstream/, metrics/, jobs/, matching/ or card_sync/ names a vendor (Marketo, HotProfile), comments and
    docs included, or holds a Marketo error code ("601", "602", "606", "607", "615") as a
    string literal in C++ code;
  - a file under service/ names a vendor, except the files of ALLOWLIST (the sandbox
    wiring, the --sandbox flag, tests).

Usage: tools/lint_layout.py [--root DIR]. DIR defaults to the workspace that holds this
script (resolved through symlinks, so `bazel test //tools:lint_layout_test` reads the
source tree; see tools/BUILD). Python 3 standard library only.
"""

import argparse
import fnmatch
import os
import re
import sys

# Vendor names in any spelling: Marketo, HotProfile, hot_profile, Hot-Profile.
VENDOR_RE = re.compile(r"marketo|hot[_-]?profile", re.IGNORECASE)
# Marketo's error codes as C++ string literals: the vendor's table belongs in
# backends/marketo/errors.*, never in vendor-free code.
VENDOR_CODE_RE = re.compile(r'"(601|602|606|607|615)"')
CODE_SUFFIXES = (".cc", ".h")

# Directories where no file may name a vendor (no allowlist).
VENDOR_FREE_DIRS = ("upstream", "metrics", "jobs", "matching", "card_sync")
# Directories where only ALLOWLIST files may name a vendor.
SERVICE_DIRS = ("service",)

# (glob relative to the root, reason). Keep it short: every entry is a file that has to
# name a vendor, with the reason why. `*` also matches "/" (fnmatch), so
# "service/*_test.cc" covers the tests of service/'s subpackages.
ALLOWLIST = (
    ("service/sandbox.*",
     "wires the emulated upstreams of --sandbox: connection names, backend kinds, credentials"),
    ("service/main.cc",
     "the help text of the --sandbox flag names the emulated vendors and their connections"),
    ("service/*_test.cc",
     "tests feed vendor-flavoured data and backend kinds through the handlers"),
)

SKIP_DIRS = {".git", "__pycache__"}


def allowlisted(rel_path):
    """Returns the ALLOWLIST entry matching rel_path, or None."""
    for pattern, reason in ALLOWLIST:
        if fnmatch.fnmatchcase(rel_path, pattern):
            return (pattern, reason)
    return None


def walk(root, top):
    """Yields the paths (relative to root, '/'-separated) of the files under root/top."""
    base = os.path.join(root, top)
    for dirpath, dirnames, filenames in os.walk(base):
        dirnames[:] = sorted(d for d in dirnames if d not in SKIP_DIRS)
        for name in sorted(filenames):
            full = os.path.join(dirpath, name)
            yield os.path.relpath(full, root).replace(os.sep, "/")


def read_lines(path):
    """The file's lines, or None for a binary or unreadable file."""
    try:
        with open(path, "rb") as f:
            data = f.read()
    except OSError:
        return None
    if b"\0" in data:
        return None
    return data.decode("utf-8", errors="replace").splitlines()


def check_file(root, rel_path, check_codes):
    """Returns (line number, message) pairs for one file."""
    lines = read_lines(os.path.join(root, rel_path))
    if lines is None:
        return []
    is_code = rel_path.endswith(CODE_SUFFIXES)
    found = []
    for number, line in enumerate(lines, start=1):
        match = VENDOR_RE.search(line)
        if match:
            found.append((number, "names a vendor (%s): %s" % (match.group(0), line.strip())))
        elif check_codes and is_code:
            code = VENDOR_CODE_RE.search(line)
            if code:
                found.append((number, "holds a Marketo error code (%s): %s" %
                              (code.group(0), line.strip())))
    return found


def lint(root):
    """Returns (offences, used allowlist patterns); offences are 'path:line: message'."""
    offences = []
    used = set()
    for top in VENDOR_FREE_DIRS:
        for rel_path in walk(root, top):
            for number, message in check_file(root, rel_path, check_codes=True):
                offences.append("%s:%d: %s" % (rel_path, number, message))
    for top in SERVICE_DIRS:
        for rel_path in walk(root, top):
            found = check_file(root, rel_path, check_codes=False)
            entry = allowlisted(rel_path)
            if entry:
                if found:
                    used.add(entry[0])
                continue
            for number, message in found:
                offences.append("%s:%d: %s" % (rel_path, number, message))
    return offences, used


def default_root():
    here = os.path.dirname(os.path.realpath(__file__))
    return os.path.dirname(here)


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--root", default=os.environ.get("LEADGW_LINT_ROOT") or default_root(),
                        help="workspace directory to lint (default: this script's workspace)")
    args = parser.parse_args(argv)
    root = os.path.abspath(args.root)
    missing = [d for d in VENDOR_FREE_DIRS + SERVICE_DIRS
               if not os.path.isdir(os.path.join(root, d))]
    if missing:
        print("lint_layout: %s is not the workspace (no %s/)" % (root, ", ".join(missing)),
              file=sys.stderr)
        return 2
    offences, used = lint(root)
    for pattern, _ in ALLOWLIST:
        if pattern not in used:
            print("lint_layout: note: allowlist entry %s matched no offence" % pattern)
    if offences:
        print("\n".join(offences))
        print("lint_layout: %d offence(s). Vendor knowledge belongs in backends/<vendor>/ "
              "(see docs/adding-a-backend.md); an unavoidable case goes in ALLOWLIST of "
              "tools/lint_layout.py with its reason." % len(offences))
        return 1
    print("lint_layout: OK (%s)" % root)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
