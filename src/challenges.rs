//! Whether a challenge is met: each challenge's check, a function of the
//! live session (the challenges themselves are data, in
//! `settings::challenge`). Nothing is sent anywhere: the check runs on the
//! session in the page.
//!
//! Each is tested natively: its settings parse cleanly, its start does not
//! meet the task, and a known solution does.

use crate::model::objective::graph::chain;
use crate::model::objective::{Batch, Model, Penalty};
use crate::session::Session;
use crate::settings::challenge::{Challenge, MOVE_SLOPE};
use crate::settings::Settings;

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

/// True when the session meets `challenge`'s task.
pub fn met(challenge: &Challenge, s: &Session) -> bool {
    match challenge.key {
        "near-minimum" => {
            let Some(optimum) = s.landscape().optimum else {
                return false;
            };
            let start = s.start();
            s.objective().loss(start, Batch::All) - s.objective().loss(optimum, Batch::All) < 0.05
                && s.run().step_count() == 0
        }
        "finite-minimum" => {
            s.settings().penalty != Penalty::None && s.landscape().optimum.is_some()
        }
        "move-slope" => {
            let (points, before) = move_slope_start();
            let (Some(now), Some(before)) = (s.landscape().optimum, before) else {
                return false;
            };
            s.data().len() == points + 1 && (now[1] - before).abs() > 0.5
        }
        "largest-gradient" => {
            let n = s.data().len();
            let best = (0..n).map(|i| point_gradient(s, i)).fold(0.0f64, f64::max);
            let point = s.settings().point;
            point < n && point_gradient(s, point) >= best * (1.0 - 1e-12)
        }
        "diverge" => s.run().divergence().is_some(),
        "largest-rate" => {
            let lr = s.settings().learning_rate;
            lr_max(s).is_some_and(|max| lr >= 0.9 * max && lr < max) && settled(s)
        }
        "scaling" => {
            let lr = s.settings().learning_rate;
            lr >= 1.0 && lr_max(s).is_some_and(|max| lr < max) && settled(s)
        }
        "global-minimum" => {
            let minima = &s.landscape().minima;
            minima.len() > 1 && near(s, minima[0].theta, 0.05) && settled(s)
        }
        "epoch-of-8" => {
            s.settings().dataset.size() == s.data().len() && s.run().batches_per_epoch() == 8
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::settings::challenge::{find, CHALLENGES};
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
                !met(challenge, &session),
                "{}: met at its start",
                challenge.key
            );
            // Playing from the start does not meet it by itself either.
            session.step(300);
            assert!(
                !met(challenge, &session),
                "{}: met by playing",
                challenge.key
            );
            let mut session = start(challenge);
            solve(challenge.key, &mut session);
            assert!(
                met(challenge, &session),
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
