//! The plots in words, for people who cannot see them: what the contour
//! plot, the trace and the data view show now, and a sentence for a live
//! region saying what is happening. PhET's Interactive Description is the
//! model: a parallel description that changes with the simulation. The page
//! asks for these at a listener's pace (about once a second while playing,
//! at once on a pause or a key), never every frame.

use super::format::{count, number, params};
use super::tally::{tally_short, tally_words};
use super::words::{run_label, run_progress_short};
use crate::model::objective::Batch;
use crate::model::run::{Progress, Run};
use crate::model::trace::TracePoint;
use crate::model::Params;
use crate::session::Session;
use crate::settings::{PathMode, TraceAxis};
use serde::Serialize;

/// The plots described, each a few sentences, and their names.
#[derive(Serialize, Debug, Clone, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct Descriptions {
    /// Each plot's accessible name: surface, surface3d, trace, data.
    pub names: [String; 4],
    /// The contour plot (and the 3-D view): the surface, its minima, and
    /// where each run is on it and what it is doing.
    pub surface: String,
    /// The trace: its scale, and each run's loss from start to now.
    pub trace: String,
    /// The data view: the points, each run's fitted curve (or line), the batch.
    pub data: String,
    /// One sentence for a live region: the step and how each run is doing.
    pub summary: String,
}

/// The plots of `session` in words.
pub fn describe(session: &Session) -> Descriptions {
    Descriptions {
        names: names(session),
        surface: surface(session),
        trace: trace(session),
        data: data(session),
        summary: summary(session),
    }
}

/// What each plot is, in a few words: its accessible name.
fn names(session: &Session) -> [String; 4] {
    let [across, up] = session.objective().axes().titles;
    let data = session.data();
    [
        format!("Contour plot of the loss over {across} and {up}, with the paths of the runs"),
        format!("The loss surface in 3-D over {across} and {up}, with the paths; drag it, or its arrow keys, to turn it"),
        "Trace plot of the loss against the step, one line per run".into(),
        match session.two_features() {
            true => format!("The data over {} and {}, with each run's decision line", data.feature, data.feature2),
            false => format!("The data against {}, with each run's fitted curve p(x)", data.feature),
        },
    ]
}

/// How many trace entries back "lately" looks: the trend of the last steps.
const LATELY: usize = 10;

/// The run's name in a sentence: "Run 2 (GD, η 11)", or "The run" alone.
fn name(session: &Session, k: usize, run: &Run) -> String {
    match session.runs().len() {
        1 => "The run".into(),
        _ => format!("Run {} ({})", k + 1, run_label(session, run)),
    }
}

/// Where the step counter stands, as the status says it.
fn when(session: &Session) -> String {
    match session.settings().path {
        PathMode::Live => format!("First {} steps, live", session.settings().steps),
        PathMode::Play => format!("Step {}", session.run().step_count()),
    }
}

/// The minimum a run is measured against: the one it converged to, or the
/// lowest.
fn target(session: &Session, run: &Run) -> Option<(usize, Params)> {
    let minima = &session.landscape().minima;
    let m = match session.progress(run) {
        Progress::Converged { minimum, .. } => minimum,
        _ => 0,
    };
    minima.get(m).map(|min| (m, min.theta))
}

fn distance(a: Params, b: Params) -> f64 {
    (a[0] - b[0]).hypot(a[1] - b[1])
}

/// The trace's entries of the last few steps, oldest first.
fn lately(run: &Run) -> &[TracePoint] {
    let points = run.trace().points();
    &points[points.len().saturating_sub(LATELY + 1)..]
}

/// True when most of the last steps turn back on the one before: the path
/// bounces from wall to wall of a valley.
fn zig_zagging(run: &Run) -> bool {
    let recent = lately(run);
    let steps: Vec<Params> = (recent.windows(2))
        .map(|w| [w[1].theta[0] - w[0].theta[0], w[1].theta[1] - w[0].theta[1]])
        .collect();
    let turns = (steps.windows(2))
        .filter(|s| s[0][0] * s[1][0] + s[0][1] * s[1][1] < 0.0)
        .count();
    steps.len() >= 4 && 2 * turns >= steps.len()
}

