//! Momentum: a velocity that remembers past gradients, so steps along a
//! valley's floor add up while steps across it cancel.

use super::{advance, along, Hyper, Optimizer, OptimizerKind, StepContext, StepReport};
use crate::model::oracle::Oracle;
use crate::model::Params;

/// Heavy-ball momentum (Polyak), in the form PyTorch uses,
///
/// ```text
/// v     <- mu v + grad L(theta)
/// theta <- theta - eta v
/// ```
///
/// (with a constant rate, theta_{k+1} = theta_k - eta grad L + mu
/// (theta_k - theta_{k-1})); or Nesterov's accelerated gradient, which takes
/// the gradient where the velocity is about to carry the parameters:
///
/// ```text
/// v     <- mu v + grad L(theta - eta mu v)      (the look-ahead point)
/// theta <- theta - eta v
/// ```
#[derive(Clone, Copy, Debug)]
pub struct Momentum {
    mu: f64,
    velocity: Params,
    /// Nesterov's look-ahead gradient rather than the heavy ball's.
    look_ahead: bool,
}

impl Momentum {
    /// Heavy-ball momentum at rest, with decay `hyper.momentum`.
    pub fn heavy_ball(hyper: Hyper) -> Self {
        Momentum {
            mu: hyper.momentum,
            velocity: [0.0, 0.0],
            look_ahead: false,
        }
    }

    /// Nesterov's momentum at rest, with decay `hyper.momentum`.
    pub fn nesterov(hyper: Hyper) -> Self {
        Momentum {
            look_ahead: true,
            ..Momentum::heavy_ball(hyper)
        }
    }
}

impl Optimizer for Momentum {
    fn kind(&self) -> OptimizerKind {
        if self.look_ahead {
            OptimizerKind::Nesterov
        } else {
            OptimizerKind::Momentum
        }
    }

    fn step(&mut self, theta: Params, oracle: &mut Oracle, ctx: &StepContext) -> StepReport {
        let at = if self.look_ahead {
            along(theta, self.velocity, -ctx.learning_rate * self.mu)
        } else {
            theta
        };
        let g = oracle.gradient(at);
        let v = [
            self.mu * self.velocity[0] + g[0],
            self.mu * self.velocity[1] + g[1],
        ];
        // A line search judges descent by the slope where the parameters are.
        let g_here = if ctx.line_search && at != theta {
            oracle.gradient(theta)
        } else {
            g
        };
        let report = advance(theta, [-v[0], -v[1]], g_here, oracle, ctx);
        self.velocity = v;
        report
    }

    fn retune(&mut self, hyper: Hyper) {
        self.mu = hyper.momentum;
    }

    fn reset(&mut self) {
        self.velocity = [0.0, 0.0];
    }

    fn memory(&self) -> Vec<(&'static str, Params)> {
        vec![("v", self.velocity)]
    }
}
