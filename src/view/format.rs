//! Numbers (and colours) as the page writes them.

use crate::model::Params;

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

/// A colour, red, green, blue.
pub type Rgb = (u8, u8, u8);

/// A colour as CSS, `#rrggbb`.
pub fn css((r, g, b): Rgb) -> String {
    format!("#{r:02x}{g:02x}{b:02x}")
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
    }
}
