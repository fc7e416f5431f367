//! Reading one value: a number, a whole number in a range, a yes or no,
//! and the refusal that says what was wrong and what to use instead; and
//! the notice the lenient reader makes of a refusal.

use std::fmt;

/// A bad value in the URL, and what was used instead.
#[derive(Clone, Debug, PartialEq)]
pub struct Notice {
    /// The parameter's name, as in the URL.
    pub key: String,
    /// The whole message, for the page.
    pub message: String,
}

impl fmt::Display for Notice {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

/// Why a value was refused, and the value to use instead (lenient mode).
pub struct Refusal {
    /// What was wrong ("is not a number").
    pub(super) problem: String,
    /// The value to use instead, if there is one.
    pub(super) fallback: Option<String>,
    /// The fallback in words, where the value itself is too long to quote.
    pub(super) fallback_words: Option<String>,
}

impl Refusal {
    /// A refusal with a fallback value the lenient parser uses instead.
    pub fn with_fallback(problem: impl Into<String>, fallback: impl Into<String>) -> Refusal {
        Refusal {
            problem: problem.into(),
            fallback: Some(fallback.into()),
            fallback_words: None,
        }
    }

    /// The same, naming the fallback in `words` rather than quoting it.
    pub fn described(self, words: impl Into<String>) -> Refusal {
        Refusal {
            fallback_words: Some(words.into()),
            ..self
        }
    }
}

/// A refusal without a fallback: the setting keeps its value.
pub fn refuse(problem: impl Into<String>) -> Refusal {
    Refusal {
        problem: problem.into(),
        fallback: None,
        fallback_words: None,
    }
}

/// A finite number.
pub fn number(value: &str) -> Result<f64, Refusal> {
    match value.trim().parse::<f64>() {
        Ok(v) if v.is_finite() => Ok(v),
        _ => Err(refuse("is not a number")),
    }
}

/// `true`/`false`, also `1`/`0`, `yes`/`no`, `on`/`off`.
pub fn boolean(value: &str) -> Result<bool, Refusal> {
    match value.trim().to_ascii_lowercase().as_str() {
        "1" | "true" | "yes" | "on" => Ok(true),
        "0" | "false" | "no" | "off" => Ok(false),
        _ => Err(refuse("is not true or false")),
    }
}

/// A number clamped to a range; out of range is refused with the clamped value.
pub fn ranged(value: &str, (lo, hi): (f64, f64)) -> Result<f64, Refusal> {
    let v = number(value)?;
    if v < lo || v > hi {
        let clamped = v.clamp(lo, hi);
        return Err(Refusal::with_fallback(
            format!("is outside {lo} to {hi}"),
            clamped.to_string(),
        ));
    }
    Ok(v)
}

/// A whole number in a range; a fraction or an out-of-range value is
/// refused with the nearest allowed one.
pub fn whole(value: &str, (lo, hi): (u64, u64), what: &str) -> Result<u64, Refusal> {
    let v = number(value)?;
    if v.fract() != 0.0 || v < lo as f64 || v > hi as f64 {
        return Err(Refusal::with_fallback(
            format!("is not a whole number {what}from {lo} to {hi}"),
            (v.round().clamp(lo as f64, hi as f64) as u64).to_string(),
        ));
    }
    Ok(v as u64)
}
