//! The runs as CSV, for a spreadsheet or a slide: a row per step the trace
//! keeps (every step of a short run; a long run's trace is thinned, see
//! `model::trace`).

use crate::session::Session;
use std::fmt::Write;

/// `run,step,epoch,loss,batch_loss,<p0>,<p1>,lr`: one row per kept step of
/// each run, the parameters named as on the plot's axes (b0 and b1, or w1
/// and w2), the learning rate of the step that led there (at the start,
/// the first step's), an
/// empty batch loss where a step had none (the start). Numbers are written
/// in full (Rust's shortest round-trip form); a diverged run ends at its
/// last finite step.
pub fn runs_csv(session: &Session) -> String {
    let [p0, p1] = session.objective().axes().symbols;
    let mut out = format!("run,step,epoch,loss,batch_loss,{p0},{p1},lr\n");
    for (k, run) in session.runs().iter().enumerate() {
        let config = run.config();
        for point in run.trace().points() {
            let batch = point.batch_loss.map_or(String::new(), |l| l.to_string());
            let lr = (config.schedule).rate(config.learning_rate, point.step.saturating_sub(1));
            let _ = writeln!(
                out,
                "{},{},{},{},{},{},{},{}",
                k + 1,
                point.step,
                point.epoch,
                point.loss,
                batch,
                point.theta[0],
                point.theta[1],
                lr
            );
        }
    }
    out
}
