//! A run: an objective, an optimizer, a batch sampler, the current state and
//! its trace. [`Run::step`] is the unit of work.

use super::batches::{BatchPlan, BatchPosition, BatchSampler, Sampling};
use super::objective::LogisticNll;
use super::optim::{GradientDescent, Optimizer};
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

/// What the settings of a run are.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct RunConfig {
    /// Starting parameters.
    pub start: Params,
    /// Base learning rate eta.
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
        }
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

/// The state of gradient descent on one data set.
#[derive(Clone, Debug)]
pub struct Run {
    objective: LogisticNll,
    optimizer: GradientDescent,
    sampler: BatchSampler,
    config: RunConfig,
    theta: Params,
    step: u64,
    epoch: u64,
    loss: f64,
    gradient: Params,
    batch_loss: Option<f64>,
    batch_gradient: Option<Params>,
    batch: Vec<usize>,
    position: Option<BatchPosition>,
    start_loss: f64,
    divergence: Option<(u64, Divergence)>,
    trace: Trace,
}

impl Run {
    /// A run at its start.
    pub fn new(objective: LogisticNll, config: RunConfig) -> Self {
        let sampler = BatchSampler::new(objective.len(), config.seed);
        let mut run = Run {
            objective,
            optimizer: GradientDescent,
            sampler,
            config,
            theta: config.start,
            step: 0,
            epoch: 0,
            loss: 0.0,
            gradient: [0.0, 0.0],
            batch_loss: None,
            batch_gradient: None,
            batch: Vec::new(),
            position: None,
            start_loss: 0.0,
            divergence: None,
            trace: Trace::default(),
        };
        run.reset();
        run
    }

    /// Back to the start: step 0, the same seed, an empty trace.
    pub fn reset(&mut self) {
        self.sampler = BatchSampler::new(self.objective.len(), self.config.seed);
        self.optimizer.reset();
        self.theta = self.config.start;
        self.step = 0;
        self.epoch = 0;
        self.loss = self.objective.loss(self.theta);
        self.gradient = self.objective.gradient(self.theta);
        self.start_loss = self.loss;
        self.batch_loss = None;
        self.batch_gradient = None;
        self.batch.clear();
        self.position = None;
        self.divergence = None;
        self.trace.clear();
        self.trace
            .push(TracePoint::new(0, self.theta, self.loss, None));
    }

    /// Takes one optimizer step on the next batch.
    pub fn step(&mut self) -> StepOutcome {
        if self.divergence.is_some() {
            return StepOutcome::Stopped;
        }
        let position = self.sampler.next_batch(self.config.plan(), &mut self.batch);
        let batch_loss = self.objective.batch_loss(self.theta, &self.batch);
        let batch_gradient = self.objective.batch_gradient(self.theta, &self.batch);
        let next =
            self.optimizer
                .update(self.theta, batch_gradient, self.effective_learning_rate());
        let step = self.step + 1;
        if !(next[0].is_finite() && next[1].is_finite() && batch_loss.is_finite()) {
            return self.diverge(step, Divergence::NotFinite);
        }
        let loss = self.objective.loss(next);
        if !loss.is_finite() {
            return self.diverge(step, Divergence::NotFinite);
        }
        self.theta = next;
        self.step = step;
        self.loss = loss;
        self.gradient = self.objective.gradient(next);
        self.batch_loss = Some(batch_loss);
        self.batch_gradient = Some(batch_gradient);
        self.position = Some(position);
        if position.ends_epoch {
            self.epoch += 1;
        }
        let point = TracePoint::new(step, next, loss, Some(batch_loss));
        self.trace
            .push(point.with_epoch(self.epoch, position.ends_epoch));
        let limit = LOSS_EXPLOSION_FACTOR * self.start_loss.max(1.0);
        if loss > limit {
            return self.diverge(step, Divergence::LossExploded { loss, limit });
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
    pub fn step_many(&mut self, k: u64) -> u64 {
        let before = self.step;
        for _ in 0..k {
            if self.step() != StepOutcome::Stepped {
                break;
            }
        }
        self.step - before
    }

    /// Changes the learning rate, schedule, batch size and sampling from the
    /// next step on, without a reset: the epoch carries on where it was. The
    /// start and the seed stay (changing them means a new run).
    pub fn retune(&mut self, config: RunConfig) {
        self.config = RunConfig {
            start: self.config.start,
            seed: self.config.seed,
            ..config
        };
    }

    /// The learning rate the next step will use: the schedule at t = steps taken.
    pub fn effective_learning_rate(&self) -> f64 {
        self.config
            .schedule
            .rate(self.config.learning_rate, self.step)
    }

    /// The gradient, at the current parameters, of the batch the last step used.
    pub fn batch_gradient_here(&self) -> Option<Params> {
        (!self.batch.is_empty()).then(|| self.objective.batch_gradient(self.theta, &self.batch))
    }

    /// The current epoch's order of the points (under shuffle sampling).
    pub fn epoch_order(&self) -> &[usize] {
        self.sampler.order()
    }

    /// The run's settings.
    pub fn config(&self) -> &RunConfig {
        &self.config
    }

    /// The loss being minimised.
    pub fn objective(&self) -> &LogisticNll {
        &self.objective
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
        self.loss
    }

    /// Full loss at the start, which divergence is measured against.
    pub fn start_loss(&self) -> f64 {
        self.start_loss
    }

    /// Full gradient at the current parameters.
    pub fn gradient(&self) -> Params {
        self.gradient
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

    /// The step at which the run diverged, and why; `None` while it is healthy.
    pub fn divergence(&self) -> Option<(u64, Divergence)> {
        self.divergence
    }

    /// The bounded history of the run.
    pub fn trace(&self) -> &Trace {
        &self.trace
    }
}
