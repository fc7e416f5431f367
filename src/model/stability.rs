//! How large a constant learning rate gradient descent can take, read off
//! the Hessian H at the optimum.
//!
//! Near the optimum the loss is close to its quadratic model, along whose
//! eigenvectors gradient descent multiplies the distance to the optimum by
//! (1 - eta lambda) each step. It converges when every |1 - eta lambda| < 1,
//! that is for eta < 2 / lambda_max; the rate that shrinks the slowest
//! direction fastest is 2 / (lambda_max + lambda_min). Their ratio, the
//! condition number lambda_max / lambda_min, says how thin the valley is.

use super::objective::{eigenvalues, Batch, Objective};
use super::Params;

/// The stability facts of a loss at its optimum.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Stability {
    /// The Hessian's eigenvalues at the optimum, largest first.
    pub eigenvalues: [f64; 2],
    /// The largest stable constant learning rate, 2 / lambda_max.
    pub lr_max: f64,
    /// The best constant rate for the quadratic model, 2 / (lambda_max + lambda_min).
    pub lr_best: f64,
    /// lambda_max / lambda_min.
    pub condition: f64,
}

/// Multiples of [`Stability::lr_max`] for the lecture's three learning
/// rates. "Too small" crawls (half a percent of the limit: on the
/// standardised breast-cancer data still well above the minimum after 60
/// steps); "about right" is
/// half the limit, which converges smoothly on every data set here (at
/// the limit itself the steepest direction barely settles); "too large" is
/// past the limit, where the path is thrown across the valley and away.
pub const TRIO: [f64; 3] = [0.005, 0.5, 1.6];

impl Stability {
    /// The stability of `objective` at its `optimum`; `None` where the
    /// Hessian there is not positive definite (no stable rate to speak of).
    pub fn at(objective: &dyn Objective, optimum: Params) -> Option<Stability> {
        let [largest, smallest] = eigenvalues(&objective.hessian(optimum, Batch::All));
        if !(largest.is_finite() && smallest > 0.0) {
            return None;
        }
        Some(Stability {
            eigenvalues: [largest, smallest],
            lr_max: 2.0 / largest,
            lr_best: 2.0 / (largest + smallest),
            condition: largest / smallest,
        })
    }

    /// The lecture's trio of learning rates, too small, about right and too
    /// large for this loss, rounded to two significant digits.
    pub fn trio(&self) -> [f64; 3] {
        TRIO.map(|k| round_to_two_digits(k * self.lr_max))
    }
}

/// `v` rounded to two significant digits (0.0345 -> 0.034), so the rates
/// read well in a legend and a link.
pub fn round_to_two_digits(v: f64) -> f64 {
    if v == 0.0 || !v.is_finite() {
        return v;
    }
    let scale = 10f64.powi(1 - v.abs().log10().floor() as i32);
    (v * scale).round() / scale
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rounds_to_two_digits() {
        assert_eq!(round_to_two_digits(0.03456), 0.035);
        assert_eq!(round_to_two_digits(22.29), 22.0);
        assert_eq!(round_to_two_digits(0.1096), 0.11);
    }
}
