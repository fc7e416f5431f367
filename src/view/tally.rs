//! Random restarts: which minimum each run reached, and the tally ("31 of
//! 50 reached the global minimum").

use super::format::params;
use crate::model::run::{Progress, Run};
use crate::model::Params;
use crate::session::Session;
use serde::Serialize;

/// Where a run ended up.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// At (or, under gradient noise, close by) this minimum, counting from
    /// the lowest.
    Minimum(usize),
    /// Still moving, or stopped elsewhere.
    Unsettled,
}

/// Colours of the outcomes: the global minimum, the first and second local
/// ones, and a run that has not settled.
const OUTCOME_COLOURS: [(u8, u8, u8); 4] = [
    (86, 180, 233),  // sky blue: the global minimum
    (213, 94, 0),    // vermillion: a local minimum
    (204, 121, 167), // reddish purple: another local minimum
    (150, 150, 150), // grey: not settled
];

/// The colour of an outcome.
pub fn outcome_colour(outcome: Outcome) -> (u8, u8, u8) {
    match outcome {
        Outcome::Minimum(m) => OUTCOME_COLOURS[m.min(2)],
        Outcome::Unsettled => OUTCOME_COLOURS[3],
    }
}

/// The dash of an outcome's runs on the trace and the data view (dash and
/// gap, CSS px), so the outcomes differ by more than colour: the global
/// minimum solid, a local one dashed, unsettled dotted (the patterns of
/// runs 1 to 3 side by side, `frame::RUN_DASHES`).
pub fn outcome_dash(outcome: Outcome) -> Option<(f64, f64)> {
    match outcome {
        Outcome::Minimum(0) => None,
        Outcome::Minimum(_) => Some((10.0, 5.0)),
        Outcome::Unsettled => Some((2.5, 3.5)),
    }
}

/// Which minimum `run` reached: the one it converged to, or under noise
/// (which never lets a run converge exactly) the one it hovers within 2%
/// of the window's diagonal of.
pub fn outcome(session: &Session, run: &Run) -> Outcome {
    if let Progress::Converged { minimum, .. } = session.progress(run) {
        return Outcome::Minimum(minimum);
    }
    if run.divergence().is_some() {
        return Outcome::Unsettled;
    }
    let w = session.landscape().window();
    let reach = 0.02 * (w.b0.1 - w.b0.0).hypot(w.b1.1 - w.b1.0);
    let t = run.theta();
    session
        .landscape()
        .minima
        .iter()
        .enumerate()
        .map(|(m, min)| (m, (min.theta[0] - t[0]).hypot(min.theta[1] - t[1])))
        .filter(|&(_, d)| d <= reach)
        .min_by(|a, b| a.1.total_cmp(&b.1))
        .map_or(Outcome::Unsettled, |(m, _)| Outcome::Minimum(m))
}

/// How many runs reached each minimum (in the minima's order), then how
/// many did not settle; outcomes no run had are left out.
pub fn tally(session: &Session) -> Vec<(Outcome, usize)> {
    let outcomes: Vec<Outcome> = session.runs().iter().map(|r| outcome(session, r)).collect();
    (0..session.landscape().minima.len())
        .map(Outcome::Minimum)
        .chain(std::iter::once(Outcome::Unsettled))
        .map(|o| (o, outcomes.iter().filter(|&&x| x == o).count()))
        .filter(|&(_, count)| count > 0)
        .collect()
}

/// One line of the tally in words.
fn entry_words(session: &Session, outcome: Outcome, count: usize, of: usize) -> String {
    match outcome {
        Outcome::Minimum(0) => format!("{count} of {of} reached the global minimum"),
        Outcome::Minimum(m) => {
            let min = session.landscape().minima[m];
            format!(
                "{count} of {of} the local minimum at {} (loss {})",
                params(min.theta, 3),
                super::format::number(min.loss, 4)
            )
        }
        Outcome::Unsettled => {
            let verb = if count == 1 { "has" } else { "have" };
            format!("{count} of {of} {verb} not settled")
        }
    }
}

/// The tally in words, for the status: "31 of 50 reached the global
/// minimum, 17 of 50 the local minimum at (−1.03, −1.61), ...".
pub fn tally_words(session: &Session) -> String {
    let of = session.runs().len();
    tally(session)
        .into_iter()
        .map(|(o, count)| entry_words(session, o, count, of))
        .collect::<Vec<_>>()
        .join("; ")
}

/// The tally in a few words, for a phone's short status ("16 global, 15
/// local, 19 unsettled"): the legend under the plot says it whole.
pub fn tally_short(session: &Session) -> String {
    let counts = tally(session);
    let count = |f: &dyn Fn(Outcome) -> bool| -> usize {
        counts.iter().filter(|(o, _)| f(*o)).map(|(_, c)| c).sum()
    };
    let global = count(&|o| o == Outcome::Minimum(0));
    let local = count(&|o| matches!(o, Outcome::Minimum(m) if m > 0));
    let unsettled = count(&|o| o == Outcome::Unsettled);
    let mut parts = vec![format!("{global} global")];
    if local > 0 {
        parts.push(format!("{local} local"));
    }
    if unsettled > 0 {
        parts.push(format!("{unsettled} unsettled"));
    }
    format!("{} of {}", parts.join(", "), session.runs().len())
}

/// A line of the page's legend under restarts.
#[derive(Serialize, Debug, Clone, PartialEq)]
pub struct TallyEntry {
    pub label: String,
    pub colour: String,
    /// Its runs' dash (dash and gap, CSS px), null when solid.
    pub dash: Option<(f64, f64)>,
    pub count: usize,
}

/// The tally for the page's legend: label, colour and count each.
pub fn tally_entries(session: &Session) -> Vec<TallyEntry> {
    let of = session.runs().len();
    (tally(session).into_iter())
        .map(|(o, count)| TallyEntry {
            label: entry_words(session, o, count, of),
            colour: super::format::css(outcome_colour(o)),
            dash: outcome_dash(o),
            count,
        })
        .collect()
}

/// A minimum reached (or `minimum: null`, the unsettled runs) and how many
/// runs reached it, for the API's state.
#[derive(Serialize, Debug, Clone, PartialEq)]
pub struct TallyState {
    pub minimum: Option<usize>,
    pub global: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub theta: Option<Params>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub loss: Option<f64>,
    pub count: usize,
}

/// The tally for the API's state: each minimum reached with its count,
/// then the unsettled runs.
pub fn tally_state(session: &Session) -> Vec<TallyState> {
    (tally(session).into_iter())
        .map(|(o, count)| match o {
            Outcome::Minimum(m) => {
                let min = session.landscape().minima[m];
                TallyState {
                    minimum: Some(m),
                    global: m == 0,
                    theta: Some(min.theta),
                    loss: Some(min.loss),
                    count,
                }
            }
            Outcome::Unsettled => TallyState {
                minimum: None,
                global: false,
                theta: None,
                loss: None,
                count,
            },
        })
        .collect()
}
