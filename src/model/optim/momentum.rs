//! Momentum: a velocity that remembers past gradients, so steps along a
//! valley's floor add up while steps across it cancel.

use super::{advance, along, Hyper, Optimizer, OptimizerKind, StepContext, StepReport};
use crate::model::oracle::Oracle;
use crate::model::Params;

/// Heavy-ball momentum (Polyak), in the form PyTorch uses:
///
/// ```text
/// v     <- mu v + grad L(theta)
/// theta <- theta - eta v
/// ```
///
/// With a constant rate this is theta_{k+1} = theta_k - eta grad L +
/// mu (theta_k - theta_{k-1}).
#[derive(Clone, Copy, Debug)]
pub struct HeavyBall {
    mu: f64,
    velocity: Params,
}

impl HeavyBall {
    /// At rest, with decay `hyper.momentum`.
    pub fn new(hyper: Hyper) -> Self {
        HeavyBall {
            mu: hyper.momentum,
            velocity: [0.0, 0.0],
        }
    }
}

impl Optimizer for HeavyBall {
    fn kind(&self) -> OptimizerKind {
        OptimizerKind::Momentum
    }

    fn step(&mut self, theta: Params, oracle: &mut Oracle, ctx: &StepContext) -> StepReport {
        let g = oracle.gradient(theta);
        let v = [
            self.mu * self.velocity[0] + g[0],
            self.mu * self.velocity[1] + g[1],
        ];
        let report = advance(theta, [-v[0], -v[1]], g, oracle, ctx);
        self.velocity = v;
        report
    }

    fn retune(&mut self, hyper: Hyper) {
        self.mu = hyper.momentum;
    }

    fn reset(&mut self) {
        self.velocity = [0.0, 0.0];
    }
}

/// Nesterov's accelerated gradient: the gradient is taken where the
/// velocity is about to carry the parameters, not where they are.
///
/// ```text
/// g     <- grad L(theta - eta mu v)      (the look-ahead point)
/// v     <- mu v + g
/// theta <- theta - eta v
/// ```
#[derive(Clone, Copy, Debug)]
pub struct Nesterov {
    mu: f64,
    velocity: Params,
}

impl Nesterov {
    /// At rest, with decay `hyper.momentum`.
    pub fn new(hyper: Hyper) -> Self {
        Nesterov {
            mu: hyper.momentum,
            velocity: [0.0, 0.0],
        }
    }
}

impl Optimizer for Nesterov {
    fn kind(&self) -> OptimizerKind {
        OptimizerKind::Nesterov
    }

    fn step(&mut self, theta: Params, oracle: &mut Oracle, ctx: &StepContext) -> StepReport {
        let ahead = along(theta, self.velocity, -ctx.learning_rate * self.mu);
        let g_ahead = oracle.gradient(ahead);
        let v = [
            self.mu * self.velocity[0] + g_ahead[0],
            self.mu * self.velocity[1] + g_ahead[1],
        ];
        // A line search judges descent by the slope where the parameters are.
        let g_here = if ctx.line_search && ahead != theta {
            oracle.gradient(theta)
        } else {
            g_ahead
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
}
