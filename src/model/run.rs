//! A run: one optimizer on one objective from one start, with its batch
//! sampler, its state and its trace. [`Run::step`] is the unit of work.
//!
//! A run does not own the data: the objective is handed to every call, so
//! several runs share one data set (runs side by side) and a run never
//! holds a stale copy.

use super::batches::{BatchPlan, BatchPosition, BatchSampler, Sampling};
use super::objective::{Batch, Evaluation, Objective};
use super::optim::{Hyper, Optimizer, OptimizerKind, StepContext, StepNote};
use super::oracle::{Evaluations, Oracle};
use super::rng::Rng;
use super::schedule::Schedule;
use super::trace::{Trace, TracePoint};
use super::Params;

/// A run stops as diverged once its full loss exceeds this many times its
/// starting loss (or 1, if that is larger). The logistic loss grows only
/// linearly in the parameters and its gradient is bounded, so an overshooting
/// run does not reach infinity: it is thrown ever further up the walls. A
/// mean loss of 20 means the model gives the true class a probability of
/// about e^-20 on average; no descent goes there.
pub const LOSS_EXPLOSION_FACTOR: f64 = 20.0;

/// A run also stops when a parameter grows past this size: far beyond any
/// window drawn, and well before floating point breaks.
pub const PARAMETER_LIMIT: f64 = 1e6;

/// A run has converged once its full loss stays within this of the
/// minimum's loss (in the units of the mean loss the trace shows).
pub const CONVERGED_GAP: f64 = 1e-6;

/// Trace entries looked at to tell an oscillating run from a falling one.
const RECENT: usize = 16;

/// Mixed into the seed for the gradient noise, so its stream differs from
/// the batch shuffles'.
const NOISE_SALT: u64 = 0x9015_E5EE_D000_0001;

/// Line-search trial points kept for drawing; older ones are dropped.
const TRIALS_KEPT: usize = 4096;

/// Why a run stopped itself.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Divergence {
    /// The update produced infinity or NaN; the last finite state is kept.
    NotFinite,
    /// The full loss rose past [`LOSS_EXPLOSION_FACTOR`] times its start.
    LossExploded {
        /// The loss that crossed the limit.
        loss: f64,
        /// The limit.
        limit: f64,
    },
    /// A parameter's magnitude passed [`PARAMETER_LIMIT`].
    ParametersExploded,
}

/// How a run is doing, as the trace plot shows it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Progress {
    /// The loss is still coming down.
    Falling,
    /// The loss has stayed within [`CONVERGED_GAP`] of a minimum's since this step.
    Converged {
        /// The first step of that final stretch.
        since: u64,
        /// Which minimum, counting from the lowest (0: the global one).
        minimum: usize,
    },
    /// The loss keeps going up and down without settling: a rate too large
    /// for the valley, or the noise of small batches.
    Oscillating,
    /// The run stopped at this step.
    Diverged {
        /// The step that diverged.
        at: u64,
    },
}

/// What the settings of a run are.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct RunConfig {
    /// Starting parameters.
    pub start: Params,
    /// Base learning rate eta (for Newton's method, the step fraction).
    pub learning_rate: f64,
    /// How the learning rate changes with the steps taken.
    pub schedule: Schedule,
    /// Points per batch; N (or more) is full gradient descent.
    pub batch_size: usize,
    /// Shuffled epochs or draws with replacement.
    pub sampling: Sampling,
    /// Drop each epoch's last, smaller batch.
    pub drop_last: bool,
    /// Seed of the batch shuffles.
    pub seed: u64,
    /// The update rule.
    pub optimizer: OptimizerKind,
    /// Its hyper-parameters.
    pub hyper: Hyper,
    /// Take step sizes from a backtracking line search.
    pub line_search: bool,
    /// Gaussian gradient noise: its size at step t is
    /// `noise / (1 + t)^noise_decay` (0: none).
    pub noise: f64,
    /// How fast the noise anneals (0: constant).
    pub noise_decay: f64,
}

