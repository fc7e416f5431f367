//! The API's `state()`: one Rust type, serialised in one place. The
//! top-level fields describe the first run (as they always have); `runs`
//! lists every run; `stability` the learning-rate limits.

use super::chain::{self, ChainState};
use super::data::{self, DataState};
use super::tally::{self, TallyState};
use super::words;
use crate::model::objective::Model;
use crate::model::run::Progress;
use crate::model::Params;
use crate::session::Session;
use crate::settings::{BatchSize, Note, Page, Slide};
use serde::Serialize;

/// The state the API's `state()` returns (fields in camelCase).
#[derive(Serialize, Debug, Clone, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct State {
    pub step: u64,
    pub epoch: u64,
    pub theta: Params,
    pub loss: f64,
    pub batch_loss: Option<f64>,
    pub grad: Params,
    pub lr: f64,
    pub batch_size: usize,
    pub n: usize,
    pub dataset: &'static str,
    pub standardize: bool,
    pub seed: u64,
    pub start: Params,
    pub speed: f64,
    pub log: bool,
    pub diverged: bool,
    pub running: bool,
    pub page: PageState,
    pub marks: Vec<Mark>,
    /// The contour plot's window: `[[b0 from, to], [b1 from, to]]`.
    pub window: [Params; 2],
    pub optimum: Option<Params>,
    pub min_loss: f64,
    pub batches_per_epoch: usize,
    pub batch_index: Option<usize>,
    pub batch: Vec<usize>,
    pub batch_grad: Option<Params>,
    pub batch_optimum: Option<Params>,
    pub effective_lr: f64,
    pub surface: &'static str,
    pub sampling: &'static str,
    pub drop_last: bool,
    pub schedule: &'static str,
    pub decay: f64,
    pub every: u64,
    pub fan: usize,
    pub per_epoch: bool,
    pub ends_epoch: bool,
    pub message: Option<String>,
    pub remark: Option<String>,
    pub optimizer: &'static str,
    pub momentum: f64,
    pub beta1: f64,
    pub beta2: f64,
    pub eps: f64,
    pub rho: f64,
    pub line_search: bool,
    pub path: &'static str,
    pub steps: u64,
    #[serde(rename = "traceX")]
    pub trace_x: &'static str,
    pub scene: Option<&'static str>,
    pub notes: Vec<NoteState>,
    pub challenge: Option<&'static str>,
    pub objective: ObjectiveState,
    pub chain: ChainState,
    pub point: usize,
    pub chain_view: &'static str,
    pub panel: &'static str,
    pub minima: Vec<MinimumState>,
    pub runs: Vec<RunState>,
    pub tally: Option<Vec<TallyState>>,
    pub restarts: usize,
    pub view: &'static str,
    pub penalty: &'static str,
    pub synth: Option<SynthState>,
    pub lambda: f64,
    pub model: &'static str,
    pub data: DataState,
    pub sample: u64,
    pub noise: f64,
    pub noise_decay: f64,
    pub stability: Option<StabilityState>,
}

/// A setting's change marked on the trace.
#[derive(Serialize, Debug, Clone, PartialEq)]
pub struct Mark {
    pub step: u64,
    pub what: &'static str,
}

/// The page settings; `controls` null when the layout chooses, `slide`
/// from 0 or null.
#[derive(Serialize, Debug, Clone, PartialEq)]
pub struct PageState {
    pub embed: bool,
    pub controls: Option<Vec<&'static str>>,
    pub lock: Vec<&'static str>,
    pub theme: &'static str,
    pub trail: u64,
    pub sound: bool,
    pub shortcuts: bool,
    pub deck: Vec<SlideState>,
    pub slide: Option<usize>,
}

/// A slide of a deck: `key` the built-in scene it shows as it is, else
/// null; `caption` and `view` only in the deck's own listing.
#[derive(Serialize, Debug, Clone, PartialEq)]
pub struct SlideState {
    pub title: String,
    pub key: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub caption: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub view: Option<String>,
}

/// A note on the contour plot.
#[derive(Serialize, Debug, Clone, PartialEq)]
pub struct NoteState {
    pub at: Params,
    pub label: String,
}

/// What is being minimised.
#[derive(Serialize, Debug, Clone, PartialEq)]
pub struct ObjectiveState {
    pub model: &'static str,
    pub loss: &'static str,
    pub convex: bool,
    pub formula: String,
    /// The hidden unit's fixed c and d.
    pub constants: Option<Constants>,
}

