//! The API's `state()`: one JSON object built in one place. The top-level
//! fields describe the first run (as they always have); `runs` lists every
//! run; `stability` the learning-rate limits.

use super::format::{maybe_text, num, pair, text, Object};
use super::words;
use crate::model::objective::Model;
use crate::model::run::Progress;
use crate::session::Session;
use crate::settings::{BatchSize, RunSpec};

/// The state as a JSON object.
pub fn state_json(session: &Session) -> String {
    let run = session.run();
    let settings = session.settings();
    let landscape = session.landscape();
    let mut o = Object::new();
    o.field("step", run.step_count().to_string())
        .field("epoch", run.epoch().to_string())
        .field("theta", pair(run.theta()))
        .field("loss", num(run.loss()))
        .field("batchLoss", run.batch_loss().map_or("null".into(), num))
        .field("grad", pair(run.gradient()))
        .field("lr", num(run.config().learning_rate))
        .field("batchSize", run.config().batch_size.to_string())
        .field("n", session.data().len().to_string())
        .field("dataset", text(settings.dataset.key()))
        .field("standardize", settings.standardize.to_string())
        .field("seed", settings.seed.to_string())
        .field("start", pair(session.start()))
        .field("speed", num(settings.speed))
        .field("log", settings.log_scale.to_string())
        .field("diverged", run.divergence().is_some().to_string())
        .field("running", session.running().to_string())
        .field("page", page_json(&settings.page))
        .field(
            "marks",
            super::format::array(
                session
                    .marks()
                    .iter()
                    .map(|m| format!("{{\"step\":{},\"what\":{}}}", m.step, text(m.what))),
            ),
        );
    let w = landscape.window();
    o.field(
        "window",
        format!("[{},{}]", pair([w.b0.0, w.b0.1]), pair([w.b1.0, w.b1.1])),
    )
    .field("optimum", landscape.optimum.map_or("null".into(), pair))
    .field("minLoss", num(landscape.floor))
    .field("batchesPerEpoch", run.batches_per_epoch().to_string())
    .field(
        "batchIndex",
        run.position()
            .map_or("null".into(), |p| p.index.to_string()),
    );
    let indices: Vec<String> = run.batch().iter().map(|i| i.to_string()).collect();
    o.field("batch", format!("[{}]", indices.join(",")))
        .field(
            "batchGrad",
            run.batch_gradient().map_or("null".into(), pair),
        )
        .field(
            "batchOptimum",
            session.batch_optimum().map_or("null".into(), pair),
        )
        .field("effectiveLr", num(run.effective_learning_rate()))
        .field("surface", text(settings.surface.key()))
        .field("sampling", text(settings.sampling.key()))
        .field("dropLast", settings.drop_last.to_string())
        .field("schedule", text(settings.schedule))
        .field("decay", num(settings.effective_decay()))
        .field("every", settings.every.to_string())
        .field("fan", settings.fan.to_string())
        .field("perEpoch", settings.per_epoch.to_string())
        .field(
            "endsEpoch",
            run.position().is_some_and(|p| p.ends_epoch).to_string(),
        )
        .field(
            "message",
            maybe_text(words::divergence_message(session).as_deref()),
        )
        .field("remark", maybe_text(words::remark(session).as_deref()))
        .field("optimizer", text(run.config().optimizer.key()))
        .field("momentum", num(settings.hyper.momentum))
        .field("beta1", num(settings.hyper.beta1))
        .field("beta2", num(settings.hyper.beta2))
        .field("eps", num(settings.hyper.eps))
        .field("rho", num(settings.hyper.rho))
        .field("lineSearch", settings.line_search.to_string())
        .field("path", text(settings.path.key()))
        .field("steps", settings.steps.to_string())
        .field("traceX", text(settings.trace_x.key()))
        .field("scene", maybe_text(settings.scene.map(|scene| scene.key)))
        .field("notes", notes_json(&settings.notes))
        .field("challenge", maybe_text(settings.challenge.map(|c| c.key)))
        .field("objective", objective_json(session))
        .field("chain", super::chain::chain_json(session))
        .field("point", settings.point.to_string())
        .field("chainView", text(settings.chain.key()))
        .field("panel", text(settings.panel.key()))
        .field("minima", minima_json(session))
        .field("runs", runs_json(session))
        .field(
            "tally",
            if settings.restarts > 0 {
                super::tally::tally_state(session)
            } else {
                "null".into()
            },
        )
        .field("restarts", settings.restarts.to_string())
        .field("view", text(settings.view.key()))
        .field("penalty", text(settings.penalty.key()))
        .field(
            "synth",
            settings.synth().map_or("null".into(), |x| {
                format!(
                    "{{\"n\":{},\"separation\":{},\"spread\":{},\"imbalance\":{},\"labelNoise\":{}}}",
                    x.n,
                    num(x.separation),
                    num(x.spread),
                    num(x.imbalance),
                    num(x.label_noise)
                )
            }),
        )
        .field("lambda", num(settings.lambda))
        .field("model", text(settings.model.key()))
        .field("data", super::data::data_json(session))
        .field("sample", settings.synth.sample.to_string())
        .field("noise", num(settings.noise))
        .field("noiseDecay", num(settings.noise_decay))
        .field("stability", stability_json(session));
    o.finish()
}

