//! What is drawn on a canvas's 2-D context directly rather than through
//! plotters: a heatmap put as one image and scaled into the plot, and
//! contour lines stroked as one path a colour (plotters would draw each
//! pixel and each segment with calls of its own).

use crate::model::surface::{Contour, Landscape};
use crate::plot::colormap::{contour_in_white, heatmap_rgba, viridis};
use crate::plot::surface_view::{self, PixelRect};
use wasm_bindgen::prelude::*;
use wasm_bindgen::{Clamped, JsCast};
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement, ImageData, Path2d};

/// The canvas's 2-D context.
pub(super) fn context(canvas: &HtmlCanvasElement) -> Result<CanvasRenderingContext2d, JsValue> {
    canvas
        .get_context("2d")?
        .ok_or_else(|| JsValue::from_str("canvas has no 2d context"))?
        .dyn_into::<CanvasRenderingContext2d>()
        .map_err(JsValue::from)
}

/// Colours `landscape` into `canvas`, one pixel per grid point.
pub(super) fn paint_heatmap(
    canvas: &HtmlCanvasElement,
    landscape: &Landscape,
    rgba: &mut Vec<u8>,
) -> Result<(), JsValue> {
    heatmap_rgba(&landscape.grid, landscape.floor, &viridis(), rgba);
    let g = landscape.grid.size as u32;
    if canvas.width() != g || canvas.height() != g {
        canvas.set_width(g);
        canvas.set_height(g);
    }
    let image = ImageData::new_with_u8_clamped_array_and_sh(Clamped(rgba), g, g)?;
    context(canvas)?.put_image_data(&image, 0.0, 0.0)
}

/// Scales a heatmap canvas into the plotting rectangle (smoothly).
pub(super) fn blit(
    ctx: &CanvasRenderingContext2d,
    image: &HtmlCanvasElement,
    (xs, ys): &PixelRect,
) -> Result<(), JsValue> {
    ctx.draw_image_with_html_canvas_element_and_dw_and_dh(
        image,
        xs.start as f64,
        ys.start as f64,
        (xs.end - xs.start) as f64,
        (ys.end - ys.start) as f64,
    )
}

/// Strokes all of a landscape's contour lines in one canvas call.
pub(super) fn stroke_contours(
    ctx: &CanvasRenderingContext2d,
    landscape: &Landscape,
    rect: &PixelRect,
    colour: &str,
    width: f64,
) -> Result<(), JsValue> {
    stroke_path(ctx, &landscape.contours, landscape, rect, colour, width)
}

/// Strokes the contour lines over their own heatmap: white over its dark
/// part and near black over its light part, so every line keeps at least
/// 3:1 against the colour under it (two canvas calls).
pub(super) fn stroke_contours_over(
    ctx: &CanvasRenderingContext2d,
    landscape: &Landscape,
    rect: &PixelRect,
    width: f64,
) -> Result<(), JsValue> {
    let table = viridis();
    let (white, ink): (Vec<_>, Vec<_>) = (landscape.contours.iter().cloned())
        .partition(|c| contour_in_white(&landscape.grid, landscape.floor, &table, c.level));
    stroke_path(
        ctx,
        &white,
        landscape,
        rect,
        "rgba(255,255,255,0.85)",
        width,
    )?;
    stroke_path(ctx, &ink, landscape, rect, "rgba(20,20,20,0.8)", width)
}

fn stroke_path(
    ctx: &CanvasRenderingContext2d,
    contours: &[Contour],
    landscape: &Landscape,
    rect: &PixelRect,
    colour: &str,
    width: f64,
) -> Result<(), JsValue> {
    let path = Path2d::new_with_path_string(&surface_view::contour_path(
        contours,
        rect,
        &landscape.window(),
    ))?;
    ctx.set_stroke_style_str(colour);
    ctx.set_line_width(width);
    ctx.stroke_with_path(&path);
    Ok(())
}
