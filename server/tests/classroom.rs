//! The classroom server, started for real (its binary, a real SQLite file),
//! spoken to over WebSockets as pages speak to it: rooms, a question of each
//! kind with its summary checked against descent's model run here
//! independently, a restart with nothing lost, hostile messages refused, a
//! flood held back.

use descent::model::run::{Progress, Run};
use descent::session::Session;
use futures_util::{SinkExt, StreamExt};
use serde_json::{json, Value};
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;
use tokio::net::TcpStream;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::{MaybeTlsStream, WebSocketStream};

/// The server binary on a free port with the database `db`.
struct Server {
    child: Child,
    port: u16,
}

impl Server {
    fn start(db: &Path) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_descent-server"))
            .env("PORT", "0")
            .env("DESCENT_DB", db)
            .env("DESCENT_ROOT", std::env::temp_dir())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("the server starts");
        let mut line = String::new();
        BufReader::new(child.stdout.as_mut().unwrap())
            .read_line(&mut line)
            .unwrap();
        let port = line
            .split("127.0.0.1:")
            .nth(1)
            .and_then(|rest| rest.split('/').next())
            .and_then(|p| p.parse().ok())
            .unwrap_or_else(|| panic!("no port in {line:?}"));
        Server { child, port }
    }

    fn stop(mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
    }
}

type Socket = WebSocketStream<MaybeTlsStream<TcpStream>>;

/// A page's connection.
struct Page {
    socket: Socket,
}

impl Page {
    async fn open(server: &Server) -> Page {
        let (socket, _) =
            tokio_tungstenite::connect_async(format!("ws://127.0.0.1:{}/class/ws", server.port))
                .await
                .expect("connects");
        Page { socket }
    }

    async fn send(&mut self, message: Value) {
        self.socket
            .send(Message::Text(message.to_string().into()))
            .await
            .unwrap();
    }

    async fn send_text(&mut self, text: &str) {
        self.socket
            .send(Message::Text(text.to_string().into()))
            .await
            .unwrap();
    }

    /// The next message of `kind` (or an error), skipping others.
    async fn next(&mut self, kind: &str) -> Value {
        loop {
            let message = tokio::time::timeout(Duration::from_secs(20), self.socket.next())
                .await
                .unwrap_or_else(|_| panic!("no {kind} in 20 s"))
                .expect("the connection is open")
                .expect("a message");
            if let Message::Text(text) = message {
                let value: Value = serde_json::from_str(text.as_str()).unwrap();
                if value["type"] == kind || value["type"] == "error" {
                    return value;
                }
            }
        }
    }

