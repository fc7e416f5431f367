//! What each panel shows and the words it says, as plain data: the API's
//! state, the status and remark lines, captions, legends, run labels and
//! the controls' values. Built natively from the session and tested
//! without a browser; the page only places the text.

pub mod chain;
pub mod class;
pub mod controls;
pub mod data;
pub mod describe;
pub mod export;
pub mod format;
pub mod frame;
pub mod keys;
pub mod notebook;
pub mod patch;
pub mod sound;
pub mod state;
pub mod tables;
pub mod tally;
pub mod words;

pub use state::{state, State};

use crate::session::Session;
use crate::settings::{PathMode, SurfaceView};
use frame::Plot;
use serde::ser::{Serialize, SerializeMap, Serializer};
use serde::Serialize as Serialise;

/// Facts from the page that the words depend on.
#[derive(Clone, Copy, Debug, Default)]
pub struct ViewContext {
    /// A touch screen: "tap" rather than "click".
    pub touch: bool,
    /// The contour plot's parameter units per pixel, across over up; the
    /// axes are drawn to different scales when it is far from 1.
    pub skew: Option<f64>,
    /// The data view shows the new epoch's batches in colour.
    pub reshuffled: bool,
}

/// Everything the page writes as text (fields in camelCase).
#[derive(Serialise, Debug, Clone, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct View {
    pub status: String,
    pub status_short: String,
    pub alert: Option<String>,
    /// The remark is a tip (nothing to remark on).
    pub tip: bool,
    pub remark: String,
    pub surface_caption: String,
    pub trace_caption: &'static str,
    pub data_caption: String,
    pub update: String,
    pub panel: &'static str,
    pub data_note: Option<String>,
    pub view: &'static str,
    /// The trace plot (and its panel) shows.
    pub show_trace: bool,
    /// The data plot shows.
    pub show_data: bool,
    pub fit_label: &'static str,
    pub threshold_label: &'static str,
    pub legend: Legend,
    pub runs: Vec<RunView>,
    pub tally: Option<Vec<tally::TallyEntry>>,
    pub optimizer_description: &'static str,
    pub optimizer_formula: String,
    pub stability: String,
    pub scene: Option<SceneView>,
    pub challenge: Option<ChallengeView>,
    pub deck: Option<DeckView>,
    pub live: bool,
    pub can_play: bool,
    /// The losses at the two ends of the colour bar, as text.
    pub colourbar: [String; 2],
    pub controls: controls::Values,
    pub run_rows: controls::RunRows,
    /// The learning-rate schedule's formula.
    pub schedule_formula: &'static str,
    /// The pitch of the sound that follows the first run's loss, in Hz
    /// (`None` while sound is off).
    pub tone: Option<f64>,
}

/// Each legend entry by its element id: shown (true), kept in its place
/// but invisible (false: it comes and goes from step to step, and the
/// plots must not jump), or left out (null: the settings rule it out).
#[derive(Debug, Clone, PartialEq)]
pub struct Legend(pub Vec<(&'static str, Option<bool>)>);

impl Serialize for Legend {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for (id, entry) in &self.0 {
            map.serialize_entry(id, entry)?;
        }
        map.end()
    }
}

/// A run in the legend and the run rows.
#[derive(Serialise, Debug, Clone, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct RunView {
    pub label: String,
    /// Its line in the trace's legend.
    pub legend: String,
    pub colour: String,
    /// Its dash in the trace and the data view (dash and gap, CSS px), null
    /// when solid: the legend's swatch shows it.
    pub dash: frame::Dash,
    pub status: String,
    pub status_text: String,
}

/// The banner: the slide showing, else the scene's own words.
#[derive(Serialise, Debug, Clone, PartialEq)]
pub struct SceneView {
    pub key: Option<&'static str>,
    pub title: String,
    pub caption: String,
    pub focus: &'static str,
    pub index: Option<usize>,
    pub count: usize,
}

/// A challenge's words and whether it is met.
#[derive(Serialise, Debug, Clone, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct ChallengeView {
    pub key: &'static str,
    pub section: u8,
    pub task: &'static str,
    pub heading: String,
    pub met: bool,
    pub why: &'static str,
    pub hint: &'static str,
    pub focus: &'static str,
    pub not_yet: &'static str,
    pub done: String,
    pub back: &'static str,
}

