//! The words the page says: status lines, remarks, run labels, the
//! optimizers' descriptions and formulas, why a run stopped.

use super::format::{count, number, params};
use crate::model::objective::{Loss, Model, Penalty};
use crate::model::optim::{OptimizerKind, StepNote};
use crate::model::run::{Divergence, Progress, Run, CONVERGED_GAP};
use crate::session::Session;
use crate::settings::{PathMode, SurfaceView, TraceAxis};

/// A short name of an optimizer, for legends ("GD", "Adam").
pub fn optimizer_short(kind: OptimizerKind) -> &'static str {
    match kind {
        OptimizerKind::Gd => "GD",
        OptimizerKind::Momentum => "Momentum",
        OptimizerKind::Nesterov => "Nesterov",
        OptimizerKind::AdaGrad => "AdaGrad",
        OptimizerKind::RmsProp => "RMSProp",
        OptimizerKind::Adam => "Adam",
        OptimizerKind::Newton => "Newton",
    }
}

/// One line on what an optimizer does.
pub fn optimizer_description(kind: OptimizerKind) -> &'static str {
    match kind {
        OptimizerKind::Gd => "Steps straight down the slope of the batch's loss, η times the gradient.",
        OptimizerKind::Momentum => {
            "Keeps a velocity: steps along a valley add up, steps across it cancel."
        }
        OptimizerKind::Nesterov => {
            "Momentum that measures the slope where the velocity is about to carry it."
        }
        OptimizerKind::AdaGrad => {
            "Divides each parameter's step by the root of its summed squared gradients: steep directions slow down for good."
        }
        OptimizerKind::RmsProp => {
            "Divides each parameter's step by the root of a running mean of its squared gradients."
        }
        OptimizerKind::Adam => {
            "Momentum and RMSProp together, each corrected for starting at zero."
        }
        OptimizerKind::Newton => {
            "Divides the gradient by the curvature: jumps to the bottom of the local quadratic bowl (η = 1 is the full step)."
        }
    }
}

/// The update rule of an optimizer, in the notation of the lecture
/// (g = ∇L_B(θ), the gradient of the step's batch).
pub fn optimizer_formula(kind: OptimizerKind) -> &'static str {
    match kind {
        OptimizerKind::Gd => "θ ← θ − η ∇L_B(θ)",
        OptimizerKind::Momentum => "v ← μ v + ∇L_B(θ);   θ ← θ − η v",
        OptimizerKind::Nesterov => "v ← μ v + ∇L_B(θ − η μ v);   θ ← θ − η v",
        OptimizerKind::AdaGrad => "G ← G + g²;   θ ← θ − η g / (√G + ε)",
        OptimizerKind::RmsProp => "E ← ρ E + (1 − ρ) g²;   θ ← θ − η g / (√E + ε)",
        OptimizerKind::Adam => {
            "m ← β1 m + (1 − β1) g;   v ← β2 v + (1 − β2) g²;   θ ← θ − η m̂ / (√v̂ + ε),   m̂ = m/(1 − β1ᵗ), v̂ = v/(1 − β2ᵗ)"
        }
        OptimizerKind::Newton => "θ ← θ − η H⁻¹ ∇L_B(θ),   H = ∇²L_B(θ)",
    }
}

/// What the line search adds to a formula.
pub const LINE_SEARCH_FORMULA: &str =
    "line search: η halves until L_B(θ + η d) ≤ L_B(θ) + 10⁻⁴ η ∇L_B(θ)·d";

/// A run's name in legends: "GD, η 0.5", "Adam, η 0.05, batch 32".
pub fn run_label(session: &Session, run: &Run) -> String {
    let n = session.data().len();
    let config = run.config();
    let name = match config.optimizer {
        // Plain gradient descent on mini-batches is what the lecture calls SGD.
        OptimizerKind::Gd if config.batch_size < n => "SGD",
        kind => optimizer_short(kind),
    };
    let mut label = format!("{name}, η {}", number(config.learning_rate, 3));
    if let Some(batch) = run_batch_words(session, run) {
        label = format!("{label}, {batch}");
    }
    label
}

/// A run's rate, and under it its batch size when the runs' differ: what
/// its row beside the slider says ("0.5", "0.5\nbatch 10").
pub fn run_rate_words(session: &Session, run: &Run) -> String {
    let rate = number(run.config().learning_rate, 3);
    match run_batch_words(session, run) {
        Some(batch) => format!("{rate}\n{batch}"),
        None => rate,
    }
}

