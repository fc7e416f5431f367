//! Reading and writing the URL: a query's pairs applied through the
//! settings table in its order (leniently, every bad value a notice; or
//! strictly, for the API), and the settings written back as the shortest
//! query that reproduces them.

use super::challenge::Challenge;
use super::deck::{self, Slide};
use super::read::{refuse, Notice, Refusal};
use super::scenes::Scene;
use super::table::{setting, Reader, Setting, TABLE};
use super::values::{ModelChoice, Page, Settings, PAGE_KEYS};
use std::collections::HashMap;

/// Every key the URL and the API accept, in the table's order.
pub fn keys() -> impl Iterator<Item = &'static str> {
    TABLE.iter().map(|s| s.key)
}

/// The reader the table's rows read views with: this module's, lenient.
const READER: Reader = Reader {
    view: read_view,
    slide: read_slide_view,
};

/// The settings a view's query gives over the defaults, and its notices.
fn read_view(query: &str) -> (Settings, Vec<Notice>) {
    let pairs = query_pairs(query);
    Settings::with_url(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())))
}

/// A slide's view read here: the query that reproduces it, its scene, its notices.
fn read_slide_view(query: &str) -> deck::ReadView {
    let (settings, notices) = read_view(query);
    deck::ReadView {
        query: settings.view_query(),
        scene: settings.scene,
        notices,
    }
}

/// Reads a deck from a `deck=` value or a file's text, its slides' views
/// read here (see `deck::parse`).
pub fn read_deck(text: &str) -> Result<(Vec<Slide>, Vec<String>), String> {
    deck::parse(text, read_slide_view)
}

impl Settings {
    /// A scene's settings: the defaults with its query, the scene chosen.
    pub fn of_scene(scene: &'static Scene) -> Settings {
        Settings {
            scene: Some(scene),
            ..Settings::from_query(scene.query)
        }
    }

    /// A challenge's starting settings: the defaults with its query, the challenge chosen.
    pub fn of_challenge(challenge: &'static Challenge) -> Settings {
        Settings {
            challenge: Some(challenge),
            ..Settings::from_query(challenge.query)
        }
    }

    /// A slide's settings: the defaults with its view applied.
    pub fn of_slide(slide: &Slide) -> Settings {
        Settings::from_query(&slide.view)
    }

