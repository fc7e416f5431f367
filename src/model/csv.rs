//! Reading a CSV of the user's own data: a header row, a label column and
//! one or two feature columns.
//!
//! Lenient where files differ harmlessly (a byte-order mark, CRLF line
//! ends, `;` or tab as the separator, quoted fields with `""` inside, blank
//! lines, spaces around values) and strict where the data would be wrong:
//! rows with a missing or non-numeric feature are skipped and counted (the
//! first few named by line number); a label column with more than two
//! values, no rows left, a file over the limits or one that is not text is
//! an error that says so, and the caller keeps its current data.
//! Coded as facts ([`Skip`], [`CsvError`]); `view` words them.

use super::data::Dataset;
use std::fmt;

/// Most rows read.
pub const MAX_ROWS: usize = 100_000;
/// Most bytes read.
pub const MAX_BYTES: usize = 10 * 1024 * 1024;
/// Rows skipped that are named one by one; the rest are counted.
pub const NAMED_SKIPS: usize = 5;

/// Why a file could not be used.
#[derive(Clone, Debug, PartialEq)]
pub enum CsvError {
    /// Nothing but blank lines.
    Empty,
    /// It has NUL bytes or is mostly control characters: not a text file.
    Binary,
    /// Larger than [`MAX_BYTES`] (its size in bytes).
    TooLarge(usize),
    /// More than [`MAX_ROWS`] data rows.
    TooManyRows,
    /// A header row but no data rows.
    HeaderOnly,
    /// A column asked for is not in the header (the name or index given).
    NoSuchColumn(String),
    /// The label column has more than two distinct values (a few of them).
    TooManyLabels(Vec<String>),
    /// Every label is the same (that one value): nothing to classify.
    OneClass(String),
    /// No row had every value needed.
    NoRows,
    /// A quoted field is never closed (its line).
    UnclosedQuote(usize),
}

/// Why a file could not be used, and what to do, in words for the page.
impl fmt::Display for CsvError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let words: String = match self {
            CsvError::Empty => "The file is empty: a CSV needs a header row and rows of data.".into(),
            CsvError::Binary => {
                "This is not a text file: choose a CSV (comma-, semicolon- or tab-separated text).".into()
            }
            CsvError::TooLarge(bytes) => format!(
                "The file has {:.1} MB, more than the {} MB descent reads: take a sample of its rows.",
                *bytes as f64 / 1048576.0,
                MAX_BYTES / 1048576
            ),
            CsvError::TooManyRows => {
                format!("The file has more than {MAX_ROWS} rows: take a sample of them.")
            }
            CsvError::HeaderOnly => "The file has a header row but no data rows.".into(),
            CsvError::NoSuchColumn(name) => {
                format!("There is no column \"{name}\" in the header: choose one of its columns.")
            }
            CsvError::TooManyLabels(values) => format!(
                "The label column has more than two values ({}, …): choose a column with exactly two classes.",
                values.join(", ")
            ),
            CsvError::OneClass(value) => format!(
                "Every usable row has the label \"{value}\": there must be two classes to fit."
            ),
            CsvError::NoRows => {
                "No row has a number in every feature column and a label: check the columns chosen.".into()
            }
            CsvError::UnclosedQuote(line) => {
                format!("Line {line} opens a quote (\") it never closes.")
            }
        };
        f.write_str(&words)
    }
}

/// A row that was skipped, and why.
#[derive(Clone, Debug, PartialEq)]
pub struct Skip {
    /// The line number in the file (1-based).
    pub line: usize,
    /// The column whose value was missing or not a number.
    pub column: String,
    /// The value found (empty when missing).
    pub value: String,
}

/// The file split into a header and rows of fields.
#[derive(Clone, Debug, PartialEq)]
pub struct Table {
    /// The column names.
    pub header: Vec<String>,
    /// Each data row's line number (1-based) and its fields.
    pub rows: Vec<(usize, Vec<String>)>,
    /// The separator found: `,`, `;` or a tab.
    pub separator: char,
}

