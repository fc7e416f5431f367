//! What an optimizer may ask at one step: the loss, gradient and Hessian of
//! the step's batch, at any parameters, and the penalty's proximal step.
//! Every question is counted: evaluations, not steps, are the fair axis for
//! comparing plain gradient descent, line search and Newton's method (a
//! Newton step costs a Hessian, a line search several losses).

use super::objective::{Batch, Evaluation, Objective};
use super::rng::Rng;
use super::{Hessian, Params};

/// How many times each quantity was asked for, each one pass over the batch.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Evaluations {
    /// Loss values.
    pub losses: u64,
    /// Gradients.
    pub gradients: u64,
    /// Hessians.
    pub hessians: u64,
}

impl Evaluations {
    /// All evaluations together.
    pub fn total(&self) -> u64 {
        self.losses + self.gradients + self.hessians
    }

    /// The sum of two counts.
    pub fn plus(self, other: Evaluations) -> Evaluations {
        Evaluations {
            losses: self.losses + other.losses,
            gradients: self.gradients + other.gradients,
            hessians: self.hessians + other.hessians,
        }
    }
}

/// The objective restricted to one step's batch, counting each question.
///
/// The run usually knows the loss and gradient at the step's starting point
/// already (it shows them); handing them over with [`Oracle::knowing`]
/// saves the pass, but a question about them still counts, because a
/// method on its own would have to pay for it.
pub struct Oracle<'a> {
    objective: &'a dyn Objective,
    batch: Batch<'a>,
    known: Option<(Params, Evaluation)>,
    counts: Evaluations,
    /// Gaussian noise of this size added to every gradient, and its source.
    noise: Option<(f64, &'a mut Rng)>,
}

impl<'a> Oracle<'a> {
    /// An oracle for the loss of `objective` over `batch`.
    pub fn new(objective: &'a dyn Objective, batch: Batch<'a>) -> Self {
        Oracle {
            objective,
            batch,
            known: None,
            counts: Evaluations::default(),
            noise: None,
        }
    }

    /// The same oracle, adding independent Gaussian noise of standard
    /// deviation `size` to each coordinate of every gradient it gives (none
    /// at all when `size` is 0: the generator is then never touched).
    pub fn with_noise(mut self, size: f64, rng: &'a mut Rng) -> Self {
        if size > 0.0 {
            self.noise = Some((size, rng));
        }
        self
    }

    /// The same oracle, already knowing the loss and gradient at `at`.
    pub fn knowing(mut self, at: Params, evaluation: Evaluation) -> Self {
        self.known = Some((at, evaluation));
        self
    }

    fn evaluation(&self, t: Params) -> Evaluation {
        match self.known {
            Some((at, evaluation)) if at == t => evaluation,
            _ => self.objective.evaluate(t, self.batch),
        }
    }

    /// The batch loss at `t`.
    pub fn loss(&mut self, t: Params) -> f64 {
        self.counts.losses += 1;
        match self.known {
            Some((at, evaluation)) if at == t => evaluation.loss,
            _ => self.objective.loss(t, self.batch),
        }
    }

    /// The batch gradient at `t` (with the noise, if any).
    pub fn gradient(&mut self, t: Params) -> Params {
        self.counts.gradients += 1;
        let g = self.evaluation(t).gradient;
        match &mut self.noise {
            Some((size, rng)) => [g[0] + *size * rng.normal(), g[1] + *size * rng.normal()],
            None => g,
        }
    }

    /// The batch Hessian at `t`.
    pub fn hessian(&mut self, t: Params) -> Hessian {
        self.counts.hessians += 1;
        self.objective.hessian(t, self.batch)
    }

    /// The penalty's proximal step at `t` with step size `step` (free: it
    /// touches no data).
    pub fn prox(&self, t: Params, step: f64) -> Params {
        self.objective.prox(t, step)
    }

    /// The questions asked so far.
    pub fn counts(&self) -> Evaluations {
        self.counts
    }
}
