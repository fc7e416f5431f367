use super::table::{setting, TABLE};
use super::*;
use crate::model::batches::Sampling;
use crate::model::data::Preset;
use crate::model::optim::OptimizerKind;
use crate::model::schedule::Schedule;

#[test]
fn good_values_are_taken() {
    let (s, notices) = Settings::with_url([
        ("lr", "0.1"),
        ("batch", "8"),
        ("dataset", "cancer"),
        ("seed", "42"),
        ("start", "-2,3"),
        ("speed", "60"),
        ("autoplay", "1"),
    ]);
    assert!(notices.is_empty(), "{notices:?}");
    assert_eq!(s.learning_rate, 0.1);
    assert_eq!(s.batch_size, Some(8));
    assert_eq!(s.dataset, Preset::Cancer);
    assert_eq!(s.seed, 42);
    assert_eq!(s.start, Some([-2.0, 3.0]));
    assert!(s.autoplay);
}

#[test]
fn bad_values_fall_back_with_a_notice() {
    let (s, notices) = Settings::with_url([
        ("lr", "abc"),
        ("batch", "-3"),
        ("start", "1"),
        ("bogus", "2"),
    ]);
    assert_eq!(s, Settings::default());
    let text: Vec<String> = notices.iter().map(|n| n.message.clone()).collect();
    assert_eq!(text[0], "lr = \"abc\" is not a number; using 0.5.");
    assert!(
        text[1].starts_with("batch = \"-3\"") && text[1].ends_with("using full."),
        "{}",
        text[1]
    );
    assert!(
        text[2].starts_with("start = \"1\" is not two numbers")
            && text[2].ends_with("using -4,-1.5 (the data set's default)."),
        "{}",
        text[2]
    );
    assert!(
        text[3].contains("bogus") && text[3].contains("ignored"),
        "{}",
        text[3]
    );
}

#[test]
fn each_data_set_brings_its_learning_rate_unless_one_is_given() {
    let (s, _) = Settings::with_url([("dataset", "cancer")]);
    assert_eq!(s.learning_rate, 0.01);
    let (s, _) = Settings::with_url([("lr", "0.2"), ("dataset", "cancer")]);
    assert_eq!(s.learning_rate, 0.2);
    let s = s.with_api([("dataset", "overlap")]).unwrap();
    assert_eq!(s.learning_rate, 0.5);
    let s = s
        .with_api([("standardize", "true"), ("lr", "0.03")])
        .unwrap();
    assert_eq!(
        s.with_api([("standardize", "false")])
            .unwrap()
            .learning_rate,
        0.03
    );
}

#[test]
fn out_of_range_values_are_clamped() {
    let (s, notices) =
        Settings::with_url([("lr", "500"), ("batch", "5000"), ("dataset", "separable")]);
    assert_eq!(s.learning_rate, 100.0);
    assert_eq!(s.effective_batch_size(), 60);
    assert_eq!(notices.len(), 2);
}

#[test]
fn the_api_refuses_and_changes_nothing() {
    let s = Settings::default();
    let e = s.with_api([("lr", "0.2"), ("batch", "nope")]).unwrap_err();
    assert!(e.contains("batch") && e.contains("nope"), "{e}");
    assert_eq!(s.with_api([("lr", "0.2")]).unwrap().learning_rate, 0.2);
}

#[test]
fn sgd_settings_are_read_and_checked() {
    let (s, notices) = Settings::with_url([
        ("surface", "both"),
        ("sampling", "replacement"),
        ("drop_last", "true"),
        ("decay", "0.9"),
        ("schedule", "step"),
        ("every", "20"),
        ("fan", "30"),
        ("per_epoch", "1"),
    ]);
    assert!(notices.is_empty(), "{notices:?}");
    assert_eq!(s.surface, SurfaceView::Both);
    assert_eq!(s.sampling, Sampling::Replacement);
    assert!(s.drop_last && s.per_epoch);
    assert_eq!(
        s.learning_rate_schedule(),
        Schedule::Step {
            decay: 0.9,
            every: 20
        }
    );
    assert_eq!(s.fan, 30);
    let (s, notices) = Settings::with_url([
        ("schedule", "step"),
        ("decay", "2"),
        ("fan", "-1"),
        ("surface", "x"),
    ]);
    assert_eq!(notices.len(), 3, "{notices:?}");
    assert_eq!(s.effective_decay(), 1.0);
    assert_eq!(s.fan, 0);
    assert_eq!(s.surface, SurfaceView::Full);
    assert_eq!(
        Settings::default().learning_rate_schedule(),
        Schedule::Constant
    );
}

