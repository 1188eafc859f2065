#!/usr/bin/env bash
# Installs the pinned MCP reference server (@modelcontextprotocol/server-everything) that the MCP
# tests start over stdio with node.
#
#   .ci/install-mcp-everything.sh [DIR]
#
# DIR defaults to $GROVE_MCP_EVERYTHING_DIR, else $HOME/.cache/grove/mcp-everything-<version>.
# Idempotent. The last line of output is the absolute path of its entry script, e.g.
#   export GROVE_MCP_EVERYTHING_PATH="$(.ci/install-mcp-everything.sh | tail -n 1)"
# Run it as: node "$GROVE_MCP_EVERYTHING_PATH" stdio
set -euo pipefail

version="2026.8.31"
package="@modelcontextprotocol/server-everything"
dir="${1:-${GROVE_MCP_EVERYTHING_DIR:-$HOME/.cache/grove/mcp-everything-$version}}"
entry="$dir/node_modules/$package/dist/index.js"

log() { echo "install-mcp-everything: $*" >&2; }

installed_version() {
  node -e "console.log(require(process.argv[1]).version)" "$dir/node_modules/$package/package.json" 2>/dev/null
}

if [ ! -f "$entry" ] || [ "$(installed_version)" != "$version" ]; then
  command -v npm >/dev/null 2>&1 || { log "npm is required (node >= 20)"; exit 1; }
  mkdir -p "$dir"
  log "installing $package@$version into $dir"
  npm install --prefix "$dir" --no-audit --no-fund --loglevel=error "$package@$version" >&2
fi

[ -f "$entry" ] || { log "no entry script at $entry"; exit 1; }
log "$package $(installed_version)"
cd "$(dirname "$entry")" && echo "$(pwd -P)/$(basename "$entry")"
