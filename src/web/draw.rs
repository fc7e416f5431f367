//! Drawing a frame: the plots' layers on their canvases, from the frame
//! descriptions of `view::frame` and the charts of `plot`, and the marks
//! the canvases carry for tests and assistive tools.
//!
//! The first-frame module (`web::first`) draws with this code too, the
//! default view only: the 3-D view and the two-feature data view are left
//! out of it (`cfg(feature = "first")`), and unused there.
#![cfg_attr(feature = "first", allow(dead_code))]

use super::canvas::Canvas;
use super::raster::{blit, context, paint_heatmap, stroke_contours, stroke_contours_over};
use crate::model::trace::{coarsened, TracePoint};
use crate::model::Params;
use crate::plot::data_view::{self, DataOverlay, DataScene};
use crate::plot::data_view2d::{self, Overlay2d, Scene2d};
use crate::plot::surface3d::Camera;
use crate::plot::surface3d::{self, Path3d, Scene3d};
use crate::plot::surface_view::{self, Arrows, Overlay, PixelRect, RunPath, BATCH_CONTOUR};
use crate::plot::trace_view::{self, TraceOptions, TraceSeries};
use crate::plot::{Dash, Style};
use crate::session::Session;
use crate::settings::{SurfaceDisplay, Theme};
use crate::view::frame::{self, BatchLayer, DataFrame, Plot, Rgb};
use plotters::prelude::*;
use wasm_bindgen::prelude::*;
use wasm_bindgen::{Clamped, JsCast};
use web_sys::{HtmlCanvasElement, ImageData};

/// A canvas drawn in two layers: a cached background (redrawn only when the
/// scene or the size changes) copied under an overlay redrawn every frame.
pub(super) struct Layered {
    pub(super) canvas: HtmlCanvasElement,
    /// The canvas's CSS size as last measured.
    pub(super) css: (i32, i32),
    pub(super) background: HtmlCanvasElement,
    pub(super) background_valid: bool,
}

impl Layered {
    pub(super) fn new(canvas: HtmlCanvasElement) -> Result<Layered, JsValue> {
        let background = new_canvas()?;
        Ok(Layered {
            canvas,
            css: (0, 0),
            background,
            background_valid: false,
        })
    }

    /// The background resized to the canvas, to be drawn afresh.
    fn fresh_background(&self) -> &HtmlCanvasElement {
        self.background.set_width(self.canvas.width());
        self.background.set_height(self.canvas.height());
        &self.background
    }
}

/// Gives a canvas as many device pixels as it has CSS pixels times the
/// device pixel ratio; true if that changed its size. The CSS size `css` is
/// read from the page only when `measure` is set (at first, and when the
/// page's resize observers saw a box change): reading it after the page's
/// text changed forces a layout of the whole page in the middle of a frame.
pub(super) fn fit_to_screen(
    canvas: &HtmlCanvasElement,
    ratio: f64,
    css: &mut (i32, i32),
    measure: bool,
) -> bool {
    if measure {
        *css = (canvas.client_width(), canvas.client_height());
    }
    let width = ((css.0 as f64 * ratio).round() as u32).max(1);
    let height = ((css.1 as f64 * ratio).round() as u32).max(1);
    if canvas.width() == width && canvas.height() == height {
        return false;
    }
    canvas.set_width(width);
    canvas.set_height(height);
    true
}

/// Chart style: device pixels per CSS pixel, grown with the plot so text
/// is never below 14 CSS px and larger on big plots (a projected plot is
/// read from the back of a hall), grown again by the theme, and at least
/// enough for axis numbers of `floor` CSS px (presenting asks for 2.5% of
/// the screen's height).
fn chart_style(ratio: f64, canvas: &HtmlCanvasElement, theme: Theme, floor: f64) -> Style {
    // From the canvas's pixels (fitted to its CSS size), not a layout read.
    let side = canvas.width().min(canvas.height()) as f64 / ratio;
    let scale = (side / 420.0).clamp(1.0, 1.5) * theme.scale();
    Style {
        scale: ratio * scale.max(floor / LABEL_PX),
    }
}