#[test]
fn a_default_start_stays_out_of_the_query() {
    for dataset in ["overlap", "separable", "cancer"] {
        let (s, _) = Settings::with_url([("dataset", dataset)]);
        let query = s.to_query();
        assert!(!query.contains("start"), "{query}");
        let pairs: Vec<(&str, &str)> = query
            .split('&')
            .filter_map(|kv| kv.split_once('='))
            .collect();
        let (again, notices) = Settings::with_url(pairs);
        assert!(notices.is_empty(), "{notices:?}");
        assert_eq!(again, s);
    }
}

#[test]
fn the_query_round_trips() {
    let (s, _) = Settings::with_url([
        ("lr", "0.05"),
        ("dataset", "cancer"),
        ("start", "1,-2"),
        ("batch", "10"),
    ]);
    let query = s.to_query();
    let pairs: Vec<(&str, &str)> = query
        .split('&')
        .filter_map(|kv| kv.split_once('='))
        .collect();
    assert_eq!(Settings::with_url(pairs).0, s);
}

#[test]
fn the_table_is_consistent_and_every_default_reads_back() {
    let defaults = Settings::default();
    let mut ids = std::collections::HashSet::new();
    let mut keys = std::collections::HashSet::new();
    for row in TABLE {
        assert!(keys.insert(row.key), "{} twice", row.key);
        if !matches!(row.control, table::Control::None) {
            assert!(ids.insert(row.id), "id {} twice", row.id);
            assert!(!row.label.is_empty() && !row.help.is_empty());
        }
        let value = (row.read)(&defaults);
        let mut again = defaults.clone();
        assert!(
            again.apply(row.key, &value).is_ok(),
            "{} = {value} reads back",
            row.key
        );
        assert_eq!(again, defaults, "{}", row.key);
    }
}

#[test]
fn runs_are_read_in_every_documented_form() {
    let (s, notices) = Settings::with_url([("runs", "0.01,0.5,3")]);
    assert!(notices.is_empty(), "{notices:?}");
    let specs = s.run_specs(None);
    assert_eq!(specs.len(), 3);
    assert!(specs
        .iter()
        .all(|r| r.optimizer.is_none() && r.batch.is_none()));
    assert_eq!(s.learning_rate, 0.01, "lr describes the first run");

    let (s, notices) = Settings::with_url([("runs", "gd:0.5,momentum:0.5,adam:0.05:10")]);
    assert!(notices.is_empty(), "{notices:?}");
    let specs = s.run_specs(None);
    assert_eq!(specs[1].optimizer, Some(OptimizerKind::Momentum));
    assert_eq!(specs[2].optimizer, Some(OptimizerKind::Adam));
    assert_eq!(specs[2].batch, Some(BatchSize::Points(10)));
    assert_eq!(
        s.value_of("runs").unwrap(),
        "gd:0.5,momentum:0.5,adam:0.05:10"
    );

    // lr after runs changes the first run.
    let (s, _) = Settings::with_url([("lr", "0.3"), ("runs", "0.01,0.5")]);
    assert_eq!(s.run_specs(None)[0].learning_rate, 0.3);
    assert_eq!(s.learning_rate, 0.3);

    // The trio needs the data's stability; without it, one run.
    let (s, _) = Settings::with_url([("runs", "trio")]);
    assert_eq!(s.runs, Runs::Trio);
    assert_eq!(s.run_specs(Some([0.1, 1.0, 3.0])).len(), 3);
    assert_eq!(s.run_specs(None).len(), 1);

    let (s, _) = Settings::with_url([("runs", "")]);
    assert_eq!(s.runs, Runs::Single);
}

