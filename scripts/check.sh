#!/usr/bin/env bash
# The code checks `npm test` runs before the tests, as CI does: formatting,
# clippy with every warning an error, natively and for wasm32 (the web
# module only compiles there), and for wasm32 with SIMD128; and no module
# of src/ depending on itself (tests/modules.rs).
set -euo pipefail
cd "$(dirname "$0")/.."
[ -x "$HOME/.cargo/bin/cargo" ] && export PATH="$HOME/.cargo/bin:$PATH"

echo '[check] cargo fmt --check'
cargo fmt --all -- --check
echo '[check] clippy, native'
cargo clippy --quiet --workspace --all-targets --all-features -- -D warnings
echo '[check] clippy, wasm32 (the page'\''s build, with the bench, the first-frame module)'
cargo clippy --quiet --target wasm32-unknown-unknown --lib -- -D warnings
cargo clippy --quiet --target wasm32-unknown-unknown --lib --features bench -- -D warnings
cargo clippy --quiet --target wasm32-unknown-unknown --lib --features first -- -D warnings
echo '[check] clippy, wasm32 with SIMD128 (the two-lane code only compiles there)'
RUSTFLAGS="${RUSTFLAGS:-} -C target-feature=+simd128" \
  cargo clippy --quiet --target wasm32-unknown-unknown --target-dir target/simd --lib --features bench -- -D warnings
echo '[check] no module cycle in src/'
cargo test --quiet --test modules
