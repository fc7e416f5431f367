//! The edits the page's controls make that are more than one value: a run
//! added, removed, given a rate or an optimizer; a note pinned to a place.
//! Each builds the setting's new value here and applies it through
//! [`Session::set`], the one path every change takes, so its checks and
//! its messages are the URL's and the API's.

use crate::model::optim::OptimizerKind;
use crate::model::run::Run;
use crate::model::Params;
use crate::session::{Changes, Session};
use crate::settings::{BatchSize, Note, RunSpec, MAX_RUNS, NOTE_CHARS};
use std::fmt::Write;

/// An edit of the runs side by side; runs count from 0.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum RunEdit {
    /// Run `k` takes this learning rate.
    Rate(usize, f64),
    /// Run `k` takes this optimizer.
    Optimizer(usize, OptimizerKind),
    /// A run after the last: its optimizer, three times its rate.
    Add,
    /// Run `k` goes.
    Remove(usize),
}

/// Run `run`'s entry of `runs=`: its optimizer and rate, and its batch
/// size when it is not the shared one.
pub fn run_spec(session: &Session, run: &Run) -> RunSpec {
    let config = run.config();
    RunSpec {
        optimizer: Some(config.optimizer),
        learning_rate: config.learning_rate,
        batch: own_batch(session, config.batch_size),
    }
}

/// A run's batch size as its own setting: `None` when it is the shared one.
pub fn own_batch(session: &Session, size: usize) -> Option<BatchSize> {
    let n = session.data().len();
    if size == session.settings().effective_batch_size() {
        None
    } else if size >= n {
        Some(BatchSize::Full)
    } else {
        Some(BatchSize::Points(size))
    }
}

/// Applies `edit` to the runs; an edit of a run that is not there, or a
/// seventh run, is refused in words, and then nothing changes.
pub fn edit_runs(session: &mut Session, edit: RunEdit) -> Result<Changes, String> {
    let mut specs: Vec<RunSpec> = (session.runs().iter())
        .map(|run| run_spec(session, run))
        .collect();
    let count = specs.len();
    let there = |k: usize| match k < count {
        true => Ok(k),
        false => Err(format!("There is no run {} (there are {count}).", k + 1)),
    };
    match edit {
        RunEdit::Rate(k, rate) => specs[there(k)?].learning_rate = rate,
        RunEdit::Optimizer(k, kind) => specs[there(k)?].optimizer = Some(kind),
        RunEdit::Add if count >= MAX_RUNS => {
            return Err(format!(
                "There are {MAX_RUNS} runs already, the most side by side."
            ));
        }
        RunEdit::Add => {
            let last = specs[count - 1];
            specs.push(RunSpec {
                optimizer: last.optimizer,
                learning_rate: significant(3.0 * last.learning_rate, 2),
                batch: None,
            });
        }
        RunEdit::Remove(k) => {
            specs.remove(there(k)?);
        }
    }
    let value: Vec<String> = specs.iter().map(RunSpec::to_string).collect();
    session.set([("runs", value.join(",").as_str())])
}

/// Pins a note to `at` on the contour plot; its place is kept to four
/// significant digits, and a `;` (which separates notes in the link)
/// becomes a comma. Refused in words (too many notes, a place off the
/// plane, no label), and then nothing changes.
pub fn add_note(session: &mut Session, at: Params, label: &str) -> Result<Changes, String> {
    if !at.iter().all(|v| v.is_finite()) {
        return Err("A note's place must be two finite numbers.".into());
    }
    let mut notes = session.settings().notes.clone();
    let label: String = label.replace(';', ",").chars().take(NOTE_CHARS).collect();
    notes.push(Note {
        at: at.map(|v| significant(v, 4)),
        label,
    });
    let mut value = String::new();
    for (k, note) in notes.iter().enumerate() {
        let separator = if k == 0 { "" } else { ";" };
        let _ = write!(
            value,
            "{separator}{},{},{}",
            note.at[0], note.at[1], note.label
        );
    }
    session.set([("notes", value.as_str())])
}

/// `v` to `digits` significant digits, as the shortest decimal that reads
/// back as it (so a link shows 0.316, not 0.31600000000000006).
pub fn significant(v: f64, digits: usize) -> f64 {
    if !v.is_finite() || v == 0.0 {
        return v;
    }
    format!("{:.*e}", digits.saturating_sub(1), v)
        .parse()
        .unwrap_or(v)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn session(query: &str) -> Session {
        let pairs = query.split('&').filter_map(|kv| kv.split_once('='));
        let (session, notices) = Session::from_url(pairs);
        assert!(notices.is_empty(), "{query}: {notices:?}");
        session
    }

    fn runs(session: &Session) -> String {
        session.settings().to_query()
    }

    #[test]
    fn runs_are_added_retuned_and_removed_through_the_runs_setting() {
        let mut s = session("");
        edit_runs(&mut s, RunEdit::Add).unwrap();
        assert!(runs(&s).contains("runs=gd:0.5,gd:1.5"), "{}", runs(&s));
        edit_runs(&mut s, RunEdit::Rate(1, 0.316)).unwrap();
        edit_runs(&mut s, RunEdit::Optimizer(1, OptimizerKind::Adam)).unwrap();
        assert!(runs(&s).contains("runs=gd:0.5,adam:0.316"), "{}", runs(&s));
        edit_runs(&mut s, RunEdit::Remove(0)).unwrap();
        assert_eq!(s.runs().len(), 1);
        assert_eq!(s.run().config().optimizer, OptimizerKind::Adam);
    }

    #[test]
    fn a_run_that_is_not_there_or_a_seventh_is_refused_and_nothing_changes() {
        let mut s = session("runs=0.1,0.2,0.3,0.4,0.5,0.6");
        let before = runs(&s);
        let more = edit_runs(&mut s, RunEdit::Add).unwrap_err();
        assert!(more.contains("6 runs already"), "{more}");
        let missing = edit_runs(&mut s, RunEdit::Rate(9, 1.0)).unwrap_err();
        assert!(missing.contains("no run 10"), "{missing}");
        assert_eq!(runs(&s), before);
    }

    #[test]
    fn a_run_keeps_its_own_batch_size() {
        let mut s = session("runs=gd:0.5,gd:0.5:10");
        edit_runs(&mut s, RunEdit::Rate(1, 2.0)).unwrap();
        assert!(runs(&s).contains("runs=gd:0.5,gd:2:10"), "{}", runs(&s));
    }

    #[test]
    fn notes_are_pinned_rounded_and_refused_past_the_most() {
        let mut s = session("");
        add_note(&mut s, [0.123456, -1.98765], "the bowl; its floor").unwrap();
        let note = &s.settings().notes[0];
        assert_eq!(note.at, [0.1235, -1.988]);
        assert_eq!(note.label, "the bowl, its floor");
        for k in 1..crate::settings::MAX_NOTES {
            add_note(&mut s, [k as f64, 0.0], "again").unwrap();
        }
        let full = add_note(&mut s, [0.0, 0.0], "one too many").unwrap_err();
        assert!(full.contains("notes"), "{full}");
        assert!(add_note(&mut s, [f64::NAN, 0.0], "x").is_err());
        assert_eq!(s.settings().notes.len(), crate::settings::MAX_NOTES);
    }

    #[test]
    fn significant_digits_read_back_short() {
        assert_eq!(significant(10f64.powf(-0.5), 3), 0.316);
        assert_eq!(significant(1.5, 2), 1.5);
        assert_eq!(significant(3162.28, 3), 3160.0);
        assert_eq!(significant(0.0, 3), 0.0);
    }
}
