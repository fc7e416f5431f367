//! Rooms: a lecturer (the host, who holds the room's key) and the students
//! who joined by its code. The host asks; students answer by doing; the
//! host sees the class picture as answers come, at most a few times a
//! second; a reveal shows everyone the real run. Every change is written to
//! the store first, so a restarted server picks up where it was.

use crate::protocol::{self, ClientMessage, Kind, QuestionSpec};
use crate::questions::Model;
use crate::store::{now, Store};
use serde_json::{json, Value};
use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::{broadcast, mpsc, Mutex, Notify};

/// A room code's length, and its letters (no 0/O, 1/I/L to misread).
pub const CODE_LENGTH: usize = 5;
pub const CODE_ALPHABET: &str = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";

/// How long a room lives without being used, in seconds.
pub const ROOM_LIFETIME: f64 = 24.0 * 3600.0;

/// The least time between two class pictures sent to the host.
const RESULTS_EVERY: Duration = Duration::from_millis(150);

/// Random bytes from the operating system.
fn random<const N: usize>() -> [u8; N] {
    let mut bytes = [0u8; N];
    getrandom::fill(&mut bytes).expect("the operating system's random generator");
    bytes
}

/// A fresh room code.
fn new_code() -> String {
    let letters: Vec<char> = CODE_ALPHABET.chars().collect();
    random::<CODE_LENGTH>()
        .iter()
        .map(|b| letters[*b as usize % letters.len()])
        .collect()
}

/// A fresh host key: 128 bits, hex.
fn new_key() -> String {
    random::<16>().iter().map(|b| format!("{b:02x}")).collect()
}

/// The question now asked in a room.
struct Live {
    id: u64,
    spec: QuestionSpec,
    asked: f64,
    revealed: bool,
    /// Each client's judged answer, the first answer first.
    answers: Vec<(String, Value)>,
}

/// A room in memory.
pub struct Room {
    code: String,
    host_key: String,
    state: Mutex<RoomState>,
    /// Messages for every student.
    students: broadcast::Sender<String>,
    /// Messages for the host's pages.
    hosts: broadcast::Sender<String>,
    /// Answers came: the host's picture is due.
    changed: Notify,
}

struct RoomState {
    live: Option<Live>,
    follow: Option<String>,
    closed: bool,
}

/// Every room, the store and the model thread.
pub struct Classroom {
    store: Store,
    model: Model,
    rooms: Mutex<HashMap<String, Arc<Room>>>,
}

/// The words a student sees for a question.
fn prompt(spec: &QuestionSpec, steps: u64) -> String {
    match spec.kind {
        Kind::Rate => "Choose a learning rate with the slider, then press Send my answer.".into(),
        Kind::Point if spec.target.as_deref() == Some("minimum") => {
            "Tap or click where you think the minimum is, then press Send my answer.".into()
        }
        Kind::Point => format!("Tap or click where you think the path will be after {steps} steps, then press Send my answer."),
        Kind::Start => "Choose a start: tap or click the contour plot, then press Send my answer.".into(),
        Kind::Batch => "Choose a batch size, then press Send my answer.".into(),
        Kind::Challenge => match spec.challenge.as_deref().and_then(descent::settings::challenge::find) {
            Some(c) => format!("Challenge: {} Send your answer once it is met.", c.task),
            None => "Meet the challenge, then press Send my answer.".into(),
        },
    }
}

/// The question as students receive it.
fn question_message(live: &Live) -> Value {
    let steps = live.spec.steps.unwrap_or(if live.spec.kind == Kind::Start {
        300
    } else {
        60
    });
    json!({ "type": "question", "id": live.id, "kind": live.spec.kind.key(), "view": live.spec.view, "steps": steps,
        "target": live.spec.target, "challenge": live.spec.challenge, "prompt": prompt(&live.spec, steps), "revealed": live.revealed })
}

impl Classroom {
    /// The classroom on `store`.
    pub fn new(store: Store) -> Arc<Classroom> {
        Arc::new(Classroom {
            store,
            model: Model::start(),
            rooms: Mutex::new(HashMap::new()),
        })
    }

