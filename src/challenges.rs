//! Challenges: a task for students, set in a scene of the lecture, with a
//! check the page evaluates on the live state, a one-line reason why a
//! solution is right, and a hint. Nothing is sent anywhere: the check runs
//! on the session in the page.
//!
//! A challenge is data (its starting settings as a URL query, its words)
//! and one function of the session. Each is tested natively: its settings
//! parse cleanly, its start does not meet the task, and a known solution
//! does.

use crate::model::objective::graph::chain;
use crate::model::objective::{Batch, Model, Penalty};
use crate::session::Session;
use crate::settings::Settings;

/// One task a student solves with the page's controls.
#[derive(Debug)]
pub struct Challenge {
    /// Its name in URLs and the API (`challenge=`).
    pub key: &'static str,
    /// The section of the lecture it belongs to (1 to 5).
    pub section: u8,
    /// The task, as the page states it.
    pub task: &'static str,
    /// The settings it starts from, over the defaults.
    pub query: &'static str,
    /// Said once the task is met: why the solution is right.
    pub why: &'static str,
    /// Offered after a while.
    pub hint: &'static str,
    /// The id of the control the task needs, brought into view on a
    /// laptop and one tap away on a phone; empty when it is the plot.
    pub focus: &'static str,
    /// True when the session meets the task.
    pub met: fn(&Session) -> bool,
}

impl Challenge {
    /// The challenge's starting settings: the defaults with its query.
    pub fn settings(&'static self) -> Settings {
        Settings {
            challenge: Some(self),
            ..Settings::from_query(self.query)
        }
    }
}

/// Challenges are the same when they are the same challenge.
impl PartialEq for Challenge {
    fn eq(&self, other: &Challenge) -> bool {
        self.key == other.key
    }
}

/// The first run's parameters are within `distance` of `target`.
fn near(session: &Session, target: [f64; 2], distance: f64) -> bool {
    let t = session.run().theta();
    (t[0] - target[0]).hypot(t[1] - target[1]) < distance
}

/// The first run has not diverged.
fn settled(session: &Session) -> bool {
    session.run().divergence().is_none()
}

/// The stable limit 2 / lambda_max of the current loss, if it has one.
fn lr_max(session: &Session) -> Option<f64> {
    session.stability().map(|s| s.lr_max)
}

/// Point i's own gradient ∂L_i/∂b1 at the first run's parameters, in
/// size: the chain rule panel's product, for whichever model and loss.
fn point_gradient(session: &Session, i: usize) -> f64 {
    let (settings, data) = (session.settings(), session.data());
    let model = settings.model.model();
    let (x1, x) = data.features(i, model == Model::TwoFeatures);
    let theta = session.run().theta();
    chain(model, settings.loss, theta, x1, x, data.y[i]).backward[1].abs()
}

/// The "move-slope" challenge's data: few enough points that one added at
/// the edge of the plot, with the wrong label, moves the slope by 0.5.
const MOVE_SLOPE: &str = "dataset=overlap&standardize=true&n=40";

/// The "move-slope" challenge's data before any point is added: how many
/// points, and the fitted slope (computed once).
fn move_slope_start() -> (usize, Option<f64>) {
    static START: std::sync::OnceLock<(usize, Option<f64>)> = std::sync::OnceLock::new();
    *START.get_or_init(|| {
        let session = Session::new(Settings::from_query(MOVE_SLOPE));
        (
            session.data().len(),
            session.landscape().optimum.map(|o| o[1]),
        )
    })
}

