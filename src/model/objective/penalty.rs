//! Penalties: the loss plus a price on large coefficients.
//!
//! ```text
//! L2:  L(t) + (lambda / 2) sum_k t_k^2      over the penalised parameters
//! L1:  L(t) + lambda sum_k |t_k|
//! ```
//!
//! The intercept is never penalised (for b0 + b1 x only b1 is; models
//! without an intercept have both parameters penalised). L2 is smooth and
//! simply adds to the gradient and Hessian. L1 is not: gradient methods
//! take their step on the smooth part and then the proximal step of
//! lambda |t_k|, soft-thresholding, which can set a coefficient exactly to
//! zero. Its minimum is found exactly: either the penalised coefficients sit
//! at zero (when the smooth gradient there is within lambda), or the
//! minimum of the smooth loss plus lambda s t_k for the sign s it has.

use super::Minimum;
use super::{newton_minimum, Axes, Batch, Evaluation, Objective};
use crate::model::window::Window;
use crate::model::{Hessian, Params};

/// The kind of penalty.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Penalty {
    /// No penalty.
    #[default]
    None,
    /// Ridge: (lambda / 2) |t|^2.
    L2,
    /// Lasso: lambda |t|.
    L1,
}

impl Penalty {
    /// The name used in URLs and the API.
    pub fn key(self) -> &'static str {
        match self {
            Penalty::None => "none",
            Penalty::L2 => "l2",
            Penalty::L1 => "l1",
        }
    }
}

/// An objective with a penalty on some of its parameters.
pub struct Penalised {
    inner: Box<dyn Objective>,
    penalty: Penalty,
    lambda: f64,
    /// Which parameters are penalised.
    mask: [bool; 2],
}

impl Penalised {
    /// `inner` plus `penalty` of strength `lambda` on the parameters `mask` marks.
    pub fn new(inner: Box<dyn Objective>, penalty: Penalty, lambda: f64, mask: [bool; 2]) -> Self {
        Penalised {
            inner,
            penalty,
            lambda,
            mask,
        }
    }

    /// The penalty's value at `t`.
    pub fn price(&self, t: Params) -> f64 {
        let l = self.lambda;
        (0..2)
            .filter(|&k| self.mask[k])
            .map(|k| match self.penalty {
                Penalty::None => 0.0,
                Penalty::L2 => 0.5 * l * t[k] * t[k],
                Penalty::L1 => l * t[k].abs(),
            })
            .sum()
    }

    /// The smooth part's objective: the loss plus L2 (L1 is left to prox).
    fn smooth(&self, t: Params, batch: Batch) -> Evaluation {
        let mut e = self.inner.evaluate(t, batch);
        if self.penalty == Penalty::L2 {
            for (k, &tk) in t.iter().enumerate().filter(|&(k, _)| self.mask[k]) {
                e.loss += 0.5 * self.lambda * tk * tk;
                e.gradient[k] += self.lambda * tk;
            }
        }
        e
    }

    /// The exact minimiser with L1 (see the module docs): every pattern of
    /// signs of the penalised coefficients (-1, 0 or +1; 0 pins it at zero),
    /// the smooth loss plus lambda s . t minimised over the rest, kept if
    /// the signs came out as assumed; the lowest objective wins. The loss
    /// is convex, so the true minimum is one of these.
    fn l1_minimum(&self, batch: Batch) -> Option<Params> {
        let options = |k: usize| -> &'static [f64] {
            if self.mask[k] {
                &[-1.0, 0.0, 1.0]
            } else {
                &[f64::NAN] // free: neither pinned nor signed
            }
        };
        let mut best: Option<(Params, f64)> = None;
        for &s0 in options(0) {
            for &s1 in options(1) {
                let signs = [s0, s1];
                let pinned = signs.map(|s| s == 0.0);
                let tilted = Tilted {
                    inner: self.inner.as_ref(),
                    slope: signs.map(|s| if s.is_nan() { 0.0 } else { self.lambda * s }),
                };
                let Some(t) = restricted_newton(&tilted, batch, pinned) else {
                    continue;
                };
                let kept =
                    (0..2).all(|k| signs[k].is_nan() || signs[k] == 0.0 || t[k] * signs[k] > 0.0);
                let value = self.loss(t, batch);
                if kept && value.is_finite() && best.is_none_or(|(_, v)| value < v) {
                    best = Some((t, value));
                }
            }
        }
        best.map(|(t, _)| t)
    }
}