    /// The class picture of question `id` once `answers` answers are in it.
    async fn results_with(&mut self, id: u64, answers: usize) -> Value {
        loop {
            self.send(json!({ "type": "results" })).await;
            let r = self.next("results").await;
            if r["question"].as_u64() == Some(id) && r["answers"].as_u64() == Some(answers as u64) {
                return r;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }
}

fn db() -> PathBuf {
    let dir = std::env::temp_dir().join(format!(
        "descent-classroom-{}-{}",
        std::process::id(),
        rand_suffix()
    ));
    std::fs::create_dir_all(&dir).unwrap();
    dir.join("classroom.sqlite")
}

fn rand_suffix() -> u128 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos()
}

/// A room with its host and `n` students who joined.
async fn room(server: &Server, n: usize) -> (Page, Vec<Page>, String, String) {
    let mut host = Page::open(server).await;
    host.send(json!({ "type": "create" })).await;
    let created = host.next("created").await;
    let code = created["code"].as_str().unwrap().to_string();
    let key = created["host"].as_str().unwrap().to_string();
    assert_eq!(
        created["join"],
        format!("http://127.0.0.1:{}/?class={code}", server.port)
    );
    let mut students = Vec::new();
    for k in 0..n {
        let mut s = Page::open(server).await;
        s.send(json!({ "type": "join", "code": code, "client": format!("student-{k:04}"), "nickname": format!("<b>S{k}</b>") })).await;
        assert_eq!(s.next("joined").await["type"], "joined");
        students.push(s);
    }
    (host, students, code, key)
}

/// Asks every student the question; returns its id.
async fn ask(host: &mut Page, students: &mut [Page], question: Value) -> u64 {
    host.send(json!({ "type": "ask", "question": question }))
        .await;
    let asked = host.next("asked").await;
    assert_eq!(asked["type"], "asked", "{asked}");
    let id = asked["question"]["id"].as_u64().unwrap();
    for s in students.iter_mut() {
        assert_eq!(s.next("question").await["id"], id);
    }
    id
}

/// The session of a view, as the page and the server make it.
fn session(view: &str) -> Session {
    Session::from_url(view.split('&').filter_map(|kv| kv.split_once('='))).0
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_rate_question_is_judged_by_the_model_and_survives_a_restart() {
    let path = db();
    let server = Server::start(&path);
    let (mut host, mut students, code, key) = room(&server, 6).await;
    let view = "dataset=cancer&standardize=true";
    // A student names themself after joining (the lecturer's eyes only); too long a name is refused.
    students[1]
        .send(json!({ "type": "nickname", "nickname": " Ana " }))
        .await;
    assert_eq!(students[1].next("named").await["nickname"], "Ana");
    students[1]
        .send(json!({ "type": "nickname", "nickname": "x".repeat(25) }))
        .await;
    let long = students[1].next("named").await;
    assert!(
        long["message"].as_str().unwrap().contains("at most 24"),
        "{long}"
    );
    let id = ask(
        &mut host,
        &mut students,
        json!({ "kind": "rate", "view": view, "steps": 60 }),
    )
    .await;
    let here = session(view);
    let limit = here.stability().unwrap().lr_max;
    let rates = [
        0.0005 * limit,
        0.02 * limit,
        0.4 * limit,
        0.9 * limit,
        1.5 * limit,
        4.0 * limit,
    ];
    for (s, lr) in students.iter_mut().zip(rates) {
        s.send(json!({ "type": "answer", "question": id, "value": { "lr": lr } }))
            .await;
        assert_eq!(s.next("answered").await["type"], "answered");
    }
    // The same judgement, made here with descent's model.
    let mut expected = std::collections::BTreeMap::new();
    for lr in rates {
        let mut config = *here.run().config();
        config.learning_rate = lr;
        let mut run = Run::new(here.objective(), config);
        for _ in 0..60 {
            run.step(here.objective());
            if run.divergence().is_some() {
                break;
            }
        }
        let fate = match run.progress(&here.minimum_losses()) {
            Progress::Falling => "falling",
            Progress::Converged { minimum: 0, .. } => "converged",
            Progress::Converged { .. } => "local",
            Progress::Oscillating => "oscillating",
            Progress::Diverged { .. } => "diverged",
        };
        *expected.entry(fate).or_insert(0u64) += 1;
    }
    let results = host.results_with(id, 6).await;
    assert_eq!(results["joined"], 6);
    for (fate, n) in &expected {
        assert_eq!(
            results["summary"]["fates"][fate], *n,
            "{fate}: {}",
            results["summary"]
        );
    }
    let binned: u64 = (results["summary"]["bins"].as_array().unwrap().iter())
        .map(|b| {
            ["converged", "falling", "oscillating", "diverged", "local"]
                .iter()
                .map(|f| b[f].as_u64().unwrap())
                .sum::<u64>()
        })
        .sum();
    assert_eq!(binned, 6, "every answer in a bin");
    assert!((results["summary"]["marks"]["lrMax"].as_f64().unwrap() - limit).abs() < 1e-9);
    // Nicknames go to the host only, as text.
    assert!(results["nicknames"]
        .as_array()
        .unwrap()
        .contains(&json!("<b>S0</b>")));
    assert!(results["nicknames"]
        .as_array()
        .unwrap()
        .contains(&json!("Ana")));
    // The answers as CSV, a row each, as the server judged them.
    host.send(json!({ "type": "csv" })).await;
    let csv = host.next("csv").await;
    let lines: Vec<&str> = csv["csv"].as_str().unwrap().lines().collect();
    assert_eq!(lines[0], "answer,nickname,lr,fate");
    assert_eq!(lines.len(), 7);
    assert!(lines[1].starts_with("1,<b>S0</b>,"), "{}", lines[1]);
    let fates: Vec<&str> = lines[1..]
        .iter()
        .map(|l| l.rsplit(',').next().unwrap())
        .collect();
    let converged = fates.iter().filter(|f| **f == "converged").count() as u64;
    assert_eq!(converged, expected.get("converged").copied().unwrap_or(0));
    // Killed mid-question, started again on the same file: nothing lost.
    server.stop();
    let server = Server::start(&path);
    let mut host = Page::open(&server).await;
    host.send(json!({ "type": "host", "code": code, "host": key }))
        .await;
    let hosting = host.next("hosting").await;
    assert_eq!(hosting["type"], "hosting", "{hosting}");
    assert_eq!(hosting["question"]["id"], id);
    assert_eq!(hosting["results"]["answers"], 6);
    assert_eq!(
        hosting["results"]["summary"]["fates"],
        results["summary"]["fates"]
    );
    let mut back = Page::open(&server).await;
    back.send(json!({ "type": "join", "code": code, "client": "student-0002" }))
        .await;
    let joined = back.next("joined").await;
    assert_eq!(joined["question"]["id"], id);
    assert_eq!(
        joined["answer"]["lr"], rates[2],
        "the student's own answer comes back"
    );
    // A reveal runs the class's rates for everyone.
    host.send(json!({ "type": "reveal" })).await;
    let revealed = back.next("revealed").await;
    assert!(
        revealed["reveal"]["view"]
            .as_str()
            .unwrap()
            .contains("runs=gd:"),
        "{revealed}"
    );
    // After the reveal, answers are closed: the truth is on every screen.
    back.send(json!({ "type": "answer", "question": id, "value": { "lr": 0.5 } }))
        .await;
    let late = back.next("answered").await;
    assert_eq!(late["type"], "error", "{late}");
    assert!(
        late["message"].as_str().unwrap().contains("revealed"),
        "{late}"
    );
    server.stop();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn points_starts_batches_and_challenges_are_summarised() {
    let server = Server::start(&db());
    let (mut host, mut students, _, _) = room(&server, 4).await;
    // Point: where the minimum is; the heatmap counts each click in its cell.
    let view = "dataset=cancer&standardize=true";
    let here = session(view);
    let optimum = here.landscape().optimum.unwrap();
    let id = ask(
        &mut host,
        &mut students,
        json!({ "kind": "point", "view": view, "target": "minimum" }),
    )
    .await;
    let clicks = [
        optimum,
        [optimum[0] + 0.05, optimum[1] - 0.1],
        [0.0, 0.0],
        [100.0, 100.0],
    ];
    for (s, [b0, b1]) in students.iter_mut().zip(clicks) {
        s.send(json!({ "type": "answer", "question": id, "value": { "b0": b0, "b1": b1 } }))
            .await;
        s.next("answered").await;
    }
    let r = host.results_with(id, 4).await;
    let counted: u64 = r["summary"]["counts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c.as_u64().unwrap())
        .sum();
    assert_eq!(counted, 3, "the click outside the window is in no cell");
    assert!(
        r["summary"]["truth"].is_null(),
        "the truth waits for the reveal"
    );
    host.send(json!({ "type": "reveal" })).await;
    host.next("revealed").await;
    let r = host.results_with(id, 4).await;
    assert_eq!(r["summary"]["truth"], json!(optimum));
    assert!(
        r["summary"]["words"]
            .as_str()
            .unwrap()
            .contains("2 within a tenth"),
        "{}",
        r["summary"]["words"]
    );
    // Start: the hidden unit's two valleys; each start's minimum, as a run from it here finds.
    let view = "model=hidden&lr=1";
    let here = session(view);
    let id = ask(
        &mut host,
        &mut students,
        json!({ "kind": "start", "view": view, "steps": 300 }),
    )
    .await;
    let starts = [[-2.0, 3.0], [0.5, 3.0], [1.5, 1.0], [-2.5, -2.0]];
    let mut global = 0;
    for (s, start) in students.iter_mut().zip(starts) {
        s.send(json!({ "type": "answer", "question": id, "value": { "b0": start[0], "b1": start[1] } })).await;
        let answered = s.next("answered").await;
        let mut config = *here.run().config();
        config.start = start;
        let mut run = Run::new(here.objective(), config);
        for _ in 0..300 {
            run.step(here.objective());
        }
        let outcome = match run.progress(&here.minimum_losses()) {
            Progress::Converged { minimum, .. } => json!(minimum),
            _ => Value::Null,
        };
        assert_eq!(answered["answer"]["outcome"], outcome, "start {start:?}");
        // Its path to draw: from the start to where the run ended, at most 27 points.
        let path = answered["answer"]["path"].as_array().unwrap();
        let point = |p: &Value| [p[0].as_f64().unwrap(), p[1].as_f64().unwrap()];
        assert!(path.len() <= 27 && path.len() > 20, "{}", path.len());
        assert_eq!(point(&path[0]), start);
        let end = point(path.last().unwrap());
        assert!(
            (end[0] - run.theta()[0]).abs() < 1e-4 && (end[1] - run.theta()[1]).abs() < 1e-4,
            "{end:?}"
        );
        global += usize::from(outcome == json!(0));
    }
    let r = host.results_with(id, 4).await;
    assert_eq!(r["summary"]["tally"][0]["count"], global);
    assert!(r["summary"]["starts"][3]["path"].is_array());
    // Batch: steps per epoch of the 569 tumours.
    let id = ask(
        &mut host,
        &mut students,
        json!({ "kind": "batch", "view": "dataset=cancer" }),
    )
    .await;
    for (s, b) in students.iter_mut().zip([1, 32, 75, 569]) {
        s.send(json!({ "type": "answer", "question": id, "value": { "batch": b } }))
            .await;
        let a = s.next("answered").await;
        assert_eq!(a["answer"]["stepsPerEpoch"], 569_usize.div_ceil(b), "{a}");
    }
    let r = host.results_with(id, 4).await;
    let noise: Vec<f64> = r["summary"]["bins"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["noise"].as_f64().unwrap())
        .collect();
    assert!(
        noise.windows(2).all(|w| w[1] < w[0]),
        "bigger batches, less noise: {noise:?}"
    );
    assert_eq!(noise[3], 0.0, "the full batch has none");
    // Challenge: met only by the student whose settings meet it.
    let id = ask(
        &mut host,
        &mut students,
        json!({ "kind": "challenge", "view": "", "challenge": "epoch-of-8" }),
    )
    .await;
    for (s, batch) in students.iter_mut().zip([75, 32, 72, 200]) {
        let view = format!("dataset=cancer&standardize=true&batch={batch}");
        s.send(json!({ "type": "answer", "question": id, "value": { "view": view, "steps": 0 } }))
            .await;
        s.next("answered").await;
    }
    let r = host.results_with(id, 4).await;
    assert_eq!(r["summary"]["met"], 2, "{}", r["summary"]);
    // How fast: the seconds of each who met it, from the question.
    let seconds = r["summary"]["seconds"].as_array().unwrap();
    assert_eq!(seconds.len(), 2);
    assert!(seconds
        .iter()
        .all(|t| (0.0..60.0).contains(&t.as_f64().unwrap())));
    server.stop();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hostile_messages_are_refused_and_a_flood_is_held_back() {
    let server = Server::start(&db());
    let (mut host, mut students, code, _) = room(&server, 1).await;
    let student = &mut students[0];
    for (text, says) in [
        ("not json", "not a message"),
        (
            r#"{"type":"ask","question":{"kind":"rate","view":""}}"#,
            "only the room's host",
        ),
        (r#"{"type":"reveal"}"#, "only the room's host"),
        (
            r#"{"type":"answer","question":99,"value":{"lr":1}}"#,
            "not the one asked now",
        ),
        (
            r#"{"type":"join","code":"0OIL1","client":"abcdefgh"}"#,
            "not a room code",
        ),
    ] {
        student.send_text(text).await;
        let e = student.next("error").await;
        assert!(e["message"].as_str().unwrap().contains(says), "{text}: {e}");
    }
    let mut thief = Page::open(&server).await;
    thief
        .send(json!({ "type": "host", "code": code, "host": "0".repeat(32) }))
        .await;
    assert!(thief.next("hosting").await["message"]
        .as_str()
        .unwrap()
        .contains("not this room's host key"));
    // An answer out of range, and a question on a view that is no challenge.
    let id = ask(
        &mut host,
        &mut students,
        json!({ "kind": "rate", "view": "" }),
    )
    .await;
    students[0]
        .send(json!({ "type": "answer", "question": id, "value": { "lr": f64::MAX } }))
        .await;
    assert!(students[0].next("answered").await["message"]
        .as_str()
        .unwrap()
        .contains("\"lr\" must be from"));
    host.send(json!({ "type": "ask", "question": { "kind": "challenge", "view": "", "challenge": "fly" } })).await;
    assert!(host.next("asked").await["message"]
        .as_str()
        .unwrap()
        .contains("not a challenge"));
    // A message over the size cap closes nothing but is refused.
    let big = format!(r#"{{"type":"follow","view":"{}"}}"#, "x".repeat(3500));
    host.send_text(&big).await;
    assert!(host.next("error").await["message"]
        .as_str()
        .unwrap()
        .contains("at most"));
    // A flood: refused past the rate, then the connection ends.
    let mut flood = Page::open(&server).await;
    let mut refused = false;
    for _ in 0..400 {
        if flood
            .socket
            .send(Message::Text(r#"{"type":"results"}"#.into()))
            .await
            .is_err()
        {
            break;
        }
    }
    loop {
        match tokio::time::timeout(Duration::from_secs(10), flood.socket.next()).await {
            Ok(Some(Ok(Message::Text(t)))) => refused |= t.as_str().contains("too many messages"),
            Ok(Some(Ok(_))) => {}
            _ => break,
        }
    }
    assert!(refused, "the flood was told");
    // The room still answers everyone else.
    host.send(json!({ "type": "results" })).await;
    assert_eq!(host.next("results").await["type"], "results");
    server.stop();
}
