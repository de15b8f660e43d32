#!/usr/bin/env bash
# The browser test: the packed package in a real n8n 2.8.4, installed as Settings → Community Nodes
# would, driven in Debian's Chromium. Installs what it needs on a fresh machine (Chromium from
# apt, n8n into a cache folder from test/e2e/n8n/package.json; about 5 minutes once), then runs
# test/e2e/editor.e2e.mjs. Screenshots go to artifacts/screenshots/.
# Environment: N8N_E2E_HOME (where n8n is installed; default ~/.cache/real-n8n/2.8.4). Another n8n
# installed there is tested as it is: the newest (2.41) with Node 24's bin/ first on PATH.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1

if [ ! -x /usr/bin/chromium ]; then
	echo "Installing Debian's Chromium…"
	apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
fi

n8n_home=${N8N_E2E_HOME:-$HOME/.cache/real-n8n/2.8.4}
if ! "$n8n_home/node_modules/.bin/n8n" --version >/dev/null 2>&1; then
	echo "Installing n8n 2.8.4 into $n8n_home (about 5 minutes)…"
	mkdir -p "$n8n_home"
	cp test/e2e/n8n/package.json "$n8n_home/package.json"
	(cd "$n8n_home" && npm install --no-audit --no-fund --legacy-peer-deps >install.log 2>&1) ||
		{ tail -20 "$n8n_home/install.log" >&2; exit 1; }
fi

npm run --silent build >/dev/null
npm run --silent build:scripts >/dev/null

# The package as the Community Nodes screen installs it: the npm tarball unpacked into
# <user folder>/.n8n/nodes/node_modules/<name>, listed in .n8n/nodes/package.json. npm would also
# install the peer dependency n8n-workflow there; n8n's own copy stands in for it.
work=$(mktemp -d /tmp/n8n-e2e.XXXXXX)
trap 'rm -rf "$work"' EXIT
nodes_dir="$work/.n8n/nodes"
mkdir -p "$nodes_dir/node_modules/n8n-nodes-user-directory"
tarball=$(npm pack --silent --ignore-scripts --pack-destination "$work")
tar -xzf "$work/$tarball" -C "$nodes_dir/node_modules/n8n-nodes-user-directory" --strip-components=1
version=$(node -p "require('./package.json').version")
printf '{"name":"installed-nodes","private":true,"dependencies":{"n8n-nodes-user-directory":"%s"}}\n' "$version" >"$nodes_dir/package.json"
ln -s "$n8n_home/node_modules/n8n-workflow" "$nodes_dir/node_modules/n8n-workflow"

N8N_BIN="$n8n_home/node_modules/.bin/n8n" N8N_USER_FOLDER="$work" \
	node test/e2e/editor.e2e.mjs
