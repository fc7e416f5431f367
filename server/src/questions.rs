//! Judging a class's answers with descent's own model, not the clients'
//! word: a learning rate's fate is the run at that rate, a start's outcome
//! the minimum its run reaches, a challenge met the check run on the
//! student's settings. The summaries are what the projector draws.
//!
//! A session holds shared pointers that do not cross threads, so one model
//! thread owns every question's session (built once per question, again
//! after a restart) and the async side sends it work ([`Model`]).

use crate::protocol::{Kind, QuestionSpec, MAX_STEPS, MAX_VIEW};
use descent::model::objective::Batch;
use descent::model::run::{Progress, Run, RunConfig};
use descent::model::Params;
use descent::session::Session;
use descent::settings::challenge;
use descent::view::format::number;
use serde_json::{json, Value};
use std::collections::HashMap;
use std::sync::mpsc;
use tokio::sync::oneshot;

/// Steps a run takes to judge an answer when the question does not say.
const DEFAULT_STEPS: u64 = 60;

/// Bins of the rate histogram, across the slider's range.
const RATE_BINS: usize = 24;

/// Cells a side of the point heatmap.
const POINT_GRID: usize = 24;

/// Most starts a start question's summary lists (to draw), however many answer.
const MOST_STARTS: usize = 1000;

/// Most of those starts whose paths the summary carries (each about
/// [`PATH_POINTS`] points: 150 paths are some 60 KB a picture).
const MOST_PATHS: usize = 150;

/// Points kept of a start's path to draw it.
const PATH_POINTS: u64 = 25;

/// A question's session, built once.
struct Context {
    session: Session,
    steps: u64,
}

impl Context {
    fn new(spec: &QuestionSpec) -> Result<Context, String> {
        if spec.view.len() > MAX_VIEW {
            return Err("the question's view is too long".into());
        }
        let pairs = spec
            .view
            .trim_start_matches('?')
            .split('&')
            .filter(|kv| !kv.is_empty());
        let pairs: Vec<(String, String)> = pairs
            .map(|kv| {
                let (k, v) = kv.split_once('=').unwrap_or((kv, ""));
                (decode(k), decode(v))
            })
            .collect();
        let (session, _notices) =
            Session::from_url(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())));
        if spec.kind == Kind::Challenge
            && spec
                .challenge
                .as_deref()
                .and_then(challenge::find)
                .is_none()
        {
            return Err(format!(
                "\"{}\" is not a challenge",
                spec.challenge.as_deref().unwrap_or("")
            ));
        }
        let steps = spec.steps.unwrap_or(match spec.kind {
            Kind::Start => 300,
            _ => DEFAULT_STEPS,
        });
        Ok(Context {
            session,
            steps: steps.min(MAX_STEPS),
        })
    }

    /// The first run's settings with `change` applied, run `steps` steps.
    fn run(&self, change: impl FnOnce(&mut RunConfig)) -> Run {
        self.run_watched(change, |_| {})
    }

    /// As [`Context::run`], calling `each` with the run after every step.
    fn run_watched(&self, change: impl FnOnce(&mut RunConfig), mut each: impl FnMut(&Run)) -> Run {
        let mut config = *self.session.run().config();
        change(&mut config);
        let objective = self.session.objective();
        let mut run = Run::new(objective, config);
        for _ in 0..self.steps {
            run.step(objective);
            each(&run);
            if run.divergence().is_some() {
                break;
            }
        }
        run
    }

    /// A run from `start` and its path, about [`PATH_POINTS`] points of it
    /// (to draw faintly; four decimals are finer than a projector's pixel).
    fn path_from(&self, start: Params) -> (Run, Vec<Params>) {
        let every = (self.steps / PATH_POINTS).max(1);
        let round = |v: f64| (v * 1e4).round() / 1e4;
        let mut path = vec![start.map(round)];
        let run = self.run_watched(
            |c| c.start = start,
            |run| {
                if run.step_count().is_multiple_of(every)
                    && run.theta().iter().all(|v| v.is_finite())
                {
                    path.push(run.theta().map(round));
                }
            },
        );
        if !run.step_count().is_multiple_of(every) && run.theta().iter().all(|v| v.is_finite()) {
            path.push(run.theta().map(round));
        }
        (run, path)
    }
}