/// Where a run is on the surface and what it is doing, in a sentence.
fn run_on_surface(session: &Session, k: usize, run: &Run) -> String {
    let who = name(session, k, run);
    let symbol = &session.objective().axes().symbols[0][..1];
    let at = format!("{symbol} = {}", params(run.theta(), 3));
    let window = session.landscape().window();
    let [b0, b1] = run.theta();
    let inside =
        (window.b0.0..=window.b0.1).contains(&b0) && (window.b1.0..=window.b1.1).contains(&b1);
    let outside = if inside {
        ""
    } else {
        ", outside the plotted window"
    };
    let steps = run.step_count();
    let progress = session.progress(run);
    if let Progress::Diverged { at: step } = progress {
        return format!(
            "{who} diverged at step {step}{outside}: the steps grew until the run stopped."
        );
    }
    let Some((m, minimum)) = target(session, run) else {
        return format!("{who}, step {steps}: at {at}{outside}; the loss has no minimum here to measure against.");
    };
    let which = if m == 0 {
        "the minimum ✕"
    } else {
        "a local minimum +"
    };
    if let Progress::Converged { since, .. } = progress {
        let stuck = if m == 0 {
            String::new()
        } else {
            let global = session.landscape().minima[0];
            format!(
                " It is stuck there: the lowest minimum is at {}, loss {}.",
                params(global.theta, 3),
                number(global.loss, 4)
            )
        };
        return format!(
            "{who} converged at step {since}, at {which} {}.{stuck}",
            params(minimum, 3)
        );
    }
    let d = distance(run.theta(), minimum);
    let before = lately(run)
        .first()
        .map_or(d, |p| distance(p.theta, minimum));
    let bouncing = steps > 0 && zig_zagging(run);
    let trend = if steps == 0 || bouncing || progress == Progress::Oscillating {
        ""
    } else if d < 0.95 * before {
        " and closing"
    } else if d > 1.05 * before {
        " and moving away"
    } else {
        " and hardly moving"
    };
    let doing = match progress {
        _ if bouncing => " It is zig-zagging across the valley.",
        Progress::Oscillating => " Its loss goes up and down.",
        _ => "",
    };
    format!(
        "{who}, step {steps}: at {at}{outside}, {} from {which}{trend}.{doing}",
        number(d, 2)
    )
}

/// The contour plot in words.
fn surface(session: &Session) -> String {
    let axes = session.objective().axes();
    let landscape = session.landscape();
    let w = landscape.window();
    let mut s = format!(
        "Contour plot of the mean loss over {} from {} to {} (across) and {} from {} to {} (up).",
        axes.titles[0],
        number(w.b0.0, 2),
        number(w.b0.1, 2),
        axes.titles[1],
        number(w.b1.0, 2),
        number(w.b1.1, 2)
    );
    let [low, high] = super::colourbar(session);
    s += &format!(" Dark is low loss ({low}), yellow high ({high}).");
    s +=
        &match landscape.minima.as_slice() {
            [] => " The loss has no minimum: it keeps falling as the parameters grow.".to_string(),
            [only] => format!(
                " Its minimum ✕ is at {}, loss {}.",
                params(only.theta, 3),
                number(only.loss, 4)
            ),
            [lowest, rest @ ..] => {
                let others: Vec<String> = rest
                    .iter()
                    .map(|m| format!("{} (loss {})", params(m.theta, 3), number(m.loss, 4)))
                    .collect();
                format!(
                " It is not a single bowl: its lowest minimum ✕ is at {}, loss {}, and {} at {}.",
                params(lowest.theta, 3),
                number(lowest.loss, 4),
                if rest.len() == 1 { "a local minimum +" } else { "local minima +" },
                others.join(" and ")
            )
            }
        };
    if session.settings().restarts > 0 {
        let runs = session.runs().len();
        return format!(
            "{s} {runs} runs from random starts: {}.",
            tally_words(session)
        );
    }
    for (k, run) in session.runs().iter().enumerate() {
        s += " ";
        s += &run_on_surface(session, k, run);
    }
    s
}

