//! Optimizers: how a step turns what it can learn about the batch's loss
//! into new parameters.
//!
//! Each optimizer keeps its own memory (none for plain gradient descent; a
//! velocity for momentum, moment estimates for Adam) apart from the run, and
//! asks the step's [`Oracle`] for whatever it needs: a gradient, a loss, a
//! Hessian, at any parameters (Nesterov looks ahead; Newton asks for the
//! Hessian; a line search tries several losses). All work with mini-batches:
//! the oracle answers for the step's batch.
//!
//! Every direction method can take its step size from a backtracking
//! (Armijo) line search instead of the learning rate ([`StepContext::line_search`]).

mod adaptive;
mod gd;
mod line_search;
mod momentum;
mod newton;

pub use adaptive::{AdaGrad, Adam, RmsProp};
pub use gd::GradientDescent;
pub use line_search::{backtrack, ARMIJO, MAX_HALVINGS};
pub use momentum::Momentum;
pub use newton::Newton;

use super::oracle::Oracle;
use super::Params;

/// The optimizers a run can use.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum OptimizerKind {
    /// Plain (stochastic) gradient descent.
    #[default]
    Gd,
    /// Heavy-ball momentum.
    Momentum,
    /// Nesterov's accelerated gradient (look-ahead momentum).
    Nesterov,
    /// AdaGrad: per-parameter rates shrinking with the summed squared gradients.
    AdaGrad,
    /// RMSProp: per-parameter rates from a running mean of squared gradients.
    RmsProp,
    /// Adam: momentum and RMSProp with bias correction.
    Adam,
    /// Newton's method with the exact 2 x 2 Hessian.
    Newton,
}

impl OptimizerKind {
    /// Every optimizer, in the order the page lists them.
    pub const ALL: [OptimizerKind; 7] = [
        OptimizerKind::Gd,
        OptimizerKind::Momentum,
        OptimizerKind::Nesterov,
        OptimizerKind::AdaGrad,
        OptimizerKind::RmsProp,
        OptimizerKind::Adam,
        OptimizerKind::Newton,
    ];

    /// The name used in URLs and the API.
    pub fn key(self) -> &'static str {
        match self {
            OptimizerKind::Gd => "gd",
            OptimizerKind::Momentum => "momentum",
            OptimizerKind::Nesterov => "nesterov",
            OptimizerKind::AdaGrad => "adagrad",
            OptimizerKind::RmsProp => "rmsprop",
            OptimizerKind::Adam => "adam",
            OptimizerKind::Newton => "newton",
        }
    }

    /// The optimizer named `key`, if any.
    pub fn from_key(key: &str) -> Option<OptimizerKind> {
        OptimizerKind::ALL.into_iter().find(|k| k.key() == key)
    }

    /// A fresh optimizer of this kind with these hyper-parameters.
    pub fn build(self, hyper: Hyper) -> Box<dyn Optimizer> {
        match self {
            OptimizerKind::Gd => Box::new(GradientDescent),
            OptimizerKind::Momentum => Box::new(Momentum::heavy_ball(hyper)),
            OptimizerKind::Nesterov => Box::new(Momentum::nesterov(hyper)),
            OptimizerKind::AdaGrad => Box::new(AdaGrad::new(hyper)),
            OptimizerKind::RmsProp => Box::new(RmsProp::new(hyper)),
            OptimizerKind::Adam => Box::new(Adam::new(hyper)),
            OptimizerKind::Newton => Box::new(Newton),
        }
    }
}

/// Hyper-parameters of the optimizers, with textbook defaults.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Hyper {
    /// Momentum and Nesterov: the velocity's decay mu (0.9).
    pub momentum: f64,
    /// Adam: decay of the first moment (0.9).
    pub beta1: f64,
    /// Adam: decay of the second moment (0.999).
    pub beta2: f64,
    /// AdaGrad, RMSProp, Adam: added to the root of the second moment (1e-8).
    pub eps: f64,
    /// RMSProp: decay of the mean squared gradient (0.9).
    pub rho: f64,
}

impl Default for Hyper {
    fn default() -> Self {
        Hyper {
            momentum: 0.9,
            beta1: 0.9,
            beta2: 0.999,
            eps: 1e-8,
            rho: 0.9,
        }
    }
}

/// What a step is told besides the oracle.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct StepContext {
    /// The learning rate in force (the schedule's, at this step). For
    /// Newton's method, the fraction of the Newton step taken (1 = all).
    /// With line search, the first step size tried.
    pub learning_rate: f64,
    /// Choose the step size by backtracking line search.
    pub line_search: bool,
}

/// Something a step did that the page should say.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum StepNote {
    /// Newton's method found a Hessian that is not positive definite (its
    /// eigenvalues, largest first) and took a gradient step instead.
    NotPositiveDefinite {
        /// The Hessian's eigenvalues.
        eigenvalues: [f64; 2],
    },
    /// The method's direction did not point downhill, so the line search
    /// searched along the negative gradient instead.
    NotDescent,
    /// The line search found no step size that lowered the loss; the
    /// parameters stayed where they were.
    NoDecrease,
}

/// What one step did.
#[derive(Clone, Debug, PartialEq)]
pub struct StepReport {
    /// The parameters after the step.
    pub next: Params,
    /// The step size taken along the method's direction (the learning rate,
    /// or what the line search accepted).
    pub step_size: f64,
    /// Points a line search tried and rejected, first to last.
    pub trials: Vec<Params>,
    /// Anything worth saying about this step.
    pub note: Option<StepNote>,
}

/// One update rule. `step` is the unit of work, as in argmin's `next_iter`.
pub trait Optimizer {
    /// Which optimizer this is.
    fn kind(&self) -> OptimizerKind;

    /// One step from `theta` on the batch the oracle answers for.
    fn step(&mut self, theta: Params, oracle: &mut Oracle, ctx: &StepContext) -> StepReport;

    /// New hyper-parameters from the next step on, keeping the memory.
    fn retune(&mut self, hyper: Hyper);

    /// Forgets the memory, as at the start of a run.
    fn reset(&mut self);

    /// The memory after the last step, named as in the update rule (the
    /// velocity v of momentum, Adam's moments m and v); empty for methods
    /// without one.
    fn memory(&self) -> Vec<(&'static str, Params)> {
        Vec::new()
    }
}

/// Moves from `theta` along `direction`: a step of the learning rate times
/// it, or with line search the step size the search accepts. `gradient` is
/// the batch gradient at `theta`.
fn advance(
    theta: Params,
    direction: Params,
    gradient: Params,
    oracle: &mut Oracle,
    ctx: &StepContext,
) -> StepReport {
    if ctx.line_search {
        return backtrack(theta, direction, gradient, oracle, ctx.learning_rate);
    }
    let t = ctx.learning_rate;
    StepReport {
        next: oracle.prox(along(theta, direction, t), t),
        step_size: t,
        trials: Vec::new(),
        note: None,
    }
}

/// `theta + t * direction`.
fn along(theta: Params, direction: Params, t: f64) -> Params {
    [theta[0] + t * direction[0], theta[1] + t * direction[1]]
}

fn negative(g: Params) -> Params {
    [-g[0], -g[1]]
}
