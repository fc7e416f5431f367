//! The only module that knows the browser: one exported handle, [`App`],
//! that owns the session and the three canvases. JavaScript passes settings
//! in as strings, calls `advance` and `render` from its animation loop, and
//! reads back the state and the view (what to write where) as JSON.
//!
//! A panic is caught once by [`report_panics`]: its message is left on the
//! page's global object as `__descentPanic`, for the page to show in words
//! and stop its animation loop (the module cannot run on after a panic).

mod bench_case;
mod canvas;

use crate::edits::{self, RunEdit};
use crate::model::optim::OptimizerKind;
use crate::model::surface::Landscape;
use crate::model::trace::{coarsened, TracePoint};
use crate::model::Params;
use crate::plot::colormap::{heatmap_rgba, viridis};
use crate::plot::data_view::{self, DataOverlay, DataScene};
use crate::plot::data_view2d::{self, Overlay2d, Scene2d};
use crate::plot::surface3d::{self, Camera, Path3d, Scene3d};
use crate::plot::surface_view::{self, Arrows, Overlay, PixelRect, RunPath, BATCH_CONTOUR};
use crate::plot::trace_view::{self, TraceOptions, TraceSeries};
use crate::plot::Style;
use crate::session::{Changes, Session};
use crate::settings::{SurfaceDisplay, Theme};
use crate::view::frame::{self, BatchLayer, DataFrame, Plot, Rgb};
use crate::view::patch::Sent;
use crate::view::{self, ViewContext};
use canvas::Canvas;
use plotters::prelude::*;
use std::sync::OnceLock;
use wasm_bindgen::prelude::*;
use wasm_bindgen::{Clamped, JsCast};
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement, ImageData, Path2d};

/// A canvas drawn in two layers: a cached background (redrawn only when the
/// scene or the size changes) copied under an overlay redrawn every frame.
struct Layered {
    canvas: HtmlCanvasElement,
    /// The canvas's CSS size as last measured.
    css: (i32, i32),
    background: HtmlCanvasElement,
    background_valid: bool,
}

impl Layered {
    fn new(canvas: HtmlCanvasElement) -> Result<Layered, JsValue> {
        let background = new_canvas()?;
        Ok(Layered {
            canvas,
            css: (0, 0),
            background,
            background_valid: false,
        })
    }
}

/// Gives a canvas as many device pixels as it has CSS pixels times the
/// device pixel ratio; true if that changed its size. The CSS size `css` is
/// read from the page only when `measure` is set (at first, and when the
/// page's resize observers saw a box change): reading it after the page's
/// text changed forces a layout of the whole page in the middle of a frame.
fn fit_to_screen(
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
fn new_canvas() -> Result<HtmlCanvasElement, JsValue> {
    Ok(document()?
        .create_element("canvas")?
        .dyn_into::<HtmlCanvasElement>()?)
}

fn document() -> Result<web_sys::Document, JsValue> {
    web_sys::window()
        .and_then(|w| w.document())
        .ok_or_else(|| JsValue::from_str("no document"))
}

fn context(canvas: &HtmlCanvasElement) -> Result<CanvasRenderingContext2d, JsValue> {
    canvas
        .get_context("2d")?
        .ok_or_else(|| JsValue::from_str("canvas has no 2d context"))?
        .dyn_into::<CanvasRenderingContext2d>()
        .map_err(JsValue::from)
}

fn backend(canvas: &HtmlCanvasElement) -> Result<Canvas, JsValue> {
    Canvas::new(canvas, context(canvas)?)
        .ok_or_else(|| JsValue::from_str("canvas has no 2d context"))
}

fn drawing_error(e: impl std::fmt::Debug) -> JsValue {
    JsValue::from_str(&format!("drawing failed: {e:?}"))
}

/// Pairs from two equally long lists of keys and values.
fn pairs<'a>(keys: &'a [String], values: &'a [String]) -> impl Iterator<Item = (&'a str, &'a str)> {
    keys.iter()
        .map(String::as_str)
        .zip(values.iter().map(String::as_str))
}