/// A run's loss over the trace, in a sentence.
fn run_on_trace(session: &Session, k: usize, run: &Run) -> String {
    let who = name(session, k, run);
    let points = run.trace().points();
    let first = points.first().map_or(run.loss(), |p| p.loss);
    let now = run.loss();
    let lowest = points
        .iter()
        .map(|p| p.loss_span.lo)
        .fold(f64::INFINITY, f64::min);
    match session.progress(run) {
        _ if run.step_count() == 0 => format!("{who} has not started: loss {}.", number(first, 4)),
        Progress::Diverged { at } => format!(
            "{who} went from {} up to {} and stopped at step {at}.",
            number(first, 4),
            number(now, 4)
        ),
        Progress::Converged { since, .. } => format!(
            "{who} fell from {} to {} by step {since}, and is flat since.",
            number(first, 4),
            number(now, 4)
        ),
        Progress::Oscillating => {
            let recent = lately(run);
            let lo = recent
                .iter()
                .map(|p| p.loss_span.lo)
                .fold(f64::INFINITY, f64::min);
            let hi = recent
                .iter()
                .map(|p| p.loss_span.hi)
                .fold(f64::NEG_INFINITY, f64::max);
            format!(
                "{who} started at {}; lately it goes up and down between {} and {} (lowest so far {}).",
                number(first, 4),
                number(lo, 4),
                number(hi, 4),
                number(lowest, 4)
            )
        }
        Progress::Falling => {
            let recent = lately(run);
            let rate = match (recent.first(), recent.last()) {
                (Some(a), Some(b)) if b.step > a.step => {
                    (a.loss - b.loss) / (b.step - a.step) as f64
                }
                _ => 0.0,
            };
            format!(
                "{who} fell from {} to {}, still falling, by about {} a step lately.",
                number(first, 4),
                number(now, 4),
                number(rate, 2)
            )
        }
    }
}

/// The trace in words.
fn trace(session: &Session) -> String {
    let settings = session.settings();
    let across = match settings.trace_x {
        TraceAxis::Evaluations => "the evaluations (losses, gradients and Hessians asked for)",
        _ if settings.per_epoch => "the epoch",
        _ => "the step",
    };
    let (what, scale) = match (settings.trace_gap, settings.log_scale) {
        (true, _) => (
            "the loss above the minimum, L − L*,",
            "a log scale: a straight line is a constant rate",
        ),
        (false, true) => ("the loss", "a log scale"),
        (false, false) => ("the loss", "a linear scale"),
    };
    let mut s = format!(
        "Trace of {what} against {across}, on {scale}, over {}.",
        count(session.run().step_count() as usize, "step", "steps")
    );
    if let Some(floor) = session.landscape().minima.first().map(|m| m.loss) {
        s += &format!(" A dashed line marks the minimum, {}.", number(floor, 4));
    }
    if settings.restarts > 0 {
        return format!(
            "{s} {} runs, coloured by the minimum each reaches: {}.",
            session.runs().len(),
            tally_words(session)
        );
    }
    for (k, run) in session.runs().iter().enumerate() {
        s += " ";
        s += &run_on_trace(session, k, run);
    }
    if session.uses_batches() && session.runs().len() == 1 {
        if let Some(batch) = session.run().batch_loss() {
            s += &format!(
                " Each batch's own loss jitters around it (the last {}).",
                number(batch, 4)
            );
        }
    }
    s
}

/// Where a one-feature curve crosses p = 0.5 within `range`, by bisection
/// on a sign change found by scanning; None when it stays on one side.
fn half_way(curve: impl Fn(f64) -> f64, (lo, hi): (f64, f64)) -> Option<f64> {
    const SCAN: usize = 64;
    let at = |i: usize| lo + (hi - lo) * i as f64 / SCAN as f64;
    let i =
        (0..SCAN).find(|&i| (curve(at(i)) - 0.5).signum() != (curve(at(i + 1)) - 0.5).signum())?;
    let (mut a, mut b) = (at(i), at(i + 1));
    for _ in 0..50 {
        let mid = 0.5 * (a + b);
        if (curve(a) - 0.5).signum() == (curve(mid) - 0.5).signum() {
            a = mid;
        } else {
            b = mid;
        }
    }
    Some(0.5 * (a + b))
}

/// The share of points the fit puts on their own side of p = 0.5.
fn right_share(session: &Session, theta: Params) -> f64 {
    let data = session.data();
    let objective = session.objective();
    let right = (0..data.len())
        .filter(|&i| {
            let point = [data.x[i], data.x2.as_ref().map_or(0.0, |x2| x2[i])];
            (objective.probability(theta, point) > 0.5) == (data.y[i] > 0.5)
        })
        .count();
    right as f64 / data.len().max(1) as f64
}

fn span(values: &[f64]) -> (f64, f64) {
    let lo = values.iter().copied().fold(f64::INFINITY, f64::min);
    let hi = values.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    (lo, hi)
}