#[test]
fn bad_runs_are_named_and_fall_back() {
    let (s, notices) = Settings::with_url([("runs", "gd:0.5,sgd:0.1")]);
    assert_eq!(s.runs, Runs::Single);
    assert!(
        notices[0].message.contains("\"sgd:0.1\"") && notices[0].message.contains("adam"),
        "{notices:?}"
    );
    let (s, notices) = Settings::with_url([("runs", "1,2,3,4,5,6,7,8")]);
    assert_eq!(s.run_specs(None).len(), MAX_RUNS);
    assert!(notices[0].message.contains("more than 6"), "{notices:?}");
    let (_, notices) = Settings::with_url([("runs", "adam:0.05:0")]);
    assert!(notices[0].message.contains("batch size"), "{notices:?}");
    assert!(Settings::default()
        .with_api([("runs", "adam:fast")])
        .unwrap_err()
        .contains("adam:fast"));
}

#[test]
fn optimizer_settings_are_read_and_checked() {
    let (s, notices) = Settings::with_url([
        ("optimizer", "adam"),
        ("beta1", "0.8"),
        ("beta2", "0.99"),
        ("eps", "1e-6"),
        ("rho", "0.95"),
        ("momentum", "0.5"),
        ("line_search", "true"),
        ("path", "live"),
        ("steps", "300"),
        ("trace_x", "evaluations"),
    ]);
    assert!(notices.is_empty(), "{notices:?}");
    assert_eq!(s.optimizer, OptimizerKind::Adam);
    assert_eq!(
        (
            s.hyper.beta1,
            s.hyper.beta2,
            s.hyper.eps,
            s.hyper.rho,
            s.hyper.momentum
        ),
        (0.8, 0.99, 1e-6, 0.95, 0.5)
    );
    assert!(s.line_search);
    assert_eq!(
        (s.path, s.steps, s.trace_x),
        (PathMode::Live, 300, TraceAxis::Evaluations)
    );
    let (s, notices) = Settings::with_url([
        ("optimizer", "lbfgs"),
        ("beta1", "1"),
        ("steps", "5"),
        ("path", "sideways"),
    ]);
    assert_eq!(notices.len(), 4, "{notices:?}");
    assert_eq!(s.optimizer, OptimizerKind::Gd);
    assert_eq!(s.hyper.beta1, 0.999);
    assert_eq!(s.steps, 10);
    assert!(
        notices[0].message.contains("choose gd, momentum"),
        "{notices:?}"
    );
}

#[test]
fn scenes_open_cleanly_and_links_keep_them() {
    for scene in SCENES {
        // Every pair of the scene's query is a good value.
        let pairs = scene.query.split('&').filter_map(|kv| kv.split_once('='));
        let (_, notices) = Settings::with_url(pairs);
        assert!(notices.is_empty(), "{}: {notices:?}", scene.key);
        let (s, notices) = Settings::with_url([("scene", scene.key)]);
        assert!(notices.is_empty(), "{}: {notices:?}", scene.key);
        assert_eq!(s.scene.map(|sc| sc.key), Some(scene.key));
        assert_eq!(s.to_query(), format!("scene={}", scene.key));
        assert!(scene.caption.len() > 80 && scene.title.len() > 10);
        assert!(
            scene.focus.is_empty() || setting(scene.focus).is_some_and(|row| !row.id.is_empty()),
            "{}: focus {} is no control",
            scene.key,
            scene.focus
        );
    }
    let (s, notices) = Settings::with_url([("lr", "0.2"), ("scene", "momentum")]);
    assert!(notices.is_empty());
    assert_eq!(
        s.learning_rate, 0.2,
        "a key given with a scene applies over it"
    );
    let query = s.to_query();
    assert!(query.starts_with("scene=momentum&"), "{query}");
    let pairs: Vec<(&str, &str)> = query
        .split('&')
        .filter_map(|kv| kv.split_once('='))
        .collect();
    assert_eq!(Settings::with_url(pairs).0, s);
    let (_, notices) = Settings::with_url([("scene", "nope")]);
    assert!(notices[0].message.contains("learning-rates"), "{notices:?}");
}