    /// Rooms unused for a day go (run every hour by the server).
    pub fn expire(&self) {
        if let Err(e) = self.store.expire(ROOM_LIFETIME) {
            eprintln!("descent-server: expiring rooms: {e}");
        }
    }

    /// A new room: its code and host key.
    async fn create(self: &Arc<Self>) -> Result<(Arc<Room>, String), String> {
        for _ in 0..20 {
            let (code, key) = (new_code(), new_key());
            if self.store.create(&code, &key).map_err(|e| e.to_string())? {
                let room = self.room(&code).await?.ok_or("the new room went missing")?;
                return Ok((room, key));
            }
        }
        Err("no free room code: try again".into())
    }

    /// The room `code`, from memory or from the store (after a restart).
    async fn room(self: &Arc<Self>, code: &str) -> Result<Option<Arc<Room>>, String> {
        let mut rooms = self.rooms.lock().await;
        if let Some(room) = rooms.get(code) {
            return Ok(Some(room.clone()));
        }
        let Some(stored) = self.store.room(code).map_err(|e| e.to_string())? else {
            return Ok(None);
        };
        let live = match self.store.question(code).map_err(|e| e.to_string())? {
            Some(q) => {
                let spec: QuestionSpec =
                    serde_json::from_str(&q.spec).map_err(|e| e.to_string())?;
                let answers = self.store.answers(q.id).map_err(|e| e.to_string())?;
                Some(Live {
                    id: q.id,
                    spec,
                    asked: q.asked,
                    revealed: q.revealed,
                    answers,
                })
            }
            None => None,
        };
        let room = Arc::new(Room {
            code: code.into(),
            host_key: stored.host,
            state: Mutex::new(RoomState {
                live,
                follow: stored.follow,
                closed: stored.closed,
            }),
            students: broadcast::channel(256).0,
            hosts: broadcast::channel(64).0,
            changed: Notify::new(),
        });
        rooms.insert(code.into(), room.clone());
        tokio::spawn(pictures(self.clone(), room.clone()));
        Ok(Some(room))
    }

    /// The class picture now, for the host.
    async fn results(&self, room: &Room) -> Value {
        let (live, closed) = {
            let state = room.state.lock().await;
            let live = state.live.as_ref().map(|l| {
                (
                    l.id,
                    l.spec.clone(),
                    l.revealed,
                    l.answers.iter().map(|(_, v)| v.clone()).collect::<Vec<_>>(),
                )
            });
            (live, state.closed)
        };
        let joined = self.store.members(&room.code).unwrap_or(0);
        let nicknames: Vec<String> = self
            .store
            .nicknames(&room.code)
            .unwrap_or_default()
            .into_iter()
            .map(|(_, n)| n)
            .collect();
        match live {
            Some((id, spec, revealed, answers)) => {
                let count = answers.len();
                let summary = self
                    .model
                    .summary(id, &spec, answers, revealed)
                    .await
                    .unwrap_or(Value::Null);
                json!({ "type": "results", "question": id, "kind": spec.kind.key(), "joined": joined, "answers": count,
                    "summary": summary, "revealed": revealed, "nicknames": nicknames, "closed": closed })
            }
            None => {
                json!({ "type": "results", "question": null, "joined": joined, "answers": 0, "summary": null, "nicknames": nicknames, "closed": closed })
            }
        }
    }
}

