//! The controls: what each one is (from the settings table, once) and what
//! it shows now (its value, its text, its range, whether it matters).

use super::format::{count, number};
use crate::model::objective::Penalty;
use crate::model::optim::OptimizerKind;
use crate::session::Session;
use crate::settings::table::{Control, Setting, TABLE};
use crate::settings::{PathMode, LEARNING_RATE_RANGE, MAX_RUNS};
use serde::ser::{SerializeMap, Serializer};
use serde::Serialize;

/// A row of the settings table as the page builds its control from it.
#[derive(Serialize, Debug, Clone, PartialEq)]
pub struct RowView {
    pub key: &'static str,
    pub id: &'static str,
    pub label: &'static str,
    pub help: &'static str,
    pub group: &'static str,
    pub control: ControlView,
}

/// The control of a row.
#[derive(Serialize, Debug, Clone, PartialEq)]
#[serde(tag = "type", rename_all = "lowercase")]
pub enum ControlView {
    Slider {
        min: f64,
        max: f64,
        step: f64,
        log: bool,
    },
    Select {
        /// `[value, label]` pairs.
        options: Vec<(&'static str, &'static str)>,
    },
    Check,
    Number {
        min: f64,
        /// A number, or "any".
        step: Step,
    },
    Text,
}

/// A number field's step: a number, or "any".
#[derive(Serialize, Debug, Clone, Copy, PartialEq)]
#[serde(untagged)]
pub enum Step {
    By(f64),
    Any(&'static str),
}

/// The settings table as the page builds its controls from it (the rows
/// with a control).
pub fn table() -> Vec<RowView> {
    (TABLE.iter())
        .filter_map(|row| {
            let control = match row.control {
                Control::None => return None,
                Control::Slider {
                    min,
                    max,
                    step,
                    log,
                } => ControlView::Slider {
                    min,
                    max,
                    step,
                    log,
                },
                Control::Select(options) => ControlView::Select { options: options() },
                Control::Check => ControlView::Check,
                Control::Field { min, step } => ControlView::Number {
                    min,
                    step: if step == 0.0 {
                        Step::Any("any")
                    } else {
                        Step::By(step)
                    },
                },
                Control::Text => ControlView::Text,
            };
            Some(RowView {
                key: row.key,
                id: row.id,
                label: row.label,
                help: row.help,
                group: row.group.key(),
                control,
            })
        })
        .collect()
}

/// What a control shows now: its value (a slider's position, a box's
/// tick, a field's text), and as it matters its words, range, stability
/// marks, whether it is hidden (it does nothing now) or locked (`lock=`).
#[derive(Serialize, Debug, Clone, PartialEq, Default)]
pub struct Shown {
    pub value: Value,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub min: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hidden: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub marks: Option<Vec<SliderMark>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub locked: Option<bool>,
}

/// A control's value.
#[derive(Serialize, Debug, Clone, PartialEq)]
#[serde(untagged)]
pub enum Value {
    Number(f64),
    Count(usize),
    Text(String),
    Flag(bool),
}

impl Default for Value {
    fn default() -> Value {
        Value::Flag(false)
    }
}

/// A tick under the learning-rate slider (at `at`, its log10).
#[derive(Serialize, Debug, Clone, PartialEq)]
pub struct SliderMark {
    pub at: f64,
    pub kind: &'static str,
    pub label: &'static str,
}

/// Each control's [`Shown`], by setting key.
#[derive(Debug, Clone, PartialEq)]
pub struct Values(pub Vec<(&'static str, Shown)>);

impl Serialize for Values {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for (key, shown) in &self.0 {
            map.serialize_entry(key, shown)?;
        }
        map.end()
    }
}

/// What each control shows now.
pub fn values(session: &Session) -> Values {
    Values(
        (TABLE.iter())
            .filter(|row| !matches!(row.control, Control::None))
            .map(|row| {
                let mut shown = shown(session, row);
                if session.settings().locked(row.key) {
                    shown.locked = Some(true);
                }
                (row.key, shown)
            })
            .collect(),
    )
}

/// What one control shows now.
fn shown(session: &Session, row: &Setting) -> Shown {
    let settings = session.settings();
    let run = session.run();
    let uses = |kinds: &[OptimizerKind]| {
        (session.runs().iter()).any(|r| kinds.contains(&r.config().optimizer))
    };
    let raw = (row.read)(settings);
    let hidden_unless = |used: bool, value: Value| Shown {
        value,
        hidden: Some(!used),
        ..Shown::default()
    };
    let words = |value: Value, text: String| Shown {
        value,
        text: Some(text),
        ..Shown::default()
    };
    match row.key {
        "lr" => {
            let lr = run.config().learning_rate;
            let (min, max) = rate_slider(session);
            Shown {
                min: Some(min),
                max: Some(max),
                marks: session.stability().map(|s| {
                    vec![
                        SliderMark {
                            at: s.lr_max.log10(),
                            kind: "max",
                            label: "2/λmax",
                        },
                        SliderMark {
                            at: s.lr_best.log10(),
                            kind: "best",
                            label: "2/(λmax+λmin)",
                        },
                    ]
                }),
                ..words(Value::Number(lr.log10()), number(lr, 3))
            }
        }
        "optimizer" => Shown {
            value: Value::Text(run.config().optimizer.key().into()),
            ..Shown::default()
        },
        "batch" => {
            let n = session.data().len();
            let b = settings.effective_batch_size();
            let text = if b >= n {
                format!("{n} = full batch")
            } else {
                format!("{b} of {n}")
            };
            Shown {
                max: Some(n as f64),
                ..words(Value::Count(b), text)
            }
        }
        "speed" => words(
            Value::Number(settings.speed.log10()),
            format!("{} steps/s", number(settings.speed, 2)),
        ),
        "n" | "separation" | "spread" | "imbalance" | "label_noise" => {
            let synth = settings.synth();
            let s = synth.unwrap_or(crate::model::data::Synth {
                n: 0,
                separation: 0.0,
                spread: 0.0,
                imbalance: 0.5,
                label_noise: 0.0,
                sample: 0,
            });
            let (value, text) = match row.key {
                "n" => (
                    Value::Number((s.n.max(1) as f64).log10()),
                    Some(s.n.to_string()),
                ),
                "separation" => (Value::Text(s.separation.to_string()), None),
                "spread" => (Value::Text(s.spread.to_string()), None),
                "imbalance" => (Value::Number(s.imbalance), Some(number(s.imbalance, 2))),
                _ => (Value::Number(s.label_noise), Some(number(s.label_noise, 2))),
            };
            Shown {
                text,
                ..hidden_unless(synth.is_some(), value)
            }
        }
        "lambda" => Shown {
            text: Some(number(settings.lambda, 3)),
            ..hidden_unless(
                settings.penalty != Penalty::None,
                Value::Number(settings.lambda.log10()),
            )
        },
        "steps" => Shown {
            text: Some(format!("{} steps", settings.steps)),
            ..hidden_unless(
                settings.path == PathMode::Live,
                Value::Number((settings.steps as f64).log10()),
            )
        },
        "path" => Shown {
            value: Value::Flag(settings.path == PathMode::Live),
            ..Shown::default()
        },
        "restarts" => words(
            Value::Count(settings.restarts),
            match settings.restarts {
                0 => "off".to_string(),
                k => count(k, "run", "runs"),
            },
        ),
        "fan" => words(
            Value::Count(settings.fan),
            match settings.fan {
                0 => "off".to_string(),
                k => count(k, "batch", "batches"),
            },
        ),
        "decay" => hidden_unless(
            settings.schedule != "constant",
            Value::Text(settings.effective_decay().to_string()),
        ),
        "every" => hidden_unless(settings.schedule == "step", Value::Text(raw)),
        "momentum" => hidden_unless(
            uses(&[OptimizerKind::Momentum, OptimizerKind::Nesterov]),
            Value::Text(raw),
        ),
        "beta1" | "beta2" => hidden_unless(uses(&[OptimizerKind::Adam]), Value::Text(raw)),
        "rho" => hidden_unless(uses(&[OptimizerKind::RmsProp]), Value::Text(raw)),
        "eps" => hidden_unless(
            uses(&[
                OptimizerKind::AdaGrad,
                OptimizerKind::RmsProp,
                OptimizerKind::Adam,
            ]),
            Value::Text(raw),
        ),
        _ => Shown {
            value: match row.control {
                Control::Check => Value::Flag(raw == "true"),
                _ => Value::Text(raw),
            },
            ..Shown::default()
        },
    }
}

/// The rows of runs 2 to 6 and the buttons under them.
#[derive(Serialize, Debug, Clone, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct RunRows {
    /// The optimizers a row offers, `[key, short name]`.
    pub options: Vec<(&'static str, &'static str)>,
    /// Another run fits (at most six side by side).
    pub can_add: bool,
    /// Runs 2 to 6 (none with restarts).
    pub rows: Vec<RunRow>,
}

/// One run's row: its optimizer, its rate's slider and the rate in words.
#[derive(Serialize, Debug, Clone, PartialEq)]
pub struct RunRow {
    pub optimizer: &'static str,
    pub min: f64,
    pub max: f64,
    /// log10 of its rate.
    pub value: f64,
    pub text: String,
}

/// The run rows from the session: each row's slider spans the learning
/// rate's range, widened to hold its own rate.
pub fn run_rows(session: &Session) -> RunRows {
    let (lo, hi) = rate_slider(session);
    let restarts = session.settings().restarts > 0;
    let rows = (session.runs().iter().skip(1))
        .filter(|_| !restarts)
        .map(|run| {
            let at = run.config().learning_rate.log10();
            RunRow {
                optimizer: run.config().optimizer.key(),
                min: lo.min(at),
                max: hi.max(at),
                value: at,
                text: super::words::run_rate_words(session, run),
            }
        })
        .collect();
    RunRows {
        options: (OptimizerKind::ALL.iter())
            .map(|&kind| (kind.key(), super::words::optimizer_short(kind)))
            .collect(),
        can_add: !restarts && session.runs().len() < MAX_RUNS,
        rows,
    }
}

/// The value a slider at `position` gives its setting, as the setting
/// reads it: a log slider's 10^position to three significant digits (a
/// whole number of points for `n`), any other its position. `None` for a
/// key that has no slider.
pub fn slider_value(key: &str, position: f64) -> Option<String> {
    let row = TABLE.iter().find(|row| row.key == key)?;
    let Control::Slider { log, .. } = row.control else {
        return None;
    };
    if !position.is_finite() {
        return None;
    }
    let value = match (log, key) {
        (true, "n") => 10f64.powf(position).round(),
        (true, _) => crate::edits::significant(10f64.powf(position), 3),
        (false, _) => position,
    };
    Some(value.to_string())
}

/// The learning-rate slider's ends (log10): the range for this data,
/// widened to hold the first run's rate, in whole hundredths, the slider's
/// step, so -1 means exactly 0.1.
fn rate_slider(session: &Session) -> (f64, f64) {
    let lr = session.run().config().learning_rate.log10();
    let (lo, hi) = learning_rate_range(session);
    let min = (lo.log10().min(lr) * 100.0).floor() / 100.0;
    let max = (hi.log10().max(lr) * 100.0).ceil() / 100.0;
    (min, max)
}

/// The learning rates the slider spans for this data: from lrMax / 10^4 to
/// 5 lrMax, so too small, about right and too large all fit; without a
/// minimum, 0.001 to 10.
pub fn learning_rate_range(session: &Session) -> (f64, f64) {
    let (lo, hi) = LEARNING_RATE_RANGE;
    match session.stability() {
        Some(s) => ((s.lr_max * 1e-4).max(lo), (5.0 * s.lr_max).min(hi)),
        None => (1e-3, 10.0),
    }
}
