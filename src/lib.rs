//! descent: gradient descent, its relatives and mini-batch stochastic
//! gradient descent on two-parameter losses, computed in Rust and animated
//! in the browser through WebAssembly.
//!
//! Data flows one way: settings -> session (runs, landscape) -> view (what
//! is shown, in words) -> plot (drawn) -> web (the browser).
//!
//! - [`model`]: the mathematics (data, objectives, optimizers, oracle,
//!   batches, runs, traces, loss surfaces, stability). Pure `f64` Rust with
//!   no web dependency and no sentences, tested natively.
//! - [`settings`]: the one table of settings, parsed from URL query values
//!   with a notice for every bad value, and the lecture's scenes.
//! - [`session`]: the settings, data, landscape and runs of one page, kept
//!   consistent as settings change.
//! - [`view`]: what each panel shows and says, as plain data; the API's state.
//! - [`plot`]: the charts, drawn with plotters on any `DrawingBackend`
//!   (the browser canvas, or SVG in native tests), plus the heatmap's colours.
//! - `web` (wasm32 only): the one module that knows the browser.

#[cfg(feature = "bench")]
pub mod bench;
pub mod challenges;
pub mod edits;
pub mod model;
pub mod plot;
pub mod session;
pub mod settings;
pub mod view;

#[cfg(target_arch = "wasm32")]
pub mod web;