impl RunConfig {
    /// Plain gradient descent settings: constant rate, shuffled batches.
    pub fn new(start: Params, learning_rate: f64, batch_size: usize, seed: u64) -> Self {
        RunConfig {
            start,
            learning_rate,
            schedule: Schedule::Constant,
            batch_size,
            sampling: Sampling::Shuffle,
            drop_last: false,
            seed,
            optimizer: OptimizerKind::Gd,
            hyper: Hyper::default(),
            line_search: false,
            noise: 0.0,
            noise_decay: 0.0,
        }
    }

    /// The same settings with another optimizer.
    pub fn with_optimizer(self, optimizer: OptimizerKind) -> Self {
        RunConfig { optimizer, ..self }
    }

    fn plan(&self) -> BatchPlan {
        BatchPlan {
            size: self.batch_size,
            sampling: self.sampling,
            drop_last: self.drop_last,
        }
    }
}

/// What one call of [`Run::step`] did.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum StepOutcome {
    /// The parameters moved.
    Stepped,
    /// This step diverged; the run is now stopped.
    Diverged(Divergence),
    /// The run had already diverged; nothing happened.
    Stopped,
}

/// The state of one optimizer's descent on one data set.
pub struct Run {
    optimizer: Box<dyn Optimizer>,
    sampler: BatchSampler,
    config: RunConfig,
    theta: Params,
    step: u64,
    epoch: u64,
    /// The full loss and gradient at `theta`.
    here: Evaluation,
    batch_loss: Option<f64>,
    batch_gradient: Option<Params>,
    batch: Vec<usize>,
    position: Option<BatchPosition>,
    start_loss: f64,
    divergence: Option<(u64, Divergence)>,
    trace: Trace,
    evaluations: Evaluations,
    trials: Vec<Params>,
    step_size: Option<f64>,
    note: Option<StepNote>,
    /// The parameters before the last step.
    previous: Option<Params>,
    /// The source of the gradient noise, seeded with the run.
    noise_rng: Rng,
}

impl std::fmt::Debug for Run {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Run")
            .field("optimizer", &self.optimizer.kind())
            .field("config", &self.config)
            .field("theta", &self.theta)
            .field("step", &self.step)
            .finish_non_exhaustive()
    }
}

impl Run {
    /// A run of `objective` at its start.
    pub fn new(objective: &dyn Objective, config: RunConfig) -> Self {
        let mut run = Run {
            optimizer: config.optimizer.build(config.hyper),
            sampler: BatchSampler::new(objective.len(), config.seed),
            config,
            theta: config.start,
            step: 0,
            epoch: 0,
            here: Evaluation {
                loss: 0.0,
                gradient: [0.0, 0.0],
            },
            batch_loss: None,
            batch_gradient: None,
            batch: Vec::new(),
            position: None,
            start_loss: 0.0,
            divergence: None,
            trace: Trace::default(),
            evaluations: Evaluations::default(),
            trials: Vec::new(),
            step_size: None,
            note: None,
            previous: None,
            noise_rng: Rng::new(config.seed ^ NOISE_SALT),
        };
        run.reset(objective);
        run
    }

    /// Back to the start: step 0, the same seed, an empty trace.
    pub fn reset(&mut self, objective: &dyn Objective) {
        self.sampler = BatchSampler::new(objective.len(), self.config.seed);
        self.optimizer.reset();
        self.theta = self.config.start;
        self.step = 0;
        self.epoch = 0;
        self.here = objective.evaluate(self.theta, Batch::All);
        self.start_loss = self.here.loss;
        self.batch_loss = None;
        self.batch_gradient = None;
        self.batch.clear();
        self.position = None;
        self.divergence = None;
        self.evaluations = Evaluations::default();
        self.trials.clear();
        self.step_size = None;
        self.note = None;
        self.previous = None;
        self.noise_rng = Rng::new(self.config.seed ^ NOISE_SALT);
        self.trace.clear();
        self.trace
            .push(TracePoint::new(0, self.theta, self.here.loss, None));
    }