/// A run's batch size in words when the runs' batch sizes differ.
fn run_batch_words(session: &Session, run: &Run) -> Option<String> {
    let n = session.data().len();
    let size = run.config().batch_size;
    let differ = (session.runs().iter()).any(|r| r.config().batch_size != size);
    match (differ, size >= n) {
        (false, _) => None,
        (true, true) => Some("full batch".into()),
        (true, false) => Some(format!("batch {size}")),
    }
}

/// The learning-rate schedule's formula.
pub fn schedule_formula(schedule: &str) -> &'static str {
    match schedule {
        "step" => "η_t = η · decay^⌊t / every⌋",
        "inv" => "η_t = η / (1 + decay · t)",
        "exp" => "η_t = η · e^(−decay · t)",
        _ => "η_t = η",
    }
}

/// How a run is doing, in words: "still falling", "converged at step 31
/// (loss within 1e-6 of the minimum)", "oscillating", "diverged at step 5".
/// With mini-batches, a loss that goes up and down is the batches' noise.
pub fn progress(progress: Progress, mini_batches: bool) -> String {
    match progress {
        Progress::Oscillating if mini_batches => {
            "jittering: noisy steps (small batches or added noise) keep the loss going up and down"
                .into()
        }
        Progress::Falling => "still falling".into(),
        Progress::Converged { since, minimum: 0 } => format!(
            "converged at step {since} (loss within {} of the minimum)",
            number(CONVERGED_GAP, 1)
        ),
        Progress::Converged { since, .. } => format!(
            "converged at step {since} to a local minimum, not the lowest: it is stuck there"
        ),
        Progress::Oscillating => "oscillating: the loss goes up and down".into(),
        Progress::Diverged { at } => format!("diverged at step {at}"),
    }
}

/// A run's progress in a few words, for the legend under the trace plot
/// ("converged at step 31"); the state's `statusText` has the full sentence.
pub fn progress_short(progress: Progress, mini_batches: bool) -> String {
    match progress {
        Progress::Falling => "still falling".into(),
        Progress::Converged { since, minimum: 0 } => format!("converged at step {since}"),
        Progress::Converged { since, .. } => format!("stuck in a local minimum at step {since}"),
        Progress::Oscillating if mini_batches => "jittering".into(),
        Progress::Oscillating => "oscillating".into(),
        Progress::Diverged { at } => format!("diverged at step {at}"),
    }
}

/// True when a run's loss is noisy by design: mini-batches, or gradient noise.
fn noisy(session: &Session, run: &Run) -> bool {
    run.config().batch_size < session.data().len() || run.config().noise > 0.0
}

/// A run's progress in a few words.
pub fn run_progress_short(session: &Session, run: &Run) -> String {
    if run.step_count() == 0 {
        return "not started".into();
    }
    let mini_batches = noisy(session, run);
    progress_short(session.progress(run), mini_batches)
}

/// A run's progress in words.
pub fn run_progress_words(session: &Session, run: &Run) -> String {
    let mini_batches = noisy(session, run);
    progress(session.progress(run), mini_batches)
}

/// Why a run stopped, in words for the page; `None` while it is healthy.
fn divergence_of(run: &Run) -> Option<String> {
    let (step, why) = run.divergence()?;
    let lr = run.config().learning_rate;
    let cause = match why {
        Divergence::LossExploded { loss, limit } => format!(
            "the loss reached {} (it started at {}; the limit is {})",
            number(loss, 3),
            number(run.start_loss(), 3),
            number(limit, 3)
        ),
        Divergence::NotFinite => "the step produced a number too large to represent".into(),
        Divergence::ParametersExploded => "the parameters grew past a million".into(),
    };
    Some(format!(
        "Diverged at step {step}: {cause}. The learning rate {lr} is too large for this loss: \
         lower it and press Reset."
    ))
}

/// Why the first diverged run stopped, naming it when there are several;
/// `None` while every run is healthy.
pub fn divergence_message(session: &Session) -> Option<String> {
    let runs = session.runs();
    let (k, message) = runs
        .iter()
        .enumerate()
        .find_map(|(k, run)| divergence_of(run).map(|m| (k, m)))?;
    if runs.len() == 1 {
        return Some(message);
    }
    let others = if runs.iter().all(|r| r.divergence().is_some()) {
        "every run has stopped"
    } else {
        "the other runs go on"
    };
    Some(format!(
        "Run {} ({}): {message} {}.",
        k + 1,
        run_label(session, &runs[k]),
        capitalise_first(others)
    ))
}