/// A run's fit in the data view, in a sentence.
fn run_in_data(session: &Session, k: usize, run: &Run) -> String {
    let who = name(session, k, run);
    let theta = run.theta();
    let share = format!(
        "it puts {}% of the points on their own side of p = 0.5",
        number(100.0 * right_share(session, theta), 3)
    );
    if session.two_features() {
        return format!(
            "{who}'s decision line {} x1 + {} x2 = 0 passes through the origin; p > 0.5 on the side where that sum is positive; {share}.",
            number(theta[0], 3),
            number(theta[1], 3)
        );
    }
    let objective = session.objective();
    let curve = |x: f64| objective.curve(theta, x);
    let range = span(&session.data().x);
    match half_way(curve, range) {
        Some(x) => {
            let h = 1e-4 * (range.1 - range.0).max(1e-9);
            let slope = (curve(x + h) - curve(x - h)) / (2.0 * h);
            let way = if slope >= 0.0 { "rising" } else { "falling" };
            format!(
                "{who}'s curve crosses p = 0.5 at x = {}, {way} there by {} per unit of x; {share}.",
                number(x, 3),
                number(slope.abs(), 2)
            )
        }
        None => format!(
            "{who}'s curve stays on one side of p = 0.5 over the data (p from {} to {}); {share}.",
            number(curve(range.0), 2),
            number(curve(range.1), 2)
        ),
    }
}

/// The data view in words.
fn data(session: &Session) -> String {
    let data = session.data();
    let ones = data.y.iter().filter(|&&y| y > 0.5).count();
    let (lo, hi) = span(&data.x);
    let mut s = format!(
        "Data: {}, {ones} with y = 1 and {} with y = 0; {} from {} to {}",
        count(data.len(), "point", "points"),
        data.len() - ones,
        data.feature,
        number(lo, 3),
        number(hi, 3)
    );
    if let Some(x2) = &data.x2 {
        let (lo2, hi2) = span(x2);
        s += &format!(
            " (across) and {} from {} to {} (up).",
            data.feature2,
            number(lo2, 3),
            number(hi2, 3)
        );
    } else {
        s += " (across), y up.";
    }
    let runs = session.runs();
    let shown = if session.settings().restarts > 0 {
        &runs[..1]
    } else {
        runs
    };
    for (k, run) in shown.iter().enumerate() {
        s += " ";
        s += &run_in_data(session, k, run);
    }
    if session.uses_batches() {
        let batch = session.run().batch();
        if !batch.is_empty() {
            let batch_ones = batch
                .iter()
                .filter(|&&i| data.y.get(i).is_some_and(|&y| y > 0.5))
                .count();
            s += &format!(
                " The last batch's {} are ringed, {batch_ones} with y = 1.",
                count(batch.len(), "point", "points")
            );
        }
    }
    s
}

/// What a listener hears while it plays: the step, then how each run is
/// doing (with one run, its loss and its distance to the minimum).
fn summary(session: &Session) -> String {
    let when = when(session);
    if session.settings().restarts > 0 {
        return format!("{when}: {}.", tally_short(session));
    }
    let runs = session.runs();
    if let [run] = runs {
        let progress = run_progress_short(session, run);
        let converged = matches!(session.progress(run), Progress::Converged { .. });
        let gap = (target(session, run).filter(|_| !converged))
            .map(|(m, min)| {
                let which = if m == 0 {
                    "the minimum"
                } else {
                    "a local minimum"
                };
                format!(", {} from {which}", number(distance(run.theta(), min), 2))
            })
            .unwrap_or_default();
        return format!("{when}: loss {}{gap}, {progress}.", number(run.loss(), 4));
    }
    let each: Vec<String> = (runs.iter().enumerate())
        .map(|(k, run)| format!("run {} {}", k + 1, run_progress_short(session, run)))
        .collect();
    format!("{when}: {}.", each.join(", "))
}

/// One entry of run `k`'s path, for a listener stepping through it with the
/// keys: its step, parameters, full loss and gradient there. `index` counts
/// the trace's entries (every step, until a long run's trace is thinned).
pub fn path_step(session: &Session, k: usize, index: usize) -> Option<String> {
    let run = session.runs().get(k)?;
    let points = run.trace().points();
    let point = points.get(index)?;
    let symbol = &session.objective().axes().symbols[0][..1];
    let gradient = session.objective().gradient(point.theta, Batch::All);
    Some(format!(
        "Step {} of {}: {symbol} = {}, loss {}, gradient ∇L = {}.",
        point.step,
        run.step_count(),
        params(point.theta, 4),
        number(point.loss, 4),
        params(gradient, 3)
    ))
}

#[cfg(test)]
mod tests;
