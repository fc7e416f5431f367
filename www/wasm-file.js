// Which build of the page's WebAssembly module this browser runs, and its
// download, begun once: by the page as soon as the first frame's module
// is in (www/main.js), before the scripts that use it have arrived.

/**
 * Whether this browser runs SIMD128: a ten-instruction module using it
 * validates (the probe of the wasm-feature-detect project). The page then
 * loads the SIMD build of descent (the loss surface about twice as fast),
 * otherwise the scalar one; only the one chosen is downloaded.
 */
export const SIMD = WebAssembly.validate(new Uint8Array([
  0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 123, 3, 2, 1, 0, 10, 10, 1, 8, 0, 65, 0, 253, 15, 253, 98, 11,
]));

let source = null;

/**
 * The build this browser runs: the bytes a single-file page carries
 * (scripts/bundle.mjs defines `descentWasmBytes` there), or its download
 * from beside this module, begun at the first call.
 */
export function wasmSource() {
  source ??= globalThis.descentWasmBytes?.(SIMD)
    ?? fetch(new URL(SIMD ? './pkg/descent_bg.wasm' : './pkg/descent_scalar_bg.wasm', import.meta.url));
  return source;
}
