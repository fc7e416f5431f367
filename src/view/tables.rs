//! The plots' data as tables, for a reader who cannot see the canvases (or
//! wants the numbers): each run's path with its loss, and the data's points.

use super::format::number;
use super::words::run_label;
use crate::model::objective::Batch;
use crate::model::trace::coarsened;
use crate::session::Session;
use serde::Serialize;

/// Most rows of a run's table: a long run is thinned to this many entries
/// (its first and last kept).
pub const PATH_ROWS: usize = 200;

/// Most rows of the data's table.
pub const DATA_ROWS: usize = 500;

/// One table: a caption, column headers and rows of text.
#[derive(Serialize, Debug, Clone, PartialEq)]
pub struct Table {
    pub caption: String,
    pub headers: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

/// The tables dialog: its title and the tables.
#[derive(Serialize, Debug, Clone, PartialEq)]
pub struct Tables {
    pub title: &'static str,
    pub tables: Vec<Table>,
}

/// The tables of `session` under their title.
pub fn tables(session: &Session) -> Tables {
    Tables {
        title: "The plots' data, as tables",
        tables: each(session),
    }
}

/// Each run's path (one for fifty restarts), then the data.
fn each(session: &Session) -> Vec<Table> {
    let symbols = session.objective().axes().symbols;
    let runs = session.runs();
    let shown = if session.settings().restarts > 0 {
        1
    } else {
        runs.len()
    };
    let mut out: Vec<Table> = (runs.iter().take(shown).enumerate())
        .map(|(k, run)| {
            let points = coarsened(run.trace().points(), PATH_ROWS);
            let thinned = match points.len() < run.trace().points().len() {
                true => format!(", {} of its steps", points.len()),
                false => String::new(),
            };
            Table {
                caption: format!(
                    "Run {} ({}): its path and loss{thinned}",
                    k + 1,
                    run_label(session, run)
                ),
                headers: ["step", symbols[0], symbols[1], "loss", "gradient ∇L"]
                    .map(String::from)
                    .to_vec(),
                rows: (points.iter())
                    .map(|p| {
                        let g = session.objective().gradient(p.theta, Batch::All);
                        vec![
                            p.step.to_string(),
                            number(p.theta[0], 4),
                            number(p.theta[1], 4),
                            number(p.loss, 5),
                            format!("({}, {})", number(g[0], 3), number(g[1], 3)),
                        ]
                    })
                    .collect(),
            }
        })
        .collect();
    let data = session.data();
    let n = data.len().min(DATA_ROWS);
    let more = match data.len() > n {
        true => format!(", the first {n} of {}", data.len()),
        false => String::new(),
    };
    let mut headers = vec!["point".to_string(), data.feature.clone()];
    if data.x2.is_some() {
        headers.push(data.feature2.clone());
    }
    headers.push("y".into());
    out.push(Table {
        caption: format!("The data's points{more}"),
        headers,
        rows: (0..n)
            .map(|i| {
                let mut row = vec![(i + 1).to_string(), number(data.x[i], 4)];
                if let Some(x2) = &data.x2 {
                    row.push(number(x2[i], 4));
                }
                row.push(number(data.y[i], 1));
                row
            })
            .collect(),
    });
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_run_and_the_data_have_a_table_with_their_numbers() {
        let pairs = "dataset=cancer&standardize=true&runs=trio";
        let (mut s, _) = Session::from_url(pairs.split('&').filter_map(|kv| kv.split_once('=')));
        s.step(30);
        let t = tables(&s).tables;
        assert_eq!(t.len(), 4);
        assert!(t[0].caption.starts_with("Run 1 (GD, η"));
        assert_eq!(t[0].rows.len(), 31);
        let last = &t[1].rows[30];
        assert_eq!(last[0], "30");
        assert_eq!(last[3], number(s.runs()[1].loss(), 5));
        assert_eq!(t[3].headers, ["point", "mean radius (standardised)", "y"]);
        assert_eq!(t[3].rows.len(), 500);
        assert!(t[3].caption.contains("the first 500 of 569"));
        s.step(2000);
        let rows = tables(&s).tables[0].rows.len();
        assert!(rows <= PATH_ROWS && rows > PATH_ROWS / 2, "{rows} rows");
    }
}