    /// Settings from URL query pairs, starting from the defaults: every bad
    /// value becomes a notice and falls back (to the nearest valid value when
    /// there is one, else to the default).
    pub fn with_url<'a>(
        pairs: impl IntoIterator<Item = (&'a str, &'a str)>,
    ) -> (Settings, Vec<Notice>) {
        let mut settings = Settings::default();
        let (pairs, mut notices) = last_of_each(pairs);
        for (key, value) in ordered(pairs) {
            if let Err(refusal) = settings.apply(key, value) {
                let fallback = match refusal.fallback {
                    Some(fallback) => {
                        // The fallback is valid by construction.
                        let _ = settings.apply(key, &fallback);
                        refusal.fallback_words.unwrap_or(fallback)
                    }
                    None => settings.describe(key).unwrap_or_default(),
                };
                // An empty value means none, or the default: say which.
                let fallback = match fallback.trim() {
                    "" => settings.none_words(key).to_string(),
                    _ => fallback,
                };
                let (key, value) = (quote(key), quote(value));
                let message = if setting(&key).is_some() {
                    format!("{key} = \"{value}\" {}; using {fallback}.", refusal.problem)
                } else {
                    format!("{key} = \"{value}\": {}; it was ignored.", refusal.problem)
                };
                notices.push(Notice {
                    key: key.to_string(),
                    message,
                });
            }
        }
        (settings, notices)
    }

    /// These settings with `pairs` applied, or an error naming the first bad
    /// value (and then nothing changes).
    pub fn with_api<'a>(
        &self,
        pairs: impl IntoIterator<Item = (&'a str, &'a str)>,
    ) -> Result<Settings, String> {
        let mut next = self.clone();
        for (key, value) in ordered(pairs) {
            if let Some(problem) = self.fixed(key) {
                return Err(format!("descent.set: {key} {problem}"));
            }
            next.apply(key, value).map_err(|refusal| {
                let hint = refusal
                    .fallback
                    .map(|f| format!(" (nearest allowed: {f})"))
                    .unwrap_or_default();
                let value = quote(value);
                format!("descent.set: {key} = \"{value}\" {}{hint}", refusal.problem)
            })?;
        }
        // A scene brings its own values: locked settings keep theirs.
        let kept: Vec<(&str, String)> = (self.page.lock.iter())
            .map(|&key| (key, self.value_of(key).unwrap_or_default()))
            .collect();
        // In the table's order, as a URL would be applied: a data set
        // brings its own rate, so the rate comes back after it.
        for (key, value) in ordered(kept.iter().map(|(k, v)| (*k, v.as_str()))) {
            let _ = next.apply(key, value);
        }
        Ok(next)
    }

    /// Why `set()` may not change `key`, if it may not: a locked setting,
    /// or one only the address can give.
    fn fixed(&self, key: &str) -> Option<String> {
        if self.page.lock.contains(&key) {
            let value = self.value_of(key).unwrap_or_default();
            return Some(format!(
                "is locked on this page (lock={}), so it stays {value}",
                self.page.lock.join(",")
            ));
        }
        matches!(key, "lock" | "embed")
            .then(|| "can only be given in the page's address".to_string())
    }

    /// Applies one key and value through the table (as one pair of a URL
    /// would be, without its order or its notice).
    pub fn apply(&mut self, key: &str, value: &str) -> Result<(), Refusal> {
        match setting(key) {
            Some(row) => (row.write)(self, value, &READER),
            None => Err(refuse(format!(
                "is not a setting (known: {})",
                keys().collect::<Vec<_>>().join(", ")
            ))),
        }
    }

    /// The defaults with a built-in query applied in the table's order (a
    /// scene's or a challenge's settings, which are tested to parse
    /// cleanly; a bad value would stop there rather than fail).
    pub(crate) fn from_query(query: &str) -> Settings {
        let mut settings = Settings::default();
        let pairs = query_pairs(query);
        for (key, value) in ordered(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str()))) {
            if settings.apply(key, value).is_err() {
                break;
            }
        }
        settings
    }

    /// The settings a query names over the defaults, leniently (a bad value
    /// is left out), with `page` kept: what another page's view looks like
    /// here (a student following the lecturer).
    pub fn view_from(query: &str, page: &Page) -> Settings {
        let pairs = query_pairs(query);
        let (mut settings, _) =
            Settings::with_url(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())));
        settings.page = page.clone();
        settings
    }

    /// The value of `key` as it would appear in a URL.
    pub fn value_of(&self, key: &str) -> Option<String> {
        setting(key).map(|row| (row.read)(self))
    }

    /// The value of `key` in words for a notice: as in a URL, except that a
    /// default start names its coordinates.
    fn describe(&self, key: &str) -> Option<String> {
        match (key, self.start) {
            ("start", None) => {
                let [b0, b1] = self.default_start();
                let whose = match self.model {
                    ModelChoice::Logistic | ModelChoice::Features2 => "the data set's",
                    ModelChoice::Hidden => "the hidden unit's",
                };
                Some(format!("{b0},{b1} ({whose} default)"))
            }
            _ => self.value_of(key),
        }
    }

    /// What an empty value of `key` stands for, in words for a notice
    /// ("using the default view"), where a URL would show nothing.
    fn none_words(&self, key: &str) -> &'static str {
        match key {
            "scene" if self.challenge.is_none() && self.page.slide.is_none() => "the default view",
            "scene" => "no scene",
            "challenge" => "no challenge",
            "data" => "no data of your own",
            "label" | "x" => "no column",
            "x2" => "one feature",
            "runs" => "one run",
            "n" | "separation" | "spread" | "imbalance" | "label_noise" => "the data set's own",
            "restart_box" => "the plotted window",
            "notes" => "no notes",
            "deck" => "no deck",
            "slide" => "no slide",
            "lock" => "nothing locked",
            _ => "the default",
        }
    }

    /// The settings that differ from the defaults (or from the scene's,
    /// challenge's or slide's settings they started from), as `key=value`
    /// pairs for a shareable URL, each value escaped where a URL needs it.
    pub fn to_query(&self) -> String {
        let slide = self.page.slide.and_then(|k| self.page.deck.get(k));
        match slide {
            Some(slide) => self.query_over(Settings::of_slide(slide), true),
            None => self.query_over(self.base(), true),
        }
    }

    /// The view alone, as a slide keeps it: `to_query` without the page's
    /// own settings, over the scene or challenge it started from.
    pub fn view_query(&self) -> String {
        self.query_over(self.base(), false)
    }

    /// The settings a scene or challenge started from, else the defaults.
    fn base(&self) -> Settings {
        match (self.challenge, self.scene) {
            (Some(challenge), _) => Settings::of_challenge(challenge),
            (None, Some(scene)) => Settings::of_scene(scene),
            (None, None) => Settings::default(),
        }
    }

    /// The settings that differ from `base`, with or without the page's own.
    fn query_over(&self, base: Settings, page: bool) -> String {
        let at_slide = page && self.page.slide.is_some();
        let differs = |row: &Setting| (row.read)(self) != (row.read)(&base);
        // The data choose the model when they change (two features, the
        // two-feature model), so a link names the model when it is not the
        // one its data would choose.
        let data_change = TABLE
            .iter()
            .any(|row| matches!(row.key, "dataset" | "data") && differs(row));
        let implied = match data_change {
            true => ModelChoice::fitting(base.model, self.two_feature_data()),
            false => base.model,
        };
        TABLE
            .iter()
            .filter(|row| match row.key {
                _ if !page && PAGE_KEYS.contains(&row.key) => false,
                "scene" | "challenge" if at_slide => differs(row),
                "scene" => self.scene.is_some() && self.challenge.is_none(),
                "challenge" => self.challenge.is_some(),
                "model" => self.model != implied,
                _ => differs(row),
            })
            .map(|row| format!("{}={}", row.key, escape((row.read)(self))))
            .collect::<Vec<_>>()
            .join("&")
    }
}