#[test]
fn two_feature_data_choose_the_two_feature_model_and_links_keep_a_choice_against_it() {
    let reopen = |s: &Settings| {
        let query = s.to_query();
        let pairs: Vec<(&str, &str)> = query
            .split('&')
            .filter_map(|kv| kv.split_once('='))
            .collect();
        let (again, notices) = Settings::with_url(pairs);
        assert!(notices.is_empty(), "{query}: {notices:?}");
        assert_eq!(&again, s, "{query}");
    };
    for query in [
        vec![("dataset", "cancer2")],
        vec![("dataset", "blobs"), ("model", "logistic")],
        vec![("dataset", "cancer2"), ("model", "hidden")],
        vec![("data", "1,2,0;3,4,1;-1,0,1")],
        vec![("data", "1,2,0;3,4,1;-1,0,1"), ("model", "logistic")],
        vec![("model", "features2"), ("dataset", "cancer")],
    ] {
        let (s, notices) = Settings::with_url(query.clone());
        assert!(notices.is_empty(), "{query:?}: {notices:?}");
        let explicit = query.iter().find(|(k, _)| *k == "model").map(|(_, v)| *v);
        let expected = match (explicit, s.two_feature_data()) {
            (Some(m), two) if m != "features2" || two => m,
            (_, true) => "features2",
            (_, false) => "logistic",
        };
        assert_eq!(s.model.key(), expected, "{query:?}");
        reopen(&s);
    }
}

#[test]
fn page_settings_are_read_checked_and_kept_by_scenes() {
    let (s, notices) = Settings::with_url([
        ("embed", "1"),
        ("controls", "lr, batch,play"),
        ("lock", "lr,dataset"),
        ("theme", "projector"),
        ("trail", "50"),
        ("lr", "0.2"),
    ]);
    assert!(notices.is_empty(), "{notices:?}");
    assert!(s.page.embed);
    assert_eq!(s.page.controls, Some(vec!["lr", "batch", "play"]));
    assert_eq!(s.page.lock, vec!["lr", "dataset"]);
    assert_eq!(s.page.theme, Theme::Projector);
    assert_eq!(s.page.trail, 50);
    // Round trip through a link.
    let query = s.to_query();
    let pairs: Vec<(String, String)> = query
        .split('&')
        .map(|kv| {
            let (k, v) = kv.split_once('=').unwrap();
            (k.to_string(), v.to_string())
        })
        .collect();
    let (again, notices) = Settings::with_url(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())));
    assert!(notices.is_empty(), "{notices:?}");
    assert_eq!(again, s);
    // A scene changes the run but not the page, nor a locked setting.
    let after = s.with_api([("scene", "batches")]).unwrap();
    assert_eq!(after.page, s.page);
    assert_eq!(after.learning_rate, 0.2);
    assert_eq!(after.dataset, s.dataset);
    assert_ne!(after.runs, s.runs);
    // controls=none and all.
    let (none, _) = Settings::with_url([("controls", "none")]);
    assert_eq!(none.page.controls, Some(vec![]));
    let (all, _) = Settings::with_url([("controls", "all")]);
    assert_eq!(all.page.controls, Some(vec!["all"]));
    assert_eq!(all.to_query(), "controls=all");
}

#[test]
fn locked_and_address_only_settings_are_refused_by_the_api_with_a_reason() {
    let (s, _) = Settings::with_url([("lock", "lr"), ("lr", "0.3")]);
    let error = s.with_api([("lr", "0.1")]).unwrap_err();
    assert_eq!(
        error,
        "descent.set: lr is locked on this page (lock=lr), so it stays 0.3"
    );
    let error = s.with_api([("lock", "")]).unwrap_err();
    assert!(
        error.contains("only be given in the page's address"),
        "{error}"
    );
    assert!(s.with_api([("embed", "0")]).is_err());
    assert!(s.with_api([("batch", "8")]).is_ok());
    assert!(s.locked("lr") && !s.locked("batch"));
}

