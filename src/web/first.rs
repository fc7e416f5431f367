//! The first-frame module's one handle: the three plots of the page opened
//! with no settings, drawn by the same code as the page's module draws
//! them, so that its frame drawn over this one changes no pixel.

use super::draw::Plots;
use crate::session::Session;
use wasm_bindgen::prelude::*;
use web_sys::HtmlCanvasElement;

/// The default view (no settings) and the three canvases it is drawn on.
#[wasm_bindgen]
pub struct First {
    session: Session,
    plots: Plots,
}

#[wasm_bindgen]
impl First {
    /// The default view on these canvases, not yet drawn.
    #[wasm_bindgen(constructor)]
    pub fn new(
        surface: HtmlCanvasElement,
        trace: HtmlCanvasElement,
        data: HtmlCanvasElement,
    ) -> Result<First, JsValue> {
        Ok(First {
            session: Session::first(),
            plots: Plots::new(surface, trace, data)?,
        })
    }

    /// Draws at the screen's pixel ratio, as the page's `App::render`: the
    /// first call the surface alone, the next the other plots; returns
    /// true if it drew.
    pub fn render(&mut self) -> Result<bool, JsValue> {
        self.plots.render(&mut self.session)
    }
}
