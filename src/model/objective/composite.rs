//! Objectives built from a model and a loss, for the lecture's non-convex
//! scene: squared error on the sigmoid's output, and a network with one
//! hidden unit.
//!
//! Each point's loss is a function of one number, the model's logit z:
//!
//! ```text
//! L_i = l(z_i, y_i),   z_i = z(theta, x_i)
//! dL_i/dtheta   = l'(z) grad z
//! d2L_i/dtheta2 = l''(z) grad z grad z^T + l'(z) Hess z
//! ```
//!
//! so a model says z, its gradient and Hessian in theta, and a loss says l,
//! l' and l'' in z; every pair composes. The logistic model with the NLL has
//! its own faster implementation ([`super::LogisticNll`]).

use super::float::renormalise;
use super::logistic::exp_nonpositive;
use super::minima;
use super::Minimum;
use super::{newton_minimum, Axes, Batch, Evaluation, Objective};
use crate::model::window::Window;
use crate::model::{Hessian, Params};

/// What p is, as a function of the parameters and the feature.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Model {
    /// p = sigma(b0 + b1 x): logistic regression with an intercept.
    InterceptSlope,
    /// p = sigma(w1 x1 + w2 x2): two features, no intercept.
    TwoFeatures,
    /// p = sigma(w2 tanh(w1 x + c) + d): one hidden unit, with the
    /// constants c and d fixed so the plane is (w1, w2).
    HiddenUnit {
        /// The hidden unit's bias.
        c: f64,
        /// The output's bias.
        d: f64,
    },
}

/// How far p is from the label.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Loss {
    /// Negative log-likelihood (cross-entropy): -[y log p + (1 - y) log(1 - p)].
    Nll,
    /// Squared error (p - y)^2.
    Squared,
}

/// z, its gradient and its Hessian in the parameters, at one point.
#[derive(Clone, Copy, Debug)]
pub struct Logit {
    /// The logit z.
    pub z: f64,
    /// dz/dtheta.
    pub gradient: Params,
    /// d2z/dtheta2.
    pub hessian: Hessian,
}

impl Model {
    /// The hidden unit of the lecture's non-convex scene: with c = -0.5 and
    /// d = 0.5 its NLL on the overlap data has two minima with different
    /// losses, both in view, (0.40, 2.04) with 0.501 and (-1.03, -1.61)
    /// with 0.538 (and two on the standardised breast-cancer data); c = d =
    /// 0 would be symmetric, with its minima off at infinity. Tested.
    pub const HIDDEN: Model = Model::HiddenUnit { c: -0.5, d: 0.5 };

    /// Where a run on this model starts unless told otherwise, if not at
    /// the data set's start: for the hidden unit, a start whose descent
    /// falls into the local minimum, not the global one.
    pub fn default_start(self) -> Option<Params> {
        match self {
            Model::InterceptSlope | Model::TwoFeatures => None,
            Model::HiddenUnit { .. } => Some([-2.0, 3.0]),
        }
    }

    /// The logit at a point with features (`x1`, `x`) and parameters `t`,
    /// and its derivatives. Models with one feature read only `x` (for
    /// them `x1` is 1, the intercept's feature).
    pub fn logit(self, t: Params, x1: f64, x: f64) -> Logit {
        match self {
            Model::InterceptSlope | Model::TwoFeatures => Logit {
                z: t[0] * x1 + t[1] * x,
                gradient: [x1, x],
                hessian: [[0.0, 0.0], [0.0, 0.0]],
            },
            Model::HiddenUnit { c, d } => {
                let h = (t[0] * x + c).tanh();
                let slope = 1.0 - h * h; // tanh' = 1 - tanh^2
                Logit {
                    z: t[1] * h + d,
                    gradient: [t[1] * slope * x, h],
                    hessian: [
                        [t[1] * (-2.0 * h * slope) * x * x, slope * x],
                        [slope * x, 0.0],
                    ],
                }
            }
        }
    }