#[test]
fn bad_page_settings_are_named() {
    let (s, notices) = Settings::with_url([
        ("controls", "lr,wings"),
        ("lock", "play"),
        ("theme", "neon"),
        ("trail", "-1"),
    ]);
    let text: Vec<&str> = notices.iter().map(|n| n.message.as_str()).collect();
    assert_eq!(text.len(), 4, "{text:?}");
    assert!(
        text[0].contains("names wings, which is not a setting or a button"),
        "{}",
        text[0]
    );
    assert!(
        text[1].contains("names play, which is not a setting;"),
        "{}",
        text[1]
    );
    assert!(
        text[2].contains("is not a theme (choose light, dark, projector)"),
        "{}",
        text[2]
    );
    assert_eq!(s.page, Page::default());
}

#[test]
fn a_new_data_set_brings_its_own_start_unless_one_is_given() {
    let (s, _) = Settings::with_url([("start", "1,2")]);
    let next = s.with_api([("dataset", "cancer")]).unwrap();
    assert_eq!(next.start, None);
    let next = s
        .with_api([("dataset", "cancer"), ("start", "3,4")])
        .unwrap();
    assert_eq!(next.start, Some([3.0, 4.0]));
    let same = s.with_api([("dataset", "overlap")]).unwrap();
    assert_eq!(same.start, Some([1.0, 2.0]));
}

#[test]
fn long_values_are_quoted_short_in_notices_and_errors() {
    let nines = "9".repeat(5000);
    let (_, notices) = Settings::with_url([("lr", nines.as_str())]);
    assert_eq!(notices.len(), 1);
    let message = &notices[0].message;
    assert!(message.len() < 200, "{message}");
    assert!(message.contains("(5000 characters in all)"), "{message}");
    let error = Settings::default()
        .with_api([("lr", nines.as_str())])
        .unwrap_err();
    assert!(error.len() < 200, "{error}");
}

#[test]
fn a_deck_round_trips_survives_scenes_and_names_a_bad_scene() {
    let (s, notices) = Settings::with_url([("deck", "lecture"), ("scene", "trace")]);
    assert!(notices.is_empty(), "{notices:?}");
    assert_eq!(s.page.deck.len(), SCENES.len());
    assert_eq!(s.scene.map(|sc| sc.key), Some("trace"));
    assert_eq!(
        s.to_query(),
        "deck=lecture&slide=5",
        "a scene of the deck is its slide"
    );
    // A scene changes everything else, not the deck.
    let next = s.with_api([("scene", "scaling")]).unwrap();
    assert_eq!(next.page.deck.len(), SCENES.len());
    let (s, notices) = Settings::with_url([("deck", "trace, scaling,momentum")]);
    assert!(notices.is_empty(), "{notices:?}");
    let keys: Vec<&str> = (s.page.deck.iter())
        .map(|slide| slide.scene().unwrap().key)
        .collect();
    assert_eq!(keys, ["trace", "scaling", "momentum"]);
    assert!(s.to_query().contains("deck=trace,scaling,momentum"));
    let (s, notices) = Settings::with_url([("deck", "trace,nope")]);
    assert!(s.page.deck.is_empty());
    assert_eq!(notices.len(), 1);
    assert!(
        notices[0]
            .message
            .contains("\"nope\", which is not a scene"),
        "{notices:?}"
    );
}

