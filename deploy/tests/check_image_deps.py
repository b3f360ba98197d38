"""Checks the image's runtime package list against the binary's shared libraries.

Usage: check_image_deps.py BINARY DOCKERFILE

The packages that hold the binary's direct dependencies (readelf NEEDED, resolved with
ldd, owner from dpkg -S) must all be installed by the final stage of the Dockerfile, and
that stage installs nothing else but ca-certificates (TLS roots, invisible to ldd) and
packages among the transitive dependencies. libc6 is in every Debian image.
"""

import os
import re
import subprocess
import sys

ALWAYS_PRESENT = {"libc6"}
EXTRA_ALLOWED = {"ca-certificates"}
# Sanitizer runtimes appear when the suite runs under --config=asan/tsan; the image is
# built with --config=opt and never links them.
SANITIZER_RUNTIMES = re.compile(r"^lib(asan|ubsan|tsan|lsan)\d*$")
# Linked only by --config=opt, which the image is built with (--custom_malloc in .bazelrc):
# the suite checks a plain build, which keeps glibc's malloc, so the image must add them.
OPT_BUILD_ONLY = {"libtcmalloc-minimal4"}


def run(*command):
    return subprocess.run(command, check=True, capture_output=True, text=True).stdout


def owners(paths):
    """{library path: Debian package that installed it}, merged-/usr aware, one query."""
    candidates = {}
    for path in paths:
        real = os.path.realpath(path)
        candidates[path] = [path, "/usr" + path, real, "/usr" + real]
    # dpkg-query exits 1 when some pattern matches nothing; the others are still listed.
    answer = subprocess.run(
        ["/usr/bin/dpkg-query", "-S"] + sorted({c for cs in candidates.values() for c in cs}),
        capture_output=True, text=True)
    package_of = {}
    for line in answer.stdout.splitlines():
        packages, _, owned = line.partition(": ")
        package_of[owned.strip()] = packages.split(",")[0].split(":")[0].strip()
    result = {}
    for path, names in candidates.items():
        found = [package_of[n] for n in names if n in package_of]
        if not found:
            raise SystemExit("no Debian package owns %s" % path)
        result[path] = found[0]
    return result


def library_packages(binary):
    needed = re.findall(r"\(NEEDED\)\s+Shared library: \[([^\]]+)\]",
                        run("/usr/bin/readelf", "-d", binary))
    listing = run("/usr/bin/ldd", binary)
    resolved = dict(re.findall(r"^\s*(\S+) => (/\S+)", listing, re.M))
    # The dynamic loader is listed by path alone: "/lib64/ld-linux-x86-64.so.2 (0x...)".
    for path in re.findall(r"^\s*(/\S+) \(0x", listing, re.M):
        resolved.setdefault(os.path.basename(path), path)
    missing = [name for name in needed if name not in resolved]
    if missing:
        raise SystemExit("ldd cannot resolve %s" % missing)
    package_of = owners(resolved.values())
    direct = {package_of[resolved[name]] for name in needed}
    direct = {p for p in direct if not SANITIZER_RUNTIMES.match(p)}
    return direct, set(package_of.values())


def dockerfile_packages(path):
    """Packages of the `apt-get install` in the Dockerfile's last stage."""
    with open(path, encoding="utf-8") as stream:
        text = stream.read()
    final_stage = re.split(r"^FROM\s", text, flags=re.M)[-1]
    match = re.search(r"apt-get install[^\n]*\\\n((?:[ \t]+[a-z0-9][a-z0-9.+-]*[ \t]*\\\n)+)",
                      final_stage)
    if not match:
        raise SystemExit("%s: no apt-get install list in the final stage" % path)
    return set(match.group(1).replace("\\", " ").split())


def main(argv):
    if len(argv) != 3:
        print("usage: check_image_deps.py BINARY DOCKERFILE", file=sys.stderr)
        return 2
    direct, every = library_packages(argv[1])
    direct |= OPT_BUILD_ONLY
    every |= OPT_BUILD_ONLY
    listed = dockerfile_packages(argv[2])
    errors = []
    for package in sorted(direct - ALWAYS_PRESENT - listed):
        errors.append("the binary needs %s; add it to the final stage" % package)
    for package in sorted(listed - every - EXTRA_ALLOWED):
        errors.append("%s is installed but holds none of the binary's libraries" % package)
    for error in errors:
        print("%s: %s" % (argv[2], error))
    print("%s: needs %s; %d errors" % (argv[2], " ".join(sorted(direct)), len(errors)))
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