/// The page's handle on a session and its canvases.
#[wasm_bindgen]
pub struct App {
    session: Session,
    notices: Vec<String>,
    surface: Layered,
    trace: HtmlCanvasElement,
    /// The trace canvas's CSS size as last measured.
    trace_css: (i32, i32),
    /// Measure the canvases' CSS sizes at the next render.
    measure: bool,
    data: Layered,
    /// The G x G heatmap image, scaled into the plot by `drawImage`.
    heatmap: HtmlCanvasElement,
    heatmap_valid: bool,
    /// The same for the batch loss, redrawn at every step it is shown.
    batch_heatmap: HtmlCanvasElement,
    /// The two-feature data view's points, drawn once per data set.
    data_points: HtmlCanvasElement,
    /// Reused RGBA buffer for heatmaps.
    rgba: Vec<u8>,
    /// The contour plot's plotting rectangle, in device pixels.
    plot_rect: PixelRect,
    /// The data view's plotting rectangle, in device pixels.
    data_rect: PixelRect,
    dirty: bool,
    /// Device pixels per CSS pixel to draw at instead of the screen's (a
    /// PNG export at twice the size); 0 for the screen's.
    export_ratio: f64,
    /// The 3-D view's canvas, once the page attaches one.
    surface3d: Option<Layered>,
    /// Where the 3-D view is seen from.
    camera: Camera,
    /// Each run's path, reused from frame to frame.
    paths: Vec<Vec<Params>>,
    /// A touch screen: the words say "tap".
    touch: bool,
    /// The step whose reshuffle flash has been started: each one flashes once.
    flash_step: Option<u64>,
    /// While the flash shows, until when (performance.now milliseconds): it
    /// lasts until the next step or [`FLASH_MS`], whichever comes first.
    flash_until: Option<f64>,
    /// A path replay under way: (its start, its length), in ms.
    replay: Option<(f64, f64)>,
    /// Least size of axis numbers, in CSS pixels (0: the charts' own).
    text_floor: f64,
    /// The notes' cards on the contour plot as last drawn (device pixels).
    note_cards: Vec<surface_view::NoteCard>,
    /// The state and the view as last sent: the next patches carry only
    /// what changed.
    sent: (Sent, Sent),
}

/// How long the batch colours of a fresh epoch stay on screen, in ms.
const FLASH_MS: f64 = 1200.0;

#[wasm_bindgen]
impl App {
    /// An app drawing on the three canvases, with settings from URL query
    /// pairs (bad values become notices, never errors).
    #[wasm_bindgen(constructor)]
    pub fn new(
        surface: HtmlCanvasElement,
        trace: HtmlCanvasElement,
        data: HtmlCanvasElement,
        keys: Vec<String>,
        values: Vec<String>,
    ) -> Result<App, JsValue> {
        report_panics();
        let (session, notices) = Session::from_url(pairs(&keys, &values));
        Ok(App {
            session,
            notices: notices.into_iter().map(|n| n.message).collect(),
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
            touch: false,
            flash_step: None,
            flash_until: None,
            replay: None,
            text_floor: 0.0,
            note_cards: Vec::new(),
            sent: (Sent::new(), Sent::new()),
        })
    }

    /// The notices about bad URL values, one message each.
    pub fn notices(&self) -> Vec<String> {
        self.notices.clone()
    }

    /// Applies settings (the API's `set`); throws with a message naming the
    /// bad value, and then nothing changes.
    pub fn set(&mut self, keys: Vec<String>, values: Vec<String>) -> Result<(), JsError> {
        let changes = self
            .session
            .set(pairs(&keys, &values))
            .map_err(|e| JsError::new(&e))?;
        self.note(changes);
        Ok(())
    }

    fn note(&mut self, changes: Changes) {
        self.flash_step = None;
        if changes.scene {
            self.surface.background_valid = false;
            self.data.background_valid = false;
            self.heatmap_valid = false;
            if let Some(layered) = &mut self.surface3d {
                layered.background_valid = false;
            }
        }
        self.dirty = true;
    }

    /// Takes `k` steps now; returns how many moved the parameters.
    pub fn step(&mut self, k: f64) -> f64 {
        let k = if k.is_finite() && k > 0.0 {
            k.min(1e7) as u64
        } else {
            0
        };
        self.dirty = true;
        self.session.step(k) as f64
    }

