//! Plain gradient descent.

use super::{advance, negative, Hyper, Optimizer, OptimizerKind, StepContext, StepReport};
use crate::model::oracle::Oracle;
use crate::model::Params;

/// Plain (stochastic) gradient descent: `theta <- theta - eta * gradient`.
///
/// With a batch of all N points this is full gradient descent; with one point
/// it is stochastic gradient descent; in between, mini-batch SGD.
#[derive(Clone, Copy, Debug, Default)]
pub struct GradientDescent;

impl Optimizer for GradientDescent {
    fn kind(&self) -> OptimizerKind {
        OptimizerKind::Gd
    }

    fn step(&mut self, theta: Params, oracle: &mut Oracle, ctx: &StepContext) -> StepReport {
        let g = oracle.gradient(theta);
        advance(theta, negative(g), g, oracle, ctx)
    }

    fn retune(&mut self, _: Hyper) {}

    fn reset(&mut self) {}
}