/// `%xx` and `+` in a query value, decoded (as the page encodes them).
fn decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < bytes.len() => {
                match u8::from_str_radix(
                    std::str::from_utf8(&bytes[i + 1..i + 3]).unwrap_or(""),
                    16,
                ) {
                    Ok(b) => {
                        out.push(b);
                        i += 2;
                    }
                    Err(_) => out.push(b'%'),
                }
            }
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// A finite number from an answer's field, within `range`.
fn field(value: &Value, name: &str, (lo, hi): (f64, f64)) -> Result<f64, String> {
    let v = value
        .get(name)
        .and_then(Value::as_f64)
        .ok_or_else(|| format!("the answer needs a number \"{name}\""))?;
    if !(v.is_finite() && (lo..=hi).contains(&v)) {
        return Err(format!(
            "\"{name}\" must be from {} to {}, not {}",
            number(lo, 3),
            number(hi, 3),
            number(v, 4)
        ));
    }
    Ok(v)
}

/// A rate's fate in one word, as the page's legend says it.
fn fate(progress: Progress) -> &'static str {
    match progress {
        Progress::Falling => "falling",
        Progress::Converged { minimum: 0, .. } => "converged",
        Progress::Converged { .. } => "local",
        Progress::Oscillating => "oscillating",
        Progress::Diverged { .. } => "diverged",
    }
}

/// Judges one answer: what the class picture needs of it.
fn evaluate(context: &Context, spec: &QuestionSpec, value: &Value) -> Result<Value, String> {
    let session = &context.session;
    let minima = session.minimum_losses();
    match spec.kind {
        Kind::Rate => {
            let lr = field(value, "lr", (1e-9, 1e6))?;
            let run = context.run(|c| c.learning_rate = lr);
            Ok(json!({ "lr": lr, "fate": fate(run.progress(&minima)) }))
        }
        Kind::Point => {
            let b0 = field(value, "b0", (-1e6, 1e6))?;
            let b1 = field(value, "b1", (-1e6, 1e6))?;
            Ok(json!({ "b0": b0, "b1": b1 }))
        }
        Kind::Start => {
            let b0 = field(value, "b0", (-1e6, 1e6))?;
            let b1 = field(value, "b1", (-1e6, 1e6))?;
            let (run, path) = context.path_from([b0, b1]);
            let outcome = match run.progress(&minima) {
                Progress::Converged { minimum, .. } => Some(minimum),
                _ => None,
            };
            Ok(json!({ "b0": b0, "b1": b1, "outcome": outcome, "path": path }))
        }
        Kind::Batch => {
            let n = session.data().len();
            let batch = field(value, "batch", (1.0, n as f64))?.round() as usize;
            Ok(
                json!({ "batch": batch, "stepsPerEpoch": n.div_ceil(batch), "noise": noise(session, batch) }),
            )
        }
        Kind::Challenge => {
            let view = value
                .get("view")
                .and_then(Value::as_str)
                .ok_or("the answer needs the student's \"view\"")?;
            let steps = field(value, "steps", (0.0, MAX_STEPS as f64))? as u64;
            let key = spec.challenge.as_deref().unwrap_or("");
            let found =
                challenge::find(key).ok_or_else(|| format!("\"{key}\" is not a challenge"))?;
            let mut theirs = Context::new(&QuestionSpec {
                view: view.into(),
                ..spec.clone()
            })?
            .session;
            theirs.step(steps);
            Ok(json!({ "met": descent::challenges::met(found, &theirs) }))
        }
    }
}

