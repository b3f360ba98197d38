#!/usr/bin/env bash
# The Dockerfile's runtime packages match the shared libraries the gateway binary links.
set -euo pipefail
source deploy/tests/testlib.sh
require_tool /usr/bin/python3 python3
require_tool /usr/bin/ldd libc-bin
require_tool /usr/bin/readelf binutils
require_tool /usr/bin/dpkg-query dpkg

/usr/bin/python3 deploy/tests/check_image_deps.py service/lead_gateway deploy/Dockerfile