/// Newton's method with backtracking over the parameters not `pinned` (the
/// pinned ones stay at zero), from the origin; `None` if it fails.
fn restricted_newton(objective: &dyn Objective, batch: Batch, pinned: [bool; 2]) -> Option<Params> {
    let free: Vec<usize> = (0..2).filter(|&k| !pinned[k]).collect();
    match free.len() {
        0 => Some([0.0, 0.0]),
        2 => newton_minimum(objective, batch, 0.0),
        _ => {
            let k = free[0];
            let mut t = [0.0, 0.0];
            let mut value = objective.loss(t, batch);
            for _ in 0..100 {
                let g = objective.gradient(t, batch)[k];
                let h = objective.hessian(t, batch)[k][k];
                if g.abs() < 1e-14 {
                    break;
                }
                if h.is_nan() || h <= 1e-300 {
                    return None;
                }
                let mut fraction = 1.0;
                loop {
                    let mut next = t;
                    next[k] -= fraction * g / h;
                    let next_value = objective.loss(next, batch);
                    if next_value <= value {
                        t = next;
                        value = next_value;
                        break;
                    }
                    fraction *= 0.5;
                    if fraction < 1e-10 {
                        return Some(t);
                    }
                }
            }
            t.iter().all(|v| v.is_finite()).then_some(t)
        }
    }
}

/// The smooth loss plus a linear term: L(t) + slope . t.
struct Tilted<'a> {
    inner: &'a dyn Objective,
    slope: Params,
}

impl Objective for Tilted<'_> {
    fn len(&self) -> usize {
        self.inner.len()
    }
    fn axes(&self) -> Axes {
        self.inner.axes()
    }
    fn evaluate(&self, t: Params, batch: Batch) -> Evaluation {
        let mut e = self.inner.evaluate(t, batch);
        e.loss += self.slope[0] * t[0] + self.slope[1] * t[1];
        e.gradient = [e.gradient[0] + self.slope[0], e.gradient[1] + self.slope[1]];
        e
    }
    fn hessian(&self, t: Params, batch: Batch) -> Hessian {
        self.inner.hessian(t, batch)
    }
    fn cell_cost(&self) -> f64 {
        self.inner.cell_cost()
    }

    fn convex(&self) -> bool {
        self.inner.convex()
    }
    fn curve(&self, t: Params, x: f64) -> f64 {
        self.inner.curve(t, x)
    }
}

impl Objective for Penalised {
    fn len(&self) -> usize {
        self.inner.len()
    }

    fn axes(&self) -> Axes {
        self.inner.axes()
    }

    /// The loss with the whole penalty; the gradient of its smooth part
    /// (with L1 the kink is the proximal step's).
    fn evaluate(&self, t: Params, batch: Batch) -> Evaluation {
        let mut e = self.smooth(t, batch);
        if self.penalty == Penalty::L1 {
            e.loss += self.price(t);
        }
        e
    }

    fn hessian(&self, t: Params, batch: Batch) -> Hessian {
        let mut h = self.inner.hessian(t, batch);
        if self.penalty == Penalty::L2 {
            for (k, row) in h.iter_mut().enumerate().filter(|&(k, _)| self.mask[k]) {
                row[k] += self.lambda;
            }
        }
        h
    }

    /// Soft-thresholding: each penalised coefficient moves `step * lambda`
    /// towards zero, and stops there.
    fn prox(&self, t: Params, step: f64) -> Params {
        if self.penalty != Penalty::L1 {
            return self.inner.prox(t, step);
        }
        let shrink = step * self.lambda;
        let mut out = t;
        for k in 0..2 {
            if self.mask[k] {
                out[k] = t[k].signum() * (t[k].abs() - shrink).max(0.0);
            }
        }
        out
    }

    fn grid(&self, batch: Batch, window: Window, g: usize, out: &mut Vec<f64>) {
        self.inner.grid(batch, window, g, out);
        for j in 0..g {
            for i in 0..g {
                out[j * g + i] += self.price([window.b0_at(i, g), window.b1_at(j, g)]);
            }
        }
    }

    fn cell_cost(&self) -> f64 {
        self.inner.cell_cost()
    }

    fn convex(&self) -> bool {
        self.inner.convex()
    }

    fn optimum(&self, batch: Batch) -> Option<Params> {
        match self.penalty {
            Penalty::None => self.inner.optimum(batch),
            // L2 makes a convex loss strictly convex: one minimum, always.
            Penalty::L2 if self.inner.convex() => newton_minimum(self, batch, 0.0),
            Penalty::L1 if self.inner.convex() => self.l1_minimum(batch),
            _ => self.minima(batch).first().map(|m| m.theta),
        }
    }

    fn minima(&self, batch: Batch) -> Vec<Minimum> {
        if self.inner.convex() || self.penalty == Penalty::None {
            return self
                .optimum(batch)
                .map(|theta| Minimum {
                    theta,
                    loss: self.loss(theta, batch),
                })
                .into_iter()
                .collect();
        }
        super::minima::find(self, batch, Window::new((-8.0, 8.0), (-8.0, 8.0)))
    }

    fn curve(&self, t: Params, x: f64) -> f64 {
        self.inner.curve(t, x)
    }
}