/// The size of a batch gradient's noise at the start: the spread of the
/// points' gradients over √batch, for batches drawn without replacement.
fn noise(session: &Session, batch: usize) -> f64 {
    let n = session.data().len();
    let objective = session.objective();
    let start = session.start();
    let mean = objective.gradient(start, Batch::All);
    let spread: f64 = (0..n)
        .map(|i| {
            let g = objective.gradient(start, Batch::Points(&[i]));
            (g[0] - mean[0]).powi(2) + (g[1] - mean[1]).powi(2)
        })
        .sum::<f64>()
        / n as f64;
    let finite = if n > 1 {
        (n - batch) as f64 / (n - 1) as f64
    } else {
        0.0
    };
    (spread / batch as f64 * finite).sqrt()
}

/// How many of `answers` say `fate`.
fn count(answers: &[Value], key: &str, value: &str) -> usize {
    answers
        .iter()
        .filter(|a| a.get(key).and_then(Value::as_str) == Some(value))
        .count()
}

/// The class picture of the answers so far (and after a reveal, the truth).
fn summary(context: &Context, spec: &QuestionSpec, answers: &[Value], revealed: bool) -> Value {
    let session = &context.session;
    let of = answers.len();
    match spec.kind {
        Kind::Rate => {
            let (lo, hi) = descent::view::controls::learning_rate_range(session);
            let (a, b) = (lo.log10(), hi.log10());
            let bins: Vec<Value> = (0..RATE_BINS)
                .map(|k| {
                    let from = a + (b - a) * k as f64 / RATE_BINS as f64;
                    let to = a + (b - a) * (k + 1) as f64 / RATE_BINS as f64;
                    let inside: Vec<Value> = (answers.iter())
                        .filter(|v| {
                            let x = v["lr"].as_f64().unwrap_or(f64::NAN).log10().clamp(a, b);
                            x >= from && (x < to || (k + 1 == RATE_BINS && x <= to))
                        })
                        .cloned()
                        .collect();
                    json!({ "from": 10f64.powf(from), "to": 10f64.powf(to),
                        "converged": count(&inside, "fate", "converged"), "local": count(&inside, "fate", "local"),
                        "falling": count(&inside, "fate", "falling"), "oscillating": count(&inside, "fate", "oscillating"),
                        "diverged": count(&inside, "fate", "diverged") })
                })
                .collect();
            let fates = ["converged", "falling", "oscillating", "diverged", "local"]
                .map(|f| (f, count(answers, "fate", f)));
            let said: Vec<String> = (fates.iter())
                .filter(|(_, n)| *n > 0)
                .map(|(f, n)| format!("{n} {}", rate_words(f, context.steps)))
                .collect();
            json!({ "kind": "rate", "of": of, "bins": bins,
                "marks": session.stability().map(|s| json!({ "lrMax": s.lr_max, "lrBest": s.lr_best })),
                "fates": Value::Object(fates.iter().map(|(f, n)| (f.to_string(), json!(n))).collect()),
                "words": if of == 0 { "No answers yet.".into() } else { format!("Of {of}: {}.", said.join("; ")) } })
        }
        Kind::Point => {
            let w = session.landscape().window();
            let mut counts = vec![0usize; POINT_GRID * POINT_GRID];
            for v in answers {
                let (x, y) = (
                    v["b0"].as_f64().unwrap_or(f64::NAN),
                    v["b1"].as_f64().unwrap_or(f64::NAN),
                );
                let i = ((x - w.b0.0) / (w.b0.1 - w.b0.0) * POINT_GRID as f64).floor();
                let j = ((y - w.b1.0) / (w.b1.1 - w.b1.0) * POINT_GRID as f64).floor();
                if (0.0..POINT_GRID as f64).contains(&i) && (0.0..POINT_GRID as f64).contains(&j) {
                    counts[j as usize * POINT_GRID + i as usize] += 1;
                }
            }
            let truth = revealed.then(|| point_truth(context, spec));
            let words = match &truth {
                Some(t) => {
                    let near = answers.iter().filter(|v| within(v, t, &w)).count();
                    format!("{of} clicks; {near} within a tenth of the window of the answer.")
                }
                None => format!("{of} clicks so far."),
            };
            json!({ "kind": "point", "of": of, "size": POINT_GRID, "window": [[w.b0.0, w.b0.1], [w.b1.0, w.b1.1]],
                "counts": counts, "truth": truth, "words": words })
        }
        Kind::Start => {
            let minima = &session.landscape().minima;
            let tally: Vec<Value> = (minima.iter().enumerate())
                .map(|(m, min)| json!({ "minimum": m, "theta": min.theta, "loss": min.loss, "global": m == 0,
                    "count": answers.iter().filter(|v| v["outcome"].as_u64() == Some(m as u64)).count() }))
                .collect();
            let unsettled = answers.iter().filter(|v| v["outcome"].is_null()).count();
            let global = answers
                .iter()
                .filter(|v| v["outcome"].as_u64() == Some(0))
                .count();
            let w = session.landscape().window();
            // The first starts with their paths, the rest as points.
            let starts: Vec<Value> = (answers.iter().take(MOST_STARTS).enumerate())
                .map(|(k, v)| {
                    let mut v = v.clone();
                    if k >= MOST_PATHS {
                        v.as_object_mut().map(|o| o.remove("path"));
                    }
                    v
                })
                .collect();
            json!({ "kind": "start", "of": of, "window": [[w.b0.0, w.b0.1], [w.b1.0, w.b1.1]],
                "starts": starts, "tally": tally, "unsettled": unsettled,
                "words": format!("Of {of} starts, {global} reached the global minimum, {} a local one, {unsettled} did not settle in {} steps.",
                    of - global - unsettled, context.steps) })
        }
        Kind::Batch => {
            let n = session.data().len();
            let mut sizes: Vec<usize> = answers
                .iter()
                .filter_map(|v| v["batch"].as_u64())
                .map(|b| b as usize)
                .collect();
            sizes.sort_unstable();
            sizes.dedup();
            let bins: Vec<Value> = (sizes.iter())
                .map(|&b| json!({ "batch": b, "count": answers.iter().filter(|v| v["batch"].as_u64() == Some(b as u64)).count(),
                    "stepsPerEpoch": n.div_ceil(b), "noise": noise(session, b) }))
                .collect();
            let median = sizes_median(answers);
            json!({ "kind": "batch", "of": of, "n": n, "bins": bins,
                "words": match median {
                    Some(m) => format!("{of} choices; the median batch is {m} points, {} steps an epoch of {n}.", n.div_ceil(m)),
                    None => "No answers yet.".into(),
                } })
        }
        Kind::Challenge => {
            let met = answers
                .iter()
                .filter(|v| v["met"].as_bool() == Some(true))
                .count();
            let mut seconds: Vec<f64> = (answers.iter())
                .filter(|v| v["met"].as_bool() == Some(true))
                .filter_map(|v| v["seconds"].as_f64())
                .collect();
            seconds.sort_by(f64::total_cmp);
            let median = seconds.get(seconds.len() / 2).copied();
            json!({ "kind": "challenge", "of": of, "met": met, "medianSeconds": median, "seconds": &seconds[..seconds.len().min(MOST_STARTS)],
                "words": match median {
                    Some(s) => format!("{met} of {of} met it; half of them within {} s.", number(s, 2)),
                    None => format!("{met} of {of} met it."),
                } })
        }
    }
}

