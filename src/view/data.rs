//! The user's data in words: what a CSV gave, why one could not be used,
//! and where the page's data came from.

use super::format::number;
use crate::model::csv::{Summary, COLUMN_CHARS};
use crate::model::data::{mean_sd, Preset};
use crate::session::Session;
use crate::settings::LINK_POINTS;
use serde::Serialize;

/// What a loaded file gave: rows used and skipped (the first few by line),
/// decimal commas read as points, which label became 1, each column's mean
/// and sd, and column names shortened.
pub fn summary(s: &Summary) -> String {
    let mut out = format!("Loaded {} rows", s.used);
    if let Some(value) = &s.decimal_commas {
        out += &format!(
            " (decimal commas read as points: \"{value}\" as {})",
            value.replace(',', ".")
        );
    }
    if s.skipped > 0 {
        let named: Vec<String> = s
            .named
            .iter()
            .map(|k| {
                if k.value.is_empty() {
                    format!("line {}: {} missing", k.line, k.column)
                } else {
                    format!(
                        "line {}: {} = \"{}\" is not a number",
                        k.line, k.column, k.value
                    )
                }
            })
            .collect();
        let more = if s.skipped > named.len() { ", …" } else { "" };
        out += &format!("; skipped {} ({}{more})", s.skipped, named.join("; "));
    }
    out += &format!(
        ". \"{}\" became 1 and \"{}\" became 0.",
        s.positive, s.negative
    );
    for (name, mean, sd) in &s.columns {
        out += &format!(" {name}: mean {}, sd {}.", number(*mean, 4), number(*sd, 4));
    }
    if !s.shortened.is_empty() {
        let names: Vec<String> = s.shortened.iter().map(|n| format!("\"{n}\"")).collect();
        let (noun, verb) = match names.len() {
            1 => ("name", "was"),
            _ => ("names", "were"),
        };
        out += &format!(
            " The column {noun} {} {verb} shortened to {COLUMN_CHARS} characters.",
            names.join(", ")
        );
    }
    out + " The features are standardised (untick “standardise x” to see them raw)."
}

/// What a loaded file gave, for the API's `loadCsv`.
#[derive(Serialize, Debug, Clone, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct SummaryState {
    pub rows: usize,
    pub skipped: usize,
    pub skipped_rows: Vec<SkippedRow>,
    pub positive: String,
    pub negative: String,
    pub columns: Vec<Column>,
    pub decimal_commas: bool,
    pub shortened: Vec<String>,
    /// All of it in words.
    pub message: String,
}

/// A row skipped, and why: the column and its value (empty: missing).
#[derive(Serialize, Debug, Clone, PartialEq)]
pub struct SkippedRow {
    pub line: usize,
    pub column: String,
    pub value: String,
}

/// A column's name, mean and sd as loaded.
#[derive(Serialize, Debug, Clone, PartialEq)]
pub struct Column {
    pub name: String,
    pub mean: f64,
    pub sd: f64,
}

/// What a loaded file gave.
pub fn summary_state(s: &Summary) -> SummaryState {
    SummaryState {
        rows: s.used,
        skipped: s.skipped,
        skipped_rows: (s.named.iter())
            .map(|k| SkippedRow {
                line: k.line,
                column: k.column.clone(),
                value: k.value.clone(),
            })
            .collect(),
        positive: s.positive.clone(),
        negative: s.negative.clone(),
        columns: (s.columns.iter())
            .map(|(name, mean, sd)| Column {
                name: name.clone(),
                mean: *mean,
                sd: *sd,
            })
            .collect(),
        decimal_commas: s.decimal_commas.is_some(),
        shortened: s.shortened.clone(),
        message: summary(s),
    }
}

/// The state's `data`: where the data came from, how many points, each
/// column's name, mean and sd as loaded, rows skipped, and whether a link
/// carries them.
#[derive(Serialize, Debug, Clone, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct DataState {
    pub source: &'static str,
    pub n: usize,
    pub columns: Vec<Column>,
    pub label: Option<String>,
    pub skipped: usize,
    pub in_link: bool,
}

/// The state's `data` from the session.
pub fn data_state(session: &Session) -> DataState {
    let settings = session.settings();
    let raw = settings.raw_data();
    let (source, skipped, label) = match (&settings.custom, settings.dataset) {
        (Some(c), Preset::Custom) => (c.source.key(), c.skipped, Some(c.label.clone())),
        _ => ("preset", 0, None),
    };
    let column = |name: &str, v: &[f64]| {
        let (mean, sd) = mean_sd(v);
        Column {
            name: name.to_string(),
            mean,
            sd,
        }
    };
    let mut columns = vec![column(&raw.feature, &raw.x)];
    if let Some(x2) = &raw.x2 {
        columns.push(column(&raw.feature2, x2));
    }
    DataState {
        source,
        n: raw.len(),
        columns,
        label,
        skipped,
        in_link: source == "preset" || raw.len() <= LINK_POINTS,
    }
}

/// A line about the user's data for the page, or `None` for a preset.
pub fn data_note(session: &Session) -> Option<String> {
    let settings = session.settings();
    let custom = settings
        .custom
        .as_ref()
        .filter(|_| settings.dataset == Preset::Custom)?;
    let n = custom.data.len();
    let source = match custom.source {
        crate::settings::DataSource::Csv => "from your file",
        crate::settings::DataSource::Url => "from the link",
        crate::settings::DataSource::Edited => "edited by hand",
    };
    let link = if n > LINK_POINTS {
        format!(" The link does not carry them (more than {LINK_POINTS} points).")
    } else {
        " The link carries them.".into()
    };
    Some(format!("Your data: {n} points {source}.{link}"))
}