/// The hidden unit's fixed constants.
#[derive(Serialize, Debug, Clone, Copy, PartialEq)]
pub struct Constants {
    pub c: f64,
    pub d: f64,
}

/// A local minimum found, lowest (global) first.
#[derive(Serialize, Debug, Clone, PartialEq)]
pub struct MinimumState {
    pub theta: Params,
    pub loss: f64,
    pub global: bool,
}

/// One run's state.
#[derive(Serialize, Debug, Clone, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct RunState {
    pub optimizer: &'static str,
    pub lr: f64,
    pub batch_size: usize,
    /// Its own batch size, when not the shared one: a number or "full".
    pub own_batch: Option<OwnBatch>,
    /// Its entry of `runs=`.
    pub spec: String,
    pub label: String,
    pub step: u64,
    pub theta: Params,
    pub loss: f64,
    pub grad: Params,
    pub status: &'static str,
    pub status_text: String,
    pub converged_at: Option<u64>,
    pub diverged_at: Option<u64>,
    pub evaluations: EvaluationsState,
    pub step_size: Option<f64>,
    pub start: Params,
    pub noise_size: f64,
    pub note: Option<String>,
}

/// A run's own batch size: a number of points, or "full".
#[derive(Serialize, Debug, Clone, Copy, PartialEq)]
#[serde(untagged)]
pub enum OwnBatch {
    Points(usize),
    Full(&'static str),
}

/// The evaluations a run has spent.
#[derive(Serialize, Debug, Clone, Copy, PartialEq)]
pub struct EvaluationsState {
    pub loss: u64,
    pub gradient: u64,
    pub hessian: u64,
    pub total: u64,
}

/// The synthetic data's parameters.
#[derive(Serialize, Debug, Clone, Copy, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct SynthState {
    pub n: usize,
    pub separation: f64,
    pub spread: f64,
    pub imbalance: f64,
    pub label_noise: f64,
}

/// The learning-rate limits at the minimum.
#[derive(Serialize, Debug, Clone, Copy, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct StabilityState {
    pub lr_max: f64,
    pub lr_best: f64,
    pub condition: f64,
    pub eigenvalues: Params,
    pub trio: [f64; 3],
}

/// The state from the session.
pub fn state(session: &Session) -> State {
    let run = session.run();
    let settings = session.settings();
    let landscape = session.landscape();
    let w = landscape.window();
    State {
        step: run.step_count(),
        epoch: run.epoch(),
        theta: run.theta(),
        loss: run.loss(),
        batch_loss: run.batch_loss(),
        grad: run.gradient(),
        lr: run.config().learning_rate,
        batch_size: run.config().batch_size,
        n: session.data().len(),
        dataset: settings.dataset.key(),
        standardize: settings.standardize,
        seed: settings.seed,
        start: session.start(),
        speed: settings.speed,
        log: settings.log_scale,
        diverged: run.divergence().is_some(),
        running: session.running(),
        page: page(&settings.page),
        marks: (session.marks().iter())
            .map(|m| Mark {
                step: m.step,
                what: m.what,
            })
            .collect(),
        window: [[w.b0.0, w.b0.1], [w.b1.0, w.b1.1]],
        optimum: landscape.optimum,
        min_loss: landscape.floor,
        batches_per_epoch: run.batches_per_epoch(),
        batch_index: run.position().map(|p| p.index),
        batch: run.batch().to_vec(),
        batch_grad: run.batch_gradient(),
        batch_optimum: session.batch_optimum(),
        effective_lr: run.effective_learning_rate(),
        surface: settings.surface.key(),
        sampling: settings.sampling.key(),
        drop_last: settings.drop_last,
        schedule: settings.schedule,
        decay: settings.effective_decay(),
        every: settings.every,
        fan: settings.fan,
        per_epoch: settings.per_epoch,
        ends_epoch: run.position().is_some_and(|p| p.ends_epoch),
        message: words::divergence_message(session),
        remark: words::remark(session),
        optimizer: run.config().optimizer.key(),
        momentum: settings.hyper.momentum,
        beta1: settings.hyper.beta1,
        beta2: settings.hyper.beta2,
        eps: settings.hyper.eps,
        rho: settings.hyper.rho,
        line_search: settings.line_search,
        path: settings.path.key(),
        steps: settings.steps,
        trace_x: settings.trace_x.key(),
        scene: settings.scene.map(|scene| scene.key),
        notes: notes(&settings.notes),
        challenge: settings.challenge.map(|c| c.key),
        objective: objective(session),
        chain: chain::panel(session),
        point: settings.point,
        chain_view: settings.chain.key(),
        panel: settings.panel.key(),
        minima: (landscape.minima.iter().enumerate())
            .map(|(k, m)| MinimumState {
                theta: m.theta,
                loss: m.loss,
                global: k == 0,
            })
            .collect(),
        runs: runs(session),
        tally: (settings.restarts > 0).then(|| tally::tally_state(session)),
        restarts: settings.restarts,
        view: settings.view.key(),
        penalty: settings.penalty.key(),
        synth: settings.synth().map(|x| SynthState {
            n: x.n,
            separation: x.separation,
            spread: x.spread,
            imbalance: x.imbalance,
            label_noise: x.label_noise,
        }),
        lambda: settings.lambda,
        model: settings.model.key(),
        data: data::data_state(session),
        sample: settings.synth.sample,
        noise: settings.noise,
        noise_decay: settings.noise_decay,
        stability: session.stability().map(|s| StabilityState {
            lr_max: s.lr_max,
            lr_best: s.lr_best,
            condition: s.condition,
            eigenvalues: s.eigenvalues,
            trio: s.trio(),
        }),
    }
}

