//! Finding the local minima of a loss that is not convex: many starts over
//! a box of the plane, a safeguarded Newton descent from each, and only the
//! points that pass the test of a minimum kept (gradient below 1e-9,
//! Hessian positive definite), each once.

use super::{eigenvalues, Batch, Objective};
use crate::model::surface::Window;
use crate::model::Params;

/// Starts per side of the grid of starting points.
const STARTS: usize = 5;

/// A local minimum.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Minimum {
    /// Where it is.
    pub theta: Params,
    /// The loss there.
    pub loss: f64,
}

/// The gradient norm below which a point counts as stationary.
pub const STATIONARY: f64 = 1e-9;

/// The local minima of `objective` over `batch` that descents started in
/// `search` reach (they may end a little outside it), lowest loss first.
pub fn find(objective: &dyn Objective, batch: Batch, search: Window) -> Vec<Minimum> {
    let mut found: Vec<Minimum> = Vec::new();
    for j in 0..STARTS {
        for i in 0..STARTS {
            // Cell centres, so no start sits on the box's edge.
            let at =
                |(lo, hi): (f64, f64), k: usize| lo + (hi - lo) * (k as f64 + 0.5) / STARTS as f64;
            let start = [at(search.b0, i), at(search.b1, j)];
            let Some(theta) = descend(objective, batch, start) else {
                continue;
            };
            let scale = 1.0 + theta[0].hypot(theta[1]);
            if found
                .iter()
                .any(|m| (m.theta[0] - theta[0]).hypot(m.theta[1] - theta[1]) < 1e-5 * scale)
            {
                continue;
            }
            found.push(Minimum {
                theta,
                loss: objective.loss(theta, batch),
            });
        }
    }
    found.sort_by(|a, b| a.loss.total_cmp(&b.loss));
    found
}

/// True when `theta` passes the test of a local minimum.
pub fn is_minimum(objective: &dyn Objective, batch: Batch, theta: Params) -> bool {
    let g = objective.gradient(theta, batch);
    let [largest, smallest] = eigenvalues(&objective.hessian(theta, batch));
    g[0].hypot(g[1]) < STATIONARY && smallest > 1e-9 * largest.abs().max(1e-300) && smallest > 0.0
}

/// A safeguarded Newton descent from `start`: the Newton step where the
/// Hessian is positive definite and the step lowers the loss, else a
/// gradient step with backtracking. The point it settles at, if that is a
/// minimum with finite coordinates.
fn descend(objective: &dyn Objective, batch: Batch, start: Params) -> Option<Params> {
    let mut t = start;
    let mut here = objective.evaluate(t, batch);
    for _ in 0..120 {
        let g = here.gradient;
        if g[0].hypot(g[1]) < 0.1 * STATIONARY {
            break;
        }
        let h = objective.hessian(t, batch);
        let [largest, smallest] = eigenvalues(&h);
        let direction = if smallest > 1e-9 * largest && smallest > 0.0 {
            let [[a, b], [_, c]] = h;
            let det = a * c - b * b;
            [-(c * g[0] - b * g[1]) / det, -(a * g[1] - b * g[0]) / det]
        } else {
            // Scale the gradient step by the largest curvature (or 1).
            let scale = 1.0 / largest.abs().max(1.0);
            [-scale * g[0], -scale * g[1]]
        };
        let mut step = 1.0;
        let mut moved = false;
        for _ in 0..60 {
            let next = [t[0] + step * direction[0], t[1] + step * direction[1]];
            let there = objective.evaluate(next, batch);
            if there.loss <= here.loss && next.iter().all(|v| v.is_finite()) {
                moved = there.loss < here.loss || next != t;
                t = next;
                here = there;
                break;
            }
            step *= 0.5;
        }
        if !moved || t[0].abs().max(t[1].abs()) > 1e4 {
            break;
        }
    }
    is_minimum(objective, batch, t).then_some(t)
}
