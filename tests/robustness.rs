//! Nothing panics and nothing non-finite escapes, whatever the settings: a
//! panic in wasm kills the page.

use descent::model::rng::Rng;
use descent::session::Session;
use descent::settings::deck::Edit;
use descent::settings::keys;
use descent::view::{self, words};
use serde_json::Value;

const VALUES: [&str; 46] = [
    "hidden",
    "squared",
    "logistic",
    "nll",
    "trio",
    "live",
    "play",
    "adam",
    "newton",
    "gd:0.5,adam:0.05",
    "newton:1:1,gd:100,momentum:0.9:full",
    "learning-rates",
    "batches",
    "evaluations",
    "",
    " ",
    "0",
    "1",
    "-1",
    "1e308",
    "-1e308",
    "NaN",
    "inf",
    "-inf",
    "0.5",
    "abc",
    "full",
    "1,2",
    "1,2,3",
    ",",
    "9007199254740993",
    "true",
    "false",
    "batch",
    "step",
    "200",
    "1000",
    "-0",
    "lecture",
    "trace,scaling",
    "descent deck\n\ntitle: x\nview: lr=2&notes=1,1,a\n\nview: scene=trace&deck=lecture&slide=3",
    "view: lr=%zz%&scene=nope\nwhat\n\n\n",
    "0,0,here;1e308,1,far;NaN,1,x",
    "1,2,a;b",
    "%41%",
    "# only\n# comments",
];

fn check_state(session: &Session) {
    let state: Value = serde_json::from_str(&view::state_json(session)).expect("state is JSON");
    for key in ["loss", "lr", "effectiveLr"] {
        assert!(
            state[key].as_f64().is_some_and(f64::is_finite),
            "{key}: {}",
            state[key]
        );
    }
    for key in ["theta", "grad"] {
        for v in state[key].as_array().unwrap() {
            assert!(v.as_f64().is_some_and(f64::is_finite), "{key}: {v}");
        }
    }
}

#[test]
fn random_settings_never_panic_or_leak_non_finite_numbers() {
    let mut rng = Rng::new(2024);
    let mut keys: Vec<&str> = keys().collect();
    keys.push("bogus");
    for round in 0..400 {
        let pairs: Vec<(&str, &str)> = (0..rng.below(5) + 1)
            .map(|_| (keys[rng.below(keys.len())], VALUES[rng.below(VALUES.len())]))
            .collect();
        let (mut session, _) = Session::from_url(pairs.iter().copied());
        check_state(&session);
        let more: Vec<(&str, &str)> = (0..3)
            .map(|_| (keys[rng.below(keys.len())], VALUES[rng.below(VALUES.len())]))
            .collect();
        let before = view::state_json(&session);
        if session.set(more.iter().copied()).is_err() {
            assert_eq!(
                view::state_json(&session),
                before,
                "a refused set changes nothing ({more:?})"
            );
        }
        // The deck editor's edits, at any index (out of range is an error).
        let index = rng.below(20);
        let edit = match rng.below(4) {
            0 => Edit::Add {
                title: VALUES[rng.below(VALUES.len())].into(),
                caption: "c".into(),
            },
            1 => Edit::Words {
                index,
                title: String::new(),
                caption: "x".repeat(rng.below(3000)),
            },
            2 => Edit::Move {
                index,
                to: rng.below(20),
            },
            _ => Edit::Remove { index },
        };
        let _ = session.edit_deck(edit);
        check_state(&session);
        session.step(if round % 10 == 0 { 500 } else { 7 });
        let _ = view::view_json(&session, view::ViewContext::default());
        session.step_epoch();
        let _ = session.batch_landscape();
        let _ = session.fan_gradients(5);
        check_state(&session);
        let _ = words::remark(&session);
        let _ = words::divergence_message(&session);
    }
}

#[test]
fn extreme_starts_and_rates_stay_finite() {
    for dataset in ["overlap", "separable", "cancer"] {
        for lr in ["0.001", "10"] {
            for start in ["1000,-1000", "-1000,1000", "0,0"] {
                for batch in ["1", "full"] {
                    let (mut session, notices) = Session::from_url([
                        ("dataset", dataset),
                        ("lr", lr),
                        ("start", start),
                        ("batch", batch),
                        ("surface", "both"),
                    ]);
                    assert!(notices.is_empty());
                    session.step(200);
                    let _ = session.batch_landscape();
                    check_state(&session);
                    assert!(session
                        .landscape()
                        .grid
                        .values
                        .iter()
                        .all(|v| v.is_finite()));
                }
            }
        }
    }
}