/// What is being minimised.
fn objective(session: &Session) -> ObjectiveState {
    let settings = session.settings();
    ObjectiveState {
        model: settings.model.key(),
        loss: settings.loss.key(),
        convex: session.objective().convex(),
        formula: words::objective_formula(session),
        constants: match settings.model.model() {
            Model::HiddenUnit { c, d } => Some(Constants { c, d }),
            Model::InterceptSlope | Model::TwoFeatures => None,
        },
    }
}

/// Each run's state.
fn runs(session: &Session) -> Vec<RunState> {
    let n = session.data().len();
    let minima = session.minimum_losses();
    (session.runs().iter())
        .map(|run| {
            let config = run.config();
            let progress = run.progress(&minima);
            let evaluations = run.evaluations();
            let spec = crate::edits::run_spec(session, run);
            RunState {
                optimizer: config.optimizer.key(),
                lr: config.learning_rate,
                batch_size: config.batch_size.min(n),
                own_batch: spec.batch.map(|b| match b {
                    BatchSize::Full => OwnBatch::Full("full"),
                    BatchSize::Points(b) => OwnBatch::Points(b),
                }),
                spec: spec.to_string(),
                label: words::run_label(session, run),
                step: run.step_count(),
                theta: run.theta(),
                loss: run.loss(),
                grad: run.gradient(),
                status: status_key(progress),
                status_text: words::progress(progress, config.batch_size < n),
                converged_at: match progress {
                    Progress::Converged { since, .. } => Some(since),
                    _ => None,
                },
                diverged_at: run.divergence().map(|(step, _)| step),
                evaluations: EvaluationsState {
                    loss: evaluations.losses,
                    gradient: evaluations.gradients,
                    hessian: evaluations.hessians,
                    total: evaluations.total(),
                },
                step_size: run.step_size(),
                start: config.start,
                noise_size: run.noise_size(),
                note: run.note().map(words::step_note),
            }
        })
        .collect()
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

/// The data as the model sees it (`x2` for two-feature data).
#[derive(Serialize, Debug, Clone, PartialEq)]
pub struct Points {
    pub x: Vec<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub x2: Option<Vec<f64>>,
    pub y: Vec<f64>,
}

/// The data as the model sees it.
pub fn points(session: &Session) -> Points {
    let data = session.data();
    Points {
        x: data.x.clone(),
        x2: data.x2.clone(),
        y: data.y.clone(),
    }
}

/// The notes on the contour plot.
fn notes(notes: &[Note]) -> Vec<NoteState> {
    (notes.iter())
        .map(|n| NoteState {
            at: n.at,
            label: n.label.clone(),
        })
        .collect()
}

/// The slides of a deck, with `caption` and `view` when `full`.
pub fn deck_list(deck: &[Slide], full: bool) -> Vec<SlideState> {
    (deck.iter())
        .map(|slide| SlideState {
            title: slide.title.clone(),
            key: slide.scene().map(|sc| sc.key),
            caption: full.then(|| slide.caption.clone()),
            view: full.then(|| slide.view.clone()),
        })
        .collect()
}

/// The page settings.
fn page(page: &Page) -> PageState {
    PageState {
        embed: page.embed,
        controls: page.controls.clone(),
        lock: page.lock.clone(),
        theme: page.theme.key(),
        trail: page.trail,
        sound: page.sound,
        shortcuts: !page.shortcuts_off,
        deck: deck_list(&page.deck, false),
        slide: page.slide,
    }
}
