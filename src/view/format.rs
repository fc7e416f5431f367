//! Numbers for people and for JSON.

use crate::model::Params;
use std::fmt::Write;

/// A number for people: `digits` significant digits without exponent noise
/// (0.5, 12.35, 0.01234), and an exponent only outside 0.001 to 100000
/// (1.23e-5). Non-finite values, which never should occur, read "–".
pub fn number(v: f64, digits: usize) -> String {
    if !v.is_finite() {
        return "–".into();
    }
    if v == 0.0 {
        return "0".into();
    }
    let magnitude = v.abs();
    if !(1e-3..1e5).contains(&magnitude) {
        let s = format!("{v:.2e}");
        // "1.20e-5" -> "1.2e-5": the mantissa without trailing zeros.
        let (mantissa, exponent) = s.split_once('e').unwrap_or((&s, "0"));
        let mantissa = mantissa.trim_end_matches('0').trim_end_matches('.');
        return format!("{mantissa}e{exponent}");
    }
    let decimals = digits as i32 - 1 - magnitude.log10().floor() as i32;
    if decimals < 0 {
        let unit = 10f64.powi(-decimals);
        return format!("{}", (v / unit).round() * unit);
    }
    let s = format!("{v:.*}", decimals as usize);
    if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        s
    }
}

/// A count with its noun, singular for one: "1 slide", "3 slides".
pub fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// A pair of parameters for people: "(0.5, −1.2)".
pub fn params(b: Params, digits: usize) -> String {
    format!("({}, {})", number(b[0], digits), number(b[1], digits))
}

/// A JSON number; `null` for the non-finite values that never should occur.
pub fn num(v: f64) -> String {
    if v.is_finite() {
        format!("{v}")
    } else {
        "null".into()
    }
}

/// A JSON array of two numbers.
pub fn pair(b: Params) -> String {
    format!("[{},{}]", num(b[0]), num(b[1]))
}

/// A JSON string.
pub fn text(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            c if (c as u32) < 0x20 => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A JSON string, or `null`.
pub fn maybe_text(s: Option<&str>) -> String {
    s.map_or("null".into(), text)
}

/// Builds a JSON object field by field.
pub struct Object(String);

impl Object {
    /// An empty object.
    pub fn new() -> Object {
        Object(String::from("{"))
    }

    /// Adds `"key": value` (value already JSON).
    pub fn field(&mut self, key: &str, value: impl AsRef<str>) -> &mut Self {
        if self.0.len() > 1 {
            self.0.push(',');
        }
        let _ = write!(self.0, "\"{key}\":{}", value.as_ref());
        self
    }

    /// The finished object.
    pub fn finish(&mut self) -> String {
        let mut s = std::mem::take(&mut self.0);
        s.push('}');
        s
    }
}

impl Default for Object {
    fn default() -> Self {
        Object::new()
    }
}

/// A JSON array of already-JSON items.
pub fn array(items: impl IntoIterator<Item = String>) -> String {
    format!("[{}]", items.into_iter().collect::<Vec<_>>().join(","))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_read_well() {
        assert_eq!(number(0.5, 4), "0.5");
        assert_eq!(number(0.123456, 4), "0.1235");
        assert_eq!(number(12345.6, 4), "12350");
        assert_eq!(number(0.125, 3), "0.125");
        assert_eq!(number(1.2e-5, 4), "1.2e-5");
        assert_eq!(number(-250000.0, 4), "-2.5e5");
        assert_eq!(number(f64::NAN, 4), "–");
        assert_eq!(text("a \"b\"\n"), "\"a \\\"b\\\"\\n\"");
    }
}
