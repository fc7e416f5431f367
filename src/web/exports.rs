//! The module's functions beside [`App`](super::App): the panic report,
//! the settings table and the challenges, reading a deck, a slider's
//! value, and what the tests and the benchmark ask of the build.

use crate::view;
use std::sync::OnceLock;
use wasm_bindgen::prelude::*;

/// The first panic's message, kept for the page.
static PANIC_MESSAGE: OnceLock<String> = OnceLock::new();

/// Installs a panic hook (once) that keeps the first panic's message, puts
/// it on the page's global object as `__descentPanic` for the page to show,
/// and logs it to the console.
pub(super) fn report_panics() {
    static INSTALLED: OnceLock<()> = OnceLock::new();
    INSTALLED.get_or_init(|| {
        std::panic::set_hook(Box::new(|info| {
            let message = info.to_string();
            let _ = js_sys::Reflect::set(
                &js_sys::global(),
                &JsValue::from_str("__descentPanic"),
                &JsValue::from_str(&message),
            );
            let _ = PANIC_MESSAGE.set(message);
            console_error_panic_hook::hook(info);
        }));
    });
}

/// The message of the panic that stopped the module, if one did.
#[wasm_bindgen]
pub fn panic_message() -> Option<String> {
    PANIC_MESSAGE.get().cloned()
}

/// Panics on purpose: the browser tests check that a panic is shown in
/// words once and stops the page's animation loop.
#[wasm_bindgen]
pub fn panic_for_test() {
    report_panics();
    panic!("a deliberate panic, to test how the page reports one");
}

/// The settings table, for the page to build its controls from (see
/// `view::controls::table`).
#[wasm_bindgen]
pub fn settings_table() -> String {
    view::json(&view::controls::table())
}

/// The words of the page opened with no settings, as the view gives them
/// (`view::View` as JSON, "tap" or "click" by `touch`): the build writes
/// them beside the settings table, so a phone reads them while the module
/// is still on its way.
#[wasm_bindgen]
pub fn first_view(touch: bool) -> String {
    let (session, _notices) = crate::session::Session::from_url(std::iter::empty());
    let context = view::ViewContext {
        touch,
        skew: None,
        reshuffled: false,
    };
    // A first patch is the whole view, through the serialiser the App's
    // patches use (view::json would compile another: 15 KB).
    view::patch::Sent::new().patch(&view::view(&session, context), &[])
}

/// The module's linear memory in bytes (for the benchmark's memory figures).
#[wasm_bindgen]
pub fn memory_bytes() -> f64 {
    (core::arch::wasm32::memory_size(0) * 65536) as f64
}

/// The value a slider of setting `key` at `position` gives, as `set()`
/// takes it (a log slider's position is log10 of the value); empty for a
/// key without a slider.
#[wasm_bindgen]
pub fn slider_value(key: &str, position: f64) -> String {
    view::controls::slider_value(key, position).unwrap_or_default()
}

/// The classroom's words on the page (`view::class::ClassWords` as JSON).
#[wasm_bindgen]
pub fn class_words() -> String {
    view::json(&view::class::WORDS)
}

/// The built-in challenges as JSON: `[{id, section, task}]`, in the order
/// of the lecture (the API's `challenges()`).
#[wasm_bindgen]
pub fn challenges_json() -> String {
    #[derive(serde::Serialize)]
    struct Listed {
        id: &'static str,
        section: u8,
        task: &'static str,
    }
    let listed: Vec<Listed> = (crate::settings::challenge::CHALLENGES.iter())
        .map(|c| Listed {
            id: c.key,
            section: c.section,
            task: c.task,
        })
        .collect();
    view::json(&listed)
}

/// Reads a deck file's text: JSON `{value, count, warnings}` (`value` the
/// deck's cleaned text, for `set({deck})`) or `{error}` when it holds no
/// slide.
#[wasm_bindgen]
pub fn read_deck(text: &str) -> String {
    #[derive(serde::Serialize)]
    #[serde(untagged)]
    enum Read {
        Deck {
            value: String,
            count: usize,
            warnings: Vec<String>,
        },
        Refused {
            error: String,
        },
    }
    view::json(&match crate::settings::url::read_deck(text) {
        Ok((slides, warnings)) => Read::Deck {
            value: crate::settings::deck::to_value(&slides),
            count: slides.len(),
            warnings,
        },
        Err(error) => Read::Refused {
            error: format!("This deck {error}."),
        },
    })
}

/// The fast loss grids' largest relative error against the direct formula,
/// computed by this module (the SIMD128 or the scalar build): for the
/// browser tests.
#[wasm_bindgen]
pub fn grid_worst_error() -> f64 {
    crate::model::objective::LogisticNll::grid_worst_error()
}

/// Times the heavy kernels in the browser for `npm run bench`: returns
/// JSON with the median milliseconds of each over `repeats` runs.
#[cfg(feature = "bench")]
#[wasm_bindgen]
pub fn bench_kernels(repeats: u32) -> String {
    crate::bench::run(repeats.max(1), super::draw::now)
}

/// Every key the page answers, in groups, as JSON (`view::keys`), for the
/// keyboard help.
#[wasm_bindgen]
pub fn keys_help() -> String {
    view::json(&view::keys::keys())
}