fn capitalise_first(s: &str) -> String {
    let mut chars = s.chars();
    chars.next().map_or(String::new(), |c| {
        c.to_uppercase().collect::<String>() + chars.as_str()
    })
}

/// What a step's note means.
pub fn step_note(note: StepNote) -> String {
    match note {
        StepNote::NotPositiveDefinite { eigenvalues } => format!(
            "Newton: the Hessian here is not positive definite (eigenvalues {} and {}), so this step was a plain gradient step.",
            number(eigenvalues[0], 3),
            number(eigenvalues[1], 3)
        ),
        StepNote::NotDescent => {
            "Line search: the method's direction pointed uphill, so it searched along −∇L_B instead.".into()
        }
        StepNote::NoDecrease => {
            "Line search: no step size lowered the loss, so the parameters stayed put.".into()
        }
    }
}

/// A remark on what is shown, for the page: separable data or batch, a
/// step's note, or a path that has left the window.
pub fn remark(session: &Session) -> Option<String> {
    let run = session.run();
    if session.settings().surface != SurfaceView::Full {
        if !session.uses_batches() {
            return Some(format!(
                "The batch is all {} points, so the batch loss L_k is the full loss L: the two surfaces coincide.",
                session.data().len()
            ));
        }
        if run.batch().is_empty() {
            return Some("Take a step to see the loss surface of its batch.".into());
        }
        if session.batch_optimum().is_none() {
            return Some(
                "This batch's points are separable: its loss L_k has no minimum, it falls forever in one direction."
                    .into(),
            );
        }
    }
    if session.landscape().optimum.is_none() {
        return Some(
            "These classes are separable: the loss has no minimum, it keeps falling as |b1| grows, \
             so the path heads off towards infinity."
                .into(),
        );
    }
    if let Some((k, note)) = session
        .runs()
        .iter()
        .enumerate()
        .find_map(|(k, r)| r.note().map(|n| (k, n)))
    {
        let prefix = if session.runs().len() > 1 {
            format!("Run {}: ", k + 1)
        } else {
            String::new()
        };
        return Some(prefix + &step_note(note));
    }
    let restarts = session.settings().restarts > 0;
    let stuck = |r: &Run| {
        matches!(
            session.progress(r),
            Progress::Converged { minimum: 1.., .. }
        )
    };
    if let Some(k) = session.runs().iter().position(stuck).filter(|_| !restarts) {
        let run = &session.runs()[k];
        let prefix = if session.runs().len() > 1 {
            format!("Run {} ", k + 1)
        } else {
            "The run ".into()
        };
        return Some(format!(
            "{prefix}settled in a local minimum (loss {}; the lowest is {}): descent stops at any point where the gradient vanishes, and this loss is not convex. Try random restarts or noise.",
            number(run.loss(), 4),
            number(session.landscape().floor, 4)
        ));
    }
    if let Some(k) = session
        .runs()
        .iter()
        .position(|r| on_plateau(session, r))
        .filter(|_| !restarts)
    {
        let prefix = if session.runs().len() > 1 {
            format!("Run {}: ", k + 1)
        } else {
            String::new()
        };
        return Some(format!(
            "{prefix}On a plateau: the sigmoid saturates (p is nearly 0 or 1 at most points), so the loss barely changes and its gradient all but vanishes; the run crawls."
        ));
    }
    let window = session.landscape().window();
    if session.runs().iter().any(|r| !window.contains(r.theta())) {
        return Some(
            "A path has left the plotted window; the white arrowhead on the edge shows where."
                .into(),
        );
    }
    None
}

/// True when a run on a non-convex loss crawls: far above the minimum
/// (by more than 0.05), with a gradient so small that at its learning rate
/// the remaining fall would take more than 2000 steps (a step of size
/// eta lowers the loss by about eta |grad L|^2): a plateau.
fn on_plateau(session: &Session, run: &Run) -> bool {
    if session.objective().convex() || run.divergence().is_some() {
        return false;
    }
    let g = run.gradient();
    let gap = run.loss() - session.landscape().floor;
    let fall_per_step = run.effective_learning_rate() * (g[0] * g[0] + g[1] * g[1]);
    gap > 0.05 && gap > 2000.0 * fall_per_step
}

