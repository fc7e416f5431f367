// The WebAssembly module: which build this browser runs, and loading it
// once per page: fetched from beside this module, or, in the single-file
// build (scripts/bundle.mjs), decoded from the page itself, which then
// defines `descentWasmBytes`.
import init from './pkg/descent.js';

export {
  App, challenges_json as challengesJson, read_deck as readDeck, slider_value as sliderValue,
  keys_help as keysHelp, class_words as classWords,
} from './pkg/descent.js';

/**
 * Whether this browser runs SIMD128: a ten-instruction module using it
 * validates (the probe of the wasm-feature-detect project). The page then
 * loads the SIMD build of descent (the loss surface about twice as fast),
 * otherwise the scalar one; only the one chosen is downloaded.
 */
export const SIMD = WebAssembly.validate(new Uint8Array([
  0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 123, 3, 2, 1, 0, 10, 10, 1, 8, 0, 65, 0, 253, 15, 253, 98, 11,
]));

let ready = null;

/** Where the build this browser runs comes from: the bytes a single-file page carries, or its file beside this module. */
const source = () => globalThis.descentWasmBytes?.(SIMD)
  ?? new URL(SIMD ? './pkg/descent_bg.wasm' : './pkg/descent_scalar_bg.wasm', import.meta.url);

/** Loads the wasm build this browser runs best, once per page. */
export const loadWasm = () => {
  ready ??= init({ module_or_path: source() });
  return ready;
};
