#!/usr/bin/env bash
# Installs the pinned xterm.js packages (package-lock.json) and copies what the UI loads into
# ../wwwroot/lib/xterm/ (committed, so `dotnet build` on a fresh clone needs no npm):
# the ES module builds, the stylesheet and the licences. Run it after changing a version here.
set -euo pipefail
cd "$(dirname "$0")"
npm ci --ignore-scripts --no-audit --no-fund
out=../wwwroot/lib/xterm
rm -rf "$out" && mkdir -p "$out"
copy() { sed '/^\/\/# sourceMappingURL=/d' "$1" > "$out/$2"; }
copy node_modules/@xterm/xterm/lib/xterm.mjs xterm.mjs
copy node_modules/@xterm/xterm/css/xterm.css xterm.css
copy node_modules/@xterm/addon-fit/lib/addon-fit.mjs addon-fit.mjs
cp node_modules/@xterm/xterm/LICENSE "$out/LICENSE.xterm"
cp node_modules/@xterm/addon-fit/LICENSE "$out/LICENSE.addon-fit"
{
  echo "@xterm/xterm $(node -p "require('./node_modules/@xterm/xterm/package.json').version")"
  echo "@xterm/addon-fit $(node -p "require('./node_modules/@xterm/addon-fit/package.json').version")"
} > "$out/VERSIONS"
rm -rf node_modules