/// The size of axis numbers at a chart scale of 1, in CSS pixels (what
/// `Style::label_font` draws).
const LABEL_PX: f64 = 14.0;

/// Writes an attribute only when its value changes. Canvases carry what
/// tests and assistive tools read back: the plotting rectangle
/// (`data-plot`, CSS pixels `left,top,right,bottom`), the size of the axis
/// numbers (`data-text-px`) and the notes' cards (`data-notes`).
fn mark(canvas: &HtmlCanvasElement, name: &str, value: &str) -> Result<(), JsValue> {
    if canvas.get_attribute(name).as_deref() != Some(value) {
        canvas.set_attribute(name, value)?;
    }
    Ok(())
}

/// A plotting rectangle in CSS pixels, as `data-plot` writes it.
fn css_rect((xs, ys): &PixelRect, ratio: f64) -> String {
    let css = |v: i32| format!("{:.1}", f64::from(v) / ratio);
    [xs.start, ys.start, xs.end, ys.end].map(css).join(",")
}

/// Marks a canvas with the size of its axis numbers in CSS pixels.
fn mark_text(canvas: &HtmlCanvasElement, style: &Style, ratio: f64) -> Result<(), JsValue> {
    mark(
        canvas,
        "data-text-px",
        &format!("{:.1}", LABEL_PX * style.scale / ratio),
    )
}

/// Marks a plot's canvas with its plotting rectangle and its text size.
fn mark_plot(
    canvas: &HtmlCanvasElement,
    rect: &PixelRect,
    style: &Style,
    ratio: f64,
) -> Result<(), JsValue> {
    mark(canvas, "data-plot", &css_rect(rect, ratio))?;
    mark_text(canvas, style, ratio)
}

/// A canvas that is never attached to the page: an off-screen layer.
pub(super) fn new_canvas() -> Result<HtmlCanvasElement, JsValue> {
    Ok(document()?
        .create_element("canvas")?
        .dyn_into::<HtmlCanvasElement>()?)
}

fn document() -> Result<web_sys::Document, JsValue> {
    web_sys::window()
        .and_then(|w| w.document())
        .ok_or_else(|| JsValue::from_str("no document"))
}

fn backend(canvas: &HtmlCanvasElement) -> Result<Canvas, JsValue> {
    Canvas::new(canvas, context(canvas)?)
        .ok_or_else(|| JsValue::from_str("canvas has no 2d context"))
}

fn drawing_error(e: impl std::fmt::Debug) -> JsValue {
    JsValue::from_str(&format!("drawing failed: {e:?}"))
}

