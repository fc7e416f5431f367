//! The view as code to run: a Python script and a Jupyter notebook that
//! rebuild the runs descent shows with NumPy (the data, the model and its
//! loss, the batches, every run's optimizer and settings), draw the contour
//! plot and the trace with matplotlib, and check themselves against the
//! numbers descent showed.
//!
//! The settings cells come from the session; the maths is
//! `notebook/port.py`, a port of `model` written for a student to read,
//! which tests/notebook.rs runs against the Rust runs for many views. The
//! page passes the port's text in (www/pkg/port.js, loaded on first use),
//! so the module every student downloads does not carry it.

use crate::model::batches::Sampling;
use crate::model::objective::{Loss, Model, Penalty};
use crate::model::schedule::Schedule;
use crate::session::{penalised, Session};
use crate::view::words;
use std::fmt::Write;

/// One cell: a heading and a line or two saying what it does (a markdown
/// cell in the notebook, comments in the script), then its code.
struct Cell {
    heading: String,
    text: Vec<String>,
    code: String,
}

impl Cell {
    /// The cell as the script has it: `# %% heading`, the text as
    /// comments, the code.
    fn script(&self) -> String {
        let mut out = format!("# %% {}\n", self.heading);
        for line in &self.text {
            let _ = writeln!(out, "# {line}");
        }
        out + &self.code
    }
}

/// The port's cells (`port`: the text of `notebook/port.py`), split at its
/// `# %% heading` lines; the comment lines right under a heading are its text.
fn port_cells(port: &str) -> Vec<Cell> {
    let mut cells: Vec<Cell> = Vec::new();
    for block in port.split("# %% ").skip(1) {
        let (heading, rest) = block.split_once('\n').unwrap_or((block, ""));
        let mut lines = rest.lines().peekable();
        let mut text = Vec::new();
        while let Some(line) = lines.next_if(|l| l.starts_with("# ") || *l == "#") {
            text.push(line.trim_start_matches('#').trim_start().to_string());
        }
        let code: Vec<&str> = lines.collect();
        cells.push(Cell {
            heading: heading.trim().to_string(),
            text,
            code: code.join("\n").trim_end().to_string() + "\n",
        });
    }
    cells
}

/// A number as Python reads it back exactly (Rust's shortest round-trip
/// form); never NaN or infinity in practice, written so Python still reads it.
fn num(x: f64) -> String {
    if x.is_finite() {
        format!("{x:?}")
    } else if x.is_nan() {
        "float('nan')".into()
    } else {
        format!("float('{}inf')", if x < 0.0 { "-" } else { "" })
    }
}

/// A Python string literal.
fn text(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            c => out.push(c),
        }
    }
    out + "\""
}

/// A list of numbers, five to a line under `indent`.
fn numbers(xs: &[f64], indent: &str) -> String {
    let lines: Vec<String> = (xs.chunks(5))
        .map(|chunk| chunk.iter().map(|&x| num(x)).collect::<Vec<_>>().join(", "))
        .collect();
    match lines.len() {
        0 => "[]".into(),
        1 => format!("[{}]", lines[0]),
        _ => format!(
            "[\n{indent}    {},\n{indent}]",
            lines.join(&format!(",\n{indent}    "))
        ),
    }
}

fn pair([a, b]: [f64; 2]) -> String {
    format!("[{}, {}]", num(a), num(b))
}

fn python_bool(b: bool) -> &'static str {
    if b {
        "True"
    } else {
        "False"
    }
}