/// What was read, besides the data.
#[derive(Clone, Debug, PartialEq)]
pub struct Summary {
    /// The label column's name.
    pub label: String,
    /// Rows used.
    pub used: usize,
    /// How many rows were skipped.
    pub skipped: usize,
    /// The first [`NAMED_SKIPS`] of them.
    pub named: Vec<Skip>,
    /// The label value that became 1 and the one that became 0.
    pub positive: String,
    /// The label value that became 0.
    pub negative: String,
    /// Each feature column's name, mean and standard deviation (ddof = 0),
    /// before any standardisation.
    pub columns: Vec<(String, f64, f64)>,
}

/// The data of a CSV: the `label` column and the feature columns `x`
/// (and `x2`), each by name or number; the label and `x` are guessed when
/// not given ([`Table::guess`]), and there is no `x2` unless given.
pub fn read(
    text: &str,
    label: Option<&str>,
    x: Option<&str>,
    x2: Option<&str>,
) -> Result<(Dataset, Summary), CsvError> {
    let table = parse(text)?;
    let (guess_label, guess_x, _) = table.guess();
    let label = label.map_or(Ok(guess_label), |l| table.column(l))?;
    let x = x.map_or(Ok(guess_x), |c| table.column(c))?;
    let x2 = x2.map(|c| table.column(c)).transpose()?;
    table.dataset(label, x, x2)
}

/// Splits `text` into a header and rows.
pub fn parse(text: &str) -> Result<Table, CsvError> {
    if text.len() > MAX_BYTES {
        return Err(CsvError::TooLarge(text.len()));
    }
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let controls = text
        .chars()
        .take(4096)
        .filter(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t'))
        .count();
    if text.contains('\0') || controls * 10 > text.chars().take(4096).count() {
        return Err(CsvError::Binary);
    }
    let mut lines = text
        .split('\n')
        .map(|l| l.strip_suffix('\r').unwrap_or(l))
        .enumerate()
        .map(|(i, l)| (i + 1, l))
        .filter(|(_, l)| !l.trim().is_empty());
    let (header_line, header) = lines.next().ok_or(CsvError::Empty)?;
    // The separator: whichever of , ; tab the header has most of.
    let separator = [',', ';', '\t']
        .into_iter()
        .max_by_key(|&c| header.matches(c).count())
        .filter(|&c| header.contains(c))
        .unwrap_or(',');
    let header = split(header, separator).ok_or(CsvError::UnclosedQuote(header_line))?;
    let mut rows = Vec::new();
    for (line, text) in lines {
        if rows.len() == MAX_ROWS {
            return Err(CsvError::TooManyRows);
        }
        rows.push((
            line,
            split(text, separator).ok_or(CsvError::UnclosedQuote(line))?,
        ));
    }
    if rows.is_empty() {
        return Err(CsvError::HeaderOnly);
    }
    Ok(Table {
        header: header.into_iter().map(|h| h.trim().to_string()).collect(),
        rows,
        separator,
    })
}

/// The fields of one line; `None` for a quote never closed.
fn split(line: &str, separator: char) -> Option<Vec<String>> {
    let mut fields = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' if quoted && chars.peek() == Some(&'"') => {
                field.push('"');
                chars.next();
            }
            '"' if quoted => quoted = false,
            '"' if field.trim().is_empty() => {
                field.clear();
                quoted = true;
            }
            c if c == separator && !quoted => fields.push(std::mem::take(&mut field)),
            c => field.push(c),
        }
    }
    if quoted {
        return None;
    }
    fields.push(field);
    Some(fields.into_iter().map(|f| f.trim().to_string()).collect())
}

impl Table {
    /// The index of the column named `name` (or numbered `name`, from 0).
    pub fn column(&self, name: &str) -> Result<usize, CsvError> {
        let name = name.trim();
        self.header
            .iter()
            .position(|h| h.eq_ignore_ascii_case(name))
            .or_else(|| {
                name.parse::<usize>()
                    .ok()
                    .filter(|&i| i < self.header.len())
            })
            .ok_or_else(|| CsvError::NoSuchColumn(name.to_string()))
    }

    /// The usual choice when none is given: the label is the last column
    /// (or one named like a label), the feature the first other one.
    pub fn guess(&self) -> (usize, usize, Option<usize>) {
        let named = ["label", "y", "class", "target", "malignant", "outcome"];
        let label = self
            .header
            .iter()
            .position(|h| named.contains(&h.to_ascii_lowercase().as_str()))
            .unwrap_or(self.header.len().saturating_sub(1));
        let x = (0..self.header.len()).find(|&i| i != label).unwrap_or(0);
        (label, x, None)
    }