/// The line shown when there is nothing to remark, so the plots never jump.
pub fn tip(session: &Session, touch: bool) -> String {
    let click = if touch { "tap" } else { "click" };
    if session.settings().path == PathMode::Live {
        return format!(
            "Live path: drag any slider and the whole path follows; drag the start ○ ({click} to move it)."
        );
    }
    if session.run().step_count() == 0 {
        format!("Tip: press Play or Step; {click} the contour plot to start somewhere else.")
    } else {
        "Tip: drag the learning rate or the batch size while it runs.".into()
    }
}

/// The status line: where the first run is, and the condition number.
pub fn status(session: &Session) -> String {
    status_parts(session, false).join(" · ")
}

/// The status line for a narrow screen: the step, the loss, the
/// parameters and the gradient, without the words around them (the full
/// line is a tap away).
pub fn status_short(session: &Session) -> String {
    status_parts(session, true).join(" · ")
}

/// The status line's first fact, where the run is: "Step 12" (an exported
/// animation's counter).
pub fn step_words(session: &Session) -> String {
    status_parts(session, true)
        .into_iter()
        .next()
        .unwrap_or_default()
}

/// The facts of the status line, in order; `short` leaves out what a phone
/// has no room for (the points per step, the minimum, the condition number).
fn status_parts(session: &Session, short: bool) -> Vec<String> {
    let run = session.run();
    let settings = session.settings();
    let n = session.data().len();
    let mut parts = Vec::new();
    if settings.path == PathMode::Live {
        parts.push(format!("First {} steps, live", settings.steps));
    } else {
        parts.push(format!("Step {}", run.step_count()));
    }
    let runs = session.runs().len();
    let side_by_side = runs > 1 && settings.restarts == 0;
    if side_by_side {
        parts.push(format!("{runs} runs"));
    }
    // Facts of the first run: with several side by side, said to be its.
    let mut first = Vec::new();
    if session.uses_batches() {
        // The epoch the last batch belonged to, counted from 1, and how many are complete.
        let ends = run.position().is_some_and(|p| p.ends_epoch);
        let current = if ends { run.epoch() } else { run.epoch() + 1 };
        let index = run
            .position()
            .map_or("–".to_string(), |p| p.index.to_string());
        first.push(match short {
            true => format!("epoch {current}, batch {index}/{}", run.batches_per_epoch()),
            false => format!(
                "epoch {current}, batch {index} of {} ({} done)",
                run.batches_per_epoch(),
                run.epoch()
            ),
        });
    } else if settings.path == PathMode::Play && !short {
        let e = run.epoch();
        first.push(format!(
            "{e} epoch{} (every step uses all {n} points)",
            if e == 1 { "" } else { "s" }
        ));
    }
    if settings.schedule != "constant" {
        first.push(format!(
            "η_t = {}",
            number(run.effective_learning_rate(), 3)
        ));
    }
    let landscape = session.landscape();
    let minimum = landscape
        .optimum
        .filter(|_| !short)
        .map(|_| format!(" (minimum {})", number(landscape.floor, 4)))
        .unwrap_or_default();
    if settings.restarts > 0 && short {
        first.push(super::tally::tally_short(session));
    } else if settings.restarts > 0 {
        first.push(super::tally::tally_words(session));
    } else {
        first.push(format!("loss {}{minimum}", number(run.loss(), 4)));
    }
    if let (Some(loss), true) = (run.batch_loss(), session.uses_batches()) {
        first.push(format!("batch loss {}", number(loss, 4)));
    }
    let theta = run.theta();
    let g = run.gradient();
    let vector = &session.objective().axes().symbols[0][..1];
    first.push(format!("{vector} = {}", params(theta, 4)));
    first.push(format!("∇L = {}", params(g, 3)));
    if side_by_side {
        first[0] = format!("run 1: {}", first[0]);
    }
    parts.extend(first);
    if let (Some(stability), false) = (session.stability(), short) {
        parts.push(format!(
            "condition number {}",
            number(stability.condition, 3)
        ));
    }
    parts
}

/// The line under the learning-rate slider: the stability limits.
pub fn stability_line(session: &Session) -> String {
    match session.stability() {
        Some(s) => format!(
            "Marks: 2/λmax = {} is the largest rate at which gradient descent settles; 2/(λmax+λmin) = {} is best for the bowl's quadratic model.",
            number(s.lr_max, 3),
            number(s.lr_best, 3)
        ),
        None => "No minimum, so no stable rate to mark.".into(),
    }
}

