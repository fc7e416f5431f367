//! The session: settings changes keep data, landscape and run consistent.

use descent::session::Session;
use descent::settings::Settings;
use descent::view::{self, words};
use serde_json::Value;

fn state(session: &Session) -> Value {
    serde_json::from_str(&view::state_json(session)).expect("state is valid JSON")
}

#[test]
fn state_has_every_documented_key_and_finite_numbers() {
    let (mut session, notices) = Session::from_url([("batch", "10")]);
    assert!(notices.is_empty());
    let s = state(&session);
    for key in [
        "step",
        "epoch",
        "theta",
        "loss",
        "batchLoss",
        "grad",
        "lr",
        "batchSize",
        "n",
        "dataset",
        "seed",
        "diverged",
        "running",
    ] {
        assert!(s.get(key).is_some(), "state has {key}");
    }
    assert!(s["batchLoss"].is_null());
    session.step(3);
    let s = state(&session);
    assert_eq!(s["step"], 3);
    assert!(s["batchLoss"].as_f64().unwrap().is_finite());
    assert_eq!(s["batchIndex"], 3);
    assert_eq!(s["batchesPerEpoch"], 10);
    let data: Value = serde_json::from_str(&view::json(&view::state::points(&session))).unwrap();
    assert_eq!(data["x"].as_array().unwrap().len(), 100);
}

#[test]
fn learning_rate_and_batch_size_act_without_a_reset() {
    let mut session = Session::new(Settings::default());
    session.step(5);
    let changes = session.set([("lr", "0.1"), ("batch", "20")]).unwrap();
    assert!(!changes.scene && changes.frame);
    assert_eq!(session.run().step_count(), 5);
    session.step(1);
    assert_eq!(session.run().batch().len(), 20);
}

#[test]
fn a_bad_value_changes_nothing() {
    let mut session = Session::new(Settings::default());
    session.step(2);
    let before = view::state_json(&session);
    let error = session
        .set([("lr", "0.2"), ("start", "1,2,3")])
        .unwrap_err();
    assert!(error.contains("start"), "{error}");
    assert_eq!(view::state_json(&session), before);
}

#[test]
fn changing_the_data_set_rebuilds_and_keeps_playing() {
    let mut session = Session::new(Settings::default());
    session.set_running(true);
    session.step(4);
    let changes = session.set([("dataset", "cancer")]).unwrap();
    assert!(changes.scene);
    assert_eq!(session.run().step_count(), 0);
    assert_eq!(session.data().len(), 569);
    assert!(session.running());
}

#[test]
fn a_start_outside_the_window_moves_the_window() {
    let mut session = Session::new(Settings::default());
    let changes = session.set([("start", "40,-30")]).unwrap();
    assert!(changes.scene);
    assert!(session.landscape().window().contains([40.0, -30.0]));
    assert_eq!(session.run().theta(), [40.0, -30.0]);
    // A start inside keeps the cached landscape.
    let window = session.landscape().window();
    let changes = session.start_at([1.0, 1.0]);
    assert!(!changes.scene);
    assert_eq!(session.landscape().window(), window);
}

#[test]
fn playing_takes_speed_times_elapsed_steps() {
    let (mut session, _) = Session::from_url([("speed", "50"), ("autoplay", "true")]);
    assert!(session.running());
    let mut taken = 0;
    for _ in 0..60 {
        taken += session.advance(1.0 / 60.0);
    }
    assert_eq!(taken, 50);
    // A long pause (a hidden tab) does not dump a minute of steps at once.
    assert!(session.advance(60.0) <= 5);
    session.set_running(false);
    assert_eq!(session.advance(1.0), 0);
}