/// The deck's words: `corner` (the corner's "3 / 16 · title", or how to
/// start), `place` (just "3 / 16", for presenting, where the title is in
/// the banner) and `position` ("Slide 3 of 16", for the presenter window).
#[derive(Serialise, Debug, Clone, PartialEq)]
pub struct DeckView {
    pub corner: String,
    pub place: String,
    pub position: String,
}

/// What the page writes where, from the session and the page's facts.
pub fn view(session: &Session, context: ViewContext) -> View {
    let settings = session.settings();
    let run = session.run();
    let sgd = session.uses_batches();
    let batch_optimum = session.batch_optimum().is_some();
    let optimum = session.landscape().optimum.is_some();
    let several = session.runs().len() > 1;
    let remark = words::remark(session);
    let shuffled = settings.sampling == crate::model::batches::Sampling::Shuffle;
    let entry = |there: bool, on: bool| there.then_some(on);
    let legend = Legend(vec![
        (
            "batch-key",
            entry(sgd && !settings.per_epoch && !several, true),
        ),
        ("epoch-key", entry(sgd && !settings.per_epoch, true)),
        ("batch-arrow-key", entry(sgd, true)),
        ("batch-points-key", entry(sgd, true)),
        ("batch-fit-key", entry(sgd, batch_optimum)),
        (
            "batch-min-key",
            entry(sgd && settings.surface != SurfaceView::Full, batch_optimum),
        ),
        (
            "batch-contour-key",
            entry(sgd && settings.surface == SurfaceView::Both, true),
        ),
        ("fan-key", entry(settings.fan > 0, true)),
        ("optimum-key", entry(optimum, true)),
        (
            "local-key",
            entry(session.landscape().minima.len() > 1, true),
        ),
        ("floor-key", entry(optimum && !settings.trace_gap, true)),
        ("marks-key", entry(!session.marks().is_empty(), true)),
        ("reshuffle-key", entry(sgd && shuffled, context.reshuffled)),
        // While the points take their batches' colours, the classes' colours are not on the plot.
        (
            "class-keys",
            entry(true, !(sgd && shuffled && context.reshuffled)),
        ),
        ("trial-key", entry(settings.line_search, true)),
        (
            "scale-note",
            entry(context.skew.is_some_and(|k| !(0.5..2.0).contains(&k)), true),
        ),
        ("path-key", entry(!several, true)),
        ("threshold-key", entry(!session.two_features(), true)),
        ("shading-key", entry(session.two_features(), true)),
    ]);
    let runs = (session.runs().iter().enumerate())
        .map(|(k, r)| {
            let label = words::run_label(session, r);
            let status = words::run_progress_short(session, r);
            // The trace's legend: a single run is the full loss it follows.
            let legend = match several {
                true => format!("{} {label}: {status}", k + 1),
                false => format!("full loss L: {status}"),
            };
            RunView {
                label,
                legend,
                colour: frame::css(frame::run_colour(session, k, Plot::Trace)),
                dash: frame::run_dash(session, k),
                status,
                status_text: words::run_progress_words(session, r),
            }
        })
        .collect();
    let kind = run.config().optimizer;
    let mut formula = words::optimizer_formula(kind).to_string();
    if settings.line_search {
        formula = format!("{formula};   {}", words::LINE_SEARCH_FORMULA);
    }
    View {
        status: words::status(session),
        status_short: words::status_short(session),
        alert: words::divergence_message(session),
        tip: remark.is_none(),
        remark: remark.unwrap_or_else(|| words::tip(session, context.touch)),
        surface_caption: words::surface_caption(session, context.touch),
        trace_caption: words::trace_caption(session),
        data_caption: words::data_caption(session),
        update: words::update_strip(session),
        panel: settings.panel.key(),
        data_note: data::data_note(session),
        view: settings.view.key(),
        show_trace: settings.plots.trace() || settings.panel == crate::settings::Panel::Chain,
        show_data: settings.plots.data(),
        fit_label: if session.two_features() {
            "decision line, p = 0.5"
        } else if settings.restarts > 0 {
            "p(x) of run 1"
        } else if several {
            "p(x) of each run"
        } else {
            "p(x)"
        },
        threshold_label: if several {
            "p = 0.5 (run 1)"
        } else {
            "p = 0.5"
        },
        legend,
        runs,
        tally: (settings.restarts > 0).then(|| tally::tally_entries(session)),
        optimizer_description: words::optimizer_description(kind),
        optimizer_formula: formula,
        stability: words::stability_line(session),
        scene: scene(settings),
        challenge: settings.challenge.map(|c| {
            let met = crate::challenges::met(c, session);
            ChallengeView {
                key: c.key,
                section: c.section,
                task: c.task,
                heading: format!("Challenge (lecture section {}): {}", c.section, c.task),
                met,
                why: c.why,
                hint: c.hint,
                focus: c.focus,
                not_yet: words::CHALLENGE_NOT_YET,
                done: format!("✓ Done. {}", c.why),
                back: words::challenge_back(met),
            }
        }),
        deck: deck(settings),
        live: settings.path == PathMode::Live,
        can_play: settings.path == PathMode::Play
            && session.runs().iter().any(|r| r.divergence().is_none()),
        colourbar: colourbar(session),
        controls: controls::values(session),
        run_rows: controls::run_rows(session),
        schedule_formula: words::schedule_formula(settings.schedule),
        tone: sound::tone(session),
    }
}