    /// Takes one optimizer step on the next batch.
    pub fn step(&mut self, objective: &dyn Objective) -> StepOutcome {
        if self.divergence.is_some() {
            return StepOutcome::Stopped;
        }
        let ctx = StepContext {
            learning_rate: self.effective_learning_rate(),
            line_search: self.config.line_search,
        };
        let n = objective.len();
        let position = self.sampler.next_batch(self.config.plan(), &mut self.batch);
        // Batches of all N come in natural order: the full loss, bit for bit.
        let full = self.config.batch_size >= n && self.batch.len() == n;
        let batch = if full {
            Batch::All
        } else {
            Batch::Points(&self.batch)
        };
        let at_start = if full {
            self.here
        } else {
            objective.evaluate(self.theta, batch)
        };
        let mut oracle = Oracle::new(objective, batch)
            .knowing(self.theta, at_start)
            .with_noise(self.noise_size(), &mut self.noise_rng);
        let report = self.optimizer.step(self.theta, &mut oracle, &ctx);
        self.evaluations = self.evaluations.plus(oracle.counts());
        let next = report.next;
        let step = self.step + 1;
        if !(next[0].is_finite() && next[1].is_finite() && at_start.loss.is_finite()) {
            return self.diverge(step, Divergence::NotFinite);
        }
        let here = objective.evaluate(next, Batch::All);
        if !here.loss.is_finite() {
            return self.diverge(step, Divergence::NotFinite);
        }
        self.previous = Some(self.theta);
        self.theta = next;
        self.step = step;
        self.here = here;
        self.batch_loss = Some(at_start.loss);
        self.batch_gradient = Some(at_start.gradient);
        self.position = Some(position);
        self.step_size = Some(report.step_size);
        self.note = report.note;
        if !report.trials.is_empty() {
            if self.trials.len() + report.trials.len() > TRIALS_KEPT {
                self.trials.drain(..TRIALS_KEPT / 2);
            }
            self.trials.extend_from_slice(&report.trials);
        }
        if position.ends_epoch {
            self.epoch += 1;
        }
        let point = TracePoint::new(step, next, here.loss, Some(at_start.loss))
            .with_epoch(self.epoch, position.ends_epoch)
            .with_evaluations(self.evaluations.total());
        self.trace.push(point);
        let limit = LOSS_EXPLOSION_FACTOR * self.start_loss.max(1.0);
        if here.loss > limit {
            return self.diverge(
                step,
                Divergence::LossExploded {
                    loss: here.loss,
                    limit,
                },
            );
        }
        if next[0].abs().max(next[1].abs()) > PARAMETER_LIMIT {
            return self.diverge(step, Divergence::ParametersExploded);
        }
        StepOutcome::Stepped
    }

    fn diverge(&mut self, step: u64, why: Divergence) -> StepOutcome {
        self.divergence = Some((step, why));
        StepOutcome::Diverged(why)
    }

    /// Takes up to `k` steps, stopping early if the run diverges; returns how
    /// many steps moved the parameters.
    pub fn step_many(&mut self, objective: &dyn Objective, k: u64) -> u64 {
        let before = self.step;
        for _ in 0..k {
            if self.step(objective) != StepOutcome::Stepped {
                break;
            }
        }
        self.step - before
    }

    /// Changes the learning rate, schedule, batch size, sampling, optimizer
    /// and its hyper-parameters from the next step on, without a reset: the
    /// epoch carries on where it was. A new optimizer starts with an empty
    /// memory from the current point. The start and the seed stay
    /// (changing them means a new run).
    pub fn retune(&mut self, config: RunConfig) {
        if config.optimizer != self.config.optimizer {
            self.optimizer = config.optimizer.build(config.hyper);
        } else if config.hyper != self.config.hyper {
            self.optimizer.retune(config.hyper);
        }
        self.config = RunConfig {
            start: self.config.start,
            seed: self.config.seed,
            ..config
        };
    }

    /// The size of the gradient noise the next step gets: noise / (1 + t)^decay.
    pub fn noise_size(&self) -> f64 {
        let c = &self.config;
        if c.noise > 0.0 {
            c.noise / (1.0 + self.step as f64).powf(c.noise_decay)
        } else {
            0.0
        }
    }

    /// The learning rate the next step will use: the schedule at t = steps taken.
    pub fn effective_learning_rate(&self) -> f64 {
        self.config
            .schedule
            .rate(self.config.learning_rate, self.step)
    }

    /// The gradient, at the current parameters, of the batch the last step used.
    pub fn batch_gradient_here(&self, objective: &dyn Objective) -> Option<Params> {
        (!self.batch.is_empty()).then(|| objective.gradient(self.theta, Batch::Points(&self.batch)))
    }

