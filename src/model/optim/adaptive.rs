//! Adaptive methods: each parameter gets its own step size, scaled down
//! where gradients have been large. They adjust the learning rate "using
//! derivatives", as the lecture puts it.

use super::{advance, Hyper, Optimizer, OptimizerKind, StepContext, StepReport};
use crate::model::oracle::Oracle;
use crate::model::Params;

/// `-g / (sqrt(s) + eps)` for each parameter.
fn scaled(g: Params, s: Params, eps: f64) -> Params {
    [-g[0] / (s[0].sqrt() + eps), -g[1] / (s[1].sqrt() + eps)]
}

/// AdaGrad (Duchi, Hazan and Singer, 2011):
///
/// ```text
/// G     <- G + g^2                      (per parameter)
/// theta <- theta - eta g / (sqrt(G) + eps)
/// ```
#[derive(Clone, Copy, Debug)]
pub struct AdaGrad {
    eps: f64,
    sum_squares: Params,
}

impl AdaGrad {
    /// With no history, and `hyper.eps`.
    pub fn new(hyper: Hyper) -> Self {
        AdaGrad {
            eps: hyper.eps,
            sum_squares: [0.0, 0.0],
        }
    }
}

impl Optimizer for AdaGrad {
    fn kind(&self) -> OptimizerKind {
        OptimizerKind::AdaGrad
    }

    fn step(&mut self, theta: Params, oracle: &mut Oracle, ctx: &StepContext) -> StepReport {
        let g = oracle.gradient(theta);
        let s = [
            self.sum_squares[0] + g[0] * g[0],
            self.sum_squares[1] + g[1] * g[1],
        ];
        self.sum_squares = s;
        advance(theta, scaled(g, s, self.eps), g, oracle, ctx)
    }

    fn retune(&mut self, hyper: Hyper) {
        self.eps = hyper.eps;
    }

    fn reset(&mut self) {
        self.sum_squares = [0.0, 0.0];
    }

    fn memory(&self) -> Vec<(&'static str, Params)> {
        vec![("G", self.sum_squares)]
    }
}

/// RMSProp (Hinton's lecture notes, 2012):
///
/// ```text
/// E     <- rho E + (1 - rho) g^2
/// theta <- theta - eta g / (sqrt(E) + eps)
/// ```
#[derive(Clone, Copy, Debug)]
pub struct RmsProp {
    rho: f64,
    eps: f64,
    mean_square: Params,
}

impl RmsProp {
    /// With no history, and `hyper.rho`, `hyper.eps`.
    pub fn new(hyper: Hyper) -> Self {
        RmsProp {
            rho: hyper.rho,
            eps: hyper.eps,
            mean_square: [0.0, 0.0],
        }
    }
}

impl Optimizer for RmsProp {
    fn kind(&self) -> OptimizerKind {
        OptimizerKind::RmsProp
    }

    fn step(&mut self, theta: Params, oracle: &mut Oracle, ctx: &StepContext) -> StepReport {
        let g = oracle.gradient(theta);
        let (rho, e) = (self.rho, self.mean_square);
        let e = [
            rho * e[0] + (1.0 - rho) * g[0] * g[0],
            rho * e[1] + (1.0 - rho) * g[1] * g[1],
        ];
        self.mean_square = e;
        advance(theta, scaled(g, e, self.eps), g, oracle, ctx)
    }

    fn retune(&mut self, hyper: Hyper) {
        self.rho = hyper.rho;
        self.eps = hyper.eps;
    }

    fn reset(&mut self) {
        self.mean_square = [0.0, 0.0];
    }

    fn memory(&self) -> Vec<(&'static str, Params)> {
        vec![("E", self.mean_square)]
    }
}

/// Adam (Kingma and Ba, 2015), with bias correction:
///
/// ```text
/// m     <- beta1 m + (1 - beta1) g
/// v     <- beta2 v + (1 - beta2) g^2
/// theta <- theta - eta m^ / (sqrt(v^) + eps),
///          m^ = m / (1 - beta1^t),  v^ = v / (1 - beta2^t)
/// ```
#[derive(Clone, Copy, Debug)]
pub struct Adam {
    hyper: Hyper,
    m: Params,
    v: Params,
    /// Adam's own steps taken (t in the bias correction).
    t: i32,
}

impl Adam {
    /// With no history.
    pub fn new(hyper: Hyper) -> Self {
        Adam {
            hyper,
            m: [0.0, 0.0],
            v: [0.0, 0.0],
            t: 0,
        }
    }
}

impl Optimizer for Adam {
    fn kind(&self) -> OptimizerKind {
        OptimizerKind::Adam
    }

    fn step(&mut self, theta: Params, oracle: &mut Oracle, ctx: &StepContext) -> StepReport {
        let g = oracle.gradient(theta);
        let Hyper {
            beta1, beta2, eps, ..
        } = self.hyper;
        let t = self.t.saturating_add(1);
        let m = [
            beta1 * self.m[0] + (1.0 - beta1) * g[0],
            beta1 * self.m[1] + (1.0 - beta1) * g[1],
        ];
        let v = [
            beta2 * self.v[0] + (1.0 - beta2) * g[0] * g[0],
            beta2 * self.v[1] + (1.0 - beta2) * g[1] * g[1],
        ];
        let m_hat_scale = 1.0 / (1.0 - beta1.powi(t));
        let v_hat_scale = 1.0 / (1.0 - beta2.powi(t));
        let m_hat = [m[0] * m_hat_scale, m[1] * m_hat_scale];
        let v_hat = [v[0] * v_hat_scale, v[1] * v_hat_scale];
        (self.m, self.v, self.t) = (m, v, t);
        let direction = [
            -m_hat[0] / (v_hat[0].sqrt() + eps),
            -m_hat[1] / (v_hat[1].sqrt() + eps),
        ];
        advance(theta, direction, g, oracle, ctx)
    }

    fn retune(&mut self, hyper: Hyper) {
        self.hyper = hyper;
    }

    fn reset(&mut self) {
        *self = Adam::new(self.hyper);
    }

    fn memory(&self) -> Vec<(&'static str, Params)> {
        vec![("m", self.m), ("v", self.v)]
    }
}