/// The caption over the contour plot.
pub fn surface_caption(session: &Session, touch: bool) -> String {
    let batch = session.run().config().batch_size;
    let view = if session.uses_batches() {
        session.settings().surface
    } else {
        SurfaceView::Full
    };
    let [a, b] = session.objective().axes().symbols;
    let what = match view {
        SurfaceView::Full => format!(
            "Loss L({a}, {b}): the mean over all points of {}{}.",
            point_loss_formula(session.settings().loss),
            penalty_formula(session)
        ),
        SurfaceView::Batch => {
            format!(
                "Batch loss L_k({a}, {b}): the same mean over the last batch's {}.",
                count(batch, "point", "points")
            )
        }
        SurfaceView::Both => format!(
            "Loss L (colours, white contours) and the last batch's L_k (pink, {}).",
            count(batch, "point", "points")
        ),
    };
    let act = if touch { "Tap" } else { "Click" };
    let runs = session.runs().len();
    let how = if session.settings().restarts > 0 {
        format!(
            " {}, each path coloured by the minimum it reaches.",
            count(runs, "random start", "random starts")
        )
    } else if runs > 1 {
        format!(" {runs} runs, one start: {act} or drag to move it.")
    } else {
        format!(" {act} to start there.")
    };
    what + &how
}

/// One point's loss, as a formula.
pub fn point_loss_formula(loss: Loss) -> &'static str {
    match loss {
        Loss::Nll => "−[y log p + (1−y) log(1−p)]",
        Loss::Squared => "(p − y)²",
    }
}

/// The model, as a formula with its constants: "p = σ(b0 + b1 x)".
pub fn model_formula(model: Model) -> String {
    match model {
        Model::InterceptSlope => "p = σ(b0 + b1 x)".into(),
        Model::TwoFeatures => "p = σ(w1 x1 + w2 x2)".into(),
        Model::HiddenUnit { c, d } => format!(
            "p = σ(w2 tanh(w1 x {} {}) {} {})",
            if c < 0.0 { "−" } else { "+" },
            number(c.abs(), 3),
            if d < 0.0 { "−" } else { "+" },
            number(d.abs(), 3)
        ),
    }
}

/// The penalty as it adds to the loss: " + (λ/2) b1²" with λ's value.
pub fn penalty_formula(session: &Session) -> String {
    let settings = session.settings();
    let [a, b] = session.objective().axes().symbols;
    let lambda = number(settings.lambda, 3);
    let intercept = settings.model.model() == Model::InterceptSlope;
    match (settings.penalty, intercept) {
        (Penalty::None, _) => String::new(),
        (Penalty::L2, true) => format!(" + ({lambda}/2) {b}²"),
        (Penalty::L2, false) => format!(" + ({lambda}/2)({a}² + {b}²)"),
        (Penalty::L1, true) => format!(" + {lambda} |{b}|"),
        (Penalty::L1, false) => format!(" + {lambda} (|{a}| + |{b}|)"),
    }
}

/// The objective in words: model and loss, and whether it is convex.
pub fn objective_formula(session: &Session) -> String {
    let settings = session.settings();
    format!(
        "L = mean of {}{} with {}",
        point_loss_formula(settings.loss),
        penalty_formula(session),
        model_formula(settings.model.model())
    )
}

/// The caption over the data view.
pub fn data_caption(session: &Session) -> String {
    if session.two_features() {
        return "Data, p as shading, decision line w1 x1 + w2 x2 = 0 (no intercept, so through the origin)".into();
    }
    format!(
        "Data and the fitted curve {}",
        model_formula(session.settings().model.model()).replacen("p =", "p(x) =", 1)
    )
}

