//! One case of the side-by-side benchmark (`npm run bench`): the loss
//! surface of N points over a G x G grid, its contours, its colours and its
//! drawing, each phase timed apart, so the page can alternate it with the
//! JavaScript peer (bench/peer.js) on the same data, window and grid.

use super::draw::now;
use super::raster::context;
use crate::model::data::{overlapping, Dataset, Preset};
use crate::model::objective::{Batch, LogisticNll};
use crate::model::surface::{contour_levels, contour_lines, loss_grid, Landscape, LossGrid};
use crate::plot::colormap::{heatmap_rgba, viridis};
use crate::plot::surface_view;
use crate::plot::surface_view::PixelRect;
use wasm_bindgen::prelude::*;
use wasm_bindgen::Clamped;
use web_sys::{HtmlCanvasElement, ImageData, Path2d};

/// A benchmark case: data, window and grid, and the last grid computed.
#[wasm_bindgen]
pub struct BenchCase {
    data: Dataset,
    objective: LogisticNll,
    landscape: Landscape,
    size: usize,
    batch: Vec<usize>,
    grid: Option<LossGrid>,
    levels: Vec<f64>,
    contours: Vec<crate::model::surface::Contour>,
    rgba: Vec<u8>,
}

#[wasm_bindgen]
impl BenchCase {
    /// N points (569: the breast-cancer radius; otherwise the overlap data
    /// drawn with N points), a `g` x `g` grid, and with `batch` > 0 the
    /// surface of that many evenly spread points instead of all.
    #[wasm_bindgen(constructor)]
    pub fn new(n: u32, g: u32, batch: u32) -> BenchCase {
        let data = match n {
            569 => Dataset::preset(Preset::Cancer, false),
            n => overlapping(n.max(2) as usize, 1),
        };
        let objective = LogisticNll::new(&data);
        let landscape = Landscape::new(&objective, [0.0, 0.0], 60);
        let n = data.len();
        let batch = match batch as usize {
            0 => Vec::new(),
            b => (0..b.min(n)).map(|k| k * n / b.min(n)).collect(),
        };
        BenchCase {
            data,
            objective,
            landscape,
            size: g.max(2) as usize,
            batch,
            grid: None,
            levels: Vec::new(),
            contours: Vec::new(),
            rgba: Vec::new(),
        }
    }

    /// The points' feature, as the peer must see it.
    pub fn x(&self) -> Vec<f64> {
        self.data.x.clone()
    }

    /// The points' labels, 0 or 1.
    pub fn y(&self) -> Vec<f64> {
        self.data.y.clone()
    }

    /// The batch's point indices (empty: all points).
    pub fn batch(&self) -> Vec<u32> {
        self.batch.iter().map(|&i| i as u32).collect()
    }

    /// The window: `[b0 from, b0 to, b1 from, b1 to]`.
    pub fn window(&self) -> Vec<f64> {
        let w = self.landscape.window();
        vec![w.b0.0, w.b0.1, w.b1.0, w.b1.1]
    }

    /// The loss at the minimum, the floor of the colours and contours.
    pub fn floor(&self) -> f64 {
        self.landscape.floor
    }

    /// Computes the grid; returns milliseconds.
    pub fn grid(&mut self) -> f64 {
        let t0 = now();
        let batch = match self.batch.is_empty() {
            true => Batch::All,
            false => Batch::Points(&self.batch),
        };
        let grid = loss_grid(&self.objective, batch, self.landscape.window(), self.size);
        let (lo, hi) = grid.range();
        self.levels = contour_levels(self.landscape.floor, lo, hi, 12);
        self.grid = Some(grid);
        now() - t0
    }

    /// One grid value, row by row (to check the peer computed the same).
    pub fn value(&self, k: u32) -> f64 {
        self.grid
            .as_ref()
            .and_then(|g| g.values.get(k as usize).copied())
            .unwrap_or(f64::NAN)
    }

    /// The 12 contour levels of the last grid.
    pub fn levels(&self) -> Vec<f64> {
        self.levels.clone()
    }

    /// Traces the contours of the last grid; returns milliseconds.
    pub fn contours(&mut self) -> f64 {
        let t0 = now();
        if let Some(grid) = &self.grid {
            self.contours = contour_lines(grid, &self.levels);
        }
        now() - t0
    }

    /// Segments traced by the last `contours()`.
    pub fn segments(&self) -> u32 {
        self.contours.iter().map(|c| c.segments.len() as u32).sum()
    }

    /// Colours the last grid into RGBA; returns milliseconds.
    pub fn colours(&mut self) -> f64 {
        let t0 = now();
        if let Some(grid) = &self.grid {
            heatmap_rgba(grid, self.landscape.floor, &viridis(), &mut self.rgba);
        }
        now() - t0
    }

    /// Draws the colours scaled to `canvas` and the contours over them, as
    /// the page does (one image, one path); returns milliseconds.
    pub fn draw(
        &self,
        canvas: &HtmlCanvasElement,
        scratch: &HtmlCanvasElement,
    ) -> Result<f64, JsValue> {
        let t0 = now();
        let g = self.size as u32;
        if scratch.width() != g || scratch.height() != g {
            scratch.set_width(g);
            scratch.set_height(g);
        }
        let image = ImageData::new_with_u8_clamped_array_and_sh(Clamped(&self.rgba), g, g)?;
        context(scratch)?.put_image_data(&image, 0.0, 0.0)?;
        let ctx = context(canvas)?;
        let rect: PixelRect = (0..canvas.width() as i32, 0..canvas.height() as i32);
        ctx.draw_image_with_html_canvas_element_and_dw_and_dh(
            scratch,
            0.0,
            0.0,
            canvas.width() as f64,
            canvas.height() as f64,
        )?;
        let path = Path2d::new_with_path_string(&surface_view::contour_path(
            &self.contours,
            &rect,
            &self.landscape.window(),
        ))?;
        ctx.set_stroke_style_str("rgba(255,255,255,0.6)");
        ctx.stroke_with_path(&path);
        Ok(now() - t0)
    }
}
