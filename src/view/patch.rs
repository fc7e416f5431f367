//! Only what changed crosses to the page: the state and the view are sent
//! as patches of their top-level fields against what was last sent, and
//! the page merges them into its copy. While a run plays, the words, the
//! controls and the settings mostly stand still: a frame then carries the
//! step, the numbers that moved and the runs, not the whole state.

use serde::Serialize;
use serde_json::{Map, Value};

/// What was last sent of one value, field by field.
#[derive(Debug, Default)]
pub struct Sent {
    last: Map<String, Value>,
}

impl Sent {
    /// Nothing sent yet: the next patch is the whole value.
    pub fn new() -> Sent {
        Sent::default()
    }

    /// The top-level fields of `value` that differ from what was last sent,
    /// as a JSON object (`{}` when nothing changed), and remembers them.
    /// A field is sent whole when any part of it changed.
    pub fn patch(&mut self, value: &impl Serialize) -> String {
        let Ok(Value::Object(now)) = serde_json::to_value(value) else {
            return "{}".into();
        };
        let mut changed = Map::new();
        for (key, field) in now {
            if self.last.get(&key) != Some(&field) {
                self.last.insert(key.clone(), field.clone());
                changed.insert(key, field);
            }
        }
        serde_json::to_string(&changed).unwrap_or_else(|_| "{}".into())
    }

    /// Forgets what was sent: the next patch is the whole value (for a
    /// page that lost its copy).
    pub fn forget(&mut self) {
        self.last.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::session::Session;
    use crate::view::{self, ViewContext};

    fn merged(into: &mut Map<String, Value>, patch: &str) {
        let Value::Object(patch) = serde_json::from_str(patch).unwrap() else {
            panic!("a patch is an object: {patch}");
        };
        into.extend(patch);
    }

    #[test]
    fn the_patches_merged_are_the_whole_state_at_every_step() {
        let (mut session, _) = Session::from_url([("batch", "10"), ("runs", "trio")]);
        let mut sent = Sent::new();
        let mut page = Map::new();
        for _ in 0..30 {
            merged(&mut page, &sent.patch(&view::state(&session)));
            // Through text both ways: serde_json's parser may differ from
            // the exact value in the last bit (JSON.parse does not).
            let text = serde_json::to_string(&view::state(&session)).unwrap();
            let whole: Value = serde_json::from_str(&text).unwrap();
            assert_eq!(Value::Object(page.clone()), whole);
            session.step(1);
        }
    }

    #[test]
    fn a_step_sends_only_what_moved_and_a_pause_nothing() {
        let (mut session, _) = Session::from_url([]);
        let mut sent = Sent::new();
        let first = sent.patch(&view::view(&session, ViewContext::default()));
        assert!(first.contains("\"controls\""), "the first patch is whole");
        assert_eq!(
            sent.patch(&view::view(&session, ViewContext::default())),
            "{}"
        );
        sent.patch(&view::state(&session));
        session.step(1);
        let step: Value = serde_json::from_str(&sent.patch(&view::state(&session))).unwrap();
        assert!(step.get("step").is_some() && step.get("theta").is_some());
        for still in ["page", "objective", "data", "minima", "stability", "notes"] {
            assert!(step.get(still).is_none(), "{still} did not change: {step}");
        }
        sent.forget();
        assert!(sent.patch(&view::state(&session)).contains("\"page\""));
    }
}
