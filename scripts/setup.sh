#!/usr/bin/env bash
# Installs what building and testing descent needs, skipping what is there:
# the wasm32 Rust target, rustfmt and clippy, wasm-bindgen-cli (pinned to the library's version),
# the npm packages, and with --browser Debian's Chromium for the browser tests.
set -euo pipefail
cd "$(dirname "$0")/.."

WASM_BINDGEN_VERSION=0.2.130
say() { printf '[setup] %s\n' "$*"; }

if ! command -v cargo >/dev/null 2>&1; then
  if [ -x "$HOME/.cargo/bin/cargo" ]; then
    export PATH="$HOME/.cargo/bin:$PATH"
  else
    say "Rust is missing: install it from rustup (https://rustup.rs), then run this again."
    exit 1
  fi
fi

if ! rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown; then
  say "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

for component in rustfmt clippy; do
  if ! rustup component list --installed 2>/dev/null | grep -q "^$component"; then
    say "adding the $component component"
    rustup component add "$component"
  fi
done

if [ "$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" != "$WASM_BINDGEN_VERSION" ]; then
  say "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION (about 2 minutes, once)"
  # No --locked: its lock file wants a crate version the registry may lack.
  cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION" --no-default-features
fi

if [ ! -d node_modules/playwright-core ] || [ ! -d node_modules/binaryen ] || [ ! -d node_modules/d3-contour ] || [ ! -d node_modules/esbuild ]; then
  say "installing npm packages"
  if [ -f package-lock.json ]; then npm ci --no-audit --no-fund; else npm install --no-audit --no-fund; fi
fi

if [ "${1:-}" = "--browser" ] && ! command -v chromium >/dev/null 2>&1; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    say "installing Debian's chromium for the browser tests"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  else
    say "Chromium is missing: install it (Debian: sudo apt-get install chromium), or set CHROMIUM=/path/to/chrome."
    [ -n "${CHROMIUM:-}" ] || exit 1
  fi
fi