/// Every challenge, in the order of the lecture.
pub static CHALLENGES: &[Challenge] = &[
    Challenge {
        key: "near-minimum",
        section: 1,
        task: "Click the plane to start within 0.05 of the loss's minimum.",
        query: "dataset=cancer&standardize=true",
        why: "Each point of the plane is a curve; the lowest colour is the curve that fits the tumours best, the maximum-likelihood fit.",
        hint: "The minimum is the ✕; its colour is the darkest. Click right on it.",
        focus: "",
        met: |s| {
            let Some(optimum) = s.landscape().optimum else {
                return false;
            };
            let start = s.start();
            s.objective().loss(start, Batch::All) - s.objective().loss(optimum, Batch::All) < 0.05
                && s.run().step_count() == 0
        },
    },
    Challenge {
        key: "finite-minimum",
        section: 1,
        task: "These data are separable, so the loss falls forever: give it a minimum.",
        query: "dataset=separable",
        why: "A penalty grows with the parameters while the likelihood's gain flattens, so their sum turns back up: the minimum is finite.",
        hint: "Look under Penalties: an L2 penalty with λ above zero.",
        focus: "penalty",
        met: |s| s.settings().penalty != Penalty::None && s.landscape().optimum.is_some(),
    },
    Challenge {
        key: "move-slope",
        section: 1,
        task: "Add one point that moves the fitted slope b1 by more than 0.5.",
        query: MOVE_SLOPE,
        why: "A point far out on x with the wrong label pulls hard: its loss grows linearly with its distance, so it tilts the curve.",
        hint: "Tick “edit points by clicking”, then add a point far out where the curve says the other class: a click (or tap) far left adds class 1; shift-click far right adds class 0.",
        focus: "edit-data",
        met: |s| {
            let (points, before) = move_slope_start();
            let (Some(now), Some(before)) = (s.landscape().optimum, before) else {
                return false;
            };
            s.data().len() == points + 1 && (now[1] - before).abs() > 0.5
        },
    },
    Challenge {
        key: "largest-gradient",
        section: 2,
        task: "In the chain rule panel, pick the point whose own gradient ∂L_i/∂b1 is largest in size.",
        query: "panel=chain&point=0",
        why: "∂L_i/∂b1 = (p_i − y_i) x_i: a point far out on x that the curve gets badly wrong has both factors large.",
        hint: "Look for a point far from the middle on x whose label the curve gets wrong, and click it.",
        focus: "point",
        met: |s| {
            let n = s.data().len();
            let best = (0..n).map(|i| point_gradient(s, i)).fold(0.0f64, f64::max);
            let point = s.settings().point;
            point < n && point_gradient(s, point) >= best * (1.0 - 1e-12)
        },
    },
    Challenge {
        key: "diverge",
        section: 3,
        task: "On the raw tumour radius, find a learning rate at which gradient descent diverges, and play it.",
        query: "dataset=cancer&standardize=false",
        why: "Past 2/λmax each step overshoots the valley's steepest direction by more than it gains: the distance to the minimum grows every step.",
        hint: "The marks under the learning-rate slider show 2/λmax; go well past it and press Play.",
        focus: "lr",
        met: |s| s.run().divergence().is_some(),
    },
    Challenge {
        key: "largest-rate",
        section: 3,
        task: "Find the largest learning rate that still converges: within 10% below 2/λmax.",
        query: "dataset=cancer&standardize=true&lr=0.5",
        why: "At η just under 2/λmax the steepest direction's factor |1 − ηλmax| is just under 1: it still shrinks, slowly, with a zig-zag.",
        hint: "The slider's marks show 2/λmax; stay just left of it. Play to check it settles.",
        focus: "lr",
        met: |s| {
            let lr = s.settings().learning_rate;
            lr_max(s).is_some_and(|max| lr >= 0.9 * max && lr < max) && settled(s)
        },
    },
    Challenge {
        key: "scaling",
        section: 3,
        task: "On the raw tumour radius no rate near 1 is stable: make η = 1 converge.",
        query: "dataset=cancer&standardize=false&lr=1",
        why: "Standardising x makes the valley round: λmax falls from thousands to about 1, so 2/λmax passes 1.",
        hint: "Look at the data settings: there is one box that rescales x.",
        focus: "standardize",
        met: |s| {
            let lr = s.settings().learning_rate;
            lr >= 1.0 && lr_max(s).is_some_and(|max| lr < max) && settled(s)
        },
    },
    Challenge {
        key: "global-minimum",
        section: 4,
        task: "From its start the hidden unit falls into the local minimum: reach the global one instead.",
        query: "model=hidden&lr=0.5&seed=6",
        why: "Gradient descent only goes downhill from where it is; noise, or a start in the other basin, carries it over the ridge.",
        hint: "Try noise on the gradient (σ about 1, decaying), or click a start on the other side of the ridge.",
        focus: "noise",
        met: |s| {
            let minima = &s.landscape().minima;
            minima.len() > 1 && near(s, minima[0].theta, 0.05) && settled(s)
        },
    },
    Challenge {
        key: "epoch-of-8",
        section: 5,
        task: "Choose a batch size for which one epoch of the 569 tumours takes exactly 8 steps.",
        query: "dataset=cancer&standardize=true&batch=32",
        why: "An epoch takes ⌈N / B⌉ steps (⌊N / B⌋ when the last short batch is dropped): 569 / 8 ≈ 71, so B from 72 to 81.",
        hint: "Divide 569 by 8.",
        focus: "batch",
        met: |s| s.settings().dataset.size() == s.data().len() && s.run().batches_per_epoch() == 8,
    },
];