/// The canvases and what they hold between frames: the cached layers,
/// the plotting rectangles, the paths' buffers, the replay and the flash.
pub(super) struct Plots {
    pub(super) surface: Layered,
    pub(super) trace: HtmlCanvasElement,
    /// The trace canvas's CSS size as last measured.
    pub(super) trace_css: (i32, i32),
    /// Measure the canvases' CSS sizes at the next render.
    pub(super) measure: bool,
    pub(super) data: Layered,
    /// The G x G heatmap image, scaled into the plot by `drawImage`.
    pub(super) heatmap: HtmlCanvasElement,
    pub(super) heatmap_valid: bool,
    /// The same for the batch loss, redrawn at every step it is shown.
    pub(super) batch_heatmap: HtmlCanvasElement,
    /// The two-feature data view's points, drawn once per data set.
    pub(super) data_points: HtmlCanvasElement,
    /// Reused RGBA buffer for heatmaps.
    pub(super) rgba: Vec<u8>,
    /// The contour plot's plotting rectangle, in device pixels.
    pub(super) plot_rect: PixelRect,
    /// The data view's plotting rectangle, in device pixels.
    pub(super) data_rect: PixelRect,
    pub(super) dirty: bool,
    /// Device pixels per CSS pixel to draw at instead of the screen's (a
    /// PNG export at twice the size); 0 for the screen's.
    pub(super) export_ratio: f64,
    /// The 3-D view's canvas, once the page attaches one.
    pub(super) surface3d: Option<Layered>,
    /// Where the 3-D view is seen from.
    pub(super) camera: Camera,
    /// Each run's path, reused from frame to frame.
    pub(super) paths: Vec<Vec<Params>>,
    /// The step whose reshuffle flash has been started: each one flashes once.
    pub(super) flash_step: Option<u64>,
    /// While the flash shows, until when (performance.now milliseconds): it
    /// lasts until the next step or [`FLASH_MS`], whichever comes first.
    pub(super) flash_until: Option<f64>,
    /// A path replay under way: (its start, its length), in ms.
    pub(super) replay: Option<(f64, f64)>,
    /// The user asks for reduced motion: no reshuffle flash.
    pub(super) still: bool,
    /// Least size of axis numbers, in CSS pixels (0: the charts' own).
    pub(super) text_floor: f64,
    /// The notes' cards on the contour plot as last drawn (device pixels).
    pub(super) note_cards: Vec<surface_view::NoteCard>,
    /// Nothing drawn yet: the first drawing is the surface alone, the other
    /// plots at the next, so no one task holds a slow phone's first input
    /// for all of them.
    pub(super) first: bool,
}

impl Plots {
    /// The plots on the page's three canvases.
    pub(super) fn new(
        surface: HtmlCanvasElement,
        trace: HtmlCanvasElement,
        data: HtmlCanvasElement,
    ) -> Result<Plots, JsValue> {
        Ok(Plots {
            surface: Layered::new(surface)?,
            trace,
            trace_css: (0, 0),
            measure: true,
            data: Layered::new(data)?,
            heatmap: new_canvas()?,
            heatmap_valid: false,
            batch_heatmap: new_canvas()?,
            data_points: new_canvas()?,
            rgba: Vec::new(),
            plot_rect: (0..0, 0..0),
            data_rect: (0..0, 0..0),
            dirty: true,
            export_ratio: 0.0,
            paths: Vec::new(),
            surface3d: None,
            camera: Camera::default(),
            flash_step: None,
            flash_until: None,
            still: false,
            replay: None,
            text_floor: 0.0,
            note_cards: Vec::new(),
            first: true,
        })
    }
}

impl Plots {
    /// Draws whatever changed since the last call; returns true if it drew.
    /// The first call of a page draws the surface alone and leaves the other plots to
    /// the next (see `Plots::first`).
    pub(super) fn render(&mut self, session: &mut Session) -> Result<bool, JsValue> {
        let ratio = self.ratio();
        let trace_resized = self.fit(ratio);
        if self.flash_until.is_some_and(|until| now() >= until) {
            self.flash_until = None;
            self.dirty = true; // the flash is over: draw the classes again
        }
        let view = session.settings().view;
        // A plot the view leaves out is not drawn (it is drawn when it comes back).
        let plots = session.settings().plots;
        let stale = (view != SurfaceDisplay::ThreeD && !self.surface.background_valid)
            || (plots.data() && !self.data.background_valid)
            || (view != SurfaceDisplay::Contour
                && self.surface3d.as_ref().is_some_and(|l| !l.background_valid));
        if !(self.dirty || stale || trace_resized) {
            return Ok(false);
        }
        self.dirty = false;
        if session.settings().view != SurfaceDisplay::ThreeD {
            // A replay under way sets dirty again, for the next frame.
            self.draw_surface(session, ratio)?;
        }
        // The first-frame module draws the default view: contours alone.
        #[cfg(not(feature = "first"))]
        if session.settings().view != SurfaceDisplay::Contour {
            self.draw_surface3d(session, ratio)?;
        }
        if std::mem::take(&mut self.first) && (plots.trace() || plots.data()) {
            self.dirty = true; // the other plots at the next frame
            return Ok(true);
        }
        if plots.trace() {
            self.draw_trace(session, ratio)?;
        }
        if plots.data() {
            self.draw_data(session, ratio)?;
        }
        Ok(true)
    }
}

