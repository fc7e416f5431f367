//! Learning-rate schedules: the classic fix for SGD's noise floor. With a
//! constant rate, SGD keeps jittering around the minimum at a distance set by
//! the rate and the gradient noise; letting the rate decay shrinks the jitter.
//!
//! With base rate eta and t the number of steps already taken:
//!
//! ```text
//! constant   eta
//! step       eta * decay^floor(t / every)
//! inv        eta / (1 + decay * t)
//! exp        eta * exp(-decay * t)
//! ```

/// A learning-rate schedule.
#[derive(Clone, Copy, Debug, PartialEq, Default)]
pub enum Schedule {
    /// The same rate at every step.
    #[default]
    Constant,
    /// Multiply by `decay` every `every` steps.
    Step {
        /// Factor per drop, in (0, 1].
        decay: f64,
        /// Steps between drops, at least 1.
        every: u64,
    },
    /// eta / (1 + decay t).
    Inv {
        /// Decay per step, at least 0.
        decay: f64,
    },
    /// eta exp(-decay t).
    Exp {
        /// Decay per step, at least 0.
        decay: f64,
    },
}

impl Schedule {
    /// The learning rate for the step taken after `t` steps, from base rate `eta`.
    pub fn rate(&self, eta: f64, t: u64) -> f64 {
        let t_f = t as f64;
        match *self {
            Schedule::Constant => eta,
            Schedule::Step { decay, every } => eta * decay.powf((t / every.max(1)) as f64),
            Schedule::Inv { decay } => eta / (1.0 + decay * t_f),
            Schedule::Exp { decay } => eta * (-decay * t_f).exp(),
        }
    }

    /// The name used in URLs and the API.
    pub fn key(&self) -> &'static str {
        match self {
            Schedule::Constant => "constant",
            Schedule::Step { .. } => "step",
            Schedule::Inv { .. } => "inv",
            Schedule::Exp { .. } => "exp",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schedules_follow_their_formulas() {
        let eta = 0.8;
        assert_eq!(Schedule::Constant.rate(eta, 1000), eta);
        let step = Schedule::Step {
            decay: 0.5,
            every: 10,
        };
        assert_eq!(step.rate(eta, 0), 0.8);
        assert_eq!(step.rate(eta, 9), 0.8);
        assert_eq!(step.rate(eta, 10), 0.4);
        assert_eq!(step.rate(eta, 25), 0.2);
        let inv = Schedule::Inv { decay: 0.1 };
        assert!((inv.rate(eta, 30) - 0.8 / 4.0).abs() < 1e-15);
        let exp = Schedule::Exp { decay: 0.01 };
        assert!((exp.rate(eta, 100) - 0.8 * (-1.0f64).exp()).abs() < 1e-15);
    }
}
