//! Backtracking line search with the Armijo condition: try the step size
//! t = t0, t0/2, t0/4, ... along a descent direction d until the loss falls
//! by at least a fraction of what the slope promises,
//!
//! ```text
//! L(theta + t d) <= L(theta) + c t grad L(theta) . d,     c = 1e-4.
//! ```
//!
//! The loss therefore never rises. Each try costs a loss evaluation, which
//! the oracle counts; the rejected points are reported so the page can draw
//! them.

use super::{along, negative, StepNote, StepReport};
use crate::model::oracle::Oracle;
use crate::model::Params;

/// The Armijo constant c: the fraction of the promised decrease required.
pub const ARMIJO: f64 = 1e-4;

/// Most halvings before the search gives up and stays put.
pub const MAX_HALVINGS: usize = 40;

/// The first acceptable step from `theta` along `direction`, starting from
/// step size `initial` and halving. `gradient` is the batch gradient at
/// `theta`. A direction that does not descend is replaced by the negative
/// gradient; if no step size lowers the loss, the parameters stay.
pub fn backtrack(
    theta: Params,
    direction: Params,
    gradient: Params,
    oracle: &mut Oracle,
    initial: f64,
) -> StepReport {
    let mut direction = direction;
    let mut note = None;
    let mut slope = gradient[0] * direction[0] + gradient[1] * direction[1];
    let descends = |slope: f64| slope < 0.0; // false for NaN too
    if !descends(slope) {
        direction = negative(gradient);
        slope = -(gradient[0] * gradient[0] + gradient[1] * gradient[1]);
        note = Some(StepNote::NotDescent);
    }
    let mut trials = Vec::new();
    if !descends(slope) {
        // A zero gradient: nowhere lower to go.
        return StepReport {
            next: theta,
            step_size: 0.0,
            trials,
            note,
        };
    }
    let here = oracle.loss(theta);
    // Below this, a promised decrease is lost in the rounding of the loss
    // itself: at a minimum found to machine precision.
    let rounding = 1e-15 * here.abs().max(f64::MIN_POSITIVE);
    let mut t = initial;
    for _ in 0..MAX_HALVINGS {
        let next = oracle.prox(along(theta, direction, t), t);
        let loss = oracle.loss(next);
        let promised = ARMIJO * t * slope;
        if loss <= here + promised || (loss <= here && -promised < rounding) {
            return StepReport {
                next,
                step_size: t,
                trials,
                note,
            };
        }
        trials.push(next);
        if -promised < rounding {
            break;
        }
        t *= 0.5;
    }
    let converged = -(ARMIJO * t * slope) < rounding;
    StepReport {
        next: theta,
        step_size: 0.0,
        trials,
        note: if converged {
            note
        } else {
            Some(StepNote::NoDecrease)
        },
    }
}
