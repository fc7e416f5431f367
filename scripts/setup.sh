#!/usr/bin/env bash
# Installs what building and testing descent needs, skipping what is there:
# the wasm32 Rust target, rustfmt and clippy, wasm-bindgen-cli (pinned to the library's version),
# the npm packages, and with --browser Debian's Chromium, Firefox ESR, WebKitGTK's
# WebDriver and Xvfb for the browser tests (tests/e2e in Chromium, tests/engines in all three).
set -euo pipefail
cd "$(dirname "$0")/.."

WASM_BINDGEN_VERSION=0.2.130
apt_updated=0
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

npm_missing=0
for package in playwright-core binaryen d3-contour puppeteer-core selenium-webdriver esbuild acorn axe-core ws lighthouse gifenc webm-muxer mp4-muxer; do
  [ -d "node_modules/$package" ] || npm_missing=1
done
if [ "$npm_missing" = 1 ]; then
  say "installing npm packages"
  if [ -f package-lock.json ]; then npm ci --no-audit --no-fund; else npm install --no-audit --no-fund; fi
fi

# The tests run the exported notebook and script (NumPy, matplotlib,
# nbclient with a Python kernel) and decode the exported animations (Pillow;
# imageio-ffmpeg's own ffmpeg binary for the videos).
if [ "${1:-}" = "--browser" ] && ! python3 -c 'import numpy, matplotlib, nbclient, nbformat, ipykernel, PIL, imageio_ffmpeg' 2>/dev/null; then
  say "installing Python packages for the tests (numpy, matplotlib, nbclient, ipykernel, pillow, imageio-ffmpeg)"
  python3 -m pip install --quiet --disable-pip-version-check numpy matplotlib nbclient nbformat ipykernel pillow imageio-ffmpeg
fi

if [ "${1:-}" = "--browser" ] && ! command -v chromium >/dev/null 2>&1; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    say "installing Debian's chromium for the browser tests"
    apt-get update -qq && apt_updated=1
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  else
    say "Chromium is missing: install it (Debian: sudo apt-get install chromium), or set CHROMIUM=/path/to/chrome."
    [ -n "${CHROMIUM:-}" ] || exit 1
  fi
fi

# The cross-engine suite (tests/engines): Firefox over WebDriver BiDi, WebKitGTK's
# MiniBrowser through WebKitWebDriver on a virtual X display. The npm drivers
# (puppeteer-core, selenium-webdriver) never download a browser of their own.
if [ "${1:-}" = "--browser" ]; then
  engines=()
  command -v firefox-esr >/dev/null 2>&1 || engines+=(firefox-esr)
  command -v WebKitWebDriver >/dev/null 2>&1 || engines+=(webkit2gtk-driver)
  command -v xvfb-run >/dev/null 2>&1 || engines+=(xvfb)
  if [ "${#engines[@]}" -gt 0 ]; then
    if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
      say "installing Debian's ${engines[*]} for the cross-engine tests"
      # Not fatal: the suite then skips the engine that is still missing, saying so.
      if ! { [ "$apt_updated" = 1 ] || apt-get update -qq; } ||
        ! DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${engines[@]}" >/dev/null; then
        say "could not install ${engines[*]}; tests/engines will skip what is missing."
      fi
    else
      # Not fatal: the engine suite skips an engine whose binary is missing, and says so.
      say "missing for the Firefox and WebKit tests: ${engines[*]} (Debian: sudo apt-get install ${engines[*]})."
    fi
  fi
fi
