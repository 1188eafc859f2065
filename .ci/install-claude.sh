#!/usr/bin/env bash
# Installs the pinned Claude Code CLI that the tests drive (offline, against a fake API server).
#
#   .ci/install-claude.sh [DIR]
#
# DIR defaults to $GROVE_CLAUDE_DIR, else $HOME/.cache/grove/claude-code-<version>.
# Idempotent: when DIR already holds the right version it only checks it (about a second).
# The last line of output is the absolute path of the claude binary, e.g.
#   export GROVE_CLAUDE_PATH="$(.ci/install-claude.sh | tail -n 1)"
set -euo pipefail

version="2.1.328"
package="@anthropic-ai/claude-code"
dir="${1:-${GROVE_CLAUDE_DIR:-$HOME/.cache/grove/claude-code-$version}}"

log() { echo "install-claude: $*" >&2; }

is_elf() {
  # The CLI is a native (Bun-compiled) executable; before the postinstall runs,
  # bin/claude.exe is a small placeholder script.
  [ -f "$1" ] && [ "$(head -c 4 "$1" | od -An -c | tr -d ' ')" = "177ELF" ]
}

reports_version() {
  local out
  out="$("$1" --version 2>/dev/null)" || return 1
  case "$out" in
    "$version "*) return 0 ;;
    *) return 1 ;;
  esac
}

bin="$dir/node_modules/$package/bin/claude.exe"
link="$dir/node_modules/.bin/claude"

if ! (is_elf "$bin" && reports_version "$bin"); then
  command -v npm >/dev/null 2>&1 || { log "npm is required (node >= 20)"; exit 1; }
  mkdir -p "$dir"
  log "installing $package@$version into $dir"
  npm install --prefix "$dir" --no-audit --no-fund --loglevel=error "$package@$version" >&2

  if ! is_elf "$bin"; then
    # npm did not run the wrapper's postinstall (install scripts gated): do what it does.
    native="$dir/node_modules/@anthropic-ai/claude-code-linux-x64/claude"
    is_elf "$native" || { log "no native binary at $native (unsupported platform?)"; exit 1; }
    log "postinstall did not run; linking the native binary into place"
    rm -f "$bin"
    ln "$native" "$bin" 2>/dev/null || cp "$native" "$bin"
    chmod +x "$bin"
  fi
fi

if [ ! -e "$link" ]; then
  mkdir -p "$(dirname "$link")"
  ln -s "../$package/bin/claude.exe" "$link"
fi

is_elf "$bin" || { log "$bin is not an ELF executable"; exit 1; }
reported="$("$bin" --version)"
case "$reported" in
  "$version "*) ;;
  *) log "expected version $version, got: $reported"; exit 1 ;;
esac
log "$reported"
cd "$(dirname "$bin")" && echo "$(pwd -P)/$(basename "$bin")"