    /// Steps until the current epoch completes; returns the steps taken.
    pub fn step_epoch(&mut self) -> f64 {
        self.dirty = true;
        self.session.step_epoch() as f64
    }

    /// Sets the batch surface's grid size (the benchmark compares sizes).
    pub fn set_batch_grid_size(&mut self, g: u32) {
        self.session.set_batch_grid_size(g as usize);
        self.dirty = true;
    }

    /// Advances a playing run by `milliseconds` of time at the chosen speed.
    pub fn advance(&mut self, milliseconds: f64) -> f64 {
        let moved = self.session.advance(milliseconds / 1000.0);
        if moved > 0 {
            self.dirty = true;
        }
        moved as f64
    }

    /// Plays or pauses.
    pub fn set_running(&mut self, running: bool) {
        self.session.set_running(running);
        self.dirty = true;
    }

    /// Whether the run is playing.
    pub fn running(&self) -> bool {
        self.session.running()
    }

    /// Back to step 0 with the same settings.
    pub fn reset(&mut self) {
        self.session.reset();
        self.flash_step = None;
        self.dirty = true;
    }

    /// Restarts the run from the parameters under a click on the contour
    /// plot (CSS pixels from the canvas's top-left corner). Returns false if
    /// the click was outside the plotting rectangle.
    pub fn click(&mut self, css_x: f64, css_y: f64) -> bool {
        if self.session.settings().locked("start") {
            return false;
        }
        match self.surface_params(css_x, css_y) {
            Some(b) => {
                let place = self.session.landscape().window().rounded(b);
                let changes = self.session.start_at(place);
                self.note(changes);
                true
            }
            None => false,
        }
    }

    /// Moves the start by (`across`, `up`) times the window's width and
    /// height (the contour plot's arrow keys), through `set` so a locked
    /// start is refused in words.
    pub fn nudge(&mut self, across: f64, up: f64) -> Result<(), JsError> {
        if !(across.is_finite() && up.is_finite()) {
            return Ok(());
        }
        let window = self.session.landscape().window();
        let start = self.session.start();
        let [b0, b1] = window.rounded([
            start[0] + across * (window.b0.1 - window.b0.0),
            start[1] + up * (window.b1.1 - window.b1.0),
        ]);
        self.set(vec!["start".into()], vec![format!("{b0},{b1}")])
    }

    /// The parameters (b0, b1) under a point of the contour plot (CSS
    /// pixels from the canvas's top-left corner), or nothing outside it.
    pub fn params_at(&self, css_x: f64, css_y: f64) -> Vec<f64> {
        self.surface_params(css_x, css_y)
            .map_or(Vec::new(), |b| b.to_vec())
    }

    /// The contour plot's window and where it is drawn: `[b0 low, b0 high,
    /// b1 low, b1 high, left, right, top, bottom]`, the last four in CSS
    /// pixels of the canvas (for the page's animation between views).
    pub fn surface_frame(&self) -> Vec<f64> {
        let window = self.session.landscape().window();
        let ratio = device_pixel_ratio();
        let (xs, ys) = &self.plot_rect;
        let css = |v: i32| f64::from(v) / ratio;
        vec![
            window.b0.0,
            window.b0.1,
            window.b1.0,
            window.b1.1,
            css(xs.start),
            css(xs.end),
            css(ys.start),
            css(ys.end),
        ]
    }

    /// Draws the paths growing from their start over `milliseconds`, as
    /// they were walked (a slide's entrance); 0 stops a replay.
    pub fn replay(&mut self, milliseconds: f64) {
        let length = if milliseconds.is_finite() {
            milliseconds.clamp(0.0, 10_000.0)
        } else {
            0.0
        };
        self.replay = (length > 0.0).then(|| (now(), length));
        self.dirty = true;
    }

    /// The index of the data point drawn under a click on the data view
    /// (CSS pixels from the canvas's top-left corner), if one is within
    /// reach; -1 otherwise.
    pub fn pick_point(&self, css_x: f64, css_y: f64) -> i32 {
        let ratio = device_pixel_ratio();
        let data = self.session.data();
        let scene = DataScene {
            x: &data.x,
            y: &data.y,
            feature: &data.feature,
        };
        let reach = 14.0 * ratio;
        let (px, py) = (css_x * ratio, css_y * ratio);
        let found = match (&data.x2, self.session.two_features()) {
            (Some(x2), true) => {
                let scene2 = Scene2d {
                    x1: &data.x,
                    x2,
                    y: &data.y,
                    features: [&data.feature, &data.feature2],
                };
                data_view2d::nearest_point(&self.data_rect, &scene2, px, py, reach)
            }
            _ => data_view::nearest_point(&self.data_rect, &scene, px, py, reach),
        };
        found.map_or(-1, |i| i as i32)
    }

