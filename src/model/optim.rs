//! Optimizers: how a step turns a gradient into new parameters.
//!
//! An optimizer keeps its own state (none for plain gradient descent; a
//! velocity for momentum, moment estimates for Adam) apart from the run's
//! state, so new methods slot in behind the same [`Optimizer`] trait.

use super::Params;

/// One update rule of the family `theta <- theta - step(gradient)`.
pub trait Optimizer {
    /// The parameters after one step from `theta`, given the batch gradient
    /// there and the learning rate in force for this step.
    fn update(&mut self, theta: Params, gradient: Params, learning_rate: f64) -> Params;

    /// Forgets any state, as at the start of a run.
    fn reset(&mut self);
}

/// Plain (stochastic) gradient descent: `theta <- theta - eta * gradient`.
///
/// With a batch of all N points this is full gradient descent; with one point
/// it is stochastic gradient descent; in between, mini-batch SGD.
#[derive(Clone, Copy, Debug, Default)]
pub struct GradientDescent;

impl Optimizer for GradientDescent {
    fn update(&mut self, theta: Params, gradient: Params, learning_rate: f64) -> Params {
        [
            theta[0] - learning_rate * gradient[0],
            theta[1] - learning_rate * gradient[1],
        ]
    }

    fn reset(&mut self) {}
}
