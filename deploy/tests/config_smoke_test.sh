#!/usr/bin/env bash
# Every configuration file deploy/ ships is accepted by the real gateway: it starts,
# writes its port file, answers /healthz and /metrics, and exits 0 on SIGTERM (what the
# Deployment's drain relies on). Loopback only, kernel-chosen ports; the credentials are
# dummies, which is enough because nothing is sent upstream before the first RPC. The
# sandbox's scrape is then checked against the dashboard and the alert rules.
set -euo pipefail
source deploy/tests/testlib.sh
require_python_module yaml python3-yaml
doc=$(metrics_doc)

binary=service/lead_gateway
[ -x "$binary" ] || fail "$binary is not built"
work=$(scratch_dir)

running() {  # a zombie is not running (kill -0 would still succeed on it)
  [ -e "/proc/$1" ] && ! grep -q '^State:[[:space:]]*Z' "/proc/$1/status" 2>/dev/null
}

# http_get PORT PATH [CA]: prints the body, fails unless the answer is 200. With CA, over
# https, verifying the server's certificate against CA (the smoke certificate names no
# host, so the name is not checked).
http_get() {
  /usr/bin/python3 - "$@" <<'PY'
import ssl, sys, urllib.request
port, path = sys.argv[1], sys.argv[2]
context = None
if len(sys.argv) > 3:
    context = ssl.create_default_context(cafile=sys.argv[3])
    context.check_hostname = False
scheme = "https" if context else "http"
with urllib.request.urlopen("%s://127.0.0.1:%s%s" % (scheme, port, path), timeout=10,
                            context=context) as answer:
    assert answer.status == 200, answer.status
    sys.stdout.write(answer.read().decode())
PY
}

# A config whose TLS files live in the production Secret mount (/etc/lead-gateway-tls) runs
# with openssl-made files in their place and its health port on loopback; prints the path
# of the config to start.
local_config() {  # local_config CONFIG
  if ! grep -q /etc/lead-gateway-tls "$1"; then
    echo "$1"
    return
  fi
  local tls="$work/tls"
  mkdir -p "$tls"
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 1 \
    -subj /CN=smoke -keyout "$tls/tls.key" -out "$tls/tls.crt" >/dev/null 2>&1 ||
    fail "openssl could not make a certificate"
  cp "$tls/tls.crt" "$tls/ca.crt"
  sed -e "s|/etc/lead-gateway-tls|$tls|g" \
    -e 's|"healthAddress": "[^"]*"|"healthAddress": "127.0.0.1:0"|' "$1" >"$work/tls-config.json"
  echo "$work/tls-config.json"
}

smoke() {  # smoke CONFIG [FLAG...]
  local config
  config=$(local_config "$1")
  shift
  local ports="$work/ports.json" log="$work/gateway.log" pid status metrics_port
  rm -f "$ports"
  echo "== $config $*"
  MKTO_CLIENT_ID=smoke-id MKTO_CLIENT_SECRET=smoke-secret HOTPROFILE_API_KEY=smoke-key \
    REDIS_PASSWORD=smoke-redis \
    "$binary" --config="$config" --grpc_port=0 --metrics_port=0 \
    --listen_address=127.0.0.1 --port_file="$ports" "$@" >"$log" 2>&1 &
  pid=$!
  for _ in $(seq 1 200); do  # at most 20 s to start
    [ -s "$ports" ] && break
    running "$pid" || { cat "$log"; fail "$config: the gateway exited at start-up"; }
    sleep 0.1
  done
  if [ ! -s "$ports" ]; then
    kill -KILL "$pid"
    cat "$log"
    fail "$config: no port file after 20 s"
  fi
  metrics_port=$(/usr/bin/python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["metrics_port"])' "$ports")
  local ca=()  # server.metrics.tls: scrape over https, trusting the smoke certificate
  if /usr/bin/python3 -c 'import json,sys; sys.exit(0 if json.load(open(sys.argv[1])).get("server", {}).get("metrics", {}).get("tls") else 1)' "$config"; then
    ca=("$work/tls/ca.crt")
  fi
  http_get "$metrics_port" /healthz "${ca[@]}" >/dev/null || fail "$config: /healthz did not answer 200"
  http_get "$metrics_port" /metrics "${ca[@]}" >"$work/metrics.txt" || fail "$config: /metrics failed"
  grep -q '^# TYPE leadgw_' "$work/metrics.txt" || fail "$config: /metrics shows no leadgw_ family"

  kill -TERM "$pid"
  for _ in $(seq 1 300); do  # at most 30 s to drain an idle server
    running "$pid" || break
    sleep 0.1
  done
  if running "$pid"; then
    kill -KILL "$pid"
    cat "$log"
    fail "$config: still running 30 s after SIGTERM"
  fi
  status=0
  wait "$pid" || status=$?
  [ "$status" -eq 0 ] || { cat "$log"; fail "$config: exit code $status after SIGTERM"; }
}

smoke deploy/kubernetes/core/gateway.json
smoke deploy/kubernetes/overlays/production/gateway.json
smoke deploy/examples/gateway.json
# Server-only files: --sandbox adds the connections.
smoke deploy/kubernetes/overlays/sandbox/gateway.json --sandbox
# The dashboard and the alerts read families this build really exports, typed as documented.
/usr/bin/python3 deploy/tests/check_scrape.py "$work/metrics.txt" "$doc" \
  deploy/grafana/lead-gateway.json deploy/prometheus/alerts.yaml
smoke deploy/image/gateway.json --sandbox
echo "all configurations start and drain"