#[test]
fn a_slide_opens_its_view_and_a_link_returns_to_it_with_changes() {
    let text = "title: Big\ncaption: Too far.\nview: dataset=cancer&standardize=true&lr=30\n\nview: scene=trace";
    let (s, notices) = Settings::with_url([("lr", "0.5"), ("slide", "1"), ("deck", text)]);
    assert!(notices.is_empty(), "{notices:?}");
    assert_eq!(
        (s.page.slide, s.learning_rate),
        (Some(0), 0.5),
        "lr after the slide"
    );
    assert!(s.standardize);
    let query = s.to_query();
    assert!(
        query.contains("&slide=1") && query.starts_with("lr=0.5&"),
        "{query}"
    );
    // The deck's text is escaped for the address bar and read back whole.
    assert!(query.contains("%0A") && query.contains("%26"), "{query}");
    let pairs = super::query_pairs(&query);
    let (again, notices) = Settings::with_url(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())));
    assert!(notices.is_empty(), "{notices:?}");
    assert_eq!(again, s);
    // Another scene leaves the deck; one the deck shows as it is, opens its slide.
    let elsewhere = s.with_api([("scene", "scaling")]).unwrap();
    assert_eq!(elsewhere.page.slide, None);
    let trace = s.with_api([("scene", "trace")]).unwrap();
    assert_eq!(trace.page.slide, Some(1));
    let challenge = s.with_api([("challenge", "diverge")]).unwrap();
    assert_eq!(challenge.page.slide, None);
    let other = s.with_api([("deck", "trace,scaling")]).unwrap();
    assert_eq!(
        other.page.slide, None,
        "another deck starts before its first slide"
    );
    assert_eq!(
        s.with_api([("deck", text)]).unwrap().page.slide,
        Some(0),
        "the same deck stays"
    );
    // Bad slides are named.
    let (s, notices) = Settings::with_url([("deck", "lecture"), ("slide", "99")]);
    assert_eq!(s.page.slide, Some(SCENES.len() - 1));
    assert!(
        notices[0]
            .message
            .starts_with("slide = \"99\" is not a whole number from 1 to"),
        "{notices:?}"
    );
    let (s, notices) = Settings::with_url([("slide", "2")]);
    assert_eq!(s.page.slide, None);
    assert!(notices[0].message.contains("needs a deck"), "{notices:?}");
    // A deck with mistakes opens what it can, and says what it left out.
    let (s, notices) = Settings::with_url([("deck", "view: lr=x\n\nview: scene=trace")]);
    assert_eq!(s.page.deck.len(), 2);
    assert!(notices[0].message.contains("slide 1: lr"), "{notices:?}");
    assert!(
        notices[0]
            .message
            .ends_with("using the deck's 2 slides as read."),
        "{notices:?}"
    );
}

#[test]
fn notes_round_trip_and_bad_ones_are_named() {
    let (s, notices) =
        Settings::with_url([("notes", "1,-2,the path overshoots here; 0.5,3,a, comma")]);
    assert!(notices.is_empty(), "{notices:?}");
    assert_eq!(s.notes.len(), 2);
    assert_eq!(s.notes[1].label, "a, comma");
    assert_eq!(
        s.to_query(),
        "notes=1,-2,the path overshoots here;0.5,3,a, comma"
    );
    let (s, notices) = Settings::with_url([("notes", "1,2,fine;x,2,bad;3,4")]);
    assert_eq!(s.notes.len(), 1);
    assert!(
        notices[0].message.contains("note 2 is not b0,b1,label"),
        "{notices:?}"
    );
    assert!(notices[0].message.contains("note 3"), "{notices:?}");
    let many = ["0,0,a"; 9].join(";");
    let (s, notices) = Settings::with_url([("notes", many.as_str())]);
    assert_eq!((s.notes.len(), notices.len()), (super::MAX_NOTES, 1));
    // A label with characters a URL would cut survives the link.
    let (s, _) = Settings::with_url([("notes", "0,0,50% & more #1")]);
    let pairs = super::query_pairs(&s.to_query());
    assert_eq!(
        pairs,
        [("notes".to_string(), "0,0,50% & more #1".to_string())]
    );
}

#[test]
fn every_notice_names_what_is_used_instead() {
    let (_, notices) = Settings::with_url([("scene", "nope")]);
    assert_eq!(notices.len(), 1);
    assert!(
        notices[0].message.ends_with("using the default view."),
        "{notices:?}"
    );
    // Every setting, given nonsense alone and after data of one's own,
    // says what it used.
    for key in keys() {
        for before in [None, Some(("data", "1,0;2,1"))] {
            for bad in ["nope", "-1", "1,2,3,4,5", "§"] {
                let pairs = before.into_iter().chain([(key, bad)]);
                let (_, notices) = Settings::with_url(pairs);
                for notice in notices {
                    let words = &notice.message;
                    assert!(
                        !words.contains("using .") && !words.contains("using ;"),
                        "{words}"
                    );
                }
            }
        }
    }
    let (_, notices) = Settings::with_url([("notes", "x,y,z")]);
    assert!(
        notices[0].message.ends_with("using no notes."),
        "{notices:?}"
    );
}

