//! The CSV reader under fire: random bytes and mutated good files never
//! panic, always give data or a clear error; loaded data never leak a
//! non-finite number; points round-trip through the link.

use descent::model::csv;
use descent::model::rng::Rng;
use descent::session::Session;
use descent::settings::{Custom, Settings};
use descent::view;
use serde_json::Value;

const GOOD: &str = "\u{feff}radius;\"texture, mean\";kind\r\n12.5;19.1;benign\r\n20.1;\"22,5\";malignant\r\n\r\n9.8;14.2;benign\r\n17;25.3;malignant\r\n15.2;18;benign\r\n";

fn mutate(text: &str, rng: &mut Rng) -> String {
    let mut chars: Vec<char> = text.chars().collect();
    let alphabet = [
        ',', ';', '"', '\n', '\r', '\t', ' ', '0', '9', '.', '-', 'e', 'x', '\u{feff}', '\0', 'é',
    ];
    for _ in 0..rng.below(6) + 1 {
        let at = rng.below(chars.len() + 1);
        match rng.below(3) {
            0 if at < chars.len() => {
                chars.remove(at);
            }
            1 => chars.insert(at, alphabet[rng.below(alphabet.len())]),
            _ if at < chars.len() => chars[at] = alphabet[rng.below(alphabet.len())],
            _ => {}
        }
    }
    chars.into_iter().collect()
}

fn check(text: &str, rng: &mut Rng) {
    let Ok(table) = csv::parse(text) else {
        return;
    };
    let columns = table.header.len();
    let (label, x, _) = table.guess();
    let pick = |rng: &mut Rng| rng.below(columns + 1); // sometimes out of range
    for (l, a, b) in [(label, x, None), (pick(rng), pick(rng), Some(pick(rng)))] {
        if l >= columns || a >= columns || b.is_some_and(|b| b >= columns) {
            continue;
        }
        if let Ok((data, summary)) = table.dataset(l, a, b) {
            assert!(data.x.iter().all(|v| v.is_finite()));
            assert_eq!(summary.used, data.len());
            assert!(data.y.contains(&0.0) && data.y.contains(&1.0));
        }
    }
}

#[test]
fn random_bytes_and_mutated_files_never_panic() {
    let mut rng = Rng::new(77);
    for _ in 0..3000 {
        let length = rng.below(200);
        let bytes: Vec<u8> = (0..length).map(|_| rng.below(256) as u8).collect();
        check(&String::from_utf8_lossy(&bytes), &mut rng);
        let mutated = mutate(GOOD, &mut rng);
        check(&mutated, &mut rng);
    }
}

#[test]
fn loaded_files_drive_the_page_without_a_non_finite_number() {
    let mut rng = Rng::new(78);
    let mut loaded = 0;
    for round in 0..150 {
        let text = if round % 3 == 0 {
            GOOD.to_string()
        } else {
            mutate(GOOD, &mut rng)
        };
        let (mut session, _) = Session::from_url([("batch", "2")]);
        let before = view::state_json(&session);
        let x2 = if round % 2 == 0 { Some("1") } else { None };
        match session.load_csv(&text, None, Some("0"), x2) {
            Ok(_) => {
                loaded += 1;
                session.step(50);
                let state: Value = serde_json::from_str(&view::state_json(&session)).unwrap();
                for key in ["loss", "lr"] {
                    assert!(
                        state[key].as_f64().is_some_and(f64::is_finite),
                        "{key} after {text:?}"
                    );
                }
                let _ = view::view_json(&session, view::ViewContext::default());
            }
            Err(e) => {
                assert_eq!(
                    view::state_json(&session),
                    before,
                    "a refused file changes nothing"
                );
                assert!(!e.to_string().is_empty());
            }
        }
    }
    assert!(loaded > 30, "{loaded} loaded");
}

#[test]
fn points_round_trip_through_the_link() {
    let (settings, notices) = Settings::with_url([("data", "0.5,0;1.25,1;-2,0;3.125,1")]);
    assert!(notices.is_empty());
    let custom = settings.custom.clone().unwrap();
    assert_eq!(custom.data.x, [0.5, 1.25, -2.0, 3.125]);
    assert_eq!(custom.inline().unwrap(), "0.5,0;1.25,1;-2,0;3.125,1");
    let query = settings.to_query();
    let pairs: Vec<(&str, &str)> = query
        .split('&')
        .filter_map(|kv| kv.split_once('='))
        .collect();
    assert_eq!(Settings::with_url(pairs).0, settings);
    let two = Custom::parse_inline("1,2,0;3,4,1;5,6,1", ["a", "b"]).unwrap();
    assert_eq!(two.data.x2.as_deref(), Some(&[2.0, 4.0, 6.0][..]));
    for bad in ["1,0;2", "1,0;2,3,1", "1,2;3,0", "1,0;2,0", "x,1;2,0"] {
        assert!(Custom::parse_inline(bad, ["x", "x2"]).is_err(), "{bad}");
    }
    // More than 500 points do not travel in the link.
    let many: Vec<String> = (0..600).map(|i| format!("{i},{}", i % 2)).collect();
    let (big, _) = Settings::with_url([("data", many.join(";").as_str())]);
    assert!(big.custom.unwrap().inline().is_none());
}