#[test]
fn divergence_stops_playing_and_explains() {
    let (mut session, _) =
        Session::from_url([("dataset", "cancer"), ("lr", "10"), ("autoplay", "1")]);
    session.step(100);
    assert!(!session.running());
    let message = words::divergence_message(&session).unwrap();
    assert!(message.starts_with("Diverged at step"), "{message}");
    session.set_running(true);
    assert!(!session.running(), "a diverged run cannot play");
    assert_eq!(state(&session)["diverged"], true);
}

#[test]
fn a_trail_draws_only_the_last_steps_and_the_state_says_the_page_settings() {
    let (mut session, notices) = Session::from_url([("trail", "10"), ("lock", "lr")]);
    assert!(notices.is_empty(), "{notices:?}");
    session.step(50);
    let mut path = Vec::new();
    session.path(0, &mut path);
    assert!(
        (10..=12).contains(&path.len()),
        "a 10-step trail drew {} points",
        path.len()
    );
    session.set([("trail", "0")]).unwrap();
    session.path(0, &mut path);
    assert_eq!(path.len(), 51);
    let s = state(&session);
    assert_eq!(s["page"]["lock"][0], "lr");
    assert_eq!(s["page"]["trail"], 0);
    assert!(s["page"]["controls"].is_null());
    assert_eq!(s["page"]["theme"], "light");
    let error = session.set([("lr", "0.1")]).unwrap_err();
    assert!(error.contains("locked"), "{error}");
}

#[test]
fn the_runs_csv_has_a_row_per_step_with_the_rate_in_force() {
    let (mut session, _) = Session::from_url([
        ("runs", "gd:0.5,gd:0.1"),
        ("schedule", "step"),
        ("every", "2"),
        ("decay", "0.5"),
        ("batch", "10"),
    ]);
    session.step(3);
    let csv = view::export::runs_csv(&session);
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines[0], "run,step,epoch,loss,batch_loss,b0,b1,lr");
    assert_eq!(lines.len(), 1 + 2 * 4, "{csv}");
    let row = |i: usize| -> Vec<&str> { lines[i].split(',').collect() };
    assert_eq!(row(1)[..2], ["1", "0"]);
    assert_eq!(row(1)[4], "", "no batch loss at the start");
    assert_eq!(row(1)[7], "0.5");
    assert_eq!(row(3)[7], "0.5", "step 2 still used the first rate");
    assert_eq!(row(4)[7], "0.25", "step 3 used the halved rate");
    assert_eq!(row(5)[..2], ["2", "0"]);
    let theta = session.runs()[1].theta();
    assert_eq!(row(8)[5].parse::<f64>().unwrap(), theta[0]);
    assert_eq!(row(8)[6].parse::<f64>().unwrap(), theta[1]);
    for line in &lines[1..] {
        for cell in line.split(',').filter(|c| !c.is_empty()) {
            assert!(cell.parse::<f64>().unwrap().is_finite(), "{line}");
        }
    }
}

#[test]
fn a_setting_changed_in_mid_run_is_marked_for_the_trace() {
    let (mut session, _) = Session::from_url([("lr", "0.5")]);
    session.set([("lr", "0.2")]).unwrap();
    assert!(session.marks().is_empty(), "no mark before the first step");
    session.step(5);
    session.set([("lr", "0.3")]).unwrap();
    session.set([("lr", "0.4")]).unwrap();
    session.step(5);
    session.set([("optimizer", "adam")]).unwrap();
    session.set([("speed", "30")]).unwrap();
    let marks: Vec<(u64, &str)> = session.marks().iter().map(|m| (m.step, m.what)).collect();
    assert_eq!(marks, vec![(5, "η"), (10, "method")]);
    assert_eq!(state(&session)["marks"][1]["what"], "method");
    session.reset();
    assert!(session.marks().is_empty());
}

/// The words for the page and the API in one text: the view, the
/// controls' values and the state.
fn all_words(session: &Session) -> String {
    [
        view::view_json(session, view::ViewContext::default()),
        view::json(&view::controls::values(session)),
        view::state_json(session),
    ]
    .join("\n")
}

