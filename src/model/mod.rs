//! The mathematics of the visualizer, with no web dependency.

pub mod batches;
pub mod data;
pub mod objective;
pub mod optim;
pub mod rng;
pub mod run;
pub mod schedule;
pub mod surface;
pub mod trace;

/// A point on the parameter plane, `[b0, b1]` (intercept, slope).
pub type Params = [f64; 2];
