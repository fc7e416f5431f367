//! Finding the local minima of a loss that is not convex: many starts over
//! a box of the plane, a safeguarded Newton descent from each, and only the
//! points that pass the test of a minimum kept (gradient below 1e-9,
//! Hessian positive definite), each once.

use super::{eigenvalues, Batch, Minimum, Objective};
use crate::model::rng::Rng;
use crate::model::window::Window;
use crate::model::Params;

/// Starts per side of the grid of starting points.
const STARTS: usize = 5;

/// The most points the descents from the grid of starts use: larger data are
/// searched on a random sample of this many (their loss has
/// minima where the whole data's has, nearly), and each minimum found is
/// then polished on every point and tested there. The search costs about
/// the same for 100,000 points as for 500.
pub const SEARCH_POINTS: usize = 500;

/// The seed of the search's sample.
const SAMPLE_SEED: u64 = 0x5EA4C8;

/// Most steps of a polish on every point.
const POLISH_STEPS: usize = 60;

/// The gradient norm below which a point counts as stationary.
pub const STATIONARY: f64 = 1e-9;

/// The local minima of `objective` over `batch` that descents started in
/// `search` reach (they may end a little outside it), lowest loss first.
pub fn find(objective: &dyn Objective, batch: Batch, search: Window) -> Vec<Minimum> {
    let n = batch.len(objective.len());
    let sample: Option<Vec<usize>> = (n > SEARCH_POINTS).then(|| {
        // A random sample (fixed seed, so the same data give the same
        // minima): evenly spaced indices could pick one class of data
        // stored in a pattern.
        let mut indices: Vec<usize> = match batch {
            Batch::All => (0..n).collect(),
            Batch::Points(points) => points.to_vec(),
        };
        let mut rng = Rng::new(SAMPLE_SEED);
        for k in 0..SEARCH_POINTS {
            let pick = k + rng.below(n - k);
            indices.swap(k, pick);
        }
        indices.truncate(SEARCH_POINTS);
        indices
    });
    let first = sample.as_deref().map_or(batch, Batch::Points);
    let mut found: Vec<Minimum> = Vec::new();
    let mut seen: Vec<Params> = Vec::new();
    let near =
        |a: Params, b: Params| (a[0] - b[0]).hypot(a[1] - b[1]) < 1e-5 * (1.0 + b[0].hypot(b[1]));
    for j in 0..STARTS {
        for i in 0..STARTS {
            // Cell centres, so no start sits on the box's edge.
            let at =
                |(lo, hi): (f64, f64), k: usize| lo + (hi - lo) * (k as f64 + 0.5) / STARTS as f64;
            let start = [at(search.b0, i), at(search.b1, j)];
            let Some(mut theta) = descend(objective, first, start, 120) else {
                continue;
            };
            if sample.is_some() {
                // Polish each of the sample's minima once.
                if seen.iter().any(|s| near(*s, theta)) {
                    continue;
                }
                seen.push(theta);
                // A true minimum is a few Newton steps away; a descent
                // that wanders longer started from the sample's own.
                let Some(polished) = descend(objective, batch, theta, POLISH_STEPS) else {
                    continue;
                };
                theta = polished;
            }
            if found.iter().any(|m| near(m.theta, theta)) {
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
/// gradient step with backtracking, for at most `iterations` steps. The
/// point it settles at, if that is a minimum with finite coordinates.
fn descend(
    objective: &dyn Objective,
    batch: Batch,
    start: Params,
    iterations: usize,
) -> Option<Params> {
    let mut t = start;
    let mut here = objective.evaluate(t, batch);
    for _ in 0..iterations {
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