/// What the banner says: the slide of the deck that is showing (its title
/// and caption, `index` from 0 and `count`), else the scene's own words;
/// `key` and `focus` from the scene the view started from.
fn scene(settings: &crate::settings::Settings) -> Option<SceneView> {
    let page = &settings.page;
    let slide = (page.slide).and_then(|k| page.deck.get(k).map(|slide| (k, slide)));
    let (title, caption) = match (slide, settings.scene) {
        (Some((_, slide)), _) => (slide.title.clone(), slide.caption.clone()),
        (None, Some(scene)) => (scene.title.to_string(), scene.caption.to_string()),
        (None, None) => return None,
    };
    Some(SceneView {
        key: settings.scene.map(|sc| sc.key),
        title,
        caption,
        focus: settings.scene.map_or("", |sc| sc.focus),
        index: slide.map(|(k, _)| k),
        count: page.deck.len(),
    })
}

/// The deck's words, or `None` without a deck.
fn deck(settings: &crate::settings::Settings) -> Option<DeckView> {
    let page = &settings.page;
    (!page.deck.is_empty()).then(|| DeckView {
        corner: words::deck_corner(page),
        place: words::deck_place(page),
        position: words::deck_position(page),
    })
}

/// The losses at the two ends of the contour plot's colour bar, as text:
/// `[lowest, highest]` (the colours run over ln(L - L*), so the ends are
/// the grid's lowest and highest losses, the lowest no nearer the minimum
/// than 1e-4 of the span).
fn colourbar(session: &Session) -> [String; 2] {
    let landscape = session.landscape();
    let (lowest, highest) = landscape.grid.range();
    let floor = landscape.floor;
    let (lo, hi) = crate::model::surface::log_range(floor, lowest, highest);
    [floor + lo.exp(), floor + hi.exp()].map(|v| format::number(v, 3))
}

/// What an exported animation's frame says over its plots: the scene's
/// title and caption, or else the contour plot's caption; and the step.
pub fn animation_band(session: &Session, context: ViewContext) -> [String; 2] {
    let v = view(session, context);
    let caption = match v.scene {
        Some(scene) => format!("{}. {}", scene.title, scene.caption),
        None => v.surface_caption,
    };
    [caption, words::step_words(session)]
}

/// The state as JSON, the one way it crosses to the page.
pub fn state_json(session: &Session) -> String {
    json(&state(session))
}

/// The view as JSON, the one way it crosses to the page.
pub fn view_json(session: &Session, context: ViewContext) -> String {
    json(&view(session, context))
}

/// A value as JSON (serde_json: non-finite numbers, which never should
/// occur, become null). These types cannot fail to serialise; were one
/// to, the page reads null rather than the module panicking.
pub fn json(value: &impl Serialize) -> String {
    serde_json::to_string(value).unwrap_or_else(|_| "null".into())
}