/// The challenge named `key`.
pub fn find(key: &str) -> Option<&'static Challenge> {
    CHALLENGES.iter().find(|c| c.key == key)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::settings::query_pairs;

    fn start(challenge: &Challenge) -> Session {
        let pairs = query_pairs(challenge.query);
        let (session, notices) =
            Session::from_url(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())));
        assert!(notices.is_empty(), "{}: {notices:?}", challenge.key);
        session
    }

    fn set(session: &mut Session, query: &str) {
        let pairs = query_pairs(query);
        (session.set(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())))).expect(query);
    }

    /// A known solution of each challenge, by the controls a student has.
    fn solve(key: &str, s: &mut Session) {
        match key {
            "near-minimum" => {
                let optimum = s.landscape().optimum.unwrap();
                s.start_at(optimum);
            }
            "finite-minimum" => set(s, "penalty=l2&lambda=0.05"),
            "move-slope" => {
                // Inside the plot (the data reach x = 1.85), class 0 where the curve says 1.
                s.add_point(2.1, None, false).unwrap();
            }
            "largest-gradient" => {
                let best = (0..s.data().len())
                    .max_by(|&a, &b| point_gradient(s, a).total_cmp(&point_gradient(s, b)))
                    .unwrap();
                set(s, &format!("point={best}"));
            }
            "diverge" => {
                set(s, "lr=0.5");
                s.step(200);
            }
            "largest-rate" => {
                let max = s.stability().unwrap().lr_max;
                set(s, &format!("lr={}", 0.95 * max));
                s.step(200);
            }
            "scaling" => {
                set(s, "standardize=true");
                s.step(200);
            }
            "global-minimum" => {
                set(s, "noise=1&noise_decay=0.5");
                s.step(3000);
            }
            "epoch-of-8" => set(s, "batch=75"),
            _ => panic!("no known solution for {key}"),
        }
    }

    #[test]
    fn each_focus_names_a_control_of_the_page() {
        for c in CHALLENGES {
            let control = crate::settings::table::TABLE
                .iter()
                .any(|row| row.id == c.focus && !row.id.is_empty());
            // edit-data: the data box's checkbox, made by the page, not the table.
            assert!(
                c.focus.is_empty() || control || c.focus == "edit-data",
                "{}: {}",
                c.key,
                c.focus
            );
        }
    }

    #[test]
    fn every_challenge_starts_unmet_and_its_solution_meets_it() {
        assert!(CHALLENGES.len() >= 8);
        for challenge in CHALLENGES {
            let mut session = start(challenge);
            assert!(
                !(challenge.met)(&session),
                "{}: met at its start",
                challenge.key
            );
            // Playing from the start does not meet it by itself either.
            session.step(300);
            assert!(
                !(challenge.met)(&session),
                "{}: met by playing",
                challenge.key
            );
            let mut session = start(challenge);
            solve(challenge.key, &mut session);
            assert!(
                (challenge.met)(&session),
                "{}: the solution does not meet it",
                challenge.key
            );
        }
    }

    #[test]
    fn challenges_cover_every_section_and_have_their_words() {
        for section in 1..=5 {
            assert!(
                CHALLENGES.iter().any(|c| c.section == section),
                "section {section}"
            );
        }
        for c in CHALLENGES {
            assert!(
                !c.task.is_empty() && !c.why.is_empty() && !c.hint.is_empty(),
                "{}",
                c.key
            );
            assert_eq!(find(c.key).map(|f| f.key), Some(c.key));
        }
        assert!(find("nope").is_none());
    }
}