#[test]
fn column_names_choose_again_in_a_loaded_file_and_name_linked_data() {
    let text = "radius,texture,area,kind\n1,5,10,a\n2,3,20,b\n3,4,15,a\n4,1,30,b\n5,2,25,b\n";
    let (mut session, _) = Session::from_url([]);
    session
        .load_csv(text, Some("kind"), Some("radius"), None)
        .unwrap();
    assert_eq!(session.settings().raw_data().feature, "radius");
    let query = session.settings().to_query();
    assert!(
        query.contains("x=radius") && query.contains("label=kind"),
        "{query}"
    );
    assert!(!query.contains("x2="), "{query}");
    // The file's other columns: a new feature, a second one, then none.
    session.set([("x", "area")]).unwrap();
    assert_eq!(session.settings().raw_data().feature, "area");
    session.set([("x2", "texture")]).unwrap();
    assert_eq!(session.data().x2.as_ref().map(Vec::len), Some(5));
    assert_eq!(session.settings().model.key(), "features2");
    session.set([("x2", "")]).unwrap();
    assert!(session.data().x2.is_none());
    assert_eq!(session.settings().model.key(), "logistic");
    // A column the file lacks is refused, naming it; nothing changes.
    let before = view::state_json(&session);
    let refusal = session.set([("x", "perimeter")]).unwrap_err();
    assert!(refusal.contains("perimeter"), "{refusal}");
    assert_eq!(view::state_json(&session), before);
    // The link reopens the same points under the same names.
    let query = session.settings().to_query();
    let pairs: Vec<(&str, &str)> = query
        .split('&')
        .filter_map(|kv| kv.split_once('='))
        .collect();
    let (reopened, notices) = Settings::with_url(pairs);
    assert!(notices.is_empty(), "{notices:?}");
    let custom = reopened.custom.unwrap();
    assert_eq!(
        (custom.data.feature.as_str(), custom.label.as_str()),
        ("area", "kind")
    );
    assert_eq!(
        custom.data.x,
        session.settings().custom.as_ref().unwrap().data.x
    );
    // Names without data are refused with the reason.
    let (plain, notices) = Settings::with_url([("x", "radius")]);
    assert!(plain.custom.is_none());
    assert!(
        notices
            .iter()
            .any(|n| n.to_string().contains("none is shown")),
        "{notices:?}"
    );
}

#[test]
fn decimal_commas_are_read_and_the_summary_says_so() {
    let (mut session, _) = Session::from_url([]);
    let (_, summary) = session
        .load_csv("radius;label\n12,5;1\n8,25;0\n", None, None, None)
        .unwrap();
    assert_eq!(session.settings().raw_data().x, [12.5, 8.25]);
    let message = view::data::summary(&summary);
    assert!(
        message.contains("decimal commas read as points"),
        "{message}"
    );
    let json: Value =
        serde_json::from_str(&view::json(&view::data::summary_state(&summary))).unwrap();
    assert_eq!(json["decimalCommas"], true);
    // A comma-separated file of them is refused, with the likely cause.
    let before = view::state_json(&session);
    let error = session
        .load_csv("radius,label\n\"12,5\",1\n\"8,25\",0\n", None, None, None)
        .unwrap_err()
        .to_string();
    assert!(error.contains("decimal commas"), "{error}");
    assert_eq!(view::state_json(&session), before);
}

#[test]
fn the_label_column_is_never_a_feature_on_load_or_in_a_change() {
    let text = "radius,texture,kind\n1,5,a\n2,3,b\n3,4,a\n4,1,b\n";
    let (mut session, _) = Session::from_url([]);
    let before = view::state_json(&session);
    for (label, x, x2, named) in [
        (Some("kind"), Some("kind"), None, "kind"),
        (None, Some("2"), None, "kind"),
        (None, Some("radius"), Some("kind"), "kind"),
        (None, Some("radius"), Some("radius"), "radius"),
        (None, Some("texture"), Some("1"), "texture"),
    ] {
        let error = session
            .load_csv(text, label, x, x2)
            .unwrap_err()
            .to_string();
        assert!(error.contains(&format!("\"{named}\"")), "{error}");
        assert_eq!(view::state_json(&session), before, "{error}");
    }
    session.load_csv(text, None, None, None).unwrap();
    assert_eq!(session.settings().raw_data().feature, "radius");
    let before = view::state_json(&session);
    for (key, value) in [
        ("x", "kind"),
        ("x2", "kind"),
        ("x2", "radius"),
        ("label", "radius"),
    ] {
        let refusal = session.set([(key, value)]).unwrap_err();
        assert!(refusal.contains(&format!("\"{value}\"")), "{refusal}");
        assert_eq!(view::state_json(&session), before, "{refusal}");
    }
}

#[test]
fn a_long_column_name_cannot_make_a_huge_link() {
    let long = "radius ".repeat(2000);
    let text = format!("{long},kind\n1,a\n2,b\n3,a\n");
    let (mut session, _) = Session::from_url([]);
    let (_, summary) = session.load_csv(&text, None, None, None).unwrap();
    let message = view::data::summary(&summary);
    assert!(message.contains("shortened to 60 characters"), "{message}");
    let query = session.settings().to_query();
    assert!(query.len() < 400, "{} characters: {query}", query.len());
    // A long name in the link is shortened, and the notice says so.
    let long_x = "x".repeat(100);
    let (settings, notices) = Settings::with_url([("data", "1,0;2,1"), ("x", long_x.as_str())]);
    let custom = settings.custom.unwrap();
    assert_eq!(custom.data.feature, "x".repeat(60));
    assert_eq!(notices.len(), 1, "{notices:?}");
    assert!(
        notices[0].message.contains("shortened to 60 characters"),
        "{notices:?}"
    );
}
