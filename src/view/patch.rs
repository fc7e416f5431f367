//! Only what changed crosses to the page: the state and the view are sent
//! as patches against what was last sent, and the page merges them into
//! its copy (www/context.js). While a run plays, the words, the controls
//! and the settings stand still, and of each run only its numbers move:
//! a frame carries those, not the whole state.
//!
//! A patch is an object of the fields that changed. A field's value is
//! its new value whole, or, when it is an object (or an array of the same
//! length) of which only some parts changed, `{"~": patch}` with a patch of
//! those parts (an array's keyed by index). No field of the state or the
//! view is named `~`.

use serde::Serialize;
use serde_json::{Map, Value};

/// The key that marks a nested patch.
pub const NESTED: &str = "~";

/// What was last sent of one value.
#[derive(Debug, Default)]
pub struct Sent {
    last: Map<String, Value>,
}

impl Sent {
    /// Nothing sent yet: the next patch is the whole value.
    pub fn new() -> Sent {
        Sent::default()
    }

    /// What of `value` differs from what was last sent, as a JSON patch
    /// (`{}` when nothing changed), and remembers it. The top-level fields
    /// named in `later` are neither compared nor sent: they stay as last
    /// sent, and a later patch that includes them brings them up to date.
    pub fn patch(&mut self, value: &impl Serialize, later: &[&str]) -> String {
        let Ok(Value::Object(now)) = serde_json::to_value(value) else {
            return "{}".into();
        };
        let mut changed = Map::new();
        for (key, field) in now {
            if later.contains(&key.as_str()) {
                continue;
            }
            let patch = match self.last.get(&key) {
                Some(old) => diff(old, &field),
                None => Some(field.clone()),
            };
            if let Some(patch) = patch {
                changed.insert(key.clone(), patch);
                self.last.insert(key, field);
            }
        }
        serde_json::to_string(&Value::Object(changed)).unwrap_or_else(|_| "{}".into())
    }

    /// Forgets what was sent: the next patch is the whole value (for a
    /// page that lost its copy).
    pub fn forget(&mut self) {
        self.last.clear();
    }
}

/// The patch from `old` to `new`, `None` when they are equal.
fn diff(old: &Value, new: &Value) -> Option<Value> {
    if old == new {
        return None;
    }
    let (parts, count): (Map<String, Value>, usize) = match (old, new) {
        (Value::Object(a), Value::Object(b)) if a.len() == b.len() => {
            if !b.keys().all(|k| a.contains_key(k)) {
                return Some(new.clone());
            }
            let parts = (b.iter()).filter_map(|(k, v)| diff(&a[k], v).map(|p| (k.clone(), p)));
            (parts.collect(), b.len())
        }
        (Value::Array(a), Value::Array(b)) if a.len() == b.len() => {
            let pairs = a.iter().zip(b).enumerate();
            let parts = pairs.filter_map(|(i, (x, y))| diff(x, y).map(|p| (i.to_string(), p)));
            (parts.collect(), b.len())
        }
        _ => return Some(new.clone()),
    };
    // Every part changed whole (a point's two coordinates): the value is shorter.
    let nested = |p: &Value| p.get(NESTED).is_some() && p.as_object().is_some_and(|o| o.len() == 1);
    if parts.len() == count && !parts.values().any(nested) {
        return Some(new.clone());
    }
    Some(Value::Object(Map::from_iter([(
        NESTED.to_string(),
        Value::Object(parts),
    )])))
}

/// `patch` merged into `into`, as the page merges it (for the tests and
/// anyone reading the format).
pub fn merge(into: &mut Value, patch: &Value) {
    let Value::Object(fields) = patch else {
        return;
    };
    for (key, value) in fields {
        let slot = match &mut *into {
            Value::Object(map) => map.entry(key.clone()).or_insert(Value::Null),
            Value::Array(items) => match key.parse::<usize>().ok().and_then(|i| items.get_mut(i)) {
                Some(item) => item,
                None => continue,
            },
            _ => continue,
        };
        match value.get(NESTED) {
            Some(inner) if value.as_object().is_some_and(|o| o.len() == 1) => merge(slot, inner),
            _ => *slot = value.clone(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::session::Session;
    use crate::view::{self, ViewContext};

    fn merged(into: &mut Value, patch: &str) {
        merge(into, &serde_json::from_str(patch).unwrap());
    }

    #[test]
    fn the_patches_merged_are_the_whole_state_at_every_step() {
        for query in [
            [("batch", "10"), ("runs", "trio")],
            [("model", "hidden"), ("restarts", "20")],
        ] {
            let (mut session, _) = Session::from_url(query);
            let mut sent = Sent::new();
            let mut page = Value::Object(Map::new());
            for _ in 0..30 {
                merged(&mut page, &sent.patch(&view::state(&session), &[]));
                // Through text both ways: serde_json's parser may differ from
                // the exact value in the last bit (JSON.parse does not).
                let text = serde_json::to_string(&view::state(&session)).unwrap();
                let whole: Value = serde_json::from_str(&text).unwrap();
                assert_eq!(page, whole);
                session.step(1);
            }
        }
    }

    #[test]
    fn a_step_sends_only_what_moved_and_a_pause_nothing() {
        let (mut session, _) = Session::from_url([]);
        let mut sent = Sent::new();
        let words = |s: &Session| view::view(s, ViewContext::default());
        let first = sent.patch(&words(&session), &[]);
        assert!(first.contains("\"controls\""), "the first patch is whole");
        assert_eq!(sent.patch(&words(&session), &[]), "{}");
        let mut state = Sent::new();
        state.patch(&view::state(&session), &[]);
        session.step(1);
        let step: Value =
            serde_json::from_str(&state.patch(&view::state(&session), &["chain"])).unwrap();
        assert!(step.get("step").is_some() && step.get("theta").is_some());
        for still in [
            "page",
            "objective",
            "data",
            "minima",
            "stability",
            "notes",
            "chain",
        ] {
            assert!(
                step.get(still).is_none(),
                "{still} did not change or waits: {step}"
            );
        }
        // Of a run, only what moved: its step, not its label.
        let run = &step["runs"][NESTED]["0"][NESTED];
        assert!(
            run.get("step").is_some() && run.get("label").is_none(),
            "{step}"
        );
        // What waited comes with the next patch that includes it.
        assert!(state
            .patch(&view::state(&session), &[])
            .contains("\"chain\""));
        state.forget();
        assert!(state
            .patch(&view::state(&session), &[])
            .contains("\"page\""));
    }
}
