//! The page's handle, [`App`]: it owns the session and the three canvases.
//! JavaScript passes settings in as strings, calls `advance` and `render`
//! from its animation loop, and reads back the state and the view (what to
//! write where) as JSON patches (`view::patch`).

use super::draw::{device_pixel_ratio, now, Layered, Plots};
use super::exports::report_panics;
use crate::edits::{self, RunEdit};
use crate::model::optim::OptimizerKind;
use crate::plot::data_view::{self, DataScene};
use crate::plot::data_view2d::{self, Scene2d};
use crate::session::{Changes, Session};
use crate::view::patch::Sent;
use crate::view::{self, ViewContext};
use wasm_bindgen::prelude::*;
use web_sys::HtmlCanvasElement;

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
    /// A touch screen: the words say "tap".
    touch: bool,
    /// The state and the view as last sent: the next patches carry only
    /// what changed.
    sent: (Sent, Sent),
    /// The canvases and what is drawn on them.
    plots: Plots,
}

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
            touch: false,
            sent: (Sent::new(), Sent::new()),

            plots: Plots::new(surface, trace, data)?,
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
        self.plots.flash_step = None;
        if changes.scene {
            self.plots.surface.background_valid = false;
            self.plots.data.background_valid = false;
            self.plots.heatmap_valid = false;
            if let Some(layered) = &mut self.plots.surface3d {
                layered.background_valid = false;
            }
        }
        self.plots.dirty = true;
    }

    /// Takes `k` steps now; returns how many moved the parameters.
    pub fn step(&mut self, k: f64) -> f64 {
        let k = if k.is_finite() && k > 0.0 {
            k.min(1e7) as u64
        } else {
            0
        };
        self.plots.dirty = true;
        self.session.step(k) as f64
    }

    /// Steps until the current epoch completes; returns the steps taken.
    pub fn step_epoch(&mut self) -> f64 {
        self.plots.dirty = true;
        self.session.step_epoch() as f64
    }

    /// Sets the batch surface's grid size: the benchmark compares sizes, and
    /// a slow device draws it coarser (www/render.js).
    pub fn set_batch_grid_size(&mut self, g: u32) {
        self.session.set_batch_grid_size(g as usize);
        self.plots.dirty = true;
    }

    /// Advances a playing run by `milliseconds` of time at the chosen speed.
    pub fn advance(&mut self, milliseconds: f64) -> f64 {
        let moved = self.session.advance(milliseconds / 1000.0);
        if moved > 0 {
            self.plots.dirty = true;
        }
        moved as f64
    }

    /// Plays or pauses.
    pub fn set_running(&mut self, running: bool) {
        self.session.set_running(running);
        self.plots.dirty = true;
    }

    /// Whether the run is playing.
    pub fn running(&self) -> bool {
        self.session.running()
    }

    /// Back to step 0 with the same settings.
    pub fn reset(&mut self) {
        self.session.reset();
        self.plots.flash_step = None;
        self.plots.dirty = true;
    }

    /// Restarts the run from the parameters under a click on the contour
    /// plot (CSS pixels from the canvas's top-left corner). Returns false if
    /// the click was outside the plotting rectangle.
    pub fn click(&mut self, css_x: f64, css_y: f64) -> bool {
        if self.session.settings().locked("start") {
            return false;
        }
        match self.plots.surface_params(&self.session, css_x, css_y) {
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
        self.plots
            .surface_params(&self.session, css_x, css_y)
            .map_or(Vec::new(), |b| b.to_vec())
    }

    /// The contour plot's window and where it is drawn: `[b0 low, b0 high,
    /// b1 low, b1 high, left, right, top, bottom]`, the last four in CSS
    /// pixels of the canvas (for the page's animation between views).
    pub fn surface_frame(&self) -> Vec<f64> {
        let window = self.session.landscape().window();
        // As drawn: at an export's ratio while one is set (an animation's frames).
        let ratio = self.plots.ratio();
        let (xs, ys) = &self.plots.plot_rect;
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
        self.plots.replay = (length > 0.0).then(|| (now(), length));
        self.plots.dirty = true;
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
                data_view2d::nearest_point(&self.plots.data_rect, &scene2, px, py, reach)
            }
            _ => data_view::nearest_point(&self.plots.data_rect, &scene, px, py, reach),
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
        let (xs, ys) = &self.plots.data_rect;
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

    /// Shows `query`'s view whole, this page's own settings kept (a student
    /// following the lecturer, or a class's reveal).
    pub fn open_view(&mut self, query: &str) {
        let changes = self.session.open_view(query);
        self.note(changes);
    }

    /// The plots in words (`view::describe::Descriptions` as JSON), for
    /// the page's descriptions and its live region.
    pub fn describe(&self) -> String {
        view::json(&view::describe::describe(&self.session))
    }

    /// Entry `index` of run `k`'s path read out (its step, parameters, loss
    /// and gradient); undefined past its end.
    pub fn path_step(&self, k: u32, index: u32) -> Option<String> {
        view::describe::path_step(&self.session, k as usize, index as usize)
    }

    /// How many entries run `k`'s path has (its steps, until a long run's
    /// trace is thinned).
    pub fn path_length(&self, k: u32) -> u32 {
        (self.session.runs().get(k as usize)).map_or(0, |run| run.trace().points().len() as u32)
    }

    /// The plots' data as tables (`view::tables::Table`s as JSON).
    pub fn tables(&self) -> String {
        view::json(&view::tables::tables(&self.session))
    }

    /// The first run's trace as `count` pitches in Hz, start to now.
    pub fn trace_tones(&self, count: u32) -> Vec<f64> {
        view::sound::trace_tones(&self.session, count as usize)
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
        let (xs, ys) = &self.plots.plot_rect;
        let (width, height) = ((xs.end - xs.start) as f64, (ys.end - ys.start) as f64);
        let skew = (width > 0.0 && height > 0.0).then(|| {
            ((window.b0.1 - window.b0.0) / width) / ((window.b1.1 - window.b1.0) / height)
        });
        ViewContext {
            touch: self.touch,
            skew,
            reshuffled: self.session.just_reshuffled() && self.plots.flash_until.is_some(),
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
        if floor != self.plots.text_floor {
            self.plots.text_floor = floor;
            self.invalidate();
        }
    }

    /// The note whose card is under a point of the contour plot (CSS pixels
    /// from the canvas's top-left corner), by its place in the list; -1 for
    /// none.
    pub fn note_at(&self, css_x: f64, css_y: f64) -> i32 {
        let ratio = device_pixel_ratio();
        let (x, y) = ((css_x * ratio) as i32, (css_y * ratio) as i32);
        (self.plots.note_cards.iter().rev())
            .find(|(_, [left, top, right, bottom])| {
                (*left..=*right).contains(&x) && (*top..=*bottom).contains(&y)
            })
            .map_or(-1, |(k, _)| *k as i32)
    }

    /// Moves note `k` to point at the place under a point of the contour
    /// plot (CSS pixels); false outside the plotting rectangle.
    pub fn move_note(&mut self, k: f64, css_x: f64, css_y: f64) -> bool {
        let Some(b) = self.plots.surface_params(&self.session, css_x, css_y) else {
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

    /// Says whether the user asks for reduced motion: the data's points no
    /// longer flash their new batches' colours at each reshuffle.
    pub fn set_still(&mut self, still: bool) {
        self.plots.still = still;
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

    /// Marks the canvases for measuring at the next render, which redraws
    /// only what changed size (a resize observer saw a box change; its
    /// first report, at the start, finds every plot as drawn).
    pub fn remeasure(&mut self) {
        self.plots.measure = true;
    }

    /// Marks everything for redrawing and the canvases for measuring
    /// (the page's look changed: presenting, full screen).
    pub fn invalidate(&mut self) {
        self.plots.measure = true;
        self.plots.surface.background_valid = false;
        self.plots.data.background_valid = false;
        if let Some(layered) = &mut self.plots.surface3d {
            layered.background_valid = false;
        }
        self.plots.dirty = true;
    }

    /// Gives the app the canvas of the 3-D view (drawn while `view` is
    /// `3d` or `both`).
    pub fn attach_surface3d(&mut self, canvas: HtmlCanvasElement) -> Result<(), JsValue> {
        self.plots.surface3d = Some(Layered::new(canvas)?);
        self.plots.measure = true;
        self.plots.dirty = true;
        Ok(())
    }

    /// Turns the 3-D view by a drag of (`dx`, `dy`) CSS pixels.
    pub fn rotate(&mut self, dx: f64, dy: f64) {
        self.plots.camera = self.plots.camera.turned(dx, dy);
        if let Some(layered) = &mut self.plots.surface3d {
            layered.background_valid = false;
        }
        self.plots.dirty = true;
    }

    /// The 3-D view's camera, as `[yaw, pitch]` in radians.
    pub fn camera(&self) -> Vec<f64> {
        vec![self.plots.camera.yaw, self.plots.camera.pitch]
    }

    /// Draws at `ratio` device pixels per CSS pixel from now on (a PNG
    /// export draws at 2), or at the screen's again with 0.
    pub fn set_export_ratio(&mut self, ratio: f64) {
        self.plots.export_ratio = if ratio.is_finite() && ratio > 0.0 {
            ratio.min(4.0)
        } else {
            0.0
        };
        self.plots.dirty = true;
    }

    /// The runs as CSV: a row per kept step (see `view::export`).
    pub fn runs_csv(&self) -> String {
        view::export::runs_csv(&self.session)
    }

    /// The view as a Python script that rebuilds and checks its runs, `port`
    /// being the text of the port of the model (see `view::notebook`).
    pub fn python(&self, port: &str) -> String {
        view::notebook::python(&self.session, port)
    }

    /// What an exported animation's frame says: `[caption, step]`.
    pub fn animation_words(&self) -> Vec<String> {
        view::animation_band(&self.session, self.view_context()).to_vec()
    }

    /// The same as a Jupyter notebook (.ipynb).
    pub fn notebook(&self, port: &str) -> String {
        view::notebook::notebook(&self.session, port)
    }

    /// Draws whatever changed since the last call; returns true if it drew.
    /// The first call draws the surface alone and leaves the other plots to
    /// the next (see `Plots::first`).
    pub fn render(&mut self) -> Result<bool, JsValue> {
        self.plots.render(&mut self.session)
    }
}
