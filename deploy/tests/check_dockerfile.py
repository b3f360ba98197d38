"""Checks the build stage of deploy/Dockerfile (the image is not built: no Docker needed).

Usage: check_dockerfile.py DOCKERFILE

- The build stage installs the build packages only: `tools/setup --build-only`.
- It declares `ARG LEADGW_REVISION` before the RUN that calls `bazel build`, so the
  revision is in that command's environment, where tools/workspace_status reads it (an
  ARG before the first FROM is not visible inside a stage), and that RUN does not set
  or unset it.
- The usage comment shows `--build-arg LEADGW_REVISION=`.
"""

import re
import sys

REVISION_ARG = "LEADGW_REVISION"


def instructions(text):
    """[(KEYWORD, arguments)] with continuation lines joined and comments dropped."""
    result, pending = [], ""
    for line in text.splitlines():
        if not pending and (not line.strip() or line.lstrip().startswith("#")):
            continue
        if line.rstrip().endswith("\\"):
            pending += line.rstrip()[:-1] + " "
            continue
        joined = (pending + line).strip()
        pending = ""
        keyword, _, rest = joined.partition(" ")
        result.append((keyword.upper(), rest.strip()))
    return result


def build_stage(steps):
    """The instructions of the stage named build (FROM ... AS build)."""
    stage, inside = [], False
    for keyword, rest in steps:
        if keyword == "FROM":
            inside = bool(re.search(r"\bAS\s+build\s*$", rest, re.I))
            continue
        if inside:
            stage.append((keyword, rest))
    return stage


def check(text):
    errors = []
    stage = build_stage(instructions(text))
    if not stage:
        return ["no build stage (FROM ... AS build)"]
    runs = [rest for keyword, rest in stage if keyword == "RUN"]
    if not any(re.search(r"\btools/setup --build-only\b", r) for r in runs):
        errors.append("the build stage must install with `tools/setup --build-only`")
    if any(re.search(r"\btools/setup(?! --build-only)\b", r) for r in runs):
        errors.append("the build stage runs tools/setup without --build-only")
    arg_at = next((i for i, (keyword, rest) in enumerate(stage) if keyword == "ARG"
                   and re.match(r"%s(=|$)" % REVISION_ARG, rest)), None)
    build_at = next((i for i, (keyword, rest) in enumerate(stage) if keyword == "RUN"
                     and re.search(r"\bbazel\b.*\bbuild\b", rest)), None)
    if build_at is None:
        errors.append("the build stage has no RUN with `bazel ... build`")
    elif arg_at is None or arg_at > build_at:
        errors.append("the build stage must declare ARG %s before its `bazel build` RUN"
                      % REVISION_ARG)
    elif re.search(r"(\b%s=|-u\s*%s\b|unset\s+%s\b)" % ((REVISION_ARG,) * 3),
                   stage[build_at][1]):
        errors.append("the `bazel build` RUN must not set or unset %s" % REVISION_ARG)
    if "--build-arg %s=" % REVISION_ARG not in text:
        errors.append("the usage comment should show --build-arg %s=$(git rev-parse HEAD)"
                      % REVISION_ARG)
    return errors


def main(argv):
    if len(argv) != 2:
        print("usage: check_dockerfile.py DOCKERFILE", file=sys.stderr)
        return 2
    with open(argv[1], encoding="utf-8") as stream:
        errors = check(stream.read())
    for error in errors:
        print("%s: %s" % (argv[1], error))
    print("%s: %d errors" % (argv[1], len(errors)))
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
