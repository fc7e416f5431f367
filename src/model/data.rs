//! One-feature classification data: x values and 0/1 labels.
//!
//! Presets: two seeded synthetic sets and the breast-cancer data
//! (Breast Cancer Wisconsin (Diagnostic), W. Wolberg, O. Mangasarian,
//! N. Street, W. Street, UCI Machine Learning Repository, CC BY 4.0; see
//! `data/README.md`).

use super::rng::Rng;
use super::Params;
use std::fmt;

/// The bundled breast-cancer data: `mean_radius,malignant`, 569 rows.
const BREAST_CANCER_CSV: &str = include_str!("../../data/breast-cancer-radius.csv");

/// The data sets a user can choose.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Preset {
    /// 100 points, two overlapping normal classes centred on 0: a round
    /// bowl whose learning-rate regimes all fit on the slider. The default.
    Overlap,
    /// 60 points whose classes are split by x = 0: the optimum is at infinity.
    Separable,
    /// 569 tumours: mean radius (mm) against malignant (1) or benign (0).
    Cancer,
}

impl Preset {
    /// Every preset, in the order the page lists them.
    pub const ALL: [Preset; 3] = [Preset::Overlap, Preset::Separable, Preset::Cancer];

    /// The name used in URLs and the API.
    pub fn key(self) -> &'static str {
        match self {
            Preset::Overlap => "overlap",
            Preset::Separable => "separable",
            Preset::Cancer => "cancer",
        }
    }

    /// The name in the data menu.
    pub fn short_label(self) -> &'static str {
        match self {
            Preset::Overlap => "Overlap (100 points)",
            Preset::Separable => "Separable (60)",
            Preset::Cancer => "Breast cancer (569)",
        }
    }

    /// How many points the preset has.
    pub fn size(self) -> usize {
        match self {
            Preset::Overlap => 100,
            Preset::Separable => 60,
            Preset::Cancer => 569,
        }
    }

    /// Where runs start unless told otherwise: the origin for the real data
    /// (the usual initialisation, which shows the raw data's long valley);
    /// for the synthetic sets, a corner that gives the path somewhere to go.
    pub fn default_start(self) -> Params {
        match self {
            Preset::Overlap => [-4.0, -1.5],
            Preset::Separable => [-3.0, -1.0],
            Preset::Cancer => [0.0, 0.0],
        }
    }

    /// The learning rate a run on this preset starts with: one that
    /// converges in a few dozen steps. The raw breast-cancer feature (mean
    /// radius, 7 to 28 mm) makes the loss 200 times steeper across its valley
    /// than along it: rates above about 0.05 zig-zag and 0.5 diverges.
    pub fn default_learning_rate(self) -> f64 {
        match self {
            Preset::Overlap | Preset::Separable => 0.5,
            Preset::Cancer => 0.01,
        }
    }

    /// The preset named `key`, if any.
    pub fn from_key(key: &str) -> Option<Preset> {
        Preset::ALL.into_iter().find(|p| p.key() == key)
    }
}

/// A one-feature data set as the model sees it.
#[derive(Clone, Debug)]
pub struct Dataset {
    /// Feature values (standardised when `standardized` is true).
    pub x: Vec<f64>,
    /// Labels, each 0.0 or 1.0.
    pub y: Vec<f64>,
    /// What x measures, for the axis label.
    pub feature: String,
    /// Whether `x` was standardised: x = (raw - mean) / std, std with ddof = 0.
    pub standardized: bool,
}

/// Why a CSV text could not be read.
#[derive(Clone, Debug, PartialEq)]
pub struct CsvError(pub String);

impl fmt::Display for CsvError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl Dataset {
    /// The data of `preset`. Synthetic presets use a fixed seed of their own,
    /// so a preset is always the same data and the run's seed only changes
    /// the batches.
    pub fn preset(preset: Preset, standardize: bool) -> Dataset {
        let data = match preset {
            Preset::Overlap => overlapping(100, 11),
            Preset::Separable => separable(60, 12),
            Preset::Cancer => Dataset {
                feature: "mean radius (mm)".into(),
                ..Dataset::from_csv(BREAST_CANCER_CSV)
                    .expect("the bundled breast-cancer CSV is valid")
            },
        };
        if standardize {
            data.standardized()
        } else {
            data
        }
    }