/// What is being minimised.
fn objective_json(session: &Session) -> String {
    let settings = session.settings();
    let constants = match settings.model.model() {
        Model::HiddenUnit { c, d } => format!("{{\"c\":{},\"d\":{}}}", num(c), num(d)),
        Model::InterceptSlope | Model::TwoFeatures => "null".into(),
    };
    let mut o = Object::new();
    o.field("model", text(settings.model.key()))
        .field("loss", text(settings.loss.key()))
        .field("convex", session.objective().convex().to_string())
        .field("formula", text(&words::objective_formula(session)))
        .field("constants", constants);
    o.finish()
}

/// The local minima found, lowest (global) first.
fn minima_json(session: &Session) -> String {
    super::format::array(session.landscape().minima.iter().enumerate().map(|(k, m)| {
        let mut o = Object::new();
        o.field("theta", pair(m.theta))
            .field("loss", num(m.loss))
            .field("global", (k == 0).to_string());
        o.finish()
    }))
}

/// Each run's state.
fn runs_json(session: &Session) -> String {
    let n = session.data().len();
    let minima = session.minimum_losses();
    let items = session.runs().iter().map(|run| {
        let config = run.config();
        let progress = run.progress(&minima);
        let evaluations = run.evaluations();
        let own_batch = own_batch(session, config.batch_size);
        let spec = RunSpec {
            optimizer: Some(config.optimizer),
            learning_rate: config.learning_rate,
            batch: own_batch,
        };
        let mut o = Object::new();
        o.field("optimizer", text(config.optimizer.key()))
            .field("lr", num(config.learning_rate))
            .field("batchSize", config.batch_size.min(n).to_string())
            .field(
                "ownBatch",
                match own_batch {
                    None => "null".into(),
                    Some(BatchSize::Full) => text("full"),
                    Some(BatchSize::Points(b)) => b.to_string(),
                },
            )
            .field("spec", text(&spec.to_string()))
            .field("label", text(&words::run_label(session, run)))
            .field("step", run.step_count().to_string())
            .field("theta", pair(run.theta()))
            .field("loss", num(run.loss()))
            .field("grad", pair(run.gradient()))
            .field("status", text(status_key(progress)))
            .field(
                "statusText",
                text(&words::progress(progress, config.batch_size < n)),
            )
            .field(
                "convergedAt",
                match progress {
                    Progress::Converged { since, .. } => since.to_string(),
                    _ => "null".into(),
                },
            )
            .field(
                "divergedAt",
                run.divergence()
                    .map_or("null".into(), |(step, _)| step.to_string()),
            )
            .field(
                "evaluations",
                format!(
                    "{{\"loss\":{},\"gradient\":{},\"hessian\":{},\"total\":{}}}",
                    evaluations.losses,
                    evaluations.gradients,
                    evaluations.hessians,
                    evaluations.total()
                ),
            )
            .field("stepSize", run.step_size().map_or("null".into(), num))
            .field("start", pair(config.start))
            .field("noiseSize", num(run.noise_size()))
            .field(
                "note",
                maybe_text(run.note().map(words::step_note).as_deref()),
            );
        o.finish()
    });
    super::format::array(items)
}