/// A rate fate in words, for the class picture.
fn rate_words(fate: &str, steps: u64) -> String {
    match fate {
        "converged" => "converge".into(),
        "falling" => format!("are still falling after {steps} steps"),
        "oscillating" => "oscillate".into(),
        "diverged" => "diverge".into(),
        _ => "settle in a local minimum".into(),
    }
}

/// The median batch size chosen.
fn sizes_median(answers: &[Value]) -> Option<usize> {
    let mut all: Vec<u64> = answers.iter().filter_map(|v| v["batch"].as_u64()).collect();
    all.sort_unstable();
    all.get(all.len() / 2).map(|&b| b as usize)
}

/// Where the point question's answer is: the run after `steps` steps, or the minimum.
fn point_truth(context: &Context, spec: &QuestionSpec) -> Value {
    let session = &context.session;
    let theta = match spec.target.as_deref() {
        Some("minimum") => session.landscape().optimum.unwrap_or(session.start()),
        _ => context.run(|_| {}).theta(),
    };
    json!([theta[0], theta[1]])
}

/// Whether a click is within a tenth of the window of the truth.
fn within(v: &Value, truth: &Value, w: &descent::model::window::Window) -> bool {
    let (x, y) = (
        v["b0"].as_f64().unwrap_or(f64::NAN),
        v["b1"].as_f64().unwrap_or(f64::NAN),
    );
    let (tx, ty) = (
        truth[0].as_f64().unwrap_or(f64::NAN),
        truth[1].as_f64().unwrap_or(f64::NAN),
    );
    ((x - tx) / (w.b0.1 - w.b0.0)).hypot((y - ty) / (w.b1.1 - w.b1.0)) <= 0.1
}

