#!/usr/bin/env bash
# Builds the wasm module twice, with and without SIMD128, and its JavaScript
# bindings into www/pkg, optimised with binaryen's wasm-opt from npm
# (Debian's older wasm-opt breaks the module). The page loads one of the two
# (www/main.js asks WebAssembly.validate whether SIMD128 is there); both share
# the one descent.js, which this script checks. A third build, the
# first-frame module (the `first` feature, www/pkg/first.js and
# first_bg.wasm), draws the page opened with no settings while the page's
# module is on its way (www/first.js).
set -euo pipefail
cd "$(dirname "$0")/.."
[ -x "$HOME/.cargo/bin/cargo" ] && export PATH="$HOME/.cargo/bin:$PATH"

FEATURES=(--enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext
  --enable-mutable-globals --enable-reference-types --enable-multivalue)

# `--bench` adds the kernels `npm run bench` times (the `bench` feature); the
# page's own build leaves them out.
CARGO_FEATURES=()
[ "${1:-}" = "--bench" ] && CARGO_FEATURES=(--features bench)

# Scalar in target/, SIMD in target/simd: each keeps its own incremental cache
# (RUSTFLAGS apply to every crate, so sharing a directory rebuilds all).
cargo build --release --target wasm32-unknown-unknown "${CARGO_FEATURES[@]}"
RUSTFLAGS="${RUSTFLAGS:-} -C target-feature=+simd128" \
  cargo build --release --target wasm32-unknown-unknown --target-dir target/simd "${CARGO_FEATURES[@]}"

rm -rf target/bindgen && mkdir -p target/bindgen www/pkg
wasm-bindgen --target web --no-typescript --out-dir target/bindgen/simd \
  target/simd/wasm32-unknown-unknown/release/descent.wasm
wasm-bindgen --target web --no-typescript --out-dir target/bindgen/scalar \
  target/wasm32-unknown-unknown/release/descent.wasm
# The first-frame module: scalar (it draws one frame; every browser runs
# it), in target/ beside the scalar build (cargo keeps each feature set's
# build apart), after the scalar build's bindings are made.
cargo build --release --target wasm32-unknown-unknown --features first
wasm-bindgen --target web --no-typescript --out-name first --out-dir target/bindgen/first \
  target/wasm32-unknown-unknown/release/descent.wasm
cp target/bindgen/first/first.js www/pkg/first.js
if ! cmp -s target/bindgen/simd/descent.js target/bindgen/scalar/descent.js; then
  echo '[build] the SIMD and scalar builds need different bindings; www/main.js loads one descent.js for both' >&2
  exit 1
fi
cp target/bindgen/simd/descent.js www/pkg/descent.js
node_modules/.bin/wasm-opt -O3 "${FEATURES[@]}" --enable-simd \
  target/bindgen/simd/descent_bg.wasm -o www/pkg/descent_bg.wasm
node_modules/.bin/wasm-opt -O3 "${FEATURES[@]}" \
  target/bindgen/scalar/descent_bg.wasm -o www/pkg/descent_scalar_bg.wasm
node_modules/.bin/wasm-opt -O3 "${FEATURES[@]}" \
  target/bindgen/first/first_bg.wasm -o www/pkg/first_bg.wasm
for f in www/pkg/descent_bg.wasm www/pkg/descent_scalar_bg.wasm www/pkg/first_bg.wasm; do
  printf '[build] %s: %s bytes (%s gzipped)\n' "$f" "$(wc -c < "$f")" "$(gzip -9c "$f" | wc -c)"
done
# The settings table as a script, for the page's layout before the module arrives.
node scripts/table.mjs
# The animation's encoders (npm packages) beside the module, where the page
# imports them from (www/animation.js, loaded on first use).
cp node_modules/gifenc/dist/gifenc.esm.js www/pkg/gifenc.js
cp node_modules/webm-muxer/build/webm-muxer.mjs www/pkg/webm-muxer.js
cp node_modules/mp4-muxer/build/mp4-muxer.mjs www/pkg/mp4-muxer.js
# The notebook's port of the model, as a module the page loads on first use
# (the page's module writes the notebook around it; the text stays out of it).
node -e "const fs = require('fs'); fs.writeFileSync('www/pkg/port.js', '// src/view/notebook/port.py, for the notebook and script exports (www/share.js).\nexport default ' + JSON.stringify(fs.readFileSync('src/view/notebook/port.py', 'utf8')) + ';\n')"