    /// The logit and its gradient only (what an evaluation pass needs).
    #[inline]
    pub fn logit_gradient(self, t: Params, x1: f64, x: f64) -> (f64, Params) {
        match self {
            Model::InterceptSlope | Model::TwoFeatures => (t[0] * x1 + t[1] * x, [x1, x]),
            Model::HiddenUnit { c, d } => {
                let h = (t[0] * x + c).tanh();
                (t[1] * h + d, [t[1] * (1.0 - h * h) * x, h])
            }
        }
    }

    /// The parameters' names.
    pub fn axes(self) -> Axes {
        match self {
            Model::InterceptSlope => Axes {
                symbols: ["b0", "b1"],
                titles: ["b0 (intercept)", "b1 (slope)"],
            },
            Model::HiddenUnit { .. } => Axes {
                symbols: ["w1", "w2"],
                titles: ["w1 (input to hidden)", "w2 (hidden to output)"],
            },
            Model::TwoFeatures => Axes {
                symbols: ["w1", "w2"],
                titles: ["w1 (weight of x1)", "w2 (weight of x2)"],
            },
        }
    }
}

/// l, dl/dz and d2l/dz2 at logit `z` for label `y`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct PointLoss {
    /// The loss.
    pub value: f64,
    /// Its first derivative in z.
    pub first: f64,
    /// Its second derivative in z.
    pub second: f64,
}

impl Loss {
    /// The name used in URLs and the API.
    pub fn key(self) -> &'static str {
        match self {
            Loss::Nll => "nll",
            Loss::Squared => "squared",
        }
    }

    /// The loss alone of one point with logit `z` and label `y`.
    #[inline]
    pub fn value(self, z: f64, y: f64) -> f64 {
        let s = if y == 1.0 { -1.0 } else { 1.0 };
        let u = s * z;
        let e = (-u.abs()).exp();
        match self {
            Loss::Nll => u.max(0.0) + e.ln_1p(),
            Loss::Squared => {
                // p - y = s sigma(u).
                let residual = if u >= 0.0 { 1.0 } else { e } / (1.0 + e);
                residual * residual
            }
        }
    }

    /// The loss of one point with logit `z` and label `y`, computed without
    /// overflow or cancellation (p - y and p (1 - p) from e^-|z|).
    pub fn at(self, z: f64, y: f64) -> PointLoss {
        let e = (-z.abs()).exp();
        // p (1 - p) = e / (1 + e)^2; p - y = s sigma(s z) with s = 1 - 2y.
        let spread = e / ((1.0 + e) * (1.0 + e));
        let s = if y == 1.0 { -1.0 } else { 1.0 };
        let u = s * z;
        let residual = s * if u >= 0.0 { 1.0 } else { e } / (1.0 + e);
        match self {
            Loss::Nll => PointLoss {
                // softplus(u), sharing e = e^-|z| = e^-|u|.
                value: u.max(0.0) + e.ln_1p(),
                first: residual,
                second: spread,
            },
            Loss::Squared => {
                let p = if z >= 0.0 { 1.0 } else { e } / (1.0 + e);
                PointLoss {
                    value: residual * residual,
                    first: 2.0 * residual * spread,
                    second: 2.0 * spread * spread + 2.0 * residual * spread * (1.0 - 2.0 * p),
                }
            }
        }
    }
}

