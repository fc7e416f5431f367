#!/usr/bin/env bash
# Builds the wasm module and its JavaScript bindings into www/pkg, optimised
# with binaryen's wasm-opt from npm (Debian's older wasm-opt breaks the module).
set -euo pipefail
cd "$(dirname "$0")/.."
[ -x "$HOME/.cargo/bin/cargo" ] && export PATH="$HOME/.cargo/bin:$PATH"

cargo build --release --target wasm32-unknown-unknown
wasm-bindgen --target web --no-typescript --out-dir www/pkg \
  target/wasm32-unknown-unknown/release/descent.wasm
node_modules/.bin/wasm-opt -O3 --enable-bulk-memory --enable-nontrapping-float-to-int \
  --enable-sign-ext --enable-mutable-globals --enable-reference-types --enable-multivalue \
  www/pkg/descent_bg.wasm -o www/pkg/descent_bg.wasm
printf '[build] www/pkg/descent_bg.wasm: %s bytes (%s gzipped)\n' \
  "$(wc -c < www/pkg/descent_bg.wasm)" "$(gzip -9c www/pkg/descent_bg.wasm | wc -c)"
