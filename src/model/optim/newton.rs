//! Newton's method: the step to the minimum of the local quadratic model,
//! using second derivatives.

use super::{
    advance, negative, Hyper, Optimizer, OptimizerKind, StepContext, StepNote, StepReport,
};
use crate::model::objective::eigenvalues;
use crate::model::oracle::Oracle;
use crate::model::Params;

/// The smallest eigenvalue, relative to the largest, for which the Hessian
/// counts as positive definite. Below it the Newton step would be huge
/// along a nearly flat direction (or point uphill), so a gradient step is
/// taken instead. A batch of one point always lands here: its Hessian has
/// rank one.
pub const DEFINITENESS: f64 = 1e-9;

/// Newton's method with the exact 2 x 2 Hessian H:
///
/// ```text
/// theta <- theta - eta H^-1 grad L(theta)      (eta = 1: the full Newton step)
/// ```
///
/// When H is not positive definite, a gradient step `theta - eta grad L`
/// instead, and the step says so ([`StepNote::NotPositiveDefinite`]).
#[derive(Clone, Copy, Debug, Default)]
pub struct Newton;

impl Optimizer for Newton {
    fn kind(&self) -> OptimizerKind {
        OptimizerKind::Newton
    }

    fn step(&mut self, theta: Params, oracle: &mut Oracle, ctx: &StepContext) -> StepReport {
        let g = oracle.gradient(theta);
        let h = oracle.hessian(theta);
        let [largest, smallest] = eigenvalues(&h);
        let definite = smallest > DEFINITENESS * largest && smallest > 0.0 && largest.is_finite();
        if !definite {
            let mut report = advance(theta, negative(g), g, oracle, ctx);
            report.note = Some(StepNote::NotPositiveDefinite {
                eigenvalues: [largest, smallest],
            });
            return report;
        }
        let [[a, b], [_, c]] = h;
        let det = a * c - b * b;
        let direction = [-(c * g[0] - b * g[1]) / det, -(a * g[1] - b * g[0]) / det];
        advance(theta, direction, g, oracle, ctx)
    }

    fn retune(&mut self, _: Hyper) {}

    fn reset(&mut self) {}
}
