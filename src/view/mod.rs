//! What each panel shows and the words it says, as plain data: the API's
//! state, the status and remark lines, captions, legends, run labels and
//! the controls' values. Built natively from the session and tested
//! without a browser; the page only places the text.

pub mod chain;
pub mod controls;
pub mod data;
pub mod export;
pub mod format;
pub mod frame;
pub mod state;
pub mod tally;
pub mod words;

pub use state::{data_json, state_json};

use crate::session::Session;
use crate::settings::{PathMode, SurfaceView};
use format::{array, maybe_text, text, Object};
use frame::Plot;

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

/// Everything the page writes as text, as one JSON object.
pub fn view_json(session: &Session, context: ViewContext) -> String {
    let settings = session.settings();
    let run = session.run();
    let sgd = session.uses_batches();
    let batch_optimum = session.batch_optimum().is_some();
    let optimum = session.landscape().optimum.is_some();
    let several = session.runs().len() > 1;
    let remark = words::remark(session);
    // Each legend entry is shown (true), kept in its place but invisible
    // (false: it comes and goes from step to step, and the plots must not
    // jump), or left out (null: the settings rule it out).
    let shuffled = settings.sampling == crate::model::batches::Sampling::Shuffle;
    let entry = |there: bool, on: bool| if there { on.to_string() } else { "null".into() };
    let mut legend = Object::new();
    legend
        .field(
            "batch-key",
            entry(sgd && !settings.per_epoch && !several, true),
        )
        .field("epoch-key", entry(sgd && !settings.per_epoch, true))
        .field("batch-arrow-key", entry(sgd, true))
        .field("batch-points-key", entry(sgd, true))
        .field("batch-fit-key", entry(sgd, batch_optimum))
        .field(
            "batch-min-key",
            entry(sgd && settings.surface != SurfaceView::Full, batch_optimum),
        )
        .field(
            "batch-contour-key",
            entry(sgd && settings.surface == SurfaceView::Both, true),
        )
        .field("fan-key", entry(settings.fan > 0, true))
        .field("optimum-key", entry(optimum, true))
        .field(
            "local-key",
            entry(session.landscape().minima.len() > 1, true),
        )
        .field("floor-key", entry(optimum && !settings.trace_gap, true))
        .field("marks-key", entry(!session.marks().is_empty(), true))
        .field("reshuffle-key", entry(sgd && shuffled, context.reshuffled))
        .field("trial-key", entry(settings.line_search, true))
        .field(
            "scale-note",
            entry(context.skew.is_some_and(|k| !(0.5..2.0).contains(&k)), true),
        )
        .field("path-key", entry(!several, true))
        .field("threshold-key", entry(!session.two_features(), true))
        .field("shading-key", entry(session.two_features(), true));
    let runs = session.runs().iter().enumerate().map(|(k, r)| {
        let mut o = Object::new();
        let label = words::run_label(session, r);
        let status = words::run_progress_short(session, r);
        // The trace's legend: a single run is the full loss it follows.
        let legend = match several {
            true => format!("{} {label}: {status}", k + 1),
            false => format!("full loss L: {status}"),
        };
        o.field("label", text(&label))
            .field("legend", text(&legend))
            .field(
                "colour",
                text(&frame::css(frame::run_colour(session, k, Plot::Trace))),
            )
            .field("status", text(&status))
            .field("statusText", text(&words::run_progress_words(session, r)));
        o.finish()
    });
    let kind = run.config().optimizer;
    let mut formula = words::optimizer_formula(kind).to_string();
    if settings.line_search {
        formula = format!("{formula};   {}", words::LINE_SEARCH_FORMULA);
    }
    let mut o = Object::new();
    o.field("status", text(&words::status(session)))
        .field("statusShort", text(&words::status_short(session)))
        .field(
            "alert",
            maybe_text(words::divergence_message(session).as_deref()),
        )
        .field("tip", (remark.is_none()).to_string())
        .field(
            "remark",
            text(&remark.unwrap_or_else(|| words::tip(session, context.touch))),
        )
        .field(
            "surfaceCaption",
            text(&words::surface_caption(session, context.touch)),
        )
        .field("traceCaption", text(words::trace_caption(session)))
        .field("dataCaption", text(&words::data_caption(session)))
        .field("update", text(&words::update_strip(session)))
        .field("panel", text(settings.panel.key()))
        .field("dataNote", maybe_text(data::data_note(session).as_deref()))
        .field("view", text(settings.view.key()))
        .field(
            "fitLabel",
            text(if session.two_features() {
                "decision line, p = 0.5"
            } else if settings.restarts > 0 {
                "p(x) of run 1"
            } else if several {
                "p(x) of each run"
            } else {
                "p(x)"
            }),
        )
        .field(
            "thresholdLabel",
            text(if several {
                "p = 0.5 (run 1)"
            } else {
                "p = 0.5"
            }),
        )
        .field("legend", legend.finish())
        .field("runs", array(runs))
        .field(
            "tally",
            if settings.restarts > 0 {
                tally::tally_json(session)
            } else {
                "null".into()
            },
        )
        .field(
            "optimizerDescription",
            text(words::optimizer_description(kind)),
        )
        .field("optimizerFormula", text(&formula))
        .field("stability", text(&words::stability_line(session)))
        .field("scene", scene_json(settings))
        .field(
            "challenge",
            match settings.challenge {
                Some(c) => {
                    let met = crate::challenges::met(c, session);
                    let mut o = Object::new();
                    o.field("key", text(c.key))
                        .field("section", c.section.to_string())
                        .field("task", text(c.task))
                        .field(
                            "heading",
                            text(&format!(
                                "Challenge (lecture section {}): {}",
                                c.section, c.task
                            )),
                        )
                        .field("met", met.to_string())
                        .field("why", text(c.why))
                        .field("hint", text(c.hint))
                        .field("focus", text(c.focus))
                        .field("notYet", text(words::CHALLENGE_NOT_YET))
                        .field("done", text(&format!("✓ Done. {}", c.why)))
                        .field("back", text(words::challenge_back(met)));
                    o.finish()
                }
                None => "null".into(),
            },
        )
        .field("deck", deck_json(settings))
        .field("live", (settings.path == PathMode::Live).to_string())
        .field(
            "canPlay",
            (settings.path == PathMode::Play
                && session.runs().iter().any(|r| r.divergence().is_none()))
            .to_string(),
        )
        .field("colourbar", colourbar_json(session))
        .field("controls", controls::values_json(session));
    o.finish()
}

