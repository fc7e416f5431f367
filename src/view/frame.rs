//! What each plot draws, decided from the session as plain data: which
//! runs in which colours, which layers, markers and arrows. The browser
//! module only turns a frame into canvas calls (and the native tests into
//! SVG), so what a student sees is decided, and tested, here.
//!
//! The points themselves (paths, traces) are not copied in: the drawing
//! code reads them from the session into buffers it keeps, frame after
//! frame.

use crate::model::Params;
use crate::session::Session;
use crate::settings::{Panel, SurfaceView, TraceAxis};
use crate::view::tally;

pub use super::format::{css, Rgb};

/// A single run's path over the viridis surfaces: a warm red that no
/// level of the colour map comes near.
pub const PATH: Rgb = (255, 80, 60);
/// A single run on white (the trace, the data's fitted curve): near black.
pub const INK: Rgb = (20, 20, 20);

/// Colours of the runs, first to sixth: four of Okabe and Ito's
/// colour-blind-safe palette (its yellow vanishes on the white trace plot,
/// its orange and blue are the classes' colours in the data view), then an
/// indigo and a brown; the first three stand out on viridis, and
/// neighbours differ in lightness as well as hue. Each run also carries
/// its number on the plot.
pub const RUN_COLOURS: [Rgb; 6] = [
    (213, 94, 0),    // vermillion
    (86, 180, 233),  // sky blue
    (204, 121, 167), // reddish purple
    (0, 158, 115),   // bluish green
    (110, 90, 220),  // indigo
    (150, 95, 40),   // brown
];

/// The plots a run is drawn on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Plot {
    /// The contour plot of the loss.
    Surface,
    /// The loss surface in 3-D.
    Surface3d,
    /// The loss step by step.
    Trace,
    /// The data and the fitted curve (or lines).
    Data,
}

/// The one colour rule: the colour of run `k` on `plot`. Random restarts
/// are coloured by the minimum they reached; runs side by side have a
/// colour each; a single run is the path's red over the surfaces and near
/// black on white. The page's legends and swatches take the same colours.
pub fn run_colour(session: &Session, k: usize, plot: Plot) -> Rgb {
    let runs = session.runs();
    if session.settings().restarts > 0 {
        match runs.get(k) {
            Some(run) => tally::outcome_colour(tally::outcome(session, run)),
            None => INK,
        }
    } else if runs.len() == 1 {
        match plot {
            Plot::Surface | Plot::Surface3d => PATH,
            Plot::Trace | Plot::Data => INK,
        }
    } else {
        RUN_COLOURS[k % RUN_COLOURS.len()]
    }
}

/// A line's dash pattern, dash and gap in CSS pixels; `None` is solid (the
/// same as `plot::Dash`, which draws it).
pub type Dash = Option<(f64, f64)>;

/// Dash patterns of runs side by side, first to sixth (CSS px: dash, gap).
pub const RUN_DASHES: [Dash; 6] = [
    None,
    Some((10.0, 5.0)),
    Some((2.5, 3.5)),
    Some((16.0, 5.0)),
    Some((6.0, 6.0)),
    Some((2.5, 9.0)),
];

/// The one dash rule, beside the colour rule: run `k`'s line on the trace
/// and the data view. Runs side by side take a pattern each; restarts one
/// per outcome (the global minimum solid, a local one dashed, unsettled
/// dotted); a single run is solid.
pub fn run_dash(session: &Session, k: usize) -> Dash {
    let runs = session.runs();
    if session.settings().restarts > 0 {
        runs.get(k)
            .and_then(|run| tally::outcome_dash(tally::outcome(session, run)))
    } else if runs.len() == 1 {
        None
    } else {
        RUN_DASHES[k % RUN_DASHES.len()]
    }
}

/// What the batch loss adds to the contour plot.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BatchLayer {
    /// Nothing: the full loss only, or no batches.
    None,
    /// The batch loss's own colours and contours, in place of the full loss's.
    Heatmap,
    /// The batch loss's contours over the full loss's colours.
    Contours,
}

/// How one run is drawn over the surfaces.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct RunLook {
    /// Its colour.
    pub colour: Rgb,
    /// It has diverged: its current point is drawn hollow.
    pub diverged: bool,
    /// The number drawn beside its current point, when several runs share
    /// the plot (not with restarts: fifty numbers would hide the paths).
    pub number: Option<usize>,
}