/// The summed NLL of points with logits z_k = p1 a_k + b_k: softplus(u_k)
/// = max(u_k, 0) + log(1 + e^-|u_k|), the logarithms taken once as the
/// log of a product renormalised every 512 points (each factor is at most
/// 2), as the logistic loss's own evaluation does. One exponential per
/// point and cell; exact to about 1e-14.
fn nll_sum(linear: &[(f64, f64, f64)], p1: f64) -> f64 {
    // Four points side by side (independent sums that overlap and vectorise).
    const LANES: usize = 4;
    let mut plain = [0.0; LANES];
    let mut product = [1.0f64; LANES];
    let mut exponent = [0.0f64; LANES];
    // A point's max(u, 0) and 1 + e^-|u|.
    let term = |&(a, b, y): &(f64, f64, f64)| {
        let s = if y == 1.0 { -1.0 } else { 1.0 };
        let u = s * (p1 * a + b);
        (
            if u > 0.0 { u } else { 0.0 },
            1.0 + exp_nonpositive(-u.abs()),
        )
    };
    for chunk in linear.chunks(512 * LANES) {
        let mut sets = chunk.chunks_exact(LANES);
        for set in &mut sets {
            for lane in 0..LANES {
                let (max, factor) = term(&set[lane]);
                plain[lane] += max;
                product[lane] *= factor;
            }
        }
        for (lane, point) in sets.remainder().iter().enumerate() {
            let (max, factor) = term(point);
            plain[lane] += max;
            product[lane] *= factor;
        }
        renormalise(&mut product, &mut exponent);
    }
    plain.iter().sum::<f64>()
        + product.iter().map(|p| p.ln()).sum::<f64>()
        + exponent.iter().sum::<f64>() * std::f64::consts::LN_2
}

/// The summed squared error (p_k - y_k)^2 of points with logits
/// z_k = p1 a_k + b_k, with p - y = s sigma(s z) from the branch-free
/// exponential, four points side by side as in [`nll_sum`].
fn squared_sum(linear: &[(f64, f64, f64)], p1: f64) -> f64 {
    const LANES: usize = 4;
    let term = |&(a, b, y): &(f64, f64, f64)| {
        let s = if y == 1.0 { -1.0 } else { 1.0 };
        let u = s * (p1 * a + b);
        let e = exp_nonpositive(-u.abs());
        let residual = if u >= 0.0 { 1.0 } else { e } / (1.0 + e);
        residual * residual
    };
    let mut sums = [0.0; LANES];
    let mut sets = linear.chunks_exact(LANES);
    for set in &mut sets {
        for lane in 0..LANES {
            sums[lane] += term(&set[lane]);
        }
    }
    for (lane, point) in sets.remainder().iter().enumerate() {
        sums[lane] += term(point);
    }
    sums.iter().sum()
}

/// A mean loss over one-feature data, from a model and a loss.
#[derive(Clone, Debug)]
pub struct Composite {
    /// The first parameter's feature for two-feature models (else 1).
    first: Option<Vec<f64>>,
    x: Vec<f64>,
    y: Vec<f64>,
    model: Model,
    loss: Loss,
    /// Where minima are searched for.
    search: Window,
}

impl Composite {
    /// The loss `loss` of `model` on the points (`x`, `y`), its minima
    /// searched for over `search`.
    pub fn new(x: Vec<f64>, y: Vec<f64>, model: Model, loss: Loss, search: Window) -> Self {
        Composite {
            first: None,
            x,
            y,
            model,
            loss,
            search,
        }
    }

    /// The same with `first` as the first parameter's feature (x1 of the
    /// two-feature model; `x` is then x2).
    pub fn with_first(self, first: Vec<f64>) -> Self {
        Composite {
            first: Some(first),
            ..self
        }
    }

    /// The model.
    pub fn model(&self) -> Model {
        self.model
    }

    /// The loss.
    pub fn loss_kind(&self) -> Loss {
        self.loss
    }

    /// Calls `f(x1, x, y)` for each point of `batch` (x1 = 1 without a first feature).
    #[inline]
    fn for_each(&self, batch: Batch, mut f: impl FnMut(f64, f64, f64)) {
        let x1 = |i: usize| self.first.as_ref().map_or(1.0, |v| v[i]);
        match batch {
            Batch::All => (0..self.x.len()).for_each(|i| f(x1(i), self.x[i], self.y[i])),
            Batch::Points(points) => points.iter().for_each(|&i| f(x1(i), self.x[i], self.y[i])),
        }
    }
}

impl Objective for Composite {
    fn len(&self) -> usize {
        self.x.len()
    }

    fn axes(&self) -> Axes {
        self.model.axes()
    }

