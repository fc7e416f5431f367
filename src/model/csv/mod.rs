//! Reading a CSV of the user's own data: a header row, a label column and
//! one or two feature columns.
//!
//! Lenient where files differ harmlessly (a byte-order mark; LF, CRLF or
//! old Mac CR line ends; `;` or tab as the separator, with decimal commas
//! then read as points; RFC 4180 quoted fields, which may hold the
//! separator, a line break or `""`; blank lines; spaces around values) and
//! strict where the data would be wrong: rows with a missing or
//! non-numeric feature are skipped and counted (the first few named by line
//! number); a label column with more than two values, a column chosen for
//! two roles, decimal commas in a comma-separated file, no rows left, a
//! file over the limits or one that is not text is an error that says so,
//! and the caller keeps its current data.
//! Coded as facts ([`Skip`], [`CsvError`]); `view` words them.

use super::data::{mean_sd, Dataset};
use std::fmt;

/// Most rows read.
pub const MAX_ROWS: usize = 100_000;
/// Most bytes read.
pub const MAX_BYTES: usize = 10 * 1024 * 1024;
/// Rows skipped that are named one by one; the rest are counted.
pub const NAMED_SKIPS: usize = 5;
/// Longest column name kept, in characters: the chosen columns' names
/// travel in the page's link, which a long header must not swell.
pub const COLUMN_CHARS: usize = 60;

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
    /// The header has a single column: there is no feature beside the label.
    OneColumn,
    /// The label column was also chosen as a feature (its name, and `x` or
    /// `x2`).
    LabelAsFeature {
        /// The label column's name.
        column: String,
        /// The feature it was chosen as: `x` or `x2`.
        feature: &'static str,
    },
    /// The same column was chosen as both features (its name).
    SameFeatures(String),
    /// A comma-separated file whose numbers seem to have decimal commas
    /// (one of them, as in the file).
    DecimalCommas(String),
    /// The label column has more than two distinct values (a few of them).
    TooManyLabels(Vec<String>),
    /// Every label is the same (that one value): nothing to classify.
    OneClass(String),
    /// No row had every value needed.
    NoRows,
    /// A quoted field is never closed (the line it opens on).
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
            CsvError::OneColumn => {
                "The header has one column: a CSV needs a label column and a feature column, separated by commas, semicolons or tabs.".into()
            }
            CsvError::LabelAsFeature { column, feature } => format!(
                "The column \"{column}\" is the label, so it cannot also be the feature {feature}: choose another column for {feature}, or another label column."
            ),
            CsvError::SameFeatures(column) => format!(
                "The column \"{column}\" is chosen as both features, x and x2: choose another column for x2, or none for one feature."
            ),
            CsvError::DecimalCommas(value) => format!(
                "The numbers seem to have decimal commas (\"{value}\"), and commas also separate the columns, so they cannot be read: save the file with semicolons between the columns, or with points in the numbers."
            ),
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
    /// The column names, each at most [`COLUMN_CHARS`] characters.
    pub header: Vec<String>,
    /// Each data row's line number (1-based, the line it starts on) and its
    /// fields.
    pub rows: Vec<(usize, Vec<String>)>,
    /// The separator found: `,`, `;` or a tab.
    pub separator: char,
    /// The columns whose names were longer than [`COLUMN_CHARS`] and were
    /// shortened.
    pub shortened: Vec<usize>,
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
    /// The first value read with a decimal comma as its point (`12,5`),
    /// if any was.
    pub decimal_commas: Option<String>,
    /// The names, as shortened, of the chosen columns whose names were
    /// longer than [`COLUMN_CHARS`].
    pub shortened: Vec<String>,
}

/// The data of a CSV: the `label` column and the feature columns `x`
/// (and `x2`), each by name or number. The label is guessed when not
/// given ([`Table::guess`]) and `x` is then the first other column (never
/// the label, nor `x2`); there is no `x2` unless given.
pub fn read(
    text: &str,
    label: Option<&str>,
    x: Option<&str>,
    x2: Option<&str>,
) -> Result<(Dataset, Summary), CsvError> {
    let table = parse(text)?;
    let label = label.map_or(Ok(table.guess().0), |l| table.column(l))?;
    let x2 = x2.map(|c| table.column(c)).transpose()?;
    let x = match x {
        Some(c) => table.column(c)?,
        // With one column there is none other: `dataset` says so.
        None => (0..table.header.len())
            .find(|&i| i != label && Some(i) != x2)
            .unwrap_or(label),
    };
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
    let separator = separator(text);
    let mut records = Records::new(text, separator);
    let (_, header) = records.next().ok_or(CsvError::Empty)??;
    let mut rows = Vec::new();
    for record in records {
        if rows.len() == MAX_ROWS {
            return Err(CsvError::TooManyRows);
        }
        rows.push(record?);
    }
    if rows.is_empty() {
        return Err(CsvError::HeaderOnly);
    }
    let mut shortened = Vec::new();
    let header = (header.iter().enumerate())
        .map(|(i, name)| {
            let kept = short_name(name);
            if name.chars().count() > COLUMN_CHARS {
                shortened.push(i);
            }
            kept
        })
        .collect();
    Ok(Table {
        header,
        rows,
        separator,
        shortened,
    })
}