#[test]
fn a_key_given_twice_is_named_and_the_last_value_used() {
    let (s, notices) = Settings::with_url([("lr", "0.1"), ("seed", "3"), ("lr", "0.3")]);
    assert_eq!(s.learning_rate, 0.3);
    assert_eq!(s.seed, 3);
    assert_eq!(notices.len(), 1, "{notices:?}");
    assert_eq!(notices[0].key, "lr");
    assert_eq!(
        notices[0].message,
        "lr is given more than once (\"0.1\", then \"0.3\"); using the last, \"0.3\"."
    );
    // Only the last is applied: an earlier bad value is not reported as well.
    let (s, notices) = Settings::with_url([("scene", "nope"), ("scene", "trace")]);
    assert_eq!(s.scene.map(|sc| sc.key), Some("trace"));
    assert_eq!(notices.len(), 1, "{notices:?}");
}

#[test]
fn a_long_note_is_shortened_with_a_notice() {
    let long = format!("1,2,{}", "a".repeat(75));
    let (s, notices) = Settings::with_url([("notes", long.as_str())]);
    assert_eq!(s.notes.len(), 1);
    assert_eq!(s.notes[0].label, "a".repeat(NOTE_CHARS));
    assert_eq!(notices.len(), 1, "{notices:?}");
    assert!(
        notices[0].message.contains("shortened to 60 characters"),
        "{notices:?}"
    );
    let exact = format!("1,2,{}", "a".repeat(60));
    assert!(Settings::with_url([("notes", exact.as_str())]).1.is_empty());
    // The API refuses it, naming the nearest allowed value.
    let error = Settings::default()
        .with_api([("notes", long.as_str())])
        .unwrap_err();
    assert!(error.contains("longer than 60 characters"), "{error}");
}

#[test]
fn an_empty_deck_in_a_link_is_no_deck() {
    for value in ["", "  "] {
        let (s, notices) = Settings::with_url([("deck", value)]);
        assert!(notices.is_empty(), "{notices:?}");
        assert!(s.page.deck.is_empty());
    }
    let (s, _) = Settings::with_url([("deck", "lecture"), ("slide", "2")]);
    let s = s.with_api([("deck", "")]).unwrap();
    assert!(s.page.deck.is_empty());
    assert_eq!(s.page.slide, None);
}

#[test]
fn a_count_of_one_takes_the_singular() {
    let (s, notices) = Settings::with_url([("deck", "view: lr=x")]);
    assert_eq!(s.page.deck.len(), 1);
    assert!(
        notices[0]
            .message
            .ends_with("using the deck's 1 slide as read."),
        "{notices:?}"
    );
}

#[test]
fn plots_names_the_plots_shown_and_a_bad_name_is_said() {
    for set in PlotSet::ALL {
        assert_eq!(PlotSet::parse(set.key()), Some(set));
        let (s, notices) = Settings::with_url([("plots", set.key())]);
        assert!(notices.is_empty(), "{notices:?}");
        let pairs = url::query_pairs(&s.to_query());
        let again = Settings::with_url(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str()))).0;
        assert_eq!(again.plots, set);
    }
    assert_eq!(PlotSet::parse(" trace , surface "), Some(PlotSet::Trace));
    assert_eq!(PlotSet::parse("data"), Some(PlotSet::Data));
    assert!(PlotSet::Trace.trace() && !PlotSet::Trace.data());
    let (s, notices) = Settings::with_url([("plots", "trace,wings")]);
    assert_eq!(s.plots, PlotSet::All);
    assert!(notices[0].message.contains("plots"), "{notices:?}");
    assert!(
        notices[0].message.contains("surface, trace, data"),
        "{notices:?}"
    );
}

#[test]
fn a_view_from_another_page_keeps_this_pages_own_settings() {
    let (mine, _) =
        Settings::with_url([("theme", "projector"), ("lr", "3"), ("dataset", "cancer")]);
    let theirs = Settings::view_from("lr=0.5&batch=10&wings=1", &mine.page);
    assert_eq!(theirs.learning_rate, 0.5);
    assert_eq!(
        theirs.dataset,
        Settings::default().dataset,
        "what the view leaves out is the default"
    );
    assert_eq!(theirs.page.theme, mine.page.theme);
}
