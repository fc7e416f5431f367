//! The learning-rate lab: runs side by side, the lecture's trio, the live
//! path, the state and view the page reads.

use descent::session::Session;
use descent::settings::Runs;
use descent::view::{self, words, ViewContext};
use serde_json::Value;

fn session(query: &str) -> Session {
    let (session, notices) =
        Session::from_url(query.split('&').filter_map(|kv| kv.split_once('=')));
    assert!(notices.is_empty(), "{query}: {notices:?}");
    session
}

fn state(session: &Session) -> Value {
    serde_json::from_str(&view::state_json(session)).expect("state is JSON")
}

#[test]
fn runs_side_by_side_see_the_same_batches() {
    let mut s = session("runs=gd:0.1,adam:0.05,momentum:0.3&batch=7&seed=5");
    assert_eq!(s.runs().len(), 3);
    for _ in 0..40 {
        s.step(1);
        let first = s.runs()[0].batch().to_vec();
        for run in &s.runs()[1..] {
            assert_eq!(run.batch(), &first[..], "the same seed, the same batches");
        }
    }
    let thetas: Vec<_> = s.runs().iter().map(|r| r.theta()).collect();
    assert!(
        thetas[0] != thetas[1] && thetas[1] != thetas[2],
        "the methods differ"
    );
    let st = state(&s);
    let runs = st["runs"].as_array().unwrap();
    assert_eq!(runs.len(), 3);
    assert_eq!(runs[1]["optimizer"], "adam");
    assert_eq!(runs[1]["lr"], 0.05);
    assert_eq!(st["optimizer"], "gd", "the top level is the first run");
    for run in runs {
        for key in [
            "step",
            "theta",
            "loss",
            "grad",
            "status",
            "evaluations",
            "label",
        ] {
            assert!(run.get(key).is_some(), "{key}");
        }
        assert_eq!(run["evaluations"]["gradient"], 40);
    }
}

#[test]
fn a_diverging_run_stops_alone() {
    let mut s = session("dataset=cancer&runs=gd:0.01,gd:50&autoplay=true");
    s.step(300);
    assert!(s.runs()[1].divergence().is_some());
    assert!(s.runs()[0].divergence().is_none());
    assert_eq!(s.runs()[0].step_count(), 300, "the other run goes on");
    assert!(s.running(), "and the page keeps playing it");
    let st = state(&s);
    assert_eq!(st["runs"][1]["status"], "diverged");
    assert!(st["runs"][1]["divergedAt"].as_u64().unwrap() < 300);
    let message = st["message"].as_str().unwrap();
    assert!(message.starts_with("Run 2 (GD, η 50)"), "{message}");
    assert!(message.contains("other runs go on"), "{message}");
    assert_eq!(st["diverged"], false, "the first run is healthy");
}

#[test]
fn the_trio_is_too_small_about_right_and_too_large() {
    for query in [
        "dataset=cancer&standardize=true&runs=trio",
        "dataset=overlap&runs=trio",
    ] {
        let mut s = session(query);
        let stability = s.stability().unwrap();
        let rates: Vec<f64> = s.runs().iter().map(|r| r.config().learning_rate).collect();
        assert_eq!(rates, stability.trio().to_vec());
        assert!(rates[2] > stability.lr_max && rates[1] < stability.lr_max);
        s.step(200);
        let st = state(&s);
        let statuses: Vec<&str> = st["runs"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["status"].as_str().unwrap())
            .collect();
        assert_eq!(statuses, ["falling", "converged", "oscillating"], "{query}");
        assert_eq!(st["lr"], rates[0], "lr is the first run's");
    }
}

#[test]
fn editing_the_first_run_of_the_trio_keeps_the_others() {
    let mut s = session("dataset=cancer&standardize=true&runs=trio");
    let trio = s.stability().unwrap().trio();
    s.set([("lr", "0.1")]).unwrap();
    let Runs::List(runs) = &s.settings().runs else {
        panic!("{:?}", s.settings().runs);
    };
    assert_eq!(runs.len(), 3);
    assert_eq!(runs[0].learning_rate, 0.1);
    assert_eq!(runs[2].learning_rate, trio[2]);
}

