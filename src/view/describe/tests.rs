use super::*;
use crate::model::run::Progress;

fn session(query: &str) -> Session {
    let pairs = query.split('&').filter_map(|kv| kv.split_once('='));
    let (session, notices) = Session::from_url(pairs);
    assert!(notices.is_empty(), "{query}: {notices:?}");
    session
}

#[test]
fn one_run_is_placed_against_the_minimum_and_heard_closing() {
    let mut s = session("dataset=cancer&standardize=true&lr=0.5");
    s.step(20);
    let d = describe(&s);
    let minimum = s.landscape().minima[0];
    assert!(
        d.surface
            .contains(&format!("Its minimum ✕ is at {}", params(minimum.theta, 3))),
        "{}",
        d.surface
    );
    let gap = distance(s.run().theta(), minimum.theta);
    assert!(
        d.surface.contains(&format!(
            "{} from the minimum ✕ and closing",
            number(gap, 2)
        )),
        "{}",
        d.surface
    );
    assert!(d.summary.starts_with("Step 20: loss "), "{}", d.summary);
    assert!(
        d.summary.contains(&number(s.run().loss(), 4)),
        "{}",
        d.summary
    );
    assert!(
        d.trace.contains("still falling") || d.trace.contains("converged"),
        "{}",
        d.trace
    );
}

#[test]
fn runs_side_by_side_are_described_side_by_side() {
    let mut s = session("dataset=cancer&standardize=true&runs=trio");
    s.step(60);
    let d = describe(&s);
    for k in 1..=3 {
        assert!(d.surface.contains(&format!("Run {k} (")), "{}", d.surface);
        assert!(d.trace.contains(&format!("Run {k} (")), "{}", d.trace);
        assert!(d.data.contains(&format!("Run {k} (")), "{}", d.data);
    }
    // The trio: too small still falling, about right converged, too large bouncing across the valley.
    let progress: Vec<Progress> = s.runs().iter().map(|r| s.progress(r)).collect();
    assert_eq!(progress[0], Progress::Falling);
    assert!(matches!(
        progress[1],
        Progress::Converged { minimum: 0, .. }
    ));
    let Progress::Converged { since, .. } = progress[1] else {
        unreachable!()
    };
    assert!(
        d.surface
            .contains(&format!("converged at step {since}, at the minimum ✕")),
        "{}",
        d.surface
    );
    assert!(
        d.surface.contains("zig-zagging across the valley"),
        "{}",
        d.surface
    );
    assert!(
        d.summary.contains("run 1 still falling") && d.summary.contains("run 3 oscillating"),
        "{}",
        d.summary
    );
}

#[test]
fn a_diverged_run_says_when() {
    let mut s = session("dataset=cancer&lr=0.5");
    s.step(200);
    let Progress::Diverged { at } = s.progress(s.run()) else {
        panic!("the run should diverge: {:?}", s.progress(s.run()));
    };
    let d = describe(&s);
    assert!(
        d.surface.contains(&format!("diverged at step {at}")),
        "{}",
        d.surface
    );
    assert!(
        d.trace.contains(&format!("stopped at step {at}")),
        "{}",
        d.trace
    );
    assert!(
        d.summary.contains(&format!("diverged at step {at}")),
        "{}",
        d.summary
    );
}

#[test]
fn a_run_stuck_in_a_local_minimum_is_said_stuck() {
    let mut s = session("model=hidden&lr=1");
    s.step(300);
    let d = describe(&s);
    assert!(
        d.surface.contains("It is not a single bowl"),
        "{}",
        d.surface
    );
    assert!(
        d.surface.contains("a local minimum +") && d.surface.contains("It is stuck there"),
        "{}",
        d.surface
    );
}

#[test]
fn the_curve_crosses_one_half_where_the_maths_says() {
    let mut s = session("dataset=cancer&standardize=true&lr=1");
    s.step(40);
    let [b0, b1] = s.run().theta();
    let d = describe(&s);
    assert!(
        d.data
            .contains(&format!("crosses p = 0.5 at x = {}", number(-b0 / b1, 3))),
        "{}",
        d.data
    );
    assert!(d.data.contains("rising"), "{}", d.data);
    assert!(d.data.contains("569 points, 212 with y = 1"), "{}", d.data);
}

#[test]
fn the_batch_is_counted_and_restarts_are_tallied() {
    let mut s = session("batch=10");
    s.step(3);
    assert!(describe(&s)
        .data
        .contains("The last batch's 10 points are ringed"));
    let mut r = session("model=hidden&lr=1&restarts=50");
    r.step(60);
    let d = describe(&r);
    assert!(
        d.surface.contains("50 runs from random starts"),
        "{}",
        d.surface
    );
    assert!(d.summary.contains(" of 50"), "{}", d.summary);
}

#[test]
fn a_path_is_read_step_by_step() {
    let mut s = session("dataset=cancer&standardize=true&lr=0.5");
    s.step(5);
    let point = s.run().trace().points()[3];
    let words = path_step(&s, 0, 3).expect("step 3 is there");
    assert!(words.starts_with("Step 3 of 5: b = "), "{words}");
    assert!(words.contains(&number(point.loss, 4)), "{words}");
    let g = s.objective().gradient(point.theta, Batch::All);
    assert!(words.contains(&params(g, 3)), "{words}");
    assert_eq!(path_step(&s, 0, 99), None);
    assert_eq!(path_step(&s, 7, 0), None);
}

#[test]
fn each_plot_is_named_for_its_own_axes() {
    let hidden = describe(&session("model=hidden"));
    assert!(
        hidden.names[0].contains("w1 (input to hidden) and w2 (hidden to output)"),
        "{:?}",
        hidden.names
    );
    let two = describe(&session("model=features2"));
    assert!(two.names[3].contains("decision line"), "{:?}", two.names);
    let one = describe(&session(""));
    assert!(
        one.names[0].contains("b0 (intercept) and b1 (slope)")
            && one.names[3].contains("fitted curve"),
        "{:?}",
        one.names
    );
}