/// What "Reveal" shows: the view everyone's page opens, with the real run.
fn reveal(context: &Context, spec: &QuestionSpec, answers: &[Value]) -> Value {
    let base = spec.view.trim_start_matches('?').to_string();
    let join = |extra: String| {
        if base.is_empty() {
            extra
        } else {
            format!("{base}&{extra}")
        }
    };
    match spec.kind {
        Kind::Rate => {
            let mut rates: Vec<f64> = answers.iter().filter_map(|v| v["lr"].as_f64()).collect();
            rates.sort_by(f64::total_cmp);
            let pick = |q: f64| {
                rates
                    .get(((rates.len() as f64 - 1.0) * q).round() as usize)
                    .copied()
            };
            let runs: Vec<String> = [0.1, 0.5, 0.9]
                .iter()
                .filter_map(|&q| pick(q))
                .map(|lr| format!("gd:{}", number(lr, 4)))
                .collect();
            let mut runs = runs;
            runs.dedup();
            let view = if runs.is_empty() {
                base.clone()
            } else {
                join(format!(
                    "runs={}&path=live&steps={}",
                    runs.join(","),
                    context.steps
                ))
            };
            json!({ "view": view, "words": "The class's low, middle and high rates, run side by side." })
        }
        Kind::Point => {
            json!({ "view": join(format!("path=live&steps={}", context.steps)), "truth": point_truth(context, spec),
            "words": "The real run, drawn over the class's clicks." })
        }
        Kind::Start => {
            json!({ "view": join("restarts=0".into()), "words": "Each start coloured by the minimum it reached." })
        }
        Kind::Batch => {
            json!({ "view": base, "words": "Smaller batches: more steps an epoch, and noisier ones." })
        }
        Kind::Challenge => {
            json!({ "view": base, "words": "The challenge's solution, on everyone's screen." })
        }
    }
}

/// Work for the model thread.
enum Job {
    Evaluate {
        id: u64,
        spec: QuestionSpec,
        value: Value,
        reply: oneshot::Sender<Result<Value, String>>,
    },
    Summary {
        id: u64,
        spec: QuestionSpec,
        answers: Vec<Value>,
        revealed: bool,
        reply: oneshot::Sender<Result<Value, String>>,
    },
    Reveal {
        id: u64,
        spec: QuestionSpec,
        answers: Vec<Value>,
        reply: oneshot::Sender<Result<Value, String>>,
    },
    Forget {
        id: u64,
    },
}

/// The model thread's handle: evaluations and summaries, asked from async code.
#[derive(Clone)]
pub struct Model {
    jobs: mpsc::Sender<Job>,
}