/// The first run's last update with its numbers: the maths strip.
pub fn update_strip(session: &Session) -> String {
    let run = session.run();
    let (Some(before), Some(step)) = (run.previous_theta(), run.step_size()) else {
        return "The update, with its numbers, appears here after the first step.".into();
    };
    let config = run.config();
    let after = run.theta();
    let v = |p: [f64; 2]| params(p, 4);
    let eta = number(step, 3);
    let via = if config.line_search {
        format!(" (η = {eta} from the line search)")
    } else {
        String::new()
    };
    if step == 0.0 {
        return format!(
            "Step {}: no step size lowered the loss; θ stayed at {}.",
            run.step_count(),
            v(after)
        );
    }
    // The direction actually followed: theta' = theta - step d.
    let d = [(before[0] - after[0]) / step, (before[1] - after[1]) / step];
    let memory = run.optimizer_memory();
    let named = |name: &str| {
        memory
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, p)| v(*p))
            .unwrap_or_default()
    };
    let rule = match config.optimizer {
        OptimizerKind::Gd => format!("θ ← θ − η ∇L_B(θ):  {} − {eta} × {}", v(before), v(d)),
        OptimizerKind::Momentum => format!(
            "v ← μ v + ∇L_B(θ) = {};  θ ← θ − η v:  {} − {eta} × {}",
            named("v"),
            v(before),
            v(d)
        ),
        OptimizerKind::Nesterov => format!(
            "v ← μ v + ∇L_B(θ − η μ v) = {};  θ ← θ − η v:  {} − {eta} × {}",
            named("v"),
            v(before),
            v(d)
        ),
        OptimizerKind::AdaGrad => format!(
            "G = {};  θ ← θ − η g / (√G + ε):  {} − {eta} × {}",
            named("G"),
            v(before),
            v(d)
        ),
        OptimizerKind::RmsProp => format!(
            "E = {};  θ ← θ − η g / (√E + ε):  {} − {eta} × {}",
            named("E"),
            v(before),
            v(d)
        ),
        OptimizerKind::Adam => format!(
            "m = {}, v = {};  θ ← θ − η m̂ / (√v̂ + ε):  {} − {eta} × {}",
            named("m"),
            named("v"),
            v(before),
            v(d)
        ),
        OptimizerKind::Newton
            if matches!(run.note(), Some(StepNote::NotPositiveDefinite { .. })) =>
        {
            format!(
            "H is not positive definite, so a gradient step:  θ ← θ − η ∇L_B(θ):  {} − {eta} × {}",
            v(before),
            v(d)
        )
        }
        OptimizerKind::Newton => format!(
            "H⁻¹ ∇L_B(θ) = {};  θ ← θ − η H⁻¹ ∇L_B(θ):  {} − {eta} × {}",
            v(d),
            v(before),
            v(d)
        ),
    };
    let noise = if config.noise > 0.0 {
        // The size the last step had (the run has since taken one more step).
        let t = run.step_count().saturating_sub(1) as f64;
        format!(
            " (∇L_B with noise of size {})",
            number(config.noise / (1.0 + t).powf(config.noise_decay), 3)
        )
    } else {
        String::new()
    };
    format!(
        "Step {}{via}{noise}:  {rule} = {}",
        run.step_count(),
        v(after)
    )
}

/// The caption over the trace plot.
pub fn trace_caption(session: &Session) -> &'static str {
    let s = session.settings();
    if s.panel == crate::settings::Panel::Chain {
        "One point's loss, step by step"
    } else if s.per_epoch {
        "Loss at the end of each epoch"
    } else if s.trace_gap && session.landscape().optimum.is_some() {
        "Distance to the minimum, L − L*, against step: a straight line is a constant rate"
    } else if s.trace_x == TraceAxis::Evaluations {
        "Loss against evaluations (losses, gradients and Hessians asked for)"
    } else {
        "Loss against step"
    }
}

/// What a challenge's banner says before it is met.
pub const CHALLENGE_NOT_YET: &str = "Not yet.";

/// The button that takes a student from a challenge's control back to the
/// plot, with the challenge's result so far.
pub fn challenge_back(met: bool) -> &'static str {
    if met {
        "↑ Back to the plot · ✓ Done"
    } else {
        "↑ Back to the plot · not yet"
    }
}

/// The deck's corner: "3 / 16 · title" while a slide shows, else how to start.
pub fn deck_corner(page: &crate::settings::Page) -> String {
    let count = page.deck.len();
    match page
        .slide
        .and_then(|k| page.deck.get(k).map(|slide| (k, slide)))
    {
        Some((k, slide)) => format!("{} / {count} · {}", k + 1, slide.title),
        None => format!(
            "{}: Page Down to start",
            super::format::count(count, "slide", "slides")
        ),
    }
}

/// The deck's place alone, "3 / 16" (how to start before a slide shows).
pub fn deck_place(page: &crate::settings::Page) -> String {
    match page.slide.filter(|k| *k < page.deck.len()) {
        Some(k) => format!("{} / {}", k + 1, page.deck.len()),
        None => deck_corner(page),
    }
}

/// Where the deck is, for the presenter window: "Slide 3 of 16".
pub fn deck_position(page: &crate::settings::Page) -> String {
    let count = page.deck.len();
    match page.slide.filter(|k| *k < count) {
        Some(k) => format!("Slide {} of {count}", k + 1),
        None => format!(
            "{}; not started",
            super::format::count(count, "slide", "slides")
        ),
    }
}