    /// Loads a CSV (the API's `loadCsv`): the columns by name or number
    /// (empty: guessed). Returns the summary as JSON, or throws with the
    /// reason in words, and then nothing changes.
    pub fn load_csv(
        &mut self,
        text: &str,
        label: &str,
        x: &str,
        x2: &str,
    ) -> Result<String, JsError> {
        let given = |s: &str| (!s.trim().is_empty()).then(|| s.trim().to_string());
        let (label, x, x2) = (given(label), given(x), given(x2));
        let (changes, summary) = self
            .session
            .load_csv(text, label.as_deref(), x.as_deref(), x2.as_deref())
            .map_err(|e| JsError::new(&e.to_string()))?;
        self.note(changes);
        Ok(view::json(&view::data::summary_state(&summary)))
    }

    /// The header of a CSV and the columns descent would guess, as JSON
    /// `{"header": [...], "label": i, "x": j}`; throws with the reason.
    pub fn csv_columns(&self, text: &str) -> Result<String, JsError> {
        let table = crate::model::csv::parse(text).map_err(|e| JsError::new(&e.to_string()))?;
        let (label, x, _) = table.guess();
        #[derive(serde::Serialize)]
        struct Columns<'a> {
            header: &'a [String],
            label: usize,
            x: usize,
        }
        Ok(view::json(&Columns {
            header: &table.header,
            label,
            x,
        }))
    }

    /// Adds a point of class `label` (x2 ignored, pass NaN, for one-feature data).
    pub fn add_point(&mut self, x: f64, x2: f64, label: bool) -> Result<(), JsError> {
        let x2 = self.session.data().x2.as_ref().map(|_| x2);
        let changes = self
            .session
            .add_point(x, x2, label)
            .map_err(|e| JsError::new(&format!("descent.addPoint: {e}")))?;
        self.note(changes);
        Ok(())
    }

    /// Removes point `index`.
    pub fn remove_point(&mut self, index: f64) -> Result<(), JsError> {
        if !(index >= 0.0 && index.fract() == 0.0 && index < 1e9) {
            return Err(JsError::new(&format!(
                "descent.removePoint: {index} is not a point's index"
            )));
        }
        let changes = self
            .session
            .remove_point(index as usize)
            .map_err(|e| JsError::new(&format!("descent.removePoint: {e}")))?;
        self.note(changes);
        Ok(())
    }

    /// The data coordinates under a click on the data view (CSS pixels),
    /// as `[x, x2]` (x2 = the y coordinate for one-feature data), or empty
    /// outside the plot.
    pub fn data_at(&self, css_x: f64, css_y: f64) -> Vec<f64> {
        let ratio = device_pixel_ratio();
        let (px, py) = (css_x * ratio, css_y * ratio);
        let (xs, ys) = &self.data_rect;
        let (x0, x1, y0, y1) = (
            xs.start as f64,
            xs.end as f64,
            ys.start as f64,
            ys.end as f64,
        );
        if !(px >= x0 && px <= x1 && py >= y0 && py <= y1) || x1 <= x0 || y1 <= y0 {
            return Vec::new();
        }
        let data = self.session.data();
        let ((a, b), (c, d)) = match (&data.x2, self.session.two_features()) {
            (Some(x2), true) => Scene2d {
                x1: &data.x,
                x2,
                y: &data.y,
                features: ["", ""],
            }
            .ranges(),
            _ => (
                DataScene {
                    x: &data.x,
                    y: &data.y,
                    feature: "",
                }
                .x_range(),
                (-0.12, 1.12),
            ),
        };
        vec![
            a + (px - x0) / (x1 - x0) * (b - a),
            d - (py - y0) / (y1 - y0) * (d - c),
        ]
    }

    /// What changed in the state since the last call, as a JSON patch (see
    /// `view::patch`; the page merges it into its copy of the API's
    /// `state()`). Unless `whole`, the chain rule's numbers wait while its
    /// panel is closed: only the API's `state()` wants them then.
    pub fn state_patch(&mut self, whole: bool) -> String {
        let panel = self.session.settings().panel == crate::settings::Panel::Chain;
        let later: &[&str] = if whole || panel { &[] } else { &["chain"] };
        self.sent.0.patch(&view::state(&self.session), later)
    }

    /// The view's fields that changed since the last call, as JSON (what
    /// the page writes where: see `view::View`).
    pub fn view_patch(&mut self) -> String {
        let context = self.view_context();
        self.sent.1.patch(&view::view(&self.session, context), &[])
    }

    /// The next patches are whole (a page that lost its copies).
    pub fn resend(&mut self) {
        self.sent.0.forget();
        self.sent.1.forget();
    }

    /// Edits the runs side by side (counted from 1, as on the page):
    /// `what` is `rate` (`value` the slider's position), `optimizer`
    /// (`value` its key), `add` or `remove`. Throws with the reason, and
    /// then nothing changes.
    pub fn edit_runs(&mut self, what: &str, run: u32, value: &str) -> Result<(), JsError> {
        let k = (run as usize).saturating_sub(1);
        let edit = match what {
            "rate" => {
                let rate = (value.parse().ok())
                    .and_then(|position| view::controls::slider_value("lr", position))
                    .and_then(|rate| rate.parse().ok())
                    .ok_or_else(|| JsError::new(&format!("{value} is not a slider position")))?;
                RunEdit::Rate(k, rate)
            }
            "optimizer" => RunEdit::Optimizer(
                k,
                OptimizerKind::from_key(value)
                    .ok_or_else(|| JsError::new(&format!("{value} is not an optimizer")))?,
            ),
            "add" => RunEdit::Add,
            "remove" => RunEdit::Remove(k),
            _ => return Err(JsError::new(&format!("{what} is not an edit of the runs"))),
        };
        let changes = edits::edit_runs(&mut self.session, edit).map_err(|e| JsError::new(&e))?;
        self.note(changes);
        Ok(())
    }

    /// Pins a note to (b0, b1) on the contour plot (the API's `addNote`);
    /// throws with the reason, and then nothing changes.
    pub fn add_note(&mut self, b0: f64, b1: f64, label: &str) -> Result<(), JsError> {
        let changes =
            edits::add_note(&mut self.session, [b0, b1], label).map_err(|e| JsError::new(&e))?;
        self.note(changes);
        Ok(())
    }

    /// The facts of the page the words depend on.
    fn view_context(&self) -> ViewContext {
        let window = self.session.landscape().window();
        let (xs, ys) = &self.plot_rect;
        let (width, height) = ((xs.end - xs.start) as f64, (ys.end - ys.start) as f64);
        let skew = (width > 0.0 && height > 0.0).then(|| {
            ((window.b0.1 - window.b0.0) / width) / ((window.b1.1 - window.b1.0) / height)
        });
        ViewContext {
            touch: self.touch,
            skew,
            reshuffled: self.session.just_reshuffled() && self.flash_until.is_some(),
        }
    }

    /// Draws axis numbers at least `css_px` CSS pixels high (presenting asks
    /// for 2.5% of the screen's height; 0 for the charts' own sizes).
    pub fn set_text_floor(&mut self, css_px: f64) {
        let floor = if css_px.is_finite() {
            css_px.clamp(0.0, 200.0)
        } else {
            0.0
        };
        if floor != self.text_floor {
            self.text_floor = floor;
            self.invalidate();
        }
    }

    /// The note whose card is under a point of the contour plot (CSS pixels
    /// from the canvas's top-left corner), by its place in the list; -1 for
    /// none.
    pub fn note_at(&self, css_x: f64, css_y: f64) -> i32 {
        let ratio = device_pixel_ratio();
        let (x, y) = ((css_x * ratio) as i32, (css_y * ratio) as i32);
        (self.note_cards.iter().rev())
            .find(|(_, [left, top, right, bottom])| {
                (*left..=*right).contains(&x) && (*top..=*bottom).contains(&y)
            })
            .map_or(-1, |(k, _)| *k as i32)
    }

    /// Moves note `k` to point at the place under a point of the contour
    /// plot (CSS pixels); false outside the plotting rectangle.
    pub fn move_note(&mut self, k: f64, css_x: f64, css_y: f64) -> bool {
        let Some(b) = self.surface_params(css_x, css_y) else {
            return false;
        };
        if !(k >= 0.0 && k.fract() == 0.0) {
            return false;
        }
        let place = self.session.landscape().window().rounded(b);
        let changes = self.session.move_note(k as usize, place);
        self.note(changes);
        changes != Changes::default()
    }

    /// Says whether the page is on a touch screen ("tap" rather than "click").
    pub fn set_touch(&mut self, touch: bool) {
        self.touch = touch;
    }

    /// The data as the model sees it, as JSON `{"x": [...], "y": [...]}`.
    pub fn data_json(&self) -> String {
        view::json(&view::state::points(&self.session))
    }

    /// The settings that differ from the defaults, as a URL query string.
    pub fn query(&self) -> String {
        self.session.settings().to_query()
    }

    /// The deck's slides in full, `[{title, key, caption, view}]`.
    pub fn deck_json(&self) -> String {
        view::json(&view::state::deck_list(
            &self.session.settings().page.deck,
            true,
        ))
    }

    /// The deck as a file's text (what "Download the deck" saves).
    pub fn deck_text(&self) -> String {
        crate::settings::deck::to_text(&self.session.settings().page.deck)
    }

    /// Edits the deck: `op` is `add` (the current view, with `title` and
    /// `caption`), `words` (slide `index`'s title and caption), `move`
    /// (slide `index` to place `to`) or `remove` (slide `index`); throws
    /// naming a slide that is not there, and then nothing changes.
    pub fn edit_deck(
        &mut self,
        op: &str,
        index: f64,
        to: f64,
        title: String,
        caption: String,
    ) -> Result<(), JsError> {
        use crate::settings::deck::Edit;
        // A fraction, a negative or NaN is no slide: it becomes one past any deck.
        let place = |v: f64| match v >= 0.0 && v.fract() == 0.0 {
            true => v.min(1e6) as usize,
            false => usize::MAX,
        };
        let (index, to) = (place(index), place(to));
        let edit = match op {
            "add" => Edit::Add { title, caption },
            "words" => Edit::Words {
                index,
                title,
                caption,
            },
            "move" => Edit::Move { index, to },
            "remove" => Edit::Remove { index },
            _ => {
                return Err(JsError::new(&format!(
                    "descent: no deck edit called {op:?}"
                )))
            }
        };
        let changes =
            (self.session.edit_deck(edit)).map_err(|e| JsError::new(&format!("descent: {e}")))?;
        self.note(changes);
        Ok(())
    }

    /// Marks everything for redrawing and the canvases for measuring
    /// (after a resize, say).
    pub fn invalidate(&mut self) {
        self.measure = true;
        self.surface.background_valid = false;
        self.data.background_valid = false;
        if let Some(layered) = &mut self.surface3d {
            layered.background_valid = false;
        }
        self.dirty = true;
    }

    /// Gives the app the canvas of the 3-D view (drawn while `view` is
    /// `3d` or `both`).
    pub fn attach_surface3d(&mut self, canvas: HtmlCanvasElement) -> Result<(), JsValue> {
        self.surface3d = Some(Layered::new(canvas)?);
        self.measure = true;
        self.dirty = true;
        Ok(())
    }

    /// Turns the 3-D view by a drag of (`dx`, `dy`) CSS pixels.
    pub fn rotate(&mut self, dx: f64, dy: f64) {
        self.camera = self.camera.turned(dx, dy);
        if let Some(layered) = &mut self.surface3d {
            layered.background_valid = false;
        }
        self.dirty = true;
    }

    /// The 3-D view's camera, as `[yaw, pitch]` in radians.
    pub fn camera(&self) -> Vec<f64> {
        vec![self.camera.yaw, self.camera.pitch]
    }

    /// Draws at `ratio` device pixels per CSS pixel from now on (a PNG
    /// export draws at 2), or at the screen's again with 0.
    pub fn set_export_ratio(&mut self, ratio: f64) {
        self.export_ratio = if ratio.is_finite() && ratio > 0.0 {
            ratio.min(4.0)
        } else {
            0.0
        };
        self.dirty = true;
    }

    /// The runs as CSV: a row per kept step (see `view::export`).
    pub fn runs_csv(&self) -> String {
        view::export::runs_csv(&self.session)
    }

    /// Draws whatever changed since the last call; returns true if it drew.
    pub fn render(&mut self) -> Result<bool, JsValue> {
        let ratio = match self.export_ratio {
            0.0 => device_pixel_ratio(),
            r => r,
        };
        let measure = std::mem::take(&mut self.measure);
        for layered in [&mut self.surface, &mut self.data]
            .into_iter()
            .chain(self.surface3d.as_mut())
        {
            if fit_to_screen(&layered.canvas, ratio, &mut layered.css, measure) {
                layered.background_valid = false;
            }
        }
        let trace_resized = fit_to_screen(&self.trace, ratio, &mut self.trace_css, measure);
        if self.flash_until.is_some_and(|until| now() >= until) {
            self.flash_until = None;
            self.dirty = true; // the flash is over: draw the classes again
        }
        let view = self.session.settings().view;
        let stale = (view != SurfaceDisplay::ThreeD && !self.surface.background_valid)
            || !self.data.background_valid
            || (view != SurfaceDisplay::Contour
                && self.surface3d.as_ref().is_some_and(|l| !l.background_valid));
        if !(self.dirty || stale || trace_resized) {
            return Ok(false);
        }
        self.dirty = false;
        if self.session.settings().view != SurfaceDisplay::ThreeD {
            // A replay under way sets dirty again, for the next frame.
            self.draw_surface(ratio)?;
        }
        if self.session.settings().view != SurfaceDisplay::Contour {
            self.draw_surface3d(ratio)?;
        }
        self.draw_trace(ratio)?;
        self.draw_data(ratio)?;
        Ok(true)
    }
}

