#!/usr/bin/env bash
# Installs the pinned OpenAI Codex CLI that the tests drive (offline, against a fake Responses API).
#
#   .ci/install-codex.sh [DIR]
#
# DIR defaults to $GROVE_CODEX_DIR, else $HOME/.cache/grove/codex-<version>.
# Idempotent: when DIR already holds the right version it only checks it (about a second).
# The last line of output is the absolute path of the codex binary, e.g.
#   export GROVE_CODEX_PATH="$(.ci/install-codex.sh | tail -n 1)"
set -euo pipefail

version="0.171.0"
package="@openai/codex"
dir="${1:-${GROVE_CODEX_DIR:-$HOME/.cache/grove/codex-$version}}"

log() { echo "install-codex: $*" >&2; }

reports_version() {
  local out
  out="$("$1" --version 2>/dev/null)" || return 1
  case "$out" in
    *" $version"|*" $version "*) return 0 ;;
    *) return 1 ;;
  esac
}

bin="$dir/node_modules/.bin/codex"

if ! reports_version "$bin"; then
  command -v npm >/dev/null 2>&1 || { log "npm is required (node >= 20)"; exit 1; }
  mkdir -p "$dir"
  log "installing $package@$version into $dir (about 420 MB)"
  npm install --prefix "$dir" --no-audit --no-fund --loglevel=error "$package@$version" >&2
fi

[ -x "$bin" ] || { log "no codex at $bin"; exit 1; }
reported="$("$bin" --version)"
case "$reported" in
  *" $version"|*" $version "*) ;;
  *) log "expected version $version, got: $reported"; exit 1 ;;
esac
log "$reported"
cd "$(dirname "$bin")" && echo "$(pwd -P)/$(basename "$bin")"