#[test]
fn a_count_of_one_takes_the_singular() {
    let nouns = [
        "points", "batches", "starts", "runs", "slides", "steps", "rows", "notes", "epochs",
    ];
    for query in [
        vec![("batch", "1"), ("surface", "batch")],
        vec![("batch", "1"), ("surface", "both")],
        vec![("fan", "1"), ("batch", "5")],
        vec![("restarts", "1")],
        vec![("deck", "view: lr=0.1")],
    ] {
        let (mut session, _) = Session::from_url(query.iter().copied());
        session.step(3);
        let words = all_words(&session);
        for noun in nouns {
            // "1 points", but not "21 points".
            let wrong = format!("1 {noun}");
            let found = words
                .match_indices(&wrong)
                .any(|(at, _)| !words[..at].ends_with(|c: char| c.is_ascii_digit() || c == '.'));
            assert!(!found, "{query:?}: \"{wrong}\" in {words}");
        }
    }
    let (session, _) = Session::from_url([("restarts", "1")]);
    assert!(
        words::surface_caption(&session, false).contains(" 1 random start,"),
        "{}",
        words::surface_caption(&session, false)
    );
}

#[test]
fn fade_counts_the_old_points_of_a_path_and_scenes_say_what_they_fade() {
    let (mut session, _) = Session::from_url([("fade", "5")]);
    session.step(20);
    let mut path = Vec::new();
    let old = session.path(0, &mut path);
    // Steps 0..=20 and the current point: those more than 5 steps old fade.
    assert_eq!(path.len(), 21);
    assert_eq!(old, 15, "steps 0 to 14 are more than 5 old at step 20");
    let (mut plain, _) = Session::from_url([("lr", "0.5")]);
    plain.step(20);
    assert_eq!(plain.path(0, &mut path), 0, "without fade nothing fades");
    // The scenes with long or wild paths fade them, and say so.
    for key in [
        "learning-rates",
        "trace",
        "batches",
        "batch-surface",
        "noise",
    ] {
        let scene = descent::settings::scenes::SCENES
            .iter()
            .find(|s| s.key == key)
            .unwrap();
        assert!(
            descent::settings::Settings::of_scene(scene).fade > 0,
            "{key} fades its old steps"
        );
        assert!(scene.caption.contains("fade"), "{key} says what fades");
    }
}

#[test]
fn the_status_says_run_1_before_its_own_facts_and_a_short_status_for_phones() {
    let (session, _) = Session::from_url([
        ("runs", "trio"),
        ("dataset", "cancer"),
        ("standardize", "true"),
    ]);
    let status = words::status(&session);
    assert!(!status.contains("run 1: ·"), "{status}");
    assert!(status.contains("3 runs · run 1: 0 epochs"), "{status}");
    let short = words::status_short(&session);
    assert!(
        short.starts_with("Step 0 · 3 runs · run 1: loss "),
        "{short}"
    );
    assert!(
        !short.contains("condition") && !short.contains("every step"),
        "{short}"
    );
    assert!(short.len() < status.len() / 2 + 40, "{short}");
    // Batches: the epoch and batch, briefly.
    let (mut sgd, _) = Session::from_url([("batch", "10")]);
    sgd.step(3);
    assert!(
        words::status_short(&sgd).starts_with("Step 3 · epoch 1, batch 3/10 · loss "),
        "{}",
        words::status_short(&sgd)
    );
    // Restarts: the tally in a few words (the legend says it whole).
    let (mut restarts, _) =
        Session::from_url([("model", "hidden"), ("lr", "1"), ("restarts", "50")]);
    restarts.step(60);
    let short = words::status_short(&restarts);
    assert!(
        short.contains(" global") && short.contains(" of 50"),
        "{short}"
    );
    assert!(!short.contains("reached"), "{short}");
    assert!(short.len() < 110, "{} characters: {short}", short.len());
}

