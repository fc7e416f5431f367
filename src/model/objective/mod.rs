//! Objectives: the loss a run minimises, over a plane of two parameters.
//!
//! Everything that runs, landscapes and the data view need from a loss goes
//! through the [`Objective`] trait: its value, gradient and Hessian on all
//! the points or on a batch, its proximal step (for penalties), the loss on
//! a grid of the plane, and whether it is convex. The mean logistic
//! negative log-likelihood, [`LogisticNll`], is the first implementation;
//! others (squared error, a hidden unit, two features) slot in beside it.

mod composite;
pub mod float;
pub mod graph;
pub mod grid;
mod logistic;
pub mod minima;
pub mod penalty;

pub use composite::{Composite, Logit, Loss, Model, PointLoss};
pub use float::{sigmoid, softplus};
pub use logistic::LogisticNll;
pub use penalty::{Penalised, Penalty};

use super::window::Window;
use super::{Hessian, Params};

/// A local minimum.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Minimum {
    /// Where it is.
    pub theta: Params,
    /// The loss there.
    pub loss: f64,
}

/// Which points a loss is taken over.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Batch<'a> {
    /// Every point: the full loss L.
    All,
    /// The points these indices list (a repeat counts twice): the batch loss L_k.
    Points(&'a [usize]),
}

impl Batch<'_> {
    /// How many points the batch holds, out of `n`.
    pub fn len(&self, n: usize) -> usize {
        match self {
            Batch::All => n,
            Batch::Points(points) => points.len(),
        }
    }
}

/// A loss and its gradient at one point of the plane, from one pass over
/// the points.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Evaluation {
    /// The mean loss.
    pub loss: f64,
    /// Its gradient.
    pub gradient: Params,
}

/// Names of the two parameters on the plane, for axes and words.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Axes {
    /// Short symbols, e.g. `["b0", "b1"]`.
    pub symbols: [&'static str; 2],
    /// Axis titles, e.g. `["b0 (intercept)", "b1 (slope)"]`.
    pub titles: [&'static str; 2],
}

/// A loss over the parameter plane, as a mean over the data's points.
///
/// A mean rather than a sum, so that one learning rate means the same for
/// every data size and batch size.
pub trait Objective {
    /// The number of data points, N.
    fn len(&self) -> usize;

    /// True when there are no points.
    fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The names of the two parameters.
    fn axes(&self) -> Axes;

    /// The loss and its gradient at `t` over `batch`, in one pass.
    fn evaluate(&self, t: Params, batch: Batch) -> Evaluation;

    /// The loss at `t` over `batch`.
    fn loss(&self, t: Params, batch: Batch) -> f64 {
        self.evaluate(t, batch).loss
    }

    /// The gradient at `t` over `batch`.
    fn gradient(&self, t: Params, batch: Batch) -> Params {
        self.evaluate(t, batch).gradient
    }

    /// The 2 x 2 Hessian at `t` over `batch`.
    fn hessian(&self, t: Params, batch: Batch) -> Hessian;

    /// The proximal step of the penalty's non-smooth part with step size
    /// `step` (the identity when there is none, as here; an L1 penalty
    /// shrinks towards zero).
    fn prox(&self, t: Params, step: f64) -> Params {
        let _ = step;
        t
    }

    /// The loss over `batch` on a `g` x `g` grid over `window`, row by row
    /// (row j has the j-th second parameter, rising; column i the i-th
    /// first parameter, rising), written into `out`. The default evaluates
    /// every cell directly; objectives with a faster way override it.
    fn grid(&self, batch: Batch, window: Window, g: usize, out: &mut Vec<f64>) {
        out.clear();
        for j in 0..g {
            for i in 0..g {
                out.push(self.loss([window.b0_at(i, g), window.b1_at(j, g)], batch));
            }
        }
    }

    /// Roughly the nanoseconds [`Objective::grid`] spends per grid cell and
    /// point in the browser, so a surface can be sized to a time budget
    /// (see [`crate::model::surface::grid_size`]). The default, a direct
    /// evaluation per cell, costs an exponential and a logarithm or more.
    fn cell_cost(&self) -> f64 {
        15.0
    }

    /// True when the loss is convex, so any minimum found is the global one.
    fn convex(&self) -> bool;

    /// The minimiser of the loss over `batch`, or `None` when it has none
    /// (the loss keeps falling towards infinity) or none could be found.
    fn optimum(&self, batch: Batch) -> Option<Params> {
        newton_minimum(self, batch, 0.0)
    }

    /// The local minima over `batch`, lowest first. A convex loss has at
    /// most one (its optimum); others search the plane.
    fn minima(&self, batch: Batch) -> Vec<Minimum> {
        self.optimum(batch)
            .map(|theta| Minimum {
                theta,
                loss: self.loss(theta, batch),
            })
            .into_iter()
            .collect()
    }

    /// The model's prediction p at feature value `x` with parameters `t`,
    /// for the data view's fitted curve.
    fn curve(&self, t: Params, x: f64) -> f64;

    /// The model's p at a point with features `point` (the second unused
    /// by one-feature models), for the two-feature data view's shading.
    fn probability(&self, t: Params, point: [f64; 2]) -> f64 {
        self.curve(t, point[0])
    }
}

/// The two eigenvalues of a symmetric 2 x 2 matrix, largest first.
pub fn eigenvalues(h: &Hessian) -> [f64; 2] {
    let [[a, b], [_, c]] = *h;
    let mean = 0.5 * (a + c);
    let radius = (0.5 * (a - c)).hypot(b);
    [mean + radius, mean - radius]
}

/// The minimiser of L(t) + ridge/2 |t|^2 over `batch`, by Newton's method
/// with a backtracking line search from the origin; `None` if the Hessian
/// turns singular or the iterates stop being finite.
pub fn newton_minimum<O: Objective + ?Sized>(
    objective: &O,
    batch: Batch,
    ridge: f64,
) -> Option<Params> {
    let value = |t: Params| objective.loss(t, batch) + 0.5 * ridge * (t[0] * t[0] + t[1] * t[1]);
    let mut t = [0.0, 0.0];
    let mut loss = value(t);
    for _ in 0..100 {
        let g = objective.gradient(t, batch);
        let g = [g[0] + ridge * t[0], g[1] + ridge * t[1]];
        if g[0].hypot(g[1]) < 1e-13 {
            return Some(t);
        }
        let [[h00, h01], [_, h11]] = objective.hessian(t, batch);
        let (h00, h11) = (h00 + ridge, h11 + ridge);
        let det = h00 * h11 - h01 * h01;
        if det.is_nan() || det <= 1e-300 {
            return None;
        }
        let step = [
            (h11 * g[0] - h01 * g[1]) / det,
            (h00 * g[1] - h01 * g[0]) / det,
        ];
        let mut fraction = 1.0;
        loop {
            let next = [t[0] - fraction * step[0], t[1] - fraction * step[1]];
            let next_loss = value(next);
            if next_loss <= loss {
                t = next;
                loss = next_loss;
                break;
            }
            fraction *= 0.5;
            if fraction < 1e-10 {
                // No descent left at machine precision: t is the optimum.
                return Some(t);
            }
        }
        // Newton converges quadratically: once a step is at rounding
        // level, the next gradient is rounding noise too. Stop here.
        let moved = fraction * step[0].hypot(step[1]);
        if moved <= 1e-14 * (1.0 + t[0].hypot(t[1])) {
            return Some(t);
        }
    }
    Some(t).filter(|t| t[0].is_finite() && t[1].is_finite())
}
