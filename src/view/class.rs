//! The classroom's words on the page: the lecturer's panel and the
//! student's banner (www/classroom.js). A `{name}` is filled in by the page.
//! The questions' prompts and the class pictures' words are the server's,
//! from the same model (server/src/questions.rs).

use serde::Serialize;

/// Every message the page's classroom writes.
#[derive(Serialize, Debug, Clone, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct ClassWords {
    /// Served without descent's server, what a class needs.
    pub no_server: &'static str,
    pub connection_lost: &'static str,
    pub ended: &'static str,
    /// The student's banner: its title, `{code}`.
    pub title: &'static str,
    pub following: &'static str,
    pub exploring: &'static str,
    /// The button that stops following, and the one that follows again.
    pub explore: &'static str,
    pub follow: &'static str,
    /// The lecturer's count: `{joined}` and `{answers}`.
    pub count: &'static str,
    /// The lecturer's closed list of nicknames: `{n}`.
    pub nicknames: &'static str,
    pub sent: &'static str,
    /// An answer the server ran: `{fate}`.
    pub sent_judged: &'static str,
    /// A nickname given: `{nickname}`.
    pub named: &'static str,
    pub anonymous: &'static str,
}

/// The classroom's words.
pub const WORDS: ClassWords = ClassWords {
    no_server: "A class needs descent's own server: run npm start on a laptop in the hall (docs/classroom.md).",
    connection_lost: "Connection lost: trying again…",
    ended: "The class has ended.",
    title: "Class {code}",
    following: "Following the lecturer's screen.",
    exploring: "Exploring on your own.",
    explore: "Explore on my own",
    follow: "Follow the lecturer",
    count: "{joined} joined · {answers} answered",
    nicknames: "Nicknames ({n})",
    sent: "Sent.",
    sent_judged: "Sent. The server ran it: {fate}.",
    named: "The lecturer sees you as {nickname}.",
    anonymous: "You are anonymous.",
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_message_names_only_what_the_page_fills_in() {
        let json = crate::view::json(&WORDS);
        let value: serde_json::Value = serde_json::from_str(&json).unwrap();
        let expected = [
            ("title", &["code"][..]),
            ("count", &["joined", "answers"]),
            ("nicknames", &["n"]),
            ("sentJudged", &["fate"]),
            ("named", &["nickname"]),
        ];
        for (field, text) in value.as_object().unwrap() {
            let text = text.as_str().unwrap();
            let names: Vec<&str> = text
                .split('{')
                .skip(1)
                .map(|part| part.split('}').next().unwrap())
                .collect();
            let wanted = expected
                .iter()
                .find(|(f, _)| f == field)
                .map_or(&[][..], |(_, n)| *n);
            assert_eq!(names, wanted, "{field}: {text}");
        }
    }
}
