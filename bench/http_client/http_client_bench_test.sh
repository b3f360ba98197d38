#!/usr/bin/env bash
# http_client_bench with a few hundred requests: both clients answered, and the ratio printed.
set -euo pipefail
out=$(bench/http_client/http_client_bench 300)
echo "$out"
grep -q '^CurlHttpClient::Send (libcurl) .* (300 requests)$' <<<"$out"
grep -q '^minimal HTTP/1.1 client (lower bound) .* (300 requests)$' <<<"$out"
grep -q '^libcurl / minimal client .*x CPU' <<<"$out"
echo "http_client_bench_test: passed"