/// The answers to a question as CSV, a row each in the order they came: a
/// number, the nickname if one was given (the host's eyes only), and what
/// the server judged of the answer.
fn answers_csv(kind: Kind, answers: &[(String, Value)], names: &HashMap<String, String>) -> String {
    let fields: &[&str] = match kind {
        Kind::Rate => &["lr", "fate"],
        Kind::Point => &["b0", "b1"],
        Kind::Start => &["b0", "b1", "outcome"],
        Kind::Batch => &["batch", "stepsPerEpoch", "noise"],
        Kind::Challenge => &["met", "seconds"],
    };
    // A field as CSV: numbers and words as they are, quoted when they hold a comma or a quote.
    let cell = |v: &Value| {
        let text = match v {
            // A nickname starting =, +, - or @ would be a formula in a spreadsheet.
            Value::String(s) if s.starts_with(['=', '+', '-', '@']) => format!("'{s}"),
            Value::String(s) => s.clone(),
            Value::Null => String::new(),
            other => other.to_string(),
        };
        if text.contains([',', '"', '\n']) {
            format!("\"{}\"", text.replace('"', "\"\""))
        } else {
            text
        }
    };
    let mut out = format!("answer,nickname,{}\n", fields.join(","));
    for (k, (client, value)) in answers.iter().enumerate() {
        let name = names
            .get(client)
            .map(|n| cell(&Value::String(n.clone())))
            .unwrap_or_default();
        let row: Vec<String> = fields.iter().map(|f| cell(&value[*f])).collect();
        out += &format!("{},{name},{}\n", k + 1, row.join(","));
    }
    out
}

/// Sends the host the class picture whenever answers came, at most every [`RESULTS_EVERY`].
async fn pictures(classroom: Arc<Classroom>, room: Arc<Room>) {
    loop {
        room.changed.notified().await;
        if room.hosts.receiver_count() > 0 {
            let results = classroom.results(&room).await;
            let _ = room.hosts.send(results.to_string());
        }
        tokio::time::sleep(RESULTS_EVERY).await;
    }
}

/// Who a connection is.
enum Role {
    Nobody,
    Host(Arc<Room>),
    Student(Arc<Room>, String),
}

/// One page's connection: reads its messages, answers, and forwards the room's news to it.
pub struct Connection {
    classroom: Arc<Classroom>,
    role: Role,
    out: mpsc::Sender<String>,
    /// The join link's start, `http://host:port/`, from the request.
    base: String,
    /// Messages allowed now (a token bucket: refilled at `RATE` a second up to `BURST`).
    tokens: f64,
    last: std::time::Instant,
    refused: u32,
}

/// Messages a second a client may send, and how many at once.
const RATE: f64 = 10.0;
const BURST: f64 = 20.0;
/// Refused messages after which a flooding client is disconnected.
const MOST_REFUSED: u32 = 200;

impl Connection {
    /// A connection sending its replies to `out`.
    pub fn new(classroom: Arc<Classroom>, out: mpsc::Sender<String>, base: String) -> Connection {
        Connection {
            classroom,
            role: Role::Nobody,
            out,
            base,
            tokens: BURST,
            last: std::time::Instant::now(),
            refused: 0,
        }
    }

    async fn send(&self, message: Value) {
        let _ = self.out.send(message.to_string()).await;
    }

    async fn error(&self, message: impl Into<String>) {
        self.send(json!({ "type": "error", "message": message.into() }))
            .await;
    }

    /// Handles one text from the page; false when the connection should end (a flood).
    pub async fn receive(&mut self, text: &str) -> bool {
        let elapsed = self.last.elapsed().as_secs_f64();
        self.last = std::time::Instant::now();
        self.tokens = (self.tokens + elapsed * RATE).min(BURST);
        if self.tokens < 1.0 {
            self.refused += 1;
            if self.refused == 1 || self.refused.is_multiple_of(50) {
                self.error(format!(
                    "too many messages: at most {RATE} a second; this one was not read"
                ))
                .await;
            }
            return self.refused < MOST_REFUSED;
        }
        self.tokens -= 1.0;
        match protocol::read(text) {
            Ok(message) => {
                if let Err(e) = self.handle(message).await {
                    self.error(e).await;
                }
            }
            Err(e) => self.error(e).await,
        }
        true
    }

    fn join_url(&self, code: &str) -> String {
        format!("{}?class={code}", self.base)
    }