/// The contour plot's frame.
#[derive(Clone, Debug, PartialEq)]
pub struct SurfaceFrame {
    /// What the batch loss adds.
    pub batch_layer: BatchLayer,
    /// Each run, the first (whose arrows are drawn) first.
    pub runs: Vec<RunLook>,
    /// The full loss's minimum (the global one).
    pub optimum: Option<Params>,
    /// Its other local minima.
    pub local_minima: Vec<Params>,
    /// The full gradient at the first run's point.
    pub full_arrow: Option<Params>,
    /// The last batch's gradient there, when batches are used.
    pub batch_arrow: Option<Params>,
    /// Random batch gradients there (`fan=`).
    pub fan: Vec<Params>,
    /// Gradients that set how far the arrows shrink near the minimum.
    pub reference: Vec<Params>,
}

/// The contour plot's frame from the session. The batch loss's own minimum
/// comes with its landscape, which the drawing code holds.
pub fn surface(session: &Session) -> SurfaceFrame {
    let settings = session.settings();
    let sgd = session.uses_batches();
    let batch_layer = match settings.surface {
        _ if !sgd => BatchLayer::None,
        SurfaceView::Full => BatchLayer::None,
        SurfaceView::Batch => BatchLayer::Heatmap,
        SurfaceView::Both => BatchLayer::Contours,
    };
    let several = session.runs().len() > 1 && settings.restarts == 0;
    let runs = (session.runs().iter().enumerate())
        .map(|(k, run)| RunLook {
            colour: run_colour(session, k, Plot::Surface),
            diverged: run.divergence().is_some(),
            number: several.then_some(k + 1),
        })
        .collect();
    let minima = &session.landscape().minima;
    let run = session.run();
    SurfaceFrame {
        batch_layer,
        runs,
        optimum: session.landscape().optimum,
        local_minima: minima.iter().skip(1).map(|m| m.theta).collect(),
        full_arrow: Some(run.gradient()),
        batch_arrow: (run.batch_gradient_here(session.objective())).filter(|_| sgd),
        fan: session.fan_gradients(settings.fan),
        reference: session.arrow_reference(),
    }
}