/// The view's own cells: what it is, its data, its model and runs, and
/// what descent showed.
fn settings_cells(session: &Session) -> Vec<Cell> {
    let settings = session.settings();
    let query = settings.to_query();
    let link = match query.as_str() {
        "" => "descent's default view".to_string(),
        q => format!("descent's view ?{q}"),
    };
    let title = words::objective_formula(session);
    let data = session.data();
    let [b0, b1] = [
        session.landscape().window().b0,
        session.landscape().window().b1,
    ];
    let axes = session.objective().axes().titles;
    let model = settings.model.model();
    let (kind, c, d) = match model {
        Model::InterceptSlope => ("logistic", 0.0, 0.0),
        Model::TwoFeatures => ("two-features", 0.0, 0.0),
        Model::HiddenUnit { c, d } => ("hidden-unit", c, d),
    };
    let loss = match settings.loss {
        Loss::Nll => "nll",
        Loss::Squared => "squared",
    };
    let penalty = match settings.penalty {
        Penalty::None => "none",
        Penalty::L2 => "l2",
        Penalty::L1 => "l1",
    };
    let mask = penalised(model).map(python_bool);

    let mut runs = String::from("RUNS = [\n");
    let mut shown = String::from("SHOWN = [\n");
    for (k, run) in session.runs().iter().enumerate() {
        let config = run.config();
        let (schedule, decay, every) = match config.schedule {
            Schedule::Constant => ("constant", 0.0, 1),
            Schedule::Step { decay, every } => ("step", decay, every),
            Schedule::Inv { decay } => ("inv", decay, 1),
            Schedule::Exp { decay } => ("exp", decay, 1),
        };
        let sampling = match config.sampling {
            Sampling::Shuffle => "shuffle",
            Sampling::Replacement => "replacement",
        };
        let h = config.hyper;
        let _ = write!(
            runs,
            "    # {}: {}\n    {{\"optimizer\": {}, \"lr\": {}, \"schedule\": {{\"kind\": {}, \"decay\": {}, \"every\": {}}},\n     \
             \"batch\": {}, \"sampling\": {}, \"drop_last\": {}, \"seed\": {},\n     \
             \"hyper\": {{\"momentum\": {}, \"beta1\": {}, \"beta2\": {}, \"eps\": {}, \"rho\": {}}},\n     \
             \"line_search\": {}, \"noise\": {}, \"noise_decay\": {}, \"start\": {}, \"steps\": {}}},\n",
            k + 1,
            words::run_label(session, run),
            text(config.optimizer.key()),
            num(config.learning_rate),
            text(schedule),
            num(decay),
            every,
            config.batch_size,
            text(sampling),
            python_bool(config.drop_last),
            config.seed,
            num(h.momentum),
            num(h.beta1),
            num(h.beta2),
            num(h.eps),
            num(h.rho),
            python_bool(config.line_search),
            num(config.noise),
            num(config.noise_decay),
            pair(config.start),
            run.step_count(),
        );
        let _ = writeln!(
            shown,
            "    {{\"theta\": {}, \"loss\": {}}},",
            pair(run.theta()),
            num(run.loss())
        );
    }
    runs.push_str("]\n");
    shown.push_str("]\n");

    let x2 = match &data.x2 {
        Some(x2) => numbers(x2, "    "),
        None => "None".into(),
    };
    vec![
        Cell {
            heading: "descent, as NumPy".into(),
            text: vec![
                format!("{link}: {title}."),
                "The cells below rebuild its data, model, batches and runs, draw the contour plot and the trace, and check the numbers against descent's.".into(),
            ],
            code: format!("TITLE = {}\n", text(&title)),
        },
        Cell {
            heading: "The data".into(),
            text: vec![format!(
                "The {} points as descent had them{}: the feature{} and the label y (0 or 1).",
                data.len(),
                if data.standardized { " (standardised)" } else { "" },
                if data.x2.is_some() { "s x and x2" } else { " x" }
            )],
            code: format!(
                "DATA = {{\n    \"x\": {},\n    \"x2\": {},\n    \"y\": {},\n}}\n",
                numbers(&data.x, "    "),
                x2,
                numbers(&data.y, "    ")
            ),
        },
        Cell {
            heading: "The model, the loss and the runs".into(),
            text: vec![
                "The model and its loss, the penalty (mask: which parameters it takes in), and each run's optimizer and settings as descent ran them.".into(),
            ],
            code: format!(
                "MODEL = {{\"model\": {}, \"c\": {}, \"d\": {}, \"loss\": {}, \"penalty\": {}, \"lambda\": {}, \"mask\": [{}, {}]}}\n\
                 {runs}\
                 WINDOW = {{\"b0\": {}, \"b1\": {}}}\n\
                 AXES = [{}, {}]\n",
                text(kind),
                num(c),
                num(d),
                text(loss),
                text(penalty),
                num(settings.lambda),
                mask[0],
                mask[1],
                pair([b0.0, b0.1]),
                pair([b1.0, b1.1]),
                text(axes[0]),
                text(axes[1]),
            ),
        },
        Cell {
            heading: "What descent showed".into(),
            text: vec!["Each run's parameters and loss where descent's run stood, for the check at the end.".into()],
            code: shown,
        },
    ]
}

/// Every cell: the view's, then the port's.
fn cells(session: &Session, port: &str) -> Vec<Cell> {
    let mut cells = settings_cells(session);
    cells.extend(port_cells(port));
    cells
}

/// The view as a Python script (NumPy and matplotlib), `port` being the
/// text of `notebook/port.py`: run it with `python3 descent.py`; its last
/// line of output is the runs' final numbers as JSON.
pub fn python(session: &Session, port: &str) -> String {
    let cells: Vec<String> = cells(session, port).iter().map(Cell::script).collect();
    cells.join("\n")
}

/// The view as a Jupyter notebook (nbformat 4): a markdown cell with each
/// heading and its text, then its code.
pub fn notebook(session: &Session, port: &str) -> String {
    let mut out = Vec::new();
    for (k, cell) in cells(session, port).iter().enumerate() {
        let level = if k == 0 { "#" } else { "##" };
        let markdown = format!("{level} {}\n\n{}", cell.heading, cell.text.join("\n"));
        out.push(serde_json::json!({
            "cell_type": "markdown",
            "metadata": {},
            "source": source_lines(markdown.trim_end()),
        }));
        out.push(serde_json::json!({
            "cell_type": "code",
            "execution_count": null,
            "metadata": {},
            "outputs": [],
            "source": source_lines(cell.code.trim_end()),
        }));
    }
    let book = serde_json::json!({
        "cells": out,
        "metadata": {
            "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
            "language_info": {"name": "python"},
        },
        "nbformat": 4,
        "nbformat_minor": 4,
    });
    serde_json::to_string(&book).unwrap_or_default()
}

/// A cell's source as nbformat keeps it: lines, each but the last with its newline.
fn source_lines(text: &str) -> Vec<String> {
    let lines: Vec<&str> = text.split('\n').collect();
    let last = lines.len() - 1;
    (lines.iter().enumerate())
        .map(|(k, l)| {
            if k < last {
                format!("{l}\n")
            } else {
                l.to_string()
            }
        })
        .collect()
}
