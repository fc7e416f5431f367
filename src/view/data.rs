//! The user's data in words: what a CSV gave, why one could not be used,
//! and where the page's data came from.

use super::format::{array, num, number, text, Object};
use crate::model::csv::{Summary, COLUMN_CHARS};
use crate::model::data::{mean_sd, Preset};
use crate::session::Session;
use crate::settings::LINK_POINTS;

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

/// The summary as JSON, for the API's `loadCsv`.
pub fn summary_json(s: &Summary) -> String {
    let mut o = Object::new();
    o.field("rows", s.used.to_string())
        .field("skipped", s.skipped.to_string())
        .field(
            "skippedRows",
            array(s.named.iter().map(|k| {
                format!(
                    "{{\"line\":{},\"column\":{},\"value\":{}}}",
                    k.line,
                    text(&k.column),
                    text(&k.value)
                )
            })),
        )
        .field("positive", text(&s.positive))
        .field("negative", text(&s.negative))
        .field(
            "columns",
            array(s.columns.iter().map(|(name, mean, sd)| {
                format!(
                    "{{\"name\":{},\"mean\":{},\"sd\":{}}}",
                    text(name),
                    num(*mean),
                    num(*sd)
                )
            })),
        )
        .field("decimalCommas", s.decimal_commas.is_some().to_string())
        .field(
            "shortened",
            array(s.shortened.iter().map(|name| text(name))),
        )
        .field("message", text(&summary(s)));
    o.finish()
}

/// The state's `data`: where the data came from, how many points, each
/// column's name, mean and sd as loaded, rows skipped, and whether a link
/// carries them.
pub fn data_json(session: &Session) -> String {
    let settings = session.settings();
    let raw = settings.raw_data();
    let (source, skipped, label) = match (&settings.custom, settings.dataset) {
        (Some(c), Preset::Custom) => (c.source.key(), c.skipped, text(&c.label)),
        _ => ("preset", 0, "null".to_string()),
    };
    let mut columns = vec![(raw.feature.clone(), mean_sd(&raw.x))];
    if let Some(x2) = &raw.x2 {
        columns.push((raw.feature2.clone(), mean_sd(x2)));
    }
    let mut o = Object::new();
    o.field("source", text(source))
        .field("n", raw.len().to_string())
        .field(
            "columns",
            array(columns.iter().map(|(name, (mean, sd))| {
                format!(
                    "{{\"name\":{},\"mean\":{},\"sd\":{}}}",
                    text(name),
                    num(*mean),
                    num(*sd)
                )
            })),
        )
        .field("label", label)
        .field("skipped", skipped.to_string())
        .field(
            "inLink",
            (source == "preset" || raw.len() <= LINK_POINTS).to_string(),
        );
    o.finish()
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
