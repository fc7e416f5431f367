//! The loss on the parameter plane: mean negative log-likelihood of logistic
//! regression with one feature.
//!
//! For points (x_i, y_i), y_i in {0, 1}, and parameters b = (b0, b1):
//!
//! ```text
//! z_i = b0 + b1 x_i,    p_i = sigma(z_i) = 1 / (1 + e^(-z_i))
//! L_i = -[y_i log p_i + (1 - y_i) log(1 - p_i)] = softplus(z_i) - y_i z_i
//! L   = (1/|B|) sum_{i in B} L_i          (a mean, so the learning rate means
//!                                          the same for every batch size)
//! dL/db = (1/|B|) sum (p_i - y_i) [1, x_i]
//! d2L/db2 = (1/|B|) sum p_i (1 - p_i) [[1, x_i], [x_i, x_i^2]]
//! ```
//!
//! `softplus(z) = max(z, 0) + log1p(exp(-|z|))` never overflows, so the loss
//! is finite for every finite b. Since softplus(z) - z = softplus(-z), a point
//! with y = 1 costs softplus(-z): no cancellation even where the loss is tiny.

use super::data::Dataset;
use super::Params;

/// softplus(z) = log(1 + e^z), computed without overflow or cancellation.
pub fn softplus(z: f64) -> f64 {
    z.max(0.0) + (-z.abs()).exp().ln_1p()
}

/// The logistic function 1 / (1 + e^-z), computed without overflow.
pub fn sigmoid(z: f64) -> f64 {
    if z >= 0.0 {
        1.0 / (1.0 + (-z).exp())
    } else {
        let e = z.exp();
        e / (1.0 + e)
    }
}

/// The loss of one point, softplus(z) - y z, written for y in {0, 1} as
/// softplus(z) (y = 0) or softplus(-z) (y = 1): the same value without the
/// cancellation of subtracting z from softplus(z) when z is large.
fn point_loss(z: f64, y: f64) -> f64 {
    if y == 1.0 {
        softplus(-z)
    } else {
        softplus(z)
    }
}

/// Mean logistic negative log-likelihood over a one-feature data set.
#[derive(Clone, Debug)]
pub struct LogisticNll {
    x: Vec<f64>,
    y: Vec<f64>,
}

/// A 2 x 2 symmetric matrix `[[a, b], [b, c]]`.
pub type Hessian = [[f64; 2]; 2];

impl LogisticNll {
    /// The loss of `data`.
    pub fn new(data: &Dataset) -> Self {
        LogisticNll {
            x: data.x.clone(),
            y: data.y.clone(),
        }
    }

    /// The loss of just the points `batch` lists (repeats count twice): the
    /// batch loss L_k as an objective of its own.
    pub fn subset(&self, batch: &[usize]) -> LogisticNll {
        LogisticNll {
            x: batch.iter().map(|&i| self.x[i]).collect(),
            y: batch.iter().map(|&i| self.y[i]).collect(),
        }
    }

    /// The number of points, N.
    pub fn len(&self) -> usize {
        self.x.len()
    }

    /// True when there are no points.
    pub fn is_empty(&self) -> bool {
        self.x.is_empty()
    }

    /// The feature values.
    pub fn x(&self) -> &[f64] {
        &self.x
    }

    /// The labels.
    pub fn y(&self) -> &[f64] {
        &self.y
    }

    fn z(&self, b: Params, i: usize) -> f64 {
        b[0] + b[1] * self.x[i]
    }

    /// The full loss L(b), the mean over all points.
    pub fn loss(&self, b: Params) -> f64 {
        (0..self.len())
            .map(|i| point_loss(self.z(b, i), self.y[i]))
            .sum::<f64>()
            / self.len() as f64
    }

    /// The loss of a batch: the mean over the points `batch` lists.
    pub fn batch_loss(&self, b: Params, batch: &[usize]) -> f64 {
        batch
            .iter()
            .map(|&i| point_loss(self.z(b, i), self.y[i]))
            .sum::<f64>()
            / batch.len() as f64
    }

    /// The gradient of the full loss.
    pub fn gradient(&self, b: Params) -> Params {
        self.mean_gradient(b, 0..self.len(), self.len())
    }

