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
    /// The contour plot's background is drawn (off screen).
    prepared: bool,
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
            prepared: false,
        })
    }

    /// Draws a part of the frame at the screen's pixel ratio, as the page's
    /// `App::render` draws it: the contour plot's background off screen,
    /// then the contour plot, then the other plots, a part a call (each a
    /// task of its own on a slow phone); false once all is drawn.
    pub fn render(&mut self) -> Result<bool, JsValue> {
        if !std::mem::replace(&mut self.prepared, true) {
            self.plots.prepare(&mut self.session)?;
            return Ok(true);
        }
        self.plots.render(&mut self.session)
    }
}