/// A column name as kept: at most [`COLUMN_CHARS`] characters, trimmed.
fn short_name(name: &str) -> String {
    let name = name.trim();
    match name.char_indices().nth(COLUMN_CHARS) {
        Some((end, _)) => name[..end].trim_end().to_string(),
        None => name.to_string(),
    }
}

/// The separator: whichever of `,` `;` tab the header has most of outside
/// quotes (a tie goes to the later; none at all, a comma).
fn separator(text: &str) -> char {
    let candidates = [',', ';', '\t'];
    let mut counts = [0usize; 3];
    let (mut quoted, mut started) = (false, false);
    for c in text.chars() {
        match c {
            '"' => quoted = !quoted,
            '\n' | '\r' if !quoted && started => break,
            c if !quoted => {
                if let Some(k) = candidates.iter().position(|&s| s == c) {
                    counts[k] += 1;
                }
            }
            _ => {}
        }
        started |= !c.is_whitespace();
    }
    (0..3)
        .filter(|&k| counts[k] > 0)
        .max_by_key(|&k| counts[k])
        .map_or(',', |k| candidates[k])
}

/// The records of a CSV text (RFC 4180): fields apart by the separator,
/// records ended by LF, CRLF or a lone CR outside quotes; a quoted field
/// may hold the separator, line ends and `""` for a quote. Each comes with
/// the line it starts on; lines of nothing but blanks are skipped.
struct Records<'a> {
    chars: std::iter::Peekable<std::str::Chars<'a>>,
    separator: char,
    /// The line the next character is on (1-based).
    line: usize,
}

impl<'a> Records<'a> {
    fn new(text: &'a str, separator: char) -> Records<'a> {
        Records {
            chars: text.chars().peekable(),
            separator,
            line: 1,
        }
    }

    /// Consumes a line end that began with `c`; true if `c` was one.
    fn line_end(&mut self, c: char) -> bool {
        match c {
            '\r' => {
                self.chars.next_if_eq(&'\n');
            }
            '\n' => {}
            _ => return false,
        }
        self.line += 1;
        true
    }
}

impl Iterator for Records<'_> {
    type Item = Result<(usize, Vec<String>), CsvError>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            self.chars.peek()?;
            let start = self.line;
            let (mut fields, mut field) = (Vec::new(), String::new());
            // The line the open quote began on, while in a quoted field.
            let mut quote: Option<usize> = None;
            let mut blank = true;
            while let Some(c) = self.chars.next() {
                blank &= c.is_whitespace();
                match (c, quote) {
                    ('"', Some(_)) if self.chars.next_if_eq(&'"').is_some() => field.push('"'),
                    ('"', Some(_)) => quote = None,
                    // A quote opens a field only at its start.
                    ('"', None) if field.trim().is_empty() => {
                        field.clear();
                        quote = Some(self.line);
                    }
                    ('\r' | '\n', Some(_)) => {
                        field.push(c);
                        if c == '\r' && self.chars.peek() == Some(&'\n') {
                            field.push('\n');
                        }
                        self.line_end(c);
                    }
                    (c, None) if self.line_end(c) => break,
                    (c, None) if c == self.separator => fields.push(std::mem::take(&mut field)),
                    (c, _) => field.push(c),
                }
            }
            if let Some(line) = quote {
                // Nothing after an unclosed quote can be read.
                self.chars = "".chars().peekable();
                return Some(Err(CsvError::UnclosedQuote(line)));
            }
            if blank {
                continue;
            }
            fields.push(field);
            let fields = fields.into_iter().map(|f| f.trim().to_string()).collect();
            return Some(Ok((start, fields)));
        }
    }
}

/// A value as a number: as written, or, where the separator is not a
/// comma, with one decimal comma read as the point (`12,5`; then the
/// second is true). Not finite, or beyond 1e15: none.
fn number(value: &str, commas: bool) -> Option<(f64, bool)> {
    let fits = |f: &f64| f.is_finite() && f.abs() < 1e15;
    if let Some(v) = value.parse::<f64>().ok().filter(fits) {
        return Some((v, false));
    }
    if !commas || value.contains('.') || value.matches(',').count() != 1 {
        return None;
    }
    let v = value.replace(',', ".").parse::<f64>().ok().filter(fits)?;
    Some((v, true))
}

/// True for one or more digits and nothing else.
fn digits(value: &str) -> bool {
    !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit())
}

/// True for digits with an optional sign: `12`, `-3`.
fn whole(value: &str) -> bool {
    digits(value.strip_prefix(['-', '+']).unwrap_or(value))
}

/// True for a number with a decimal comma: `12,5`, `-0,25`.
fn comma_number(value: &str) -> bool {
    value
        .split_once(',')
        .is_some_and(|(a, b)| whole(a) && digits(b))
}