/// How long the batch colours of a fresh epoch stay on screen, in ms.
const FLASH_MS: f64 = 1200.0;

impl Plots {
    /// The parameters under a point of the contour plot, in CSS pixels.
    #[cfg(not(feature = "first"))]
    pub(super) fn surface_params(
        &self,
        session: &Session,
        css_x: f64,
        css_y: f64,
    ) -> Option<Params> {
        let ratio = device_pixel_ratio();
        let window = session.landscape().window();
        surface_view::pixel_to_params(&self.plot_rect, &window, css_x * ratio, css_y * ratio)
    }

    /// Device pixels per CSS pixel to draw at: the screen's, or an export's.
    pub(super) fn ratio(&self) -> f64 {
        match self.export_ratio {
            0.0 => device_pixel_ratio(),
            r => r,
        }
    }

    /// Sizes the canvases to their boxes (measured when `measure` is set); a
    /// layer that changed size is to be drawn afresh. True if the trace's
    /// canvas changed size.
    fn fit(&mut self, ratio: f64) -> bool {
        let measure = std::mem::take(&mut self.measure);
        for layered in [&mut self.surface, &mut self.data]
            .into_iter()
            .chain(self.surface3d.as_mut())
        {
            if fit_to_screen(&layered.canvas, ratio, &mut layered.css, measure) {
                layered.background_valid = false;
            }
        }
        fit_to_screen(&self.trace, ratio, &mut self.trace_css, measure)
    }

    /// Sizes the canvases and draws the contour plot's background (the
    /// heatmap, the axes and the contours) off screen, for `render` to use:
    /// a first drawing cut in two, so that a slow phone answers a tap
    /// between the parts.
    #[cfg(feature = "first")]
    pub(super) fn prepare(&mut self, session: &mut Session) -> Result<(), JsValue> {
        let ratio = self.ratio();
        // The trace's size is checked again (unchanged) when it is drawn.
        self.fit(ratio);
        let style = chart_style(
            ratio,
            &self.surface.canvas,
            session.settings().page.theme,
            self.text_floor,
        );
        self.draw_surface_background(session, &style)
    }

    /// The contour plot's background layer, when it is not valid.
    fn draw_surface_background(&mut self, session: &Session, style: &Style) -> Result<(), JsValue> {
        let window = session.landscape().window();
        if !self.heatmap_valid {
            let landscape = session.landscape();
            paint_heatmap(&self.heatmap, landscape, &mut self.rgba)?;
            self.heatmap_valid = true;
        }
        if !self.surface.background_valid {
            let background = self.surface.fresh_background();
            let ctx = context(background)?;
            let heatmap = &self.heatmap;
            let area = backend(background)?.into_drawing_area();
            let titles = session.objective().axes().titles;
            self.plot_rect = surface_view::draw_background(&area, style, &window, titles, |rect| {
                let _ = blit(&ctx, heatmap, rect);
            })
            .map_err(drawing_error)?;
            let landscape = session.landscape();
            stroke_contours_over(&ctx, landscape, &self.plot_rect, style.scale)?;
            self.surface.background_valid = true;
        }
        Ok(())
    }