/// The trace plot's frame.
#[derive(Clone, Debug, PartialEq)]
pub struct TraceFrame {
    /// Each run's colour, the first first.
    pub colours: Vec<Rgb>,
    /// Each run's dash pattern.
    pub dashes: Vec<Dash>,
    /// Log-scale loss axis.
    pub log_scale: bool,
    /// The first run's batch losses too.
    pub show_batch: bool,
    /// The horizontal axis counts evaluations instead of steps.
    pub by_evaluations: bool,
    /// The minimum's loss, drawn as a floor.
    pub floor: Option<f64>,
    /// The full loss at each epoch's end against the epoch.
    pub per_epoch: bool,
    /// The minimum's loss L* subtracted: the plot shows L - L*, on a log scale.
    pub gap: Option<f64>,
    /// Steps after which a setting of the first run changed, and what.
    pub marks: Vec<(u64, &'static str)>,
}

/// The trace plot's frame from the session.
pub fn trace(session: &Session) -> TraceFrame {
    let settings = session.settings();
    let landscape = session.landscape();
    let floor = landscape.optimum.map(|_| landscape.floor);
    // L - L* on a log scale, when the minimum is known.
    let gap = floor.filter(|_| settings.trace_gap);
    TraceFrame {
        colours: (0..session.runs().len())
            .map(|k| run_colour(session, k, Plot::Trace))
            .collect(),
        dashes: (0..session.runs().len())
            .map(|k| run_dash(session, k))
            .collect(),
        log_scale: settings.log_scale || gap.is_some(),
        show_batch: session.uses_batches() && gap.is_none(),
        by_evaluations: settings.trace_x == TraceAxis::Evaluations,
        floor: floor.filter(|_| gap.is_none()),
        per_epoch: settings.per_epoch,
        gap,
        marks: (session.marks().iter()).map(|m| (m.step, m.what)).collect(),
    }
}

/// The data view's frame.
#[derive(Clone, Debug, PartialEq)]
pub struct DataFrame {
    /// Each shown run's parameters, colour and dash, the first first: a
    /// fitted curve (or decision line) each, and the first run's threshold.
    pub fits: Vec<(Params, Rgb, Dash)>,
    /// The points of the last step's batch, ringed.
    pub batch: Vec<usize>,
    /// The last batch's own minimum: its fitted curve, drawn faintly.
    pub batch_theta: Option<Params>,
    /// The point the chain-rule panel follows, marked.
    pub chosen: Option<usize>,
    /// The batch size, when a new epoch has just been shuffled: every point
    /// is coloured by the batch it will be in.
    pub reshuffled: Option<usize>,
}

/// The data view's frame from the session. `flashing`: the page still
/// shows a reshuffle (it lasts a moment, counted by the page's clock).
pub fn data(session: &Session, flashing: bool) -> DataFrame {
    let settings = session.settings();
    // With restarts only the first run's fit: fifty would hide the data.
    let shown = if settings.restarts > 0 {
        1
    } else {
        session.runs().len()
    };
    let fits = (session.runs().iter().take(shown).enumerate())
        .map(|(k, run)| {
            (
                run.theta(),
                run_colour(session, k, Plot::Data),
                run_dash(session, k),
            )
        })
        .collect();
    let sgd = session.uses_batches();
    let flat = !session.two_features();
    DataFrame {
        fits,
        batch: if sgd {
            session.run().batch().to_vec()
        } else {
            Vec::new()
        },
        batch_theta: session.batch_optimum().filter(|_| flat),
        chosen: (settings.panel == Panel::Chain).then_some(settings.point),
        reshuffled: (flat && flashing && session.just_reshuffled())
            .then(|| settings.effective_batch_size()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn session(query: &str) -> Session {
        let pairs = query.split('&').filter_map(|kv| kv.split_once('='));
        let (session, notices) = Session::from_url(pairs);
        assert!(notices.is_empty(), "{query}: {notices:?}");
        session
    }

    #[test]
    fn a_single_run_is_red_over_the_surface_and_ink_on_white() {
        let s = session("");
        assert_eq!(surface(&s).runs[0].colour, PATH);
        assert_eq!(trace(&s).colours, vec![INK]);
        assert_eq!(data(&s, false).fits[0].1, INK);
        assert_eq!(run_colour(&s, 0, Plot::Surface3d), PATH);
        assert_eq!(surface(&s).runs[0].number, None);
    }

    #[test]
    fn runs_side_by_side_share_their_colours_across_plots() {
        let s = session("runs=gd:0.5,gd:2,gd:8");
        let surface = surface(&s);
        let trace = trace(&s);
        let fits = data(&s, false).fits;
        for (k, &colour) in RUN_COLOURS.iter().take(3).enumerate() {
            assert_eq!(surface.runs[k].colour, colour);
            assert_eq!(surface.runs[k].number, Some(k + 1));
            assert_eq!(trace.colours[k], colour);
            assert_eq!(fits[k].1, colour);
        }
    }

    #[test]
    fn runs_side_by_side_differ_by_dash_as_well_as_colour() {
        let s = session("runs=gd:0.5,gd:2,gd:8,gd:9,gd:10,gd:11");
        let dashes = trace(&s).dashes;
        assert_eq!(dashes, RUN_DASHES.to_vec());
        for (k, a) in dashes.iter().enumerate() {
            assert!(
                dashes[k + 1..].iter().all(|b| b != a),
                "run {} shares its dash",
                k + 1
            );
        }
        let fits = data(&s, false).fits;
        assert!(fits.iter().zip(&dashes).all(|(fit, dash)| fit.2 == *dash));
        let legend = crate::view::view(&s, Default::default()).runs;
        assert!(legend
            .iter()
            .zip(&dashes)
            .all(|(run, dash)| run.dash == *dash));
        assert_eq!(trace(&session("")).dashes, vec![None]);
    }

    #[test]
    fn restarts_are_coloured_by_outcome_and_fit_only_the_first() {
        let mut s = session("restarts=8");
        s.step(200);
        let frame = surface(&s);
        assert!(frame.runs.len() >= 8 && frame.runs.len() == s.runs().len());
        assert!(frame.runs.iter().all(|r| r.number.is_none()));
        for (k, run) in s.runs().iter().enumerate() {
            let outcome = tally::outcome_colour(tally::outcome(&s, run));
            assert_eq!(frame.runs[k].colour, outcome);
            assert_eq!(trace(&s).colours[k], outcome);
        }
        assert_eq!(data(&s, false).fits.len(), 1);
    }

    #[test]
    fn the_batch_layer_follows_the_surface_setting_only_with_batches() {
        assert_eq!(
            surface(&session("surface=batch")).batch_layer,
            BatchLayer::None
        );
        let layer = |q: &str| surface(&session(q)).batch_layer;
        assert_eq!(layer("batch=10&surface=batch"), BatchLayer::Heatmap);
        assert_eq!(layer("batch=10&surface=both"), BatchLayer::Contours);
        assert_eq!(layer("batch=10&surface=full"), BatchLayer::None);
        let mut s = session("batch=10");
        s.step(1);
        let frame = surface(&s);
        assert!(frame.batch_arrow.is_some() && frame.full_arrow.is_some());
        assert_eq!(data(&s, false).batch.len(), 10);
        assert!(surface(&session("")).batch_arrow.is_none());
    }

    #[test]
    fn the_trace_shows_the_gap_on_a_log_axis_in_place_of_the_floor() {
        let plain = trace(&session(""));
        assert!(plain.floor.is_some() && plain.gap.is_none() && !plain.log_scale);
        let gap = trace(&session("trace_y=gap"));
        assert_eq!(gap.gap, plain.floor);
        assert!(gap.floor.is_none() && gap.log_scale && !gap.show_batch);
    }
}