impl Table {
    /// The index of the column named `name` (or numbered `name`, from 0).
    /// A name longer than the header keeps is matched by what it keeps.
    pub fn column(&self, name: &str) -> Result<usize, CsvError> {
        let name = name.trim();
        let kept = short_name(name);
        self.header
            .iter()
            .position(|h| h.eq_ignore_ascii_case(&kept))
            .or_else(|| {
                name.parse::<usize>()
                    .ok()
                    .filter(|&i| i < self.header.len())
            })
            .ok_or(CsvError::NoSuchColumn(kept))
    }

    /// The usual choice when none is given: the label is the last column
    /// (or one named like a label), the feature the first other one (the
    /// label too, when there is no other).
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

    /// A comma-separated file's decimal commas, if most rows show them:
    /// quoted (`"12,5"` in a feature column), or unquoted, splitting a
    /// number in two so the row has more fields than the header. One of
    /// them, as written.
    fn decimal_commas(&self, x: usize, x2: Option<usize>) -> Option<String> {
        if self.separator != ',' {
            return None;
        }
        let mut example = None;
        let hits = (self.rows.iter())
            .filter(|(_, row)| {
                let quoted = [Some(x), x2]
                    .into_iter()
                    .flatten()
                    .filter_map(|c| row.get(c))
                    .find(|v| comma_number(v))
                    .cloned();
                // Empty fields at the end (trailing commas) are no sign.
                let filled = row.len() - row.iter().rev().take_while(|v| v.is_empty()).count();
                let split = || {
                    (filled > self.header.len())
                        .then(|| row.windows(2).find(|w| whole(&w[0]) && digits(&w[1])))
                        .flatten()
                        .map(|w| format!("{},{}", w[0], w[1]))
                };
                match quoted.or_else(split) {
                    Some(found) => {
                        example.get_or_insert(found);
                        true
                    }
                    None => false,
                }
            })
            .count();
        example.filter(|_| hits * 2 > self.rows.len())
    }

    /// The data set of the `label` column and the feature columns `x` (and
    /// `x2`), with a summary of what was used and skipped. The label is
    /// never a feature, and the two features are two columns.
    pub fn dataset(
        &self,
        label: usize,
        x: usize,
        x2: Option<usize>,
    ) -> Result<(Dataset, Summary), CsvError> {
        let columns = self.header.len();
        if let Some(c) = [label, x].into_iter().chain(x2).find(|&c| c >= columns) {
            return Err(CsvError::NoSuchColumn(c.to_string()));
        }
        if columns < 2 {
            return Err(CsvError::OneColumn);
        }
        let name = |c: usize| self.header[c].clone();
        for (column, feature) in [(Some(x), "x"), (x2, "x2")] {
            if column == Some(label) {
                return Err(CsvError::LabelAsFeature {
                    column: name(label),
                    feature,
                });
            }
        }
        if x2 == Some(x) {
            return Err(CsvError::SameFeatures(name(x)));
        }
        if let Some(value) = self.decimal_commas(x, x2) {
            return Err(CsvError::DecimalCommas(value));
        }
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
            feature: name(x),
            feature2: x2.map(name).unwrap_or_default(),
            x2: x2.map(|_| Vec::new()),
            ..Dataset::default()
        };
        let commas = self.separator != ',';
        let mut decimal_commas = None;
        let mut skipped = 0;
        let mut named = Vec::new();
        for (line, row) in &self.rows {
            let feature = |c: usize| {
                let v = row.get(c).map(String::as_str).unwrap_or("");
                number(v, commas)
                    .map(|(f, comma)| (f, comma.then_some(v)))
                    .ok_or_else(|| Skip {
                        line: *line,
                        column: name(c),
                        value: v.to_string(),
                    })
            };
            let label_value = row.get(label).map(String::as_str).unwrap_or("");
            let parsed = (|| {
                if label_value.is_empty() {
                    return Err(Skip {
                        line: *line,
                        column: name(label),
                        value: String::new(),
                    });
                }
                Ok((feature(x)?, x2.map(feature).transpose()?))
            })();
            match parsed {
                Ok(((a, comma), b)) => {
                    let comma = comma.or(b.and_then(|b| b.1));
                    if let (None, Some(v)) = (&decimal_commas, comma) {
                        decimal_commas = Some(v.to_string());
                    }
                    data.x.push(a);
                    if let (Some(xs), Some((b, _))) = (data.x2.as_mut(), b) {
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
        let shortened = [Some(label), Some(x), x2]
            .into_iter()
            .flatten()
            .filter(|c| self.shortened.contains(c))
            .map(name)
            .collect();
        let summary = Summary {
            label: name(label),
            used: data.x.len(),
            skipped,
            named,
            positive,
            negative,
            columns: columns.into_iter().map(|(n, (m, s))| (n, m, s)).collect(),
            decimal_commas,
            shortened,
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

#[cfg(test)]
mod tests;