impl Model {
    /// Starts the model thread.
    pub fn start() -> Model {
        let (jobs, inbox) = mpsc::channel::<Job>();
        std::thread::Builder::new()
            .name("descent-model".into())
            .spawn(move || {
                let mut contexts: HashMap<u64, Context> = HashMap::new();
                let context = |id: u64,
                               spec: &QuestionSpec,
                               contexts: &mut HashMap<u64, Context>|
                 -> Result<(), String> {
                    if let std::collections::hash_map::Entry::Vacant(slot) = contexts.entry(id) {
                        slot.insert(Context::new(spec)?);
                    }
                    Ok(())
                };
                for job in inbox {
                    match job {
                        Job::Evaluate {
                            id,
                            spec,
                            value,
                            reply,
                        } => {
                            let r = context(id, &spec, &mut contexts)
                                .and_then(|_| evaluate(&contexts[&id], &spec, &value));
                            let _ = reply.send(r);
                        }
                        Job::Summary {
                            id,
                            spec,
                            answers,
                            revealed,
                            reply,
                        } => {
                            let r = context(id, &spec, &mut contexts)
                                .map(|_| summary(&contexts[&id], &spec, &answers, revealed));
                            let _ = reply.send(r);
                        }
                        Job::Reveal {
                            id,
                            spec,
                            answers,
                            reply,
                        } => {
                            let r = context(id, &spec, &mut contexts)
                                .map(|_| reveal(&contexts[&id], &spec, &answers));
                            let _ = reply.send(r);
                        }
                        Job::Forget { id } => {
                            contexts.remove(&id);
                        }
                    }
                }
            })
            .expect("the model thread starts");
        Model { jobs }
    }

    async fn ask(
        &self,
        job: impl FnOnce(oneshot::Sender<Result<Value, String>>) -> Job,
    ) -> Result<Value, String> {
        let (reply, answer) = oneshot::channel();
        self.jobs
            .send(job(reply))
            .map_err(|_| "the model thread has stopped".to_string())?;
        answer
            .await
            .map_err(|_| "the model thread has stopped".to_string())?
    }

    /// Checks a question (its view and kind) before it is asked.
    pub async fn prepare(&self, id: u64, spec: &QuestionSpec) -> Result<Value, String> {
        self.summary(id, spec, Vec::new(), false).await
    }

    /// Judges an answer.
    pub async fn evaluate(
        &self,
        id: u64,
        spec: &QuestionSpec,
        value: Value,
    ) -> Result<Value, String> {
        let spec = spec.clone();
        self.ask(move |reply| Job::Evaluate {
            id,
            spec,
            value,
            reply,
        })
        .await
    }

    /// The class picture of `answers`.
    pub async fn summary(
        &self,
        id: u64,
        spec: &QuestionSpec,
        answers: Vec<Value>,
        revealed: bool,
    ) -> Result<Value, String> {
        let spec = spec.clone();
        self.ask(move |reply| Job::Summary {
            id,
            spec,
            answers,
            revealed,
            reply,
        })
        .await
    }

    /// What a reveal shows.
    pub async fn reveal(
        &self,
        id: u64,
        spec: &QuestionSpec,
        answers: Vec<Value>,
    ) -> Result<Value, String> {
        let spec = spec.clone();
        self.ask(move |reply| Job::Reveal {
            id,
            spec,
            answers,
            reply,
        })
        .await
    }

    /// The question is over: its session can go.
    pub fn forget(&self, id: u64) {
        let _ = self.jobs.send(Job::Forget { id });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec(kind: Kind, view: &str) -> QuestionSpec {
        QuestionSpec {
            kind,
            view: view.into(),
            steps: None,
            target: None,
            challenge: None,
        }
    }

    #[test]
    fn a_rate_is_judged_by_running_it() {
        let s = spec(Kind::Rate, "dataset=cancer&standardize=true");
        let c = Context::new(&s).unwrap();
        let limit = c.session.stability().unwrap().lr_max;
        let judge = |lr: f64| {
            evaluate(&c, &s, &json!({ "lr": lr })).unwrap()["fate"]
                .as_str()
                .unwrap()
                .to_string()
        };
        assert_eq!(judge(0.5 * limit), "converged");
        assert_eq!(judge(0.001 * limit), "falling");
        assert!(["oscillating", "diverged"].contains(&judge(1.6 * limit).as_str()));
        assert!(evaluate(&c, &s, &json!({ "lr": -1 }))
            .unwrap_err()
            .contains("\"lr\" must be from"));
        assert!(evaluate(&c, &s, &json!({ "rate": 1 }))
            .unwrap_err()
            .contains("needs a number \"lr\""));
    }

    #[test]
    fn queries_are_decoded_as_the_page_encodes_them() {
        assert_eq!(decode("a%20b+c%26"), "a b c&");
        assert_eq!(decode("100%"), "100%");
    }
}