    /// Reads two columns, `x,label`, with a header row naming the feature.
    /// Labels must be 0 or 1 and both classes must occur.
    pub fn from_csv(text: &str) -> Result<Dataset, CsvError> {
        let mut lines = text
            .lines()
            .enumerate()
            .filter(|(_, l)| !l.trim().is_empty());
        let (_, header) = lines
            .next()
            .ok_or_else(|| CsvError("the CSV is empty: expected a header row `x,label`".into()))?;
        let feature = header.split(',').next().unwrap_or("x").trim().to_string();
        let (mut x, mut y) = (Vec::new(), Vec::new());
        for (number, line) in lines {
            let row = number + 1;
            let mut cells = line.split(',').map(str::trim);
            let (Some(a), Some(b)) = (cells.next(), cells.next()) else {
                return Err(CsvError(format!(
                    "row {row} has one column; expected `x,label`"
                )));
            };
            let value: f64 = a
                .parse()
                .ok()
                .filter(|v: &f64| v.is_finite())
                .ok_or_else(|| CsvError(format!("row {row}: x = `{a}` is not a finite number")))?;
            let label = match b {
                "0" | "0.0" => 0.0,
                "1" | "1.0" => 1.0,
                _ => return Err(CsvError(format!("row {row}: label = `{b}` is not 0 or 1"))),
            };
            x.push(value);
            y.push(label);
        }
        if x.len() < 2 {
            return Err(CsvError("the CSV needs at least two data rows".into()));
        }
        if !y.contains(&0.0) || !y.contains(&1.0) {
            return Err(CsvError("the labels need both classes, 0 and 1".into()));
        }
        Ok(Dataset {
            x,
            y,
            feature,
            standardized: false,
        })
    }

    /// The number of points, N.
    pub fn len(&self) -> usize {
        self.x.len()
    }

    /// True when there are no points.
    pub fn is_empty(&self) -> bool {
        self.x.is_empty()
    }

    /// The same data with x standardised: (x - mean) / std, population std.
    pub fn standardized(&self) -> Dataset {
        let n = self.len() as f64;
        let mean = self.x.iter().sum::<f64>() / n;
        let var = self.x.iter().map(|v| (v - mean) * (v - mean)).sum::<f64>() / n;
        let std = if var > 0.0 { var.sqrt() } else { 1.0 };
        Dataset {
            x: self.x.iter().map(|v| (v - mean) / std).collect(),
            y: self.y.clone(),
            // Units no longer apply: "mean radius (mm)" becomes "mean radius (standardised)".
            feature: format!(
                "{} (standardised)",
                self.feature.split(" (").next().unwrap_or(&self.feature)
            ),
            standardized: true,
        }
    }
}

/// `n` points in two normal classes at x = -1.6 and +1.6 with standard
/// deviation 2.8, alternating labels. The classes overlap well (the best fit
/// still misclassifies many points) and x has mean about 0 and standard
/// deviation about 3.2: the curvature this gives the loss puts all three
/// learning-rate regimes on the slider (too small below 0.05, overshooting
/// above about 2.5).
pub fn overlapping(n: usize, seed: u64) -> Dataset {
    let mut rng = Rng::new(seed);
    let (x, y) = (0..n)
        .map(|i| {
            let label = (i % 2) as f64;
            let centre = if label == 1.0 { 1.6 } else { -1.6 };
            (centre + 2.8 * rng.normal(), label)
        })
        .unzip();
    Dataset {
        x,
        y,
        feature: "x".into(),
        standardized: false,
    }
}

/// Class 0 uniform on [-2, -0.2], class 1 uniform on [0.2, 2].
fn separable(n: usize, seed: u64) -> Dataset {
    let mut rng = Rng::new(seed);
    let (x, y) = (0..n)
        .map(|i| {
            let label = (i % 2) as f64;
            let magnitude = 0.2 + 1.8 * rng.uniform();
            (if label == 1.0 { magnitude } else { -magnitude }, label)
        })
        .unzip();
    Dataset {
        x,
        y,
        feature: "x".into(),
        standardized: false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::objective::{Batch, LogisticNll, Objective};

    #[test]
    fn presets_have_their_documented_shape() {
        let overlap = Dataset::preset(Preset::Overlap, false);
        for preset in Preset::ALL {
            assert_eq!(Dataset::preset(preset, false).len(), preset.size());
        }
        assert_eq!(overlap.len(), 100);
        let has_minimum = |d: &Dataset| LogisticNll::new(d).optimum(Batch::All).is_some();
        assert!(has_minimum(&overlap));
        let cancer = Dataset::preset(Preset::Cancer, false);
        assert_eq!(cancer.len(), 569);
        assert_eq!(cancer.y.iter().filter(|&&y| y == 1.0).count(), 212);
        let separable = Dataset::preset(Preset::Separable, false);
        assert!(!has_minimum(&separable), "separable classes: no minimum");
    }

    #[test]
    fn standardized_has_zero_mean_unit_variance() {
        let d = Dataset::preset(Preset::Cancer, true);
        let n = d.len() as f64;
        let mean = d.x.iter().sum::<f64>() / n;
        let var = d.x.iter().map(|v| v * v).sum::<f64>() / n;
        assert!(mean.abs() < 1e-12 && (var - 1.0).abs() < 1e-12);
    }

    #[test]
    fn csv_errors_name_the_row() {
        assert!(Dataset::from_csv("").is_err());
        let e = Dataset::from_csv("x,y\n1,0\nabc,1\n").unwrap_err();
        assert!(e.0.contains("row 3") && e.0.contains("abc"), "{e}");
        let e = Dataset::from_csv("x,y\n1,0\n2,2\n").unwrap_err();
        assert!(e.0.contains("not 0 or 1"), "{e}");
        let e = Dataset::from_csv("x,y\n1,0\n2,0\n").unwrap_err();
        assert!(e.0.contains("both classes"), "{e}");
    }
}
