//! descent: gradient descent and mini-batch stochastic gradient descent on
//! two-parameter logistic-regression losses, computed in Rust and animated in
//! the browser through WebAssembly.
//!
//! Data flows one way: [`settings::Settings`] -> [`model::run::Run`] -> a drawn frame.
//!
//! - [`model`]: the mathematics (data, objective, optimizer, batches, run,
//!   trace, loss surface). Pure `f64` Rust with no web dependency, tested natively.
//! - [`settings`]: the page's settings, parsed from URL query values with a
//!   notice for every bad value. Also pure Rust.
//! - [`session`]: the settings, data, landscape and run of one page, kept
//!   consistent as settings change; the API's state as JSON.
//! - [`plot`]: the charts, drawn with plotters on any `DrawingBackend`
//!   (the browser canvas, or SVG in native tests), plus the heatmap's colours.
//! - `web` (wasm32 only): the one module that knows the browser.

pub mod bench;
pub mod model;
pub mod plot;
pub mod session;
pub mod settings;

#[cfg(target_arch = "wasm32")]
pub mod web;