    /// The gradient of a batch's loss.
    pub fn batch_gradient(&self, b: Params, batch: &[usize]) -> Params {
        self.mean_gradient(b, batch.iter().copied(), batch.len())
    }

    fn mean_gradient(&self, b: Params, points: impl Iterator<Item = usize>, n: usize) -> Params {
        let mut g = [0.0, 0.0];
        for i in points {
            let residual = sigmoid(self.z(b, i)) - self.y[i];
            g[0] += residual;
            g[1] += residual * self.x[i];
        }
        [g[0] / n as f64, g[1] / n as f64]
    }

    /// The Hessian of the full loss (positive semi-definite: the loss is convex).
    pub fn hessian(&self, b: Params) -> Hessian {
        let (mut a, mut c, mut d) = (0.0, 0.0, 0.0);
        for i in 0..self.len() {
            let p = sigmoid(self.z(b, i));
            let w = p * (1.0 - p);
            a += w;
            c += w * self.x[i];
            d += w * self.x[i] * self.x[i];
        }
        let n = self.len() as f64;
        [[a / n, c / n], [c / n, d / n]]
    }

    /// The minimiser of the full loss, found by Newton's method, or `None`
    /// when there is none: separable data, whose loss keeps falling as the
    /// parameters run off to infinity.
    pub fn optimum(&self) -> Option<Params> {
        if super::data::is_separable(&self.x, &self.y) {
            return None;
        }
        self.newton(0.0)
    }

    /// The minimiser of L(b) + ridge/2 |b|^2. With `ridge > 0` it always
    /// exists: on separable data it marks the direction the path heads in.
    pub fn regularized_optimum(&self, ridge: f64) -> Option<Params> {
        self.newton(ridge)
    }

    /// Newton's method with a backtracking line search from the origin.
    fn newton(&self, ridge: f64) -> Option<Params> {
        let objective = |b: Params| self.loss(b) + 0.5 * ridge * (b[0] * b[0] + b[1] * b[1]);
        let mut b = [0.0, 0.0];
        let mut loss = objective(b);
        for _ in 0..100 {
            let g = self.gradient(b);
            let g = [g[0] + ridge * b[0], g[1] + ridge * b[1]];
            if g[0].hypot(g[1]) < 1e-13 {
                return Some(b);
            }
            let [[h00, h01], [_, h11]] = self.hessian(b);
            let (h00, h11) = (h00 + ridge, h11 + ridge);
            let det = h00 * h11 - h01 * h01;
            if det.is_nan() || det <= 1e-300 {
                return None;
            }
            let step = [
                (h11 * g[0] - h01 * g[1]) / det,
                (h00 * g[1] - h01 * g[0]) / det,
            ];
            let mut t = 1.0;
            loop {
                let next = [b[0] - t * step[0], b[1] - t * step[1]];
                let next_loss = objective(next);
                if next_loss <= loss {
                    b = next;
                    loss = next_loss;
                    break;
                }
                t *= 0.5;
                if t < 1e-10 {
                    // No descent left at machine precision: b is the optimum.
                    return Some(b);
                }
            }
            // Newton converges quadratically: once a step is at rounding
            // level, the next gradient is rounding noise too. Stop here.
            let moved = t * step[0].hypot(step[1]);
            if moved <= 1e-14 * (1.0 + b[0].hypot(b[1])) {
                return Some(b);
            }
        }
        Some(b).filter(|b| b[0].is_finite() && b[1].is_finite())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn softplus_is_stable_at_extremes() {
        assert_eq!(softplus(1000.0), 1000.0);
        assert!(softplus(-1000.0) >= 0.0 && softplus(-1000.0) < 1e-300);
        assert!((softplus(0.0) - std::f64::consts::LN_2).abs() < 1e-16);
        assert!(point_loss(800.0, 1.0).abs() < 1e-300);
        assert!((point_loss(-800.0, 1.0) - 800.0).abs() < 1e-12);
    }

    #[test]
    fn sigmoid_is_stable_at_extremes() {
        assert_eq!(sigmoid(1000.0), 1.0);
        assert_eq!(sigmoid(-1000.0), 0.0);
        assert_eq!(sigmoid(0.0), 0.5);
    }
}