    pub(super) fn draw_surface(
        &mut self,
        session: &mut Session,
        ratio: f64,
    ) -> Result<(), JsValue> {
        let style = chart_style(
            ratio,
            &self.surface.canvas,
            session.settings().page.theme,
            self.text_floor,
        );
        let window = session.landscape().window();
        self.draw_surface_background(session, &style)?;
        let ctx = context(&self.surface.canvas)?;
        // Round joins: a zig-zagging path's outline would otherwise spike.
        ctx.set_line_join("round");
        ctx.draw_image_with_html_canvas_element(&self.surface.background, 0.0, 0.0)?;

        let frame = frame::surface(&*session);
        let mut batch_optimum = None;
        if frame.batch_layer != BatchLayer::None {
            if let Some(batch) = session.batch_landscape() {
                batch_optimum = batch.optimum;
                if frame.batch_layer == BatchLayer::Heatmap {
                    paint_heatmap(&self.batch_heatmap, batch, &mut self.rgba)?;
                    blit(&ctx, &self.batch_heatmap, &self.plot_rect)?;
                    stroke_contours_over(&ctx, batch, &self.plot_rect, style.scale)?;
                } else {
                    let RGBColor(r, g, b) = BATCH_CONTOUR;
                    let colour = format!("rgba({r},{g},{b},0.9)");
                    stroke_contours(&ctx, batch, &self.plot_rect, &colour, 1.5 * style.scale)?;
                }
            }
        }
        let session = &*session;
        let count = session.runs().len();
        self.paths.resize_with(count, Vec::new);
        // A replay shows each path's first part, growing every frame.
        let shown = match self.replay {
            Some((start, length)) if now() - start < length => {
                self.dirty = true;
                Some(((now() - start) / length).max(0.0))
            }
            _ => {
                self.replay = None;
                None
            }
        };
        let mut faded = vec![0; count];
        for (k, path) in self.paths.iter_mut().enumerate() {
            faded[k] = session.path(k, path);
            if let Some(part) = shown {
                path.truncate(((path.len() as f64 * part).ceil() as usize).max(1));
            }
        }
        let paths: Vec<RunPath> = (session.runs().iter().zip(&frame.runs))
            .zip(self.paths.iter().zip(faded))
            .map(|((run, look), (points, faded))| RunPath {
                points,
                colour: rgb(look.colour),
                diverged: look.diverged,
                trials: run.trials(),
                number: look.number,
                faded,
            })
            .collect();
        let overlay = Overlay {
            paths: &paths,
            optimum: frame.optimum,
            local_minima: &frame.local_minima,
            batch_optimum,
            arrows: Arrows {
                full: frame.full_arrow,
                batch: frame.batch_arrow,
                fan: &frame.fan,
                reference: &frame.reference,
            },
            notes: &session.settings().notes,
        };
        let area = backend(&self.surface.canvas)?.into_drawing_area();
        self.note_cards =
            surface_view::draw_overlay(&area, &style, &window, &overlay).map_err(drawing_error)?;
        // The notes' cards, for tests and assistive tools: `left,top,right,bottom;...`.
        let cards: Vec<String> = (self.note_cards.iter())
            .map(|(_, [l, t, r, b])| css_rect(&(*l..*r, *t..*b), ratio))
            .collect();
        mark(&self.surface.canvas, "data-notes", &cards.join(";"))?;
        mark_plot(&self.surface.canvas, &self.plot_rect, &style, ratio)
    }

    pub(super) fn draw_surface3d(
        &mut self,
        session: &mut Session,
        ratio: f64,
    ) -> Result<(), JsValue> {
        let Some(layered) = &mut self.surface3d else {
            return Ok(());
        };
        let style = chart_style(
            ratio,
            &layered.canvas,
            session.settings().page.theme,
            self.text_floor,
        );
        let session = &*session;
        let landscape = session.landscape();
        let paths: Vec<Path3d> = session
            .runs()
            .iter()
            .enumerate()
            .map(|(k, run)| Path3d {
                points: run
                    .trace()
                    .points()
                    .iter()
                    .map(|p| (p.theta[0], p.loss, p.theta[1]))
                    .collect(),
                colour: rgb(frame::run_colour(session, k, Plot::Surface3d)),
            })
            .collect();
        let scene = Scene3d {
            grid: &landscape.grid,
            floor: landscape.floor,
            titles: session.objective().axes().symbols,
            paths: &paths,
            camera: self.camera,
        };
        if !layered.background_valid {
            let background = layered.fresh_background();
            let area = backend(background)?.into_drawing_area();
            surface3d::draw_mesh(&area, &style, &scene).map_err(drawing_error)?;
            layered.background_valid = true;
        }
        context(&layered.canvas)?.draw_image_with_html_canvas_element(
            &layered.background,
            0.0,
            0.0,
        )?;
        let area = backend(&layered.canvas)?.into_drawing_area();
        surface3d::draw_paths(&area, &style, &scene).map_err(drawing_error)?;
        mark_text(&layered.canvas, &style, ratio)
    }