#[test]
fn the_restarts_slider_says_its_value() {
    let (session, _) = Session::from_url([("model", "hidden"), ("restarts", "50")]);
    let controls: Value = serde_json::from_str(&descent::view::json(
        &descent::view::controls::values(&session),
    ))
    .unwrap();
    assert_eq!(controls["restarts"]["text"], "50 runs");
    let (none, _) = Session::from_url([("model", "hidden")]);
    let controls: Value = serde_json::from_str(&descent::view::json(
        &descent::view::controls::values(&none),
    ))
    .unwrap();
    assert_eq!(controls["restarts"]["text"], "off");
}

#[test]
fn a_note_moves_to_a_new_place_and_nothing_else_changes() {
    let (mut session, _) = Session::from_url([("notes", "1,2,here;3,4,there")]);
    let start = session.start();
    let changes = session.move_note(1, [0.5, -0.25]);
    assert!(changes.frame);
    let notes = &session.settings().notes;
    assert_eq!(
        (notes[1].at, notes[1].label.as_str()),
        ([0.5, -0.25], "there")
    );
    assert_eq!(notes[0].at, [1.0, 2.0]);
    assert_eq!(session.start(), start);
    assert_eq!(
        session.move_note(5, [0.0, 0.0]),
        Default::default(),
        "no note 6"
    );
    assert_eq!(session.move_note(0, [f64::NAN, 0.0]), Default::default());
    assert!(
        session
            .settings()
            .to_query()
            .contains("notes=1,2,here;0.5,-0.25,there"),
        "{}",
        session.settings().to_query()
    );
}

#[test]
fn the_deck_says_where_it_is_in_words() {
    let (session, _) = Session::from_url([("deck", "lecture"), ("slide", "4")]);
    let page = &session.settings().page;
    assert_eq!(words::deck_place(page), "4 / 16");
    assert!(words::deck_corner(page).starts_with("4 / 16 · Learning rate"));
    assert_eq!(words::deck_position(page), "Slide 4 of 16");
    let (one, _) = Session::from_url([("deck", "trace")]);
    assert_eq!(
        words::deck_corner(&one.settings().page),
        "1 slide: Page Down to start"
    );
    assert_eq!(
        words::deck_position(&one.settings().page),
        "1 slide; not started"
    );
}

#[test]
fn a_change_to_the_synthetic_data_makes_the_data_again() {
    // Each setting's row says what it makes stale: these say "the data".
    let (mut session, _) = Session::from_url([("dataset", "overlap")]);
    session.step(5);
    session.set([("n", "50")]).unwrap();
    assert_eq!(session.data().len(), 50);
    assert_eq!(session.run().step_count(), 0, "the runs start again");
    let x: Vec<f64> = session.data().x.clone();
    for (key, value) in [
        ("separation", "1"),
        ("spread", "1.5"),
        ("imbalance", "0.3"),
        ("label_noise", "0.1"),
        ("sample", "2"),
    ] {
        session.set([(key, value)]).unwrap();
        assert_ne!(session.data().x, x, "{key} makes new data");
    }
    // A view setting leaves the runs where they are.
    session.step(3);
    session.set([("log", "true"), ("panel", "chain")]).unwrap();
    assert_eq!(session.run().step_count(), 3);
}

/// The first-frame module draws `Session::first`; the page's module draws
/// `Session::new` with the same (default) settings over it, so the two must
/// be the same session: the same data, surface, contours and runs.
#[test]
fn the_first_frames_session_is_the_default_one() {
    let mut first = Session::first();
    let mut general = Session::new(Settings::default());
    assert_eq!(first.data(), general.data());
    assert_eq!(first.objective().axes(), general.objective().axes());
    let surface = |s: &Session| format!("{:?}", s.landscape());
    assert_eq!(surface(&first), surface(&general));
    for _ in 0..3 {
        assert_eq!(view::state_json(&first), view::state_json(&general));
        first.step(25);
        general.step(25);
    }
}