    fn evaluate(&self, t: Params, batch: Batch) -> Evaluation {
        let (mut loss, mut g) = (0.0, [0.0, 0.0]);
        self.for_each(batch, |x1, x, y| {
            let (z, dz) = self.model.logit_gradient(t, x1, x);
            let l = self.loss.at(z, y);
            loss += l.value;
            g[0] += l.first * dz[0];
            g[1] += l.first * dz[1];
        });
        let n = batch.len(self.len()).max(1) as f64;
        Evaluation {
            loss: loss / n,
            gradient: [g[0] / n, g[1] / n],
        }
    }

    fn hessian(&self, t: Params, batch: Batch) -> Hessian {
        let mut h = [[0.0; 2]; 2];
        self.for_each(batch, |x1, x, y| {
            let logit = self.model.logit(t, x1, x);
            let l = self.loss.at(logit.z, y);
            for (i, row) in h.iter_mut().enumerate() {
                for (j, cell) in row.iter_mut().enumerate() {
                    *cell += l.second * logit.gradient[i] * logit.gradient[j]
                        + l.first * logit.hessian[i][j];
                }
            }
        });
        let n = batch.len(self.len()).max(1) as f64;
        h.map(|row| row.map(|v| v / n))
    }

    /// The loss on a grid, column by column: along a column the first
    /// parameter is fixed, so each point's logit is linear in the second,
    /// z = p1 a_k + b_k (for the linear models a_k = x_k and b_k = p0 x1_k;
    /// for the hidden unit a_k = tanh(w1 x_k + c) and
    /// b_k = d: one tanh per column and point, not per cell and point),
    /// and only the loss itself is needed, not its gradient.
    fn grid(&self, batch: Batch, window: Window, g: usize, out: &mut Vec<f64>) {
        let mut points: Vec<(f64, f64, f64)> = Vec::with_capacity(batch.len(self.len()));
        self.for_each(batch, |x1, x, y| points.push((x1, x, y)));
        let n = points.len().max(1) as f64;
        out.clear();
        out.resize(g * g, 0.0);
        let mut linear: Vec<(f64, f64, f64)> = Vec::with_capacity(points.len());
        for i in 0..g {
            let p0 = window.b0_at(i, g);
            linear.clear();
            linear.extend(points.iter().map(|&(x1, x, y)| match self.model {
                Model::InterceptSlope | Model::TwoFeatures => (x, p0 * x1, y),
                Model::HiddenUnit { c, d } => ((p0 * x + c).tanh(), d, y),
            }));
            for j in 0..g {
                let p1 = window.b1_at(j, g);
                let sum = match self.loss {
                    Loss::Nll => nll_sum(&linear, p1),
                    Loss::Squared => squared_sum(&linear, p1),
                };
                out[j * g + i] = sum / n;
            }
        }
    }

    /// The column-by-column grid: one branch-free exponential per cell and
    /// point, measured 5.8 ns (200 x 200 over 100 points, either loss).
    fn cell_cost(&self) -> f64 {
        6.0
    }

    fn convex(&self) -> bool {
        self.model == Model::InterceptSlope && self.loss == Loss::Nll
    }

    fn optimum(&self, batch: Batch) -> Option<Params> {
        if self.convex() {
            return newton_minimum(self, batch, 0.0);
        }
        minima::find(self, batch, self.search)
            .first()
            .map(|m| m.theta)
    }

    fn minima(&self, batch: Batch) -> Vec<Minimum> {
        minima::find(self, batch, self.search)
    }

    fn curve(&self, t: Params, x: f64) -> f64 {
        super::sigmoid(self.model.logit(t, 1.0, x).z)
    }

    fn probability(&self, t: Params, point: [f64; 2]) -> f64 {
        let z = match self.model {
            Model::TwoFeatures => self.model.logit(t, point[0], point[1]).z,
            _ => self.model.logit(t, 1.0, point[0]).z,
        };
        super::sigmoid(z)
    }
}