impl App {
    /// The parameters under a point of the contour plot, in CSS pixels.
    fn surface_params(&self, css_x: f64, css_y: f64) -> Option<Params> {
        let ratio = device_pixel_ratio();
        let window = self.session.landscape().window();
        surface_view::pixel_to_params(&self.plot_rect, &window, css_x * ratio, css_y * ratio)
    }

    fn theme(&self) -> Theme {
        self.session.settings().page.theme
    }

    fn draw_surface(&mut self, ratio: f64) -> Result<(), JsValue> {
        let style = chart_style(ratio, &self.surface.canvas, self.theme(), self.text_floor);
        let window = self.session.landscape().window();
        if !self.heatmap_valid {
            let landscape = self.session.landscape();
            paint_heatmap(&self.heatmap, landscape, &mut self.rgba)?;
            self.heatmap_valid = true;
        }
        if !self.surface.background_valid {
            let background = &self.surface.background;
            background.set_width(self.surface.canvas.width());
            background.set_height(self.surface.canvas.height());
            let ctx = context(background)?;
            let heatmap = &self.heatmap;
            let area = backend(background)?.into_drawing_area();
            let titles = self.session.objective().axes().titles;
            self.plot_rect =
                surface_view::draw_background(&area, &style, &window, titles, |rect| {
                    let _ = blit(&ctx, heatmap, rect);
                })
                .map_err(drawing_error)?;
            let landscape = self.session.landscape();
            stroke_contours(
                &ctx,
                landscape,
                &self.plot_rect,
                "rgba(255,255,255,0.55)",
                style.scale,
            )?;
            self.surface.background_valid = true;
        }
        let ctx = context(&self.surface.canvas)?;
        // Round joins: a zig-zagging path's outline would otherwise spike.
        ctx.set_line_join("round");
        ctx.draw_image_with_html_canvas_element(&self.surface.background, 0.0, 0.0)?;

        let frame = frame::surface(&self.session);
        let mut batch_optimum = None;
        if frame.batch_layer != BatchLayer::None {
            if let Some(batch) = self.session.batch_landscape() {
                batch_optimum = batch.optimum;
                if frame.batch_layer == BatchLayer::Heatmap {
                    paint_heatmap(&self.batch_heatmap, batch, &mut self.rgba)?;
                    blit(&ctx, &self.batch_heatmap, &self.plot_rect)?;
                    stroke_contours(
                        &ctx,
                        batch,
                        &self.plot_rect,
                        "rgba(255,255,255,0.6)",
                        style.scale,
                    )?;
                } else {
                    let RGBColor(r, g, b) = BATCH_CONTOUR;
                    let colour = format!("rgba({r},{g},{b},0.9)");
                    stroke_contours(&ctx, batch, &self.plot_rect, &colour, 1.5 * style.scale)?;
                }
            }
        }
        let session = &self.session;
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

    fn draw_surface3d(&mut self, ratio: f64) -> Result<(), JsValue> {
        let Some(layered) = &mut self.surface3d else {
            return Ok(());
        };
        let style = chart_style(
            ratio,
            &layered.canvas,
            self.session.settings().page.theme,
            self.text_floor,
        );
        let session = &self.session;
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
            let background = &layered.background;
            background.set_width(layered.canvas.width());
            background.set_height(layered.canvas.height());
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

    fn draw_trace(&self, ratio: f64) -> Result<(), JsValue> {
        let style = chart_style(ratio, &self.trace, self.theme(), self.text_floor);
        let session = &self.session;
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
        let series: Vec<TraceSeries> = (shown.iter().zip(&frame.colours))
            .map(|(points, &colour)| TraceSeries {
                points,
                colour: rgb(colour),
            })
            .collect();
        let area = backend(&self.trace)?.into_drawing_area();
        trace_view::draw_trace(&area, &style, &series, options).map_err(drawing_error)?;
        mark_text(&self.trace, &style, ratio)
    }

    fn draw_data(&mut self, ratio: f64) -> Result<(), JsValue> {
        if self.session.two_features() {
            return self.draw_data2d(ratio);
        }
        let session = &self.session;
        let data = session.data();
        let scene = DataScene {
            x: &data.x,
            y: &data.y,
            feature: &data.feature,
        };
        let style = chart_style(ratio, &self.data.canvas, self.theme(), self.text_floor);
        if !self.data.background_valid {
            let background = &self.data.background;
            background.set_width(self.data.canvas.width());
            background.set_height(self.data.canvas.height());
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
        if session.just_reshuffled() && self.flash_step != Some(step) {
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

impl App {
    /// The two-feature data view: shading, points, decision lines.
    fn draw_data2d(&mut self, ratio: f64) -> Result<(), JsValue> {
        let session = &self.session;
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
        let style = chart_style(ratio, &self.data.canvas, self.theme(), self.text_floor);
        if !self.data.background_valid {
            let background = &self.data.background;
            background.set_width(self.data.canvas.width());
            background.set_height(self.data.canvas.height());
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
fn fits(frame: &DataFrame) -> Vec<(Params, RGBColor)> {
    (frame.fits.iter())
        .map(|&(theta, colour)| (theta, rgb(colour)))
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

/// The first panic's message, kept for the page.
static PANIC_MESSAGE: OnceLock<String> = OnceLock::new();

/// Installs a panic hook (once) that keeps the first panic's message, puts
/// it on the page's global object as `__descentPanic` for the page to show,
/// and logs it to the console.
fn report_panics() {
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

/// Colours `landscape` into `canvas`, one pixel per grid point.
fn paint_heatmap(
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
fn blit(
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
fn stroke_contours(
    ctx: &CanvasRenderingContext2d,
    landscape: &Landscape,
    rect: &PixelRect,
    colour: &str,
    width: f64,
) -> Result<(), JsValue> {
    let path = Path2d::new_with_path_string(&surface_view::contour_path(
        &landscape.contours,
        rect,
        &landscape.window(),
    ))?;
    ctx.set_stroke_style_str(colour);
    ctx.set_line_width(width);
    ctx.stroke_with_path(&path);
    Ok(())
}

/// Milliseconds on the page's clock.
fn now() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map_or(0.0, |p| p.now())
}

fn device_pixel_ratio() -> f64 {
    web_sys::window()
        .map_or(1.0, |w| w.device_pixel_ratio())
        .clamp(0.5, 4.0)
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
#[wasm_bindgen]
pub fn bench_kernels(repeats: u32) -> String {
    crate::bench::run(repeats.max(1), now)
}