    pub(super) fn draw_trace(&self, session: &mut Session, ratio: f64) -> Result<(), JsValue> {
        let style = chart_style(
            ratio,
            &self.trace,
            session.settings().page.theme,
            self.text_floor,
        );
        let session = &*session;
        let frame = frame::trace(session);
        let options = TraceOptions {
            log_scale: frame.log_scale,
            show_batch: frame.show_batch,
            by_evaluations: frame.by_evaluations,
            floor: frame.floor,
            per_epoch: frame.per_epoch,
            gap: frame.gap.is_some(),
            marks: &frame.marks,
        };
        // At most about one entry per device pixel across: a long run's
        // thousands of entries cost drawing time and show nothing more.
        let most = self.trace.width() as usize;
        let shown: Vec<Vec<TracePoint>> = (session.runs().iter())
            .map(|run| {
                let points = coarsened(run.trace().points(), most);
                match frame.gap {
                    Some(floor) => trace_view::gaps(&points, floor),
                    None => points.into_owned(),
                }
            })
            .collect();
        let series: Vec<TraceSeries> = (shown.iter().zip(&frame.colours).zip(&frame.dashes))
            .map(|((points, &colour), &dash)| TraceSeries {
                points,
                colour: rgb(colour),
                dash,
            })
            .collect();
        let area = backend(&self.trace)?.into_drawing_area();
        let rect =
            trace_view::draw_trace(&area, &style, &series, options).map_err(drawing_error)?;
        mark_plot(&self.trace, &rect, &style, ratio)
    }

    pub(super) fn draw_data(&mut self, session: &mut Session, ratio: f64) -> Result<(), JsValue> {
        #[cfg(not(feature = "first"))]
        if session.two_features() {
            return self.draw_data2d(session, ratio);
        }
        let session = &*session;
        let data = session.data();
        let scene = DataScene {
            x: &data.x,
            y: &data.y,
            feature: &data.feature,
        };
        let style = chart_style(
            ratio,
            &self.data.canvas,
            session.settings().page.theme,
            self.text_floor,
        );
        if !self.data.background_valid {
            let background = self.data.fresh_background();
            let area = backend(background)?.into_drawing_area();
            self.data_rect =
                data_view::draw_background(&area, &style, &scene).map_err(drawing_error)?;
            self.data.background_valid = true;
        }
        context(&self.data.canvas)?.draw_image_with_html_canvas_element(
            &self.data.background,
            0.0,
            0.0,
        )?;
        let step = session.run().step_count();
        if !self.still && session.just_reshuffled() && self.flash_step != Some(step) {
            self.flash_step = Some(step);
            self.flash_until = Some(now() + FLASH_MS);
        }
        let frame = frame::data(session, self.flash_until.is_some());
        let fits = fits(&frame);
        let objective = session.objective();
        let curve = |t: Params, x: f64| objective.curve(t, x);
        let overlay = DataOverlay {
            chosen: frame.chosen,
            fits: &fits,
            curve: &curve,
            batch: &frame.batch,
            batch_theta: frame.batch_theta,
            reshuffled: frame
                .reshuffled
                .map(|size| (session.run().epoch_order(), size)),
        };
        mark_batch(&self.data.canvas, &frame)?;
        let area = backend(&self.data.canvas)?.into_drawing_area();
        data_view::draw_overlay(&area, &style, &scene, &overlay).map_err(drawing_error)?;
        mark_plot(&self.data.canvas, &self.data_rect, &style, ratio)
    }
}