/// What the banner says: the slide of the deck that is showing (its title
/// and caption, `index` from 0 and `count`), else the scene's own words;
/// `key` and `focus` from the scene the view started from.
fn scene_json(settings: &crate::settings::Settings) -> String {
    let page = &settings.page;
    let slide = page
        .slide
        .and_then(|k| page.deck.get(k).map(|slide| (k, slide)));
    let (title, caption) = match (slide, settings.scene) {
        (Some((_, slide)), _) => (slide.title.as_str(), slide.caption.as_str()),
        (None, Some(scene)) => (scene.title, scene.caption),
        (None, None) => return "null".into(),
    };
    let mut o = Object::new();
    o.field("key", maybe_text(settings.scene.map(|sc| sc.key)))
        .field("title", text(title))
        .field("caption", text(caption))
        .field("focus", text(settings.scene.map_or("", |sc| sc.focus)))
        .field("index", slide.map_or("null".into(), |(k, _)| k.to_string()))
        .field("count", page.deck.len().to_string());
    o.finish()
}

/// The deck's words, or null without a deck: `corner` (the corner's "3 /
/// 16 · title", or how to start), `place` (just "3 / 16", for presenting,
/// where the title is in the banner) and `position` ("Slide 3 of 16", for
/// the presenter window).
fn deck_json(settings: &crate::settings::Settings) -> String {
    let page = &settings.page;
    if page.deck.is_empty() {
        return "null".into();
    }
    let mut o = Object::new();
    o.field("corner", text(&words::deck_corner(page)))
        .field("place", text(&words::deck_place(page)))
        .field("position", text(&words::deck_position(page)));
    o.finish()
}

/// The losses at the two ends of the contour plot's colour bar, as text:
/// `[lowest, highest]` (the colours run over ln(L - L*), so the ends are
/// the grid's lowest and highest losses, the lowest no nearer the minimum
/// than 1e-4 of the span).
fn colourbar_json(session: &Session) -> String {
    let landscape = session.landscape();
    let (lowest, highest) = landscape.grid.range();
    let floor = landscape.floor;
    let (lo, hi) = crate::model::surface::log_range(floor, lowest, highest);
    let [a, b] = [floor + lo.exp(), floor + hi.exp()].map(|v| format::number(v, 3));
    format!("[{},{}]", text(&a), text(&b))
}