/// A run's batch size as its own setting: `None` when it is the shared one.
fn own_batch(session: &Session, size: usize) -> Option<BatchSize> {
    let n = session.data().len();
    if size == session.settings().effective_batch_size() {
        None
    } else if size >= n {
        Some(BatchSize::Full)
    } else {
        Some(BatchSize::Points(size))
    }
}

/// The URL and API name of a run's progress.
pub fn status_key(progress: Progress) -> &'static str {
    match progress {
        Progress::Falling => "falling",
        Progress::Converged { .. } => "converged",
        Progress::Oscillating => "oscillating",
        Progress::Diverged { .. } => "diverged",
    }
}

fn stability_json(session: &Session) -> String {
    match session.stability() {
        None => "null".into(),
        Some(s) => {
            let mut o = Object::new();
            o.field("lrMax", num(s.lr_max))
                .field("lrBest", num(s.lr_best))
                .field("condition", num(s.condition))
                .field("eigenvalues", pair(s.eigenvalues))
                .field("trio", format!("[{}]", s.trio().map(num).join(",")));
            o.finish()
        }
    }
}

/// The data as the model sees it, as JSON `{"x": [...], "y": [...]}` (with
/// `"x2"` for two-feature data).
pub fn data_json(session: &Session) -> String {
    let data = session.data();
    let list = |v: &[f64]| v.iter().map(|&x| num(x)).collect::<Vec<_>>().join(",");
    match &data.x2 {
        Some(x2) => format!(
            "{{\"x\":[{}],\"x2\":[{}],\"y\":[{}]}}",
            list(&data.x),
            list(x2),
            list(&data.y)
        ),
        None => format!("{{\"x\":[{}],\"y\":[{}]}}", list(&data.x), list(&data.y)),
    }
}

/// The notes on the contour plot: `[{at: [b0, b1], label}]`.
fn notes_json(notes: &[crate::settings::Note]) -> String {
    let items: Vec<String> = (notes.iter())
        .map(|n| {
            format!(
                "{{\"at\":[{},{}],\"label\":{}}}",
                n.at[0],
                n.at[1],
                text(&n.label)
            )
        })
        .collect();
    format!("[{}]", items.join(","))
}

/// The slides of a deck: `[{title, key}]` (`key` the built-in scene a
/// slide shows as it is, else null), with `caption` and `view` when `full`.
pub fn deck_list_json(deck: &[crate::settings::Slide], full: bool) -> String {
    let items: Vec<String> = (deck.iter())
        .map(|slide| {
            let mut o = Object::new();
            o.field("title", text(&slide.title))
                .field("key", maybe_text(slide.scene().map(|sc| sc.key)));
            if full {
                o.field("caption", text(&slide.caption))
                    .field("view", text(&slide.view));
            }
            o.finish()
        })
        .collect();
    format!("[{}]", items.join(","))
}

/// The page settings: `{embed, controls, lock, theme, trail, deck, slide}`,
/// `controls` null when the layout chooses, `slide` from 0 or null.
fn page_json(page: &crate::settings::Page) -> String {
    let list = |keys: &[&str]| {
        format!(
            "[{}]",
            keys.iter().map(|k| text(k)).collect::<Vec<_>>().join(",")
        )
    };
    let mut o = Object::new();
    o.field("embed", page.embed.to_string())
        .field(
            "controls",
            page.controls.as_deref().map_or("null".into(), list),
        )
        .field("lock", list(&page.lock))
        .field("theme", text(page.theme.key()))
        .field("trail", page.trail.to_string())
        .field("deck", deck_list_json(&page.deck, false))
        .field("slide", page.slide.map_or("null".into(), |k| k.to_string()));
    o.finish()
}