    /// Forwards a room's broadcast to this page.
    fn forward(&self, mut from: broadcast::Receiver<String>) {
        let out = self.out.clone();
        tokio::spawn(async move {
            loop {
                match from.recv().await {
                    Ok(text) => {
                        if out.send(text).await.is_err() {
                            break;
                        }
                    }
                    Err(broadcast::error::RecvError::Lagged(_)) => continue,
                    Err(broadcast::error::RecvError::Closed) => break,
                }
            }
        });
    }

    fn host_room(&self) -> Result<Arc<Room>, String> {
        match &self.role {
            Role::Host(room) => Ok(room.clone()),
            _ => Err("only the room's host can do that".into()),
        }
    }

    async fn handle(&mut self, message: ClientMessage) -> Result<(), String> {
        let classroom = self.classroom.clone();
        match message {
            ClientMessage::Create {} => {
                if !matches!(self.role, Role::Nobody) {
                    return Err("this connection already has a room".into());
                }
                let (room, key) = classroom.create().await?;
                self.forward(room.hosts.subscribe());
                let code = room.code.clone();
                self.role = Role::Host(room);
                self.send(json!({ "type": "created", "code": code, "host": key, "join": self.join_url(&code) })).await;
            }
            ClientMessage::Host { code, host } => {
                let room = classroom
                    .room(&code)
                    .await?
                    .ok_or_else(|| format!("there is no room {code}"))?;
                if room.host_key != host {
                    return Err("that is not this room's host key".into());
                }
                self.forward(room.hosts.subscribe());
                let results = classroom.results(&room).await;
                let question = room.state.lock().await.live.as_ref().map(question_message);
                self.role = Role::Host(room);
                self.send(json!({ "type": "hosting", "code": code, "join": self.join_url(&code), "question": question, "results": results })).await;
            }
            ClientMessage::Join {
                code,
                client,
                nickname,
            } => {
                let room = classroom
                    .room(&code)
                    .await?
                    .ok_or_else(|| format!("there is no room {code}: check the code"))?;
                let nickname = nickname
                    .map(|n| n.trim().to_string())
                    .filter(|n| !n.is_empty());
                classroom
                    .store
                    .join(&code, &client, nickname.as_deref())
                    .map_err(|e| e.to_string())?;
                classroom.store.touch(&code).map_err(|e| e.to_string())?;
                self.forward(room.students.subscribe());
                let (follow, question, closed, mine) = {
                    let state = room.state.lock().await;
                    let mine = state
                        .live
                        .as_ref()
                        .and_then(|l| l.answers.iter().find(|(c, _)| *c == client))
                        .map(|(_, v)| v.clone());
                    (
                        state.follow.clone(),
                        state.live.as_ref().map(question_message),
                        state.closed,
                        mine,
                    )
                };
                room.changed.notify_one();
                self.role = Role::Student(room, client);
                self.send(json!({ "type": "joined", "code": code, "follow": follow, "question": question, "closed": closed, "answer": mine })).await;
            }
            ClientMessage::Follow { view, slide } => {
                let room = self.host_room()?;
                classroom
                    .store
                    .follow(&room.code, &view)
                    .map_err(|e| e.to_string())?;
                room.state.lock().await.follow = Some(view.clone());
                let _ = room
                    .students
                    .send(json!({ "type": "follow", "view": view, "slide": slide }).to_string());
            }
            ClientMessage::Ask { question } => {
                let room = self.host_room()?;
                // The question's view and kind are checked (its session built) before anyone sees it.
                let spec_text = serde_json::to_string(&question).map_err(|e| e.to_string())?;
                let id = classroom
                    .store
                    .ask(&room.code, &spec_text)
                    .map_err(|e| e.to_string())?;
                classroom.model.prepare(id, &question).await?;
                let live = Live {
                    id,
                    spec: question,
                    asked: now(),
                    revealed: false,
                    answers: Vec::new(),
                };
                let message = question_message(&live);
                {
                    let mut state = room.state.lock().await;
                    if let Some(old) = state.live.replace(live) {
                        classroom.model.forget(old.id);
                    }
                }
                let _ = room.students.send(message.to_string());
                self.send(json!({ "type": "asked", "question": message }))
                    .await;
                room.changed.notify_one();
            }
            ClientMessage::Nickname { nickname } => {
                let Role::Student(room, client) = &self.role else {
                    return Err("join a room before giving a nickname".into());
                };
                let name = nickname.trim();
                classroom
                    .store
                    .rename(&room.code, client, (!name.is_empty()).then_some(name))
                    .map_err(|e| e.to_string())?;
                room.changed.notify_one();
                self.send(json!({ "type": "named", "nickname": name }))
                    .await;
            }
            ClientMessage::Answer { question, value } => {
                let Role::Student(room, client) = &self.role else {
                    return Err("join a room before answering".into());
                };
                let (spec, asked) = {
                    let state = room.state.lock().await;
                    match &state.live {
                        Some(l) if l.id == question && l.revealed => {
                            return Err(
                                "the answer is revealed: answers to this question are closed"
                                    .into(),
                            )
                        }
                        Some(l) if l.id == question && !state.closed => (l.spec.clone(), l.asked),
                        Some(_) | None => {
                            return Err("that question is not the one asked now".into())
                        }
                    }
                };
                let mut judged = classroom.model.evaluate(question, &spec, value).await?;
                if spec.kind == Kind::Challenge {
                    judged["seconds"] = json!(now() - asked);
                }
                classroom
                    .store
                    .answer(question, client, &judged)
                    .map_err(|e| e.to_string())?;
                {
                    let mut state = room.state.lock().await;
                    if let Some(live) = state.live.as_mut().filter(|l| l.id == question) {
                        match live.answers.iter_mut().find(|(c, _)| c == client) {
                            Some(slot) => slot.1 = judged.clone(),
                            None => live.answers.push((client.clone(), judged.clone())),
                        }
                    }
                }
                room.changed.notify_one();
                self.send(json!({ "type": "answered", "question": question, "answer": judged }))
                    .await;
            }
            ClientMessage::Results {} => {
                let room = self.host_room()?;
                let results = classroom.results(&room).await;
                self.send(results).await;
            }
            ClientMessage::Csv {} => {
                let room = self.host_room()?;
                let (id, kind) = {
                    let state = room.state.lock().await;
                    let live = state.live.as_ref().ok_or("no question is asked")?;
                    (live.id, live.spec.kind)
                };
                let answers = classroom.store.answers(id).map_err(|e| e.to_string())?;
                let names: HashMap<String, String> = classroom
                    .store
                    .nicknames(&room.code)
                    .unwrap_or_default()
                    .into_iter()
                    .collect();
                self.send(json!({ "type": "csv", "question": id, "csv": answers_csv(kind, &answers, &names) })).await;
            }
            ClientMessage::Reveal {} => {
                let room = self.host_room()?;
                let (id, spec, answers) = {
                    let state = room.state.lock().await;
                    let live = state.live.as_ref().ok_or("no question is asked")?;
                    (
                        live.id,
                        live.spec.clone(),
                        live.answers
                            .iter()
                            .map(|(_, v)| v.clone())
                            .collect::<Vec<_>>(),
                    )
                };
                let reveal = classroom.model.reveal(id, &spec, answers).await?;
                classroom.store.reveal(id).map_err(|e| e.to_string())?;
                if let Some(live) = room.state.lock().await.live.as_mut() {
                    live.revealed = true;
                }
                let message =
                    json!({ "type": "revealed", "question": id, "reveal": reveal }).to_string();
                let _ = room.students.send(message.clone());
                let _ = room.hosts.send(message);
                room.changed.notify_one();
            }
            ClientMessage::Close {} => {
                let room = self.host_room()?;
                classroom
                    .store
                    .close(&room.code)
                    .map_err(|e| e.to_string())?;
                room.state.lock().await.closed = true;
                let message = json!({ "type": "closed" }).to_string();
                let _ = room.students.send(message.clone());
                let _ = room.hosts.send(message);
            }
        }
        Ok(())
    }
}