    /// The data set of the `label` column and the feature columns `x` (and
    /// `x2`), with a summary of what was used and skipped.
    pub fn dataset(
        &self,
        label: usize,
        x: usize,
        x2: Option<usize>,
    ) -> Result<(Dataset, Summary), CsvError> {
        // The labels: two distinct values, mapped to 0 and 1.
        let mut values: Vec<String> = Vec::new();
        for (_, row) in &self.rows {
            if let Some(v) = row.get(label).filter(|v| !v.is_empty()) {
                if !values.iter().any(|w| w.eq_ignore_ascii_case(v)) {
                    values.push(v.clone());
                    if values.len() > 2 {
                        values.truncate(4);
                        return Err(CsvError::TooManyLabels(values));
                    }
                }
            }
        }
        let (negative, positive) = match values.len() {
            0 => return Err(CsvError::NoRows),
            1 => return Err(CsvError::OneClass(values.remove(0))),
            _ => order_labels(&values[0], &values[1]),
        };
        let mut data = Dataset {
            feature: self.header[x].clone(),
            feature2: x2.map(|c| self.header[c].clone()).unwrap_or_default(),
            x2: x2.map(|_| Vec::new()),
            ..Dataset::default()
        };
        let mut skipped = 0;
        let mut named = Vec::new();
        for (line, row) in &self.rows {
            let number = |c: usize| {
                let v = row.get(c).map(String::as_str).unwrap_or("");
                v.parse::<f64>()
                    .ok()
                    .filter(|f| f.is_finite() && f.abs() < 1e15)
                    .ok_or_else(|| Skip {
                        line: *line,
                        column: self.header[c].clone(),
                        value: v.to_string(),
                    })
            };
            let label_value = row.get(label).map(String::as_str).unwrap_or("");
            let parsed = (|| {
                if label_value.is_empty() {
                    return Err(Skip {
                        line: *line,
                        column: self.header[label].clone(),
                        value: String::new(),
                    });
                }
                Ok((number(x)?, x2.map(number).transpose()?))
            })();
            match parsed {
                Ok((a, b)) => {
                    data.x.push(a);
                    if let (Some(xs), Some(b)) = (data.x2.as_mut(), b) {
                        xs.push(b);
                    }
                    data.y.push(if label_value.eq_ignore_ascii_case(&positive) {
                        1.0
                    } else {
                        0.0
                    });
                }
                Err(skip) => {
                    skipped += 1;
                    if named.len() < NAMED_SKIPS {
                        named.push(skip);
                    }
                }
            }
        }
        if data.x.is_empty() {
            return Err(CsvError::NoRows);
        }
        if !data.y.contains(&0.0) || !data.y.contains(&1.0) {
            let only = if data.y[0] == 1.0 {
                &positive
            } else {
                &negative
            };
            return Err(CsvError::OneClass(only.clone()));
        }
        let mut columns = vec![(data.feature.clone(), mean_sd(&data.x))];
        if let Some(xs) = &data.x2 {
            columns.push((data.feature2.clone(), mean_sd(xs)));
        }
        let summary = Summary {
            label: self.header[label].clone(),
            used: data.x.len(),
            skipped,
            named,
            positive,
            negative,
            columns: columns.into_iter().map(|(n, (m, s))| (n, m, s)).collect(),
        };
        Ok((data, summary))
    }
}

/// Which of two label values is 1: the one that reads as true (1, true,
/// yes, positive, ...), else the later in alphabetical order.
fn order_labels(a: &str, b: &str) -> (String, String) {
    let truthy = |v: &str| {
        matches!(
            v.to_ascii_lowercase().as_str(),
            "1" | "1.0" | "true" | "yes" | "y" | "t" | "positive" | "pos" | "malignant"
        )
    };
    let (neg, pos) = if truthy(a) && !truthy(b) {
        (b, a)
    } else if truthy(b) && !truthy(a) || a.to_ascii_lowercase() < b.to_ascii_lowercase() {
        (a, b)
    } else {
        (b, a)
    };
    (neg.to_string(), pos.to_string())
}