/// A value escaped for a URL query: the characters that would end or
/// change it there (`%`, `&`, `#`, `+`, line breaks) as %XX; the rest as
/// is, so a link stays readable.
fn escape(value: String) -> String {
    if !value.contains(['%', '&', '#', '+', '\n', '\r']) {
        return value;
    }
    let mut out = String::with_capacity(value.len() + 16);
    for c in value.chars() {
        match c {
            '%' | '&' | '#' | '+' | '\n' | '\r' => out.push_str(&format!("%{:02X}", c as u32)),
            c => out.push(c),
        }
    }
    out
}

/// The key/value pairs of a URL query, %XX escapes decoded (as a browser's
/// URLSearchParams would, but for `+`, which the queries here never use for
/// a space).
pub(crate) fn query_pairs(query: &str) -> Vec<(String, String)> {
    query
        .split('&')
        .filter_map(|kv| kv.split_once('='))
        .map(|(k, v)| (unescape(k), unescape(v)))
        .collect()
}

/// `text` with its %XX escapes decoded; a malformed one stays as it is.
fn unescape(text: &str) -> String {
    if !text.contains('%') {
        return text.to_string();
    }
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok());
        match (bytes[i], hex.and_then(|h| u8::from_str_radix(h, 16).ok())) {
            (b'%', Some(byte)) => {
                out.push(byte);
                i += 3;
            }
            (byte, _) => {
                out.push(byte);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// A value as a message quotes it: at most 40 characters, then how many
/// more there were, so a pasted page of digits cannot flood the page.
fn quote(value: &str) -> String {
    let count = value.chars().count();
    if count <= 40 {
        return value.to_string();
    }
    let head: String = value.chars().take(40).collect();
    format!("{head}… ({} characters in all)", count)
}

/// The pairs with each key once, at its last value (as a browser's
/// `URLSearchParams` would leave it after `set`), and a notice for each key
/// given more than once naming its values.
fn last_of_each<'a>(
    pairs: impl IntoIterator<Item = (&'a str, &'a str)>,
) -> (Vec<(&'a str, &'a str)>, Vec<Notice>) {
    let pairs: Vec<(&str, &str)> = pairs.into_iter().collect();
    // Each key's last place and its values, in order.
    let mut given: HashMap<&str, (usize, Vec<&str>)> = HashMap::new();
    for (k, &(key, value)) in pairs.iter().enumerate() {
        let entry = given.entry(key).or_default();
        entry.0 = k;
        entry.1.push(value);
    }
    let mut kept = Vec::with_capacity(given.len());
    let mut notices = Vec::new();
    for (k, &(key, value)) in pairs.iter().enumerate() {
        let (last, values) = &given[key];
        if *last != k {
            continue;
        }
        kept.push((key, value));
        if values.len() > 1 {
            let quoted = |v: &&str| format!("\"{}\"", quote(v));
            // A long run of repeats is named by its first few and its last.
            let mut shown: Vec<String> = (values.iter().take(values.len() - 1))
                .take(3)
                .map(quoted)
                .collect();
            if values.len() > 4 {
                shown.push("…".into());
            }
            notices.push(Notice {
                key: quote(key),
                message: format!(
                    "{} is given more than once ({}, then {}); using the last, {}.",
                    quote(key),
                    shown.join(", "),
                    quoted(&value),
                    quoted(&value)
                ),
            });
        }
    }
    (kept, notices)
}

/// Applies pairs in the table's order (a scene first, then the data set
/// before the batch size, the schedule before its decay, the runs before
/// `lr`), so each value is checked against what it comes with, whatever the
/// order given.
fn ordered<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> Vec<(&'a str, &'a str)> {
    let mut pairs: Vec<_> = pairs.into_iter().collect();
    pairs.sort_by_key(|(k, _)| setting(k).map_or(u8::MAX, |row| row.order));
    pairs
}
