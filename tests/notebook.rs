//! The exported Python script reproduces descent's runs: for views across
//! the lecture (the default, the trio, SGD with a seed, momentum, Adam,
//! Newton with line search, an L1 penalty, a loaded CSV, the hidden unit
//! with random restarts), the script `view::notebook::python` writes is run
//! with python3 and NumPy, and its final parameters and losses must equal
//! the session's to 1e-9. The scripts are left in target/notebook/ to read
//! and run by hand. Needs python3 with numpy and matplotlib (scripts/setup.sh
//! installs them).

use descent::session::Session;
use descent::view::notebook;
use serde_json::Value;
use std::path::PathBuf;
use std::process::Command;

/// The port of the model the page passes in (www/pkg/port.js holds the same text).
const PORT: &str = include_str!("../src/view/notebook/port.py");

/// A CSV as a user loads it: a header, a feature and a 0/1 label.
const CSV: &str =
    "hours,passed\n0.5,0\n0.75,0\n1,0\n1.25,0\n1.5,0\n1.75,0\n1.75,1\n2,0\n2.25,1\n2.5,0\n\
                   2.75,1\n3,0\n3.25,1\n3.5,0\n4,1\n4.25,1\n4.5,1\n4.75,1\n5,1\n5.5,1\n";

/// The views the script must reproduce: a name, URL settings, steps taken.
const VIEWS: &[(&str, &str, u64)] = &[
    ("default", "", 60),
    ("trio", "runs=trio", 60),
    ("sgd", "batch=10&seed=7", 80),
    ("momentum", "optimizer=momentum&lr=0.1", 60),
    ("adam", "optimizer=adam&lr=0.1&batch=20&seed=3", 80),
    ("newton", "optimizer=newton&line_search=true&lr=1", 12),
    ("l1", "penalty=l1&lambda=0.3&batch=25&seed=2", 80),
    ("csv", "", 60),
    ("hidden", "model=hidden&restarts=6&lr=0.5", 80),
];

fn session(name: &str, query: &str) -> Session {
    let pairs: Vec<(&str, &str)> = (query.split('&'))
        .filter(|p| !p.is_empty())
        .map(|p| p.split_once('=').unwrap_or((p, "")))
        .collect();
    let (mut session, notices) = Session::from_url(pairs);
    assert!(notices.is_empty(), "{name}: {notices:?}");
    if name == "csv" {
        session
            .load_csv(CSV, None, None, None)
            .expect("the CSV loads");
    }
    session
}

/// Runs `script` with python3 (headless matplotlib); returns the JSON of
/// its last line.
fn run_python(path: &PathBuf) -> Value {
    let out = Command::new("python3")
        .arg(path)
        .env("MPLBACKEND", "Agg")
        .output()
        .expect("python3 runs (scripts/setup.sh installs python3 with numpy and matplotlib)");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{}: {stderr}", path.display());
    let last = stdout.lines().last().unwrap_or("");
    serde_json::from_str(last).unwrap_or_else(|e| {
        panic!(
            "{}: last line is not JSON ({e}): {stdout}\n{stderr}",
            path.display()
        )
    })
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * b.abs().max(1.0)
}

#[test]
fn the_python_script_reproduces_every_run_to_1e_9() {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("../notebook");
    std::fs::create_dir_all(&dir).expect("target/notebook");
    let mut failures = Vec::new();
    for &(name, query, steps) in VIEWS {
        let mut session = session(name, query);
        session.step(steps);
        let path = dir.join(format!("{name}.py"));
        std::fs::write(&path, notebook::python(&session, PORT)).expect("the script is written");
        let got = run_python(&path);
        let runs = got["runs"].as_array().expect("runs");
        assert_eq!(runs.len(), session.runs().len(), "{name}: one entry a run");
        for (k, (run, py)) in session.runs().iter().zip(runs).enumerate() {
            let theta = run.theta();
            let py_theta = [py["theta"][0].as_f64(), py["theta"][1].as_f64()];
            let py_loss = py["loss"].as_f64();
            let same = matches!(py_theta, [Some(a), Some(b)] if close(a, theta[0]) && close(b, theta[1]))
                && py_loss.is_some_and(|l| close(l, run.loss()));
            if !same {
                failures.push(format!(
                    "{name} run {}: descent {theta:?} loss {} (step {}), python {py}",
                    k + 1,
                    run.loss(),
                    run.step_count()
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn the_notebook_holds_the_scripts_cells() {
    let session = session("default", "");
    let book: Value = serde_json::from_str(&notebook::notebook(&session, PORT)).expect("JSON");
    assert_eq!(book["nbformat"], 4);
    let cells = book["cells"].as_array().expect("cells");
    assert!(cells.len() >= 8, "{} cells", cells.len());
    let code: String = (cells.iter())
        .filter(|c| c["cell_type"] == "code")
        .flat_map(|c| c["source"].as_array().into_iter().flatten())
        .filter_map(Value::as_str)
        .collect();
    for name in ["DATA = ", "MODEL = ", "RUNS = ", "SHOWN = "] {
        assert!(code.contains(name), "{name} in a code cell");
    }
    // The markdown cells carry the headings, the script's `# %%` lines.
    let script = notebook::python(&session, PORT);
    for cell in cells.iter().filter(|c| c["cell_type"] == "markdown") {
        let first = cell["source"][0].as_str().unwrap_or("");
        let heading = first.trim_start_matches('#').trim();
        assert!(script.contains(&format!("# %% {heading}")), "{heading}");
    }
}