/// Mean and population standard deviation.
pub fn mean_sd(v: &[f64]) -> (f64, f64) {
    let n = v.len().max(1) as f64;
    let mean = v.iter().sum::<f64>() / n;
    let var = v.iter().map(|x| (x - mean) * (x - mean)).sum::<f64>() / n;
    (mean, var.sqrt())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str, x2: bool) -> Result<(Dataset, Summary), CsvError> {
        let table = parse(text)?;
        let (label, x, _) = table.guess();
        let second = if x2 {
            Some(
                (0..table.header.len())
                    .find(|&i| i != label && i != x)
                    .unwrap(),
            )
        } else {
            None
        };
        table.dataset(label, x, second)
    }

    #[test]
    fn good_files_in_every_dialect() {
        for text in [
            "size,label\n1,0\n2,1\n3,1\n",
            "\u{feff}size;label\r\n1;0\r\n2;1\r\n\r\n3;1\r\n",
            "size\tlabel\n1\tno\n2\tyes\n3\tyes\n",
            "\"size\",\"label\"\n\"1\",\"false\"\n 2 , true\n3,TRUE\n",
        ] {
            let (d, s) = read(text, false).unwrap_or_else(|e| panic!("{text:?}: {e:?}"));
            assert_eq!(d.x, [1.0, 2.0, 3.0], "{text:?}");
            assert_eq!(d.y, [0.0, 1.0, 1.0], "{text:?}");
            assert_eq!(s.used, 3);
            assert_eq!(d.feature, "size");
        }
    }

    #[test]
    fn any_two_labels_and_which_became_one() {
        let (d, s) = read("x,kind\n1,cat\n2,dog\n3,cat\n", false).unwrap();
        assert_eq!((s.negative.as_str(), s.positive.as_str()), ("cat", "dog"));
        assert_eq!(d.y, [0.0, 1.0, 0.0]);
        let (_, s) = read("x,malignant\n1,benign\n2,malignant\n", false).unwrap();
        assert_eq!(s.positive, "malignant");
    }

    #[test]
    fn rows_with_missing_or_bad_values_are_skipped_and_named() {
        let text = "a,b,label\n1,2,0\n,3,1\nx,4,1\n5,,0\n6,7,\n8,9,1\n10,11,0\n";
        let (d, s) = read(text, true).unwrap();
        assert_eq!(d.x, [1.0, 8.0, 10.0]);
        assert_eq!(d.x2.as_ref().unwrap(), &[2.0, 9.0, 11.0]);
        assert_eq!(s.skipped, 4);
        assert_eq!(
            s.named.iter().map(|k| k.line).collect::<Vec<_>>(),
            [3, 4, 5, 6]
        );
        assert_eq!(s.named[1].value, "x");
        assert_eq!(s.named[3].column, "label");
    }

    #[test]
    fn bad_files_say_why() {
        assert_eq!(parse(""), Err(CsvError::Empty));
        assert_eq!(parse("\n \n"), Err(CsvError::Empty));
        assert_eq!(parse("a,b\n"), Err(CsvError::HeaderOnly));
        assert_eq!(parse("a\0b\n1"), Err(CsvError::Binary));
        assert!(matches!(
            parse("a,\"b\n1,2"),
            Err(CsvError::UnclosedQuote(1))
        ));
        assert!(
            matches!(read("x,l\n1,a\n2,b\n3,c\n", false), Err(CsvError::TooManyLabels(v)) if v.len() == 3)
        );
        assert_eq!(
            read("x,l\n1,a\n2,a\n", false).unwrap_err(),
            CsvError::OneClass("a".into())
        );
        assert_eq!(
            read("x,l\nfoo,0\nbar,1\n", false).unwrap_err(),
            CsvError::NoRows
        );
        assert!(
            matches!(read("x,l\n1e400,0\n2,1\n3,0\n", false), Ok((d, s)) if d.x == [2.0, 3.0] && s.skipped == 1)
        );
        let big = format!("x,l\n{}", "1,0\n".repeat(MAX_ROWS + 1));
        assert_eq!(parse(&big), Err(CsvError::TooManyRows));
        let table = parse("x,l\n1,0\n").unwrap();
        assert_eq!(
            table.column("nope"),
            Err(CsvError::NoSuchColumn("nope".into()))
        );
        assert_eq!(table.column("L"), Ok(1));
        assert_eq!(table.column("0"), Ok(0));
    }
}