#[test]
fn the_live_path_is_always_the_first_t_steps() {
    let mut s = session("dataset=cancer&standardize=true&runs=0.5,5,20&path=live&steps=200");
    assert!(s.runs().iter().all(|r| r.step_count() == 200));
    let before: Vec<_> = s.runs().iter().map(|r| r.theta()).collect();
    s.set([("runs", "0.5,6,20")]).unwrap();
    assert!(s.runs().iter().all(|r| r.step_count() == 200));
    assert_eq!(s.runs()[0].theta(), before[0]);
    assert_ne!(
        s.runs()[1].theta(),
        before[1],
        "the dragged run's path changed"
    );
    s.start_at([1.0, -1.0]);
    assert!(s
        .runs()
        .iter()
        .all(|r| r.step_count() == 200 && r.trace().points()[0].theta == [1.0, -1.0]));
    assert_eq!(s.step(5), 0, "steps do not apply to the live path");
    s.set_running(true);
    assert!(!s.running(), "nor does playing");
    s.set([("steps", "50")]).unwrap();
    assert!(s.runs().iter().all(|r| r.step_count() == 50));
    s.set([("path", "play")]).unwrap();
    assert!(
        s.runs().iter().all(|r| r.step_count() == 0),
        "the growing path starts again"
    );
}

#[test]
fn newton_fallback_and_line_search_are_said() {
    let mut s = session("dataset=cancer&standardize=true&optimizer=newton&batch=1");
    s.step(1);
    let remark = words::remark(&s).unwrap();
    assert!(remark.contains("not positive definite"), "{remark}");
    let mut s =
        session("dataset=cancer&standardize=true&line_search=true&lr=100&trace_x=evaluations");
    s.step(3);
    assert!(!s.run().trials().is_empty());
    let st = state(&s);
    assert!(st["runs"][0]["evaluations"]["loss"].as_u64().unwrap() > 3);
}

#[test]
fn the_view_has_everything_the_page_writes() {
    let s = session("runs=gd:0.5,nesterov:0.5&scene=momentum");
    let v: Value = serde_json::from_str(&view::view_json(&s, ViewContext::default())).unwrap();
    for key in [
        "status",
        "remark",
        "surfaceCaption",
        "traceCaption",
        "legend",
        "runs",
        "optimizerDescription",
        "optimizerFormula",
        "stability",
        "scene",
        "controls",
        "canPlay",
    ] {
        assert!(v.get(key).is_some(), "view has {key}");
    }
    assert_eq!(
        v["scene"]["title"],
        "Momentum against plain gradient descent in a valley"
    );
    assert_eq!(v["runs"].as_array().unwrap().len(), 2);
    assert_eq!(
        v["controls"]["momentum"]["hidden"], false,
        "momentum's field shows"
    );
    assert_eq!(v["controls"]["beta1"]["hidden"], true, "Adam's do not");
    let lr = &v["controls"]["lr"];
    let marks = lr["marks"].as_array().unwrap();
    assert_eq!(marks.len(), 2);
    for mark in marks {
        let at = mark["at"].as_f64().unwrap();
        assert!(at > lr["min"].as_f64().unwrap() && at < lr["max"].as_f64().unwrap());
    }
    let table: Value = serde_json::from_str(&view::json(&view::controls::table())).unwrap();
    assert!(table
        .as_array()
        .unwrap()
        .iter()
        .any(|row| row["id"] == "surface-view"));
}

#[test]
fn the_slider_reaches_past_the_limit_on_every_data_set() {
    for query in [
        "dataset=overlap",
        "dataset=cancer",
        "dataset=cancer&standardize=true",
    ] {
        let s = session(query);
        let (lo, hi) = view::controls::learning_rate_range(&s);
        let lr_max = s.stability().unwrap().lr_max;
        assert!(
            hi >= 2.0 * lr_max && lo <= 1e-3 * lr_max.max(0.1),
            "{query}: {lo}..{hi} vs {lr_max}"
        );
    }
}
