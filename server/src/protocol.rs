//! The classroom's messages, as JSON over one WebSocket a page (docs/classroom.md).
//! Every message a client sends is read here, strictly: an unknown type, a
//! missing field or a value out of range is refused with a message that
//! says which, and nothing changes.

use serde::{Deserialize, Serialize};
use serde_json::Value;

/// Longest message a client may send, in bytes.
pub const MAX_MESSAGE: usize = 4096;

/// Longest nickname, in characters.
pub const MAX_NICKNAME: usize = 24;

/// Longest view (a settings query) a question or an answer may carry.
pub const MAX_VIEW: usize = 3000;

/// Most steps a question asks a run to take, and a challenge's answer may report.
pub const MAX_STEPS: u64 = 100_000;

/// What a client asks.
#[derive(Deserialize, Debug, Clone, PartialEq)]
#[serde(tag = "type", rename_all = "lowercase", deny_unknown_fields)]
pub enum ClientMessage {
    /// A new room, this client its host.
    Create {},
    /// This client is the room's host again (after a reload or a reconnection).
    Host { code: String, host: String },
    /// This client joins the room as a student.
    Join {
        code: String,
        client: String,
        #[serde(default)]
        nickname: Option<String>,
    },
    /// Student: the nickname the lecturer sees (empty: none).
    Nickname { nickname: String },
    /// Host: what the students following see (the lecturer's view, and slide).
    Follow {
        view: String,
        #[serde(default)]
        slide: Option<u32>,
    },
    /// Host: a question for the class.
    Ask { question: QuestionSpec },
    /// Student: an answer to the question now asked.
    Answer { question: u64, value: Value },
    /// Host: the results now.
    Results {},
    /// Host: the answers to the question now asked, as CSV.
    Csv {},
    /// Host: the real run, for everyone.
    Reveal {},
    /// Host: the room ends.
    Close {},
}

/// A question as the host asks it.
#[derive(Deserialize, Serialize, Debug, Clone, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct QuestionSpec {
    /// rate, point, start, batch or challenge.
    pub kind: Kind,
    /// The view the question is asked on: the lecturer's settings as a query.
    pub view: String,
    /// Steps a run takes to judge an answer (a rate's fate, where a path is
    /// after k steps, where a start ends up).
    #[serde(default)]
    pub steps: Option<u64>,
    /// For `point`: `path` (where the run is after `steps` steps) or `minimum`.
    #[serde(default)]
    pub target: Option<String>,
    /// For `challenge`: which one.
    #[serde(default)]
    pub challenge: Option<String>,
}

/// What kind of question: the class answers by doing.
#[derive(Deserialize, Serialize, Debug, Clone, Copy, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// Choose a learning rate.
    Rate,
    /// Click where the path will be (or where the minimum is).
    Point,
    /// Choose a start.
    Start,
    /// Choose a batch size.
    Batch,
    /// Meet a built-in challenge.
    Challenge,
}

impl Kind {
    /// The kind's name in messages.
    pub fn key(self) -> &'static str {
        match self {
            Kind::Rate => "rate",
            Kind::Point => "point",
            Kind::Start => "start",
            Kind::Batch => "batch",
            Kind::Challenge => "challenge",
        }
    }
}

/// Reads a client's message, or says what is wrong with it.
pub fn read(text: &str) -> Result<ClientMessage, String> {
    if text.len() > MAX_MESSAGE {
        return Err(format!(
            "a message is at most {MAX_MESSAGE} bytes; this one is {}",
            text.len()
        ));
    }
    let message: ClientMessage =
        serde_json::from_str(text).map_err(|e| format!("not a message this server reads: {e}"))?;
    check(&message)?;
    Ok(message)
}

/// A room code: five letters and digits from an alphabet without look-alikes.
pub fn valid_code(code: &str) -> bool {
    code.len() == crate::rooms::CODE_LENGTH
        && code
            .chars()
            .all(|c| crate::rooms::CODE_ALPHABET.contains(c))
}

/// A client's id: 8 to 64 letters, digits, `-` or `_`.
fn valid_client(client: &str) -> bool {
    (8..=64).contains(&client.len())
        && client
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

/// The checks serde's shapes do not make.
fn check(message: &ClientMessage) -> Result<(), String> {
    match message {
        ClientMessage::Host { code, .. } | ClientMessage::Join { code, .. }
            if !valid_code(code) =>
        {
            Err(format!(
                "\"{}\" is not a room code (five letters and digits)",
                clip(code)
            ))
        }
        ClientMessage::Join { client, .. } if !valid_client(client) => {
            Err("the client id must be 8 to 64 letters, digits, - or _".into())
        }
        ClientMessage::Join {
            nickname: Some(name),
            ..
        } if name.chars().count() > MAX_NICKNAME => {
            Err(format!("a nickname is at most {MAX_NICKNAME} characters"))
        }
        ClientMessage::Nickname { nickname } if nickname.chars().count() > MAX_NICKNAME => {
            Err(format!("a nickname is at most {MAX_NICKNAME} characters"))
        }
        ClientMessage::Follow { view, .. } if view.len() > MAX_VIEW => {
            Err(format!("a view is at most {MAX_VIEW} characters"))
        }
        ClientMessage::Ask { question } if question.view.len() > MAX_VIEW => Err(format!(
            "a question's view is at most {MAX_VIEW} characters"
        )),
        ClientMessage::Ask { question }
            if question.steps.is_some_and(|s| s == 0 || s > MAX_STEPS) =>
        {
            Err(format!("a question's steps are 1 to {MAX_STEPS}"))
        }
        _ => Ok(()),
    }
}

/// At most 40 characters of a value, for a message about it.
pub fn clip(value: &str) -> String {
    let mut out: String = value.chars().take(40).collect();
    if out.len() < value.len() {
        out.push('…');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_are_read_strictly() {
        assert_eq!(read(r#"{"type":"create"}"#), Ok(ClientMessage::Create {}));
        assert!(read(r#"{"type":"join","code":"ABCDE","client":"abcdefgh12"}"#).is_ok());
        for (bad, says) in [
            (r#"{"type":"nope"}"#, "not a message"),
            (
                r#"{"type":"join","code":"abc","client":"abcdefgh12"}"#,
                "not a room code",
            ),
            (
                r#"{"type":"join","code":"ABCDE","client":"x"}"#,
                "client id",
            ),
            (r#"{"type":"create","extra":1}"#, "not a message"),
            (
                r#"{"type":"ask","question":{"kind":"rate","view":"","steps":0}}"#,
                "steps are 1 to",
            ),
            (
                r#"{"type":"ask","question":{"kind":"wings","view":""}}"#,
                "not a message",
            ),
            ("[1,2,3]", "not a message"),
        ] {
            let e = read(bad).unwrap_err();
            assert!(e.contains(says), "{bad}: {e}");
        }
        let long = format!(r#"{{"type":"follow","view":"{}"}}"#, "x".repeat(5000));
        assert!(read(&long).unwrap_err().contains("at most 4096 bytes"));
        let nick = format!(
            r#"{{"type":"join","code":"ABCDE","client":"abcdefgh12","nickname":"{}"}}"#,
            "é".repeat(30)
        );
        assert!(read(&nick).unwrap_err().contains("nickname is at most 24"));
    }
}
