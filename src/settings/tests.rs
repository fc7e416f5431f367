use super::*;

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