    /// How the run is doing, judged against the losses of the loss's
    /// minima, lowest first (none when the loss has no minimum: then it
    /// never converges).
    pub fn progress(&self, minima: &[f64]) -> Progress {
        if let Some((at, _)) = self.divergence {
            return Progress::Diverged { at };
        }
        let points = self.trace.points();
        let last = points.last().map_or(self.here.loss, |p| p.loss);
        // The minimum whose loss the run ended at, if any.
        let settled = minima
            .iter()
            .position(|&floor| (last - floor).abs() <= CONVERGED_GAP);
        if let Some(minimum) = settled {
            let floor = minima[minimum];
            let within = |p: &TracePoint| {
                p.loss_span.hi - floor <= CONVERGED_GAP && floor - p.loss_span.lo <= CONVERGED_GAP
            };
            let streak = points.iter().rev().take_while(|p| within(p)).count();
            if streak > 0 {
                return Progress::Converged {
                    since: points[points.len() - streak].step,
                    minimum,
                };
            }
        }
        let recent = &points[points.len().saturating_sub(RECENT)..];
        let rises = recent.windows(2).filter(|w| w[1].loss > w[0].loss).count();
        if recent.len() > 4 && 10 * rises >= 3 * (recent.len() - 1) {
            Progress::Oscillating
        } else {
            Progress::Falling
        }
    }

    /// The run's settings.
    pub fn config(&self) -> &RunConfig {
        &self.config
    }

    /// Current parameters.
    pub fn theta(&self) -> Params {
        self.theta
    }

    /// Steps taken.
    pub fn step_count(&self) -> u64 {
        self.step
    }

    /// Completed epochs: advances when the last batch of an epoch is taken.
    pub fn epoch(&self) -> u64 {
        self.epoch
    }

    /// Full loss at the current parameters.
    pub fn loss(&self) -> f64 {
        self.here.loss
    }

    /// Full loss at the start, which divergence is measured against.
    pub fn start_loss(&self) -> f64 {
        self.start_loss
    }

    /// Full gradient at the current parameters.
    pub fn gradient(&self) -> Params {
        self.here.gradient
    }

    /// Loss of the batch the last step used, at the parameters before it.
    pub fn batch_loss(&self) -> Option<f64> {
        self.batch_loss
    }

    /// Gradient of the batch the last step used, at the parameters before
    /// the step (the gradient the step followed).
    pub fn batch_gradient(&self) -> Option<Params> {
        self.batch_gradient
    }

    /// Indices of the points the last step used.
    pub fn batch(&self) -> &[usize] {
        &self.batch
    }

    /// Where the last batch sat in its epoch.
    pub fn position(&self) -> Option<BatchPosition> {
        self.position
    }

    /// Batches in a whole epoch at the current batch size.
    pub fn batches_per_epoch(&self) -> usize {
        self.sampler.batches_per_epoch(self.config.plan())
    }

    /// The current epoch's order of the points (under shuffle sampling).
    pub fn epoch_order(&self) -> &[usize] {
        self.sampler.order()
    }

    /// The step at which the run diverged, and why; `None` while it is healthy.
    pub fn divergence(&self) -> Option<(u64, Divergence)> {
        self.divergence
    }

    /// The bounded history of the run.
    pub fn trace(&self) -> &Trace {
        &self.trace
    }

    /// Losses, gradients and Hessians the optimizer asked for so far.
    pub fn evaluations(&self) -> Evaluations {
        self.evaluations
    }

    /// Points a line search tried and rejected (the most recent few thousand).
    pub fn trials(&self) -> &[Params] {
        &self.trials
    }

    /// The step size the last step took along its direction.
    pub fn step_size(&self) -> Option<f64> {
        self.step_size
    }

    /// The optimizer's memory after the last step (see [`Optimizer::memory`]).
    pub fn optimizer_memory(&self) -> Vec<(&'static str, Params)> {
        self.optimizer.memory()
    }

    /// The parameters before the last step (where its batch gradient was taken).
    pub fn previous_theta(&self) -> Option<Params> {
        self.previous
    }

    /// What the last step had to say, if anything.
    pub fn note(&self) -> Option<StepNote> {
        self.note
    }
}
