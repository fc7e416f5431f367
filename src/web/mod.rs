//! The only module that knows the browser. It is built twice:
//!
//! - the page's module: [`App`](app::App), the handle that owns a session
//!   and its canvases, and the functions beside it in `exports`;
//! - with the `first` feature, the small first-frame module: `first` draws
//!   the page opened with no settings while the page's module, three times
//!   its size, is on its way (a phone on a hall's Wi-Fi sees the plots a
//!   second sooner). The two draw with the same code (`draw`), so the frame
//!   the page's module draws over it is the same, pixel for pixel.
//!
//! A panic is caught once by `exports::report_panics`: its message is left
//! on the page's global object as `__descentPanic`, for the page to show in
//! words and stop its animation loop (the module cannot run on after a panic).

#[cfg(not(feature = "first"))]
mod app;
#[cfg(all(feature = "bench", not(feature = "first")))]
mod bench_case;
mod canvas;
mod draw;
#[cfg(not(feature = "first"))]
mod exports;
#[cfg(feature = "first")]
mod first;
mod raster;