impl Plots {
    /// The two-feature data view: shading, points, decision lines.
    pub(super) fn draw_data2d(&mut self, session: &mut Session, ratio: f64) -> Result<(), JsValue> {
        let session = &*session;
        let data = session.data();
        let Some(x2) = data.x2.as_deref() else {
            return Ok(());
        };
        let scene = Scene2d {
            x1: &data.x,
            x2,
            y: &data.y,
            features: [&data.feature, &data.feature2],
        };
        let style = chart_style(
            ratio,
            &self.data.canvas,
            session.settings().page.theme,
            self.text_floor,
        );
        if !self.data.background_valid {
            let background = self.data.fresh_background();
            let area = backend(background)?.into_drawing_area();
            self.data_rect =
                data_view2d::draw_background(&area, &style, &scene).map_err(drawing_error)?;
            let points = &self.data_points;
            points.set_width(self.data.canvas.width());
            points.set_height(self.data.canvas.height());
            let area = backend(points)?.into_drawing_area();
            data_view2d::draw_points(&area, &style, &scene).map_err(drawing_error)?;
            self.data.background_valid = true;
        }
        let ctx = context(&self.data.canvas)?;
        ctx.draw_image_with_html_canvas_element(&self.data.background, 0.0, 0.0)?;
        // p at the first run's parameters, as a small image scaled into the plot.
        let objective = session.objective();
        let theta = session.run().theta();
        data_view2d::shading_rgba(
            &scene,
            |point| objective.probability(theta, point),
            &mut self.rgba,
        );
        let g = data_view2d::SHADING as u32;
        if self.batch_heatmap.width() != g || self.batch_heatmap.height() != g {
            self.batch_heatmap.set_width(g);
            self.batch_heatmap.set_height(g);
        }
        let image = ImageData::new_with_u8_clamped_array_and_sh(Clamped(&self.rgba), g, g)?;
        context(&self.batch_heatmap)?.put_image_data(&image, 0.0, 0.0)?;
        blit(&ctx, &self.batch_heatmap, &self.data_rect)?;
        ctx.draw_image_with_html_canvas_element(&self.data_points, 0.0, 0.0)?;
        let frame = frame::data(session, false);
        let lines = fits(&frame);
        mark_batch(&self.data.canvas, &frame)?;
        let overlay = Overlay2d {
            lines: &lines,
            batch: &frame.batch,
            chosen: frame.chosen,
        };
        let area = backend(&self.data.canvas)?.into_drawing_area();
        data_view2d::draw_overlay(&area, &style, &scene, &overlay).map_err(drawing_error)?;
        mark_plot(&self.data.canvas, &self.data_rect, &style, ratio)
    }
}

/// The data frame's fits in plotters' colours.
fn fits(frame: &DataFrame) -> Vec<(Params, RGBColor, Dash)> {
    (frame.fits.iter())
        .map(|&(theta, colour, dash)| (theta, rgb(colour), dash))
        .collect()
}

/// A frame's colour in plotters' terms.
fn rgb((r, g, b): Rgb) -> RGBColor {
    RGBColor(r, g, b)
}

/// What the data view ringed and whether it shows the new epoch's
/// batches, for tests and assistive tools to read back (and the legend).
fn mark_batch(canvas: &HtmlCanvasElement, frame: &DataFrame) -> Result<(), JsValue> {
    let ringed: Vec<String> = frame.batch.iter().map(|i| i.to_string()).collect();
    canvas.set_attribute("data-batch", &ringed.join(","))?;
    let reshuffled = frame.reshuffled.is_some();
    canvas.set_attribute("data-reshuffled", if reshuffled { "true" } else { "false" })
}

/// Milliseconds on the page's clock.
pub(super) fn now() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map_or(0.0, |p| p.now())
}

/// Device pixels per CSS pixel, within reason.
pub(super) fn device_pixel_ratio() -> f64 {
    web_sys::window()
        .map_or(1.0, |w| w.device_pixel_ratio())
        .clamp(0.5, 4.0)
}
