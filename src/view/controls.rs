//! The controls: what each one is (from the settings table, once) and what
//! it shows now (its value, its text, its range, whether it matters).

use super::format::{array, count, num, number, text, Object};
use crate::model::objective::Penalty;
use crate::model::optim::OptimizerKind;
use crate::session::Session;
use crate::settings::table::{Control, Setting, TABLE};
use crate::settings::{PathMode, LEARNING_RATE_RANGE};

/// The settings table as the page builds its controls from it: a JSON
/// array of `{key, id, label, help, group, control: {type, ...}}`.
pub fn table_json() -> String {
    array(
        TABLE
            .iter()
            .filter(|row| !matches!(row.control, Control::None))
            .map(row_json),
    )
}

fn row_json(row: &Setting) -> String {
    let mut control = Object::new();
    match row.control {
        Control::None => {}
        Control::Slider {
            min,
            max,
            step,
            log,
        } => {
            control
                .field("type", text("slider"))
                .field("min", num(min))
                .field("max", num(max))
                .field("step", num(step))
                .field("log", log.to_string());
        }
        Control::Select(options) => {
            control.field("type", text("select")).field(
                "options",
                array(
                    options()
                        .into_iter()
                        .map(|(value, label)| format!("[{},{}]", text(value), text(label))),
                ),
            );
        }
        Control::Check => {
            control.field("type", text("check"));
        }
        Control::Field { min, step } => {
            control
                .field("type", text("number"))
                .field("min", num(min))
                .field("step", if step == 0.0 { text("any") } else { num(step) });
        }
        Control::Text => {
            control.field("type", text("text"));
        }
    }
    let mut o = Object::new();
    o.field("key", text(row.key))
        .field("id", text(row.id))
        .field("label", text(row.label))
        .field("help", text(row.help))
        .field("group", text(row.group.key()))
        .field("control", control.finish());
    o.finish()
}

/// What each control shows now: `{key: {value, text?, min?, max?, hidden?, marks?}}`.
pub fn values_json(session: &Session) -> String {
    let settings = session.settings();
    let run = session.run();
    let uses = |kinds: &[OptimizerKind]| {
        session
            .runs()
            .iter()
            .any(|r| kinds.contains(&r.config().optimizer))
    };
    let mut all = Object::new();
    for row in TABLE {
        if matches!(row.control, Control::None) {
            continue;
        }
        let raw = (row.read)(settings);
        let mut o = Object::new();
        match row.key {
            "lr" => {
                let lr = run.config().learning_rate;
                let (lo, hi) = learning_rate_range(session);
                // Whole hundredths, the slider's step, so -1 means exactly 0.1.
                let min = (lo.log10().min(lr.log10()) * 100.0).floor() / 100.0;
                let max = (hi.log10().max(lr.log10()) * 100.0).ceil() / 100.0;
                o.field("value", num(lr.log10()))
                    .field("text", text(&number(lr, 3)))
                    .field("min", num(min))
                    .field("max", num(max));
                if let Some(s) = session.stability() {
                    o.field(
                        "marks",
                        format!(
                            "[{{\"at\":{},\"kind\":\"max\",\"label\":\"2/λmax\"}},{{\"at\":{},\"kind\":\"best\",\"label\":\"2/(λmax+λmin)\"}}]",
                            num(s.lr_max.log10()),
                            num(s.lr_best.log10())
                        ),
                    );
                }
            }
            "optimizer" => {
                o.field("value", text(run.config().optimizer.key()));
            }
            "batch" => {
                let n = session.data().len();
                let b = settings.effective_batch_size();
                let words = if b >= n {
                    format!("{n} = full batch")
                } else {
                    format!("{b} of {n}")
                };
                o.field("value", b.to_string())
                    .field("text", text(&words))
                    .field("max", n.to_string());
            }
            "speed" => {
                o.field("value", num(settings.speed.log10())).field(
                    "text",
                    text(&format!("{} steps/s", number(settings.speed, 2))),
                );
            }
            "n" | "separation" | "spread" | "imbalance" | "label_noise" => {
                let hidden = settings.synth().is_none();
                let synth = settings.synth().unwrap_or(crate::model::data::Synth {
                    n: 0,
                    separation: 0.0,
                    spread: 0.0,
                    imbalance: 0.5,
                    label_noise: 0.0,
                    sample: 0,
                });
                let (value, words) = match row.key {
                    "n" => (num((synth.n.max(1) as f64).log10()), synth.n.to_string()),
                    "separation" => (text(&synth.separation.to_string()), String::new()),
                    "spread" => (text(&synth.spread.to_string()), String::new()),
                    "imbalance" => (num(synth.imbalance), number(synth.imbalance, 2)),
                    _ => (num(synth.label_noise), number(synth.label_noise, 2)),
                };
                o.field("value", value).field("hidden", hidden.to_string());
                if !words.is_empty() {
                    o.field("text", text(&words));
                }
            }
            "lambda" => {
                o.field("value", num(settings.lambda.log10()))
                    .field("text", text(&number(settings.lambda, 3)))
                    .field("hidden", (settings.penalty == Penalty::None).to_string());
            }
            "steps" => {
                o.field("value", num((settings.steps as f64).log10()))
                    .field("text", text(&format!("{} steps", settings.steps)))
                    .field("hidden", (settings.path != PathMode::Live).to_string());
            }
            "path" => {
                o.field("value", (settings.path == PathMode::Live).to_string());
            }
            "restarts" => {
                let words = match settings.restarts {
                    0 => "off".to_string(),
                    k => super::format::count(k, "run", "runs"),
                };
                o.field("value", settings.restarts.to_string())
                    .field("text", text(&words));
            }
            "fan" => {
                let words = if settings.fan == 0 {
                    "off".to_string()
                } else {
                    count(settings.fan, "batch", "batches")
                };
                o.field("value", settings.fan.to_string())
                    .field("text", text(&words));
            }
            "decay" => {
                o.field("value", text(&settings.effective_decay().to_string()))
                    .field("hidden", (settings.schedule == "constant").to_string());
            }
            "every" => {
                o.field("value", text(&raw))
                    .field("hidden", (settings.schedule != "step").to_string());
            }
            "momentum" => {
                o.field("value", text(&raw)).field(
                    "hidden",
                    (!uses(&[OptimizerKind::Momentum, OptimizerKind::Nesterov])).to_string(),
                );
            }
            "beta1" | "beta2" => {
                o.field("value", text(&raw))
                    .field("hidden", (!uses(&[OptimizerKind::Adam])).to_string());
            }
            "rho" => {
                o.field("value", text(&raw))
                    .field("hidden", (!uses(&[OptimizerKind::RmsProp])).to_string());
            }
            "eps" => {
                let adaptive = [
                    OptimizerKind::AdaGrad,
                    OptimizerKind::RmsProp,
                    OptimizerKind::Adam,
                ];
                o.field("value", text(&raw))
                    .field("hidden", (!uses(&adaptive)).to_string());
            }
            _ => match row.control {
                Control::Check => {
                    o.field("value", (raw == "true").to_string());
                }
                _ => {
                    o.field("value", text(&raw));
                }
            },
        }
        if settings.locked(row.key) {
            o.field("locked", "true");
        }
        all.field(row.key, o.finish());
    }
    all.finish()
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
