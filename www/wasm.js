// The page's WebAssembly module, loaded once per page from the source
// www/wasm-file.js chose (its download may have begun already).
import init from './pkg/descent.js';
import { wasmSource } from './wasm-file.js';

export {
  App, challenges_json as challengesJson, read_deck as readDeck, slider_value as sliderValue,
  keys_help as keysHelp, class_words as classWords,
} from './pkg/descent.js';

let ready = null;

/** Loads the wasm build this browser runs best, once per page. */
export const loadWasm = () => {
  ready ??= init({ module_or_path: wasmSource() });
  return ready;
};
