//! The mathematics of the visualizer, with no web dependency and no
//! sentences: facts and numbers only (`view` turns them into words).

pub mod batches;
pub mod csv;
pub mod data;
pub mod objective;
pub mod optim;
pub mod oracle;
pub mod rng;
pub mod run;
pub mod schedule;
pub mod stability;
pub mod surface;
pub mod trace;
pub mod window;

/// A point on the parameter plane, e.g. `[b0, b1]` (intercept, slope).
pub type Params = [f64; 2];

/// A symmetric 2 x 2 matrix `[[a, b], [b, c]]`: a Hessian on the plane.
pub type Hessian = [[f64; 2]; 2];
