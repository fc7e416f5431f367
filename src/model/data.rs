//! One-feature classification data: x values and 0/1 labels.
//!
//! Presets: two seeded synthetic sets and the breast-cancer data
//! (Breast Cancer Wisconsin (Diagnostic), W. Wolberg, O. Mangasarian,
//! N. Street, W. Street, UCI Machine Learning Repository, CC BY 4.0; see
//! `data/README.md`).

use super::csv;
use super::rng::Rng;
use super::Params;

/// The bundled breast-cancer data: `mean_radius,malignant`, 569 rows.
const BREAST_CANCER_CSV: &str = include_str!("../../data/breast-cancer-radius.csv");
/// The same with texture: `mean_radius,mean_texture,malignant`.
const BREAST_CANCER_TWO_CSV: &str = include_str!("../../data/breast-cancer-radius-texture.csv");

/// A bundled CSV file: its last column is the label, the first (and with
/// `two`, the second) the features.
fn bundled(text: &str, two: bool) -> Dataset {
    let table = csv::parse(text).expect("the bundled CSV is valid");
    let label = table.header.len() - 1;
    table
        .dataset(label, 0, two.then_some(1))
        .expect("the bundled CSV is valid")
        .0
}

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
    /// The same tumours with two features, mean radius and mean texture,
    /// standardised: the lecture's second model, p = sigma(w1 x1 + w2 x2).
    Cancer2,
    /// 200 points in two round blobs on the plane, for the two-feature model.
    Blobs,
    /// The user's own data (loaded from a CSV, given in the link, or
    /// edited by hand); the settings hold it, not this preset.
    Custom,
}

impl Preset {
    /// Every preset, in the order the page lists them.
    pub const ALL: [Preset; 5] = [
        Preset::Overlap,
        Preset::Separable,
        Preset::Cancer,
        Preset::Cancer2,
        Preset::Blobs,
    ];

    /// The name used in URLs and the API.
    pub fn key(self) -> &'static str {
        match self {
            Preset::Overlap => "overlap",
            Preset::Separable => "separable",
            Preset::Cancer => "cancer",
            Preset::Cancer2 => "cancer2",
            Preset::Blobs => "blobs",
            Preset::Custom => "custom",
        }
    }

    /// True when the preset has two features (for the two-feature model).
    pub fn two_features(self) -> bool {
        matches!(self, Preset::Cancer2 | Preset::Blobs)
    }

    /// The name in the data menu.
    pub fn short_label(self) -> &'static str {
        match self {
            Preset::Overlap => "Overlap (100 points)",
            Preset::Separable => "Separable (60)",
            Preset::Cancer => "Breast cancer (569)",
            Preset::Cancer2 => "Breast cancer: radius, texture (569)",
            Preset::Blobs => "Two blobs (200)",
            Preset::Custom => "Your data",
        }
    }

    /// How many points the preset has.
    pub fn size(self) -> usize {
        match self {
            Preset::Overlap => 100,
            Preset::Separable => 60,
            Preset::Cancer | Preset::Cancer2 => 569,
            Preset::Blobs => 200,
            Preset::Custom => 0,
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
            Preset::Cancer2 | Preset::Blobs => [-2.0, 3.0],
            Preset::Custom => [0.0, 0.0],
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
            Preset::Cancer2 | Preset::Blobs => 1.0,
            Preset::Custom => 0.5,
        }
    }

    /// The preset named `key`, if any.
    pub fn from_key(key: &str) -> Option<Preset> {
        Preset::ALL
            .into_iter()
            .chain(std::iter::once(Preset::Custom))
            .find(|p| p.key() == key)
    }
}

/// A data set as the model sees it: one feature, or two.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Dataset {
    /// Feature values (standardised when `standardized` is true).
    pub x: Vec<f64>,
    /// The second feature's values, for two-feature data.
    pub x2: Option<Vec<f64>>,
    /// Labels, each 0.0 or 1.0.
    pub y: Vec<f64>,
    /// What x measures, for the axis label.
    pub feature: String,
    /// What the second feature measures.
    pub feature2: String,
    /// Whether `x` was standardised: x = (raw - mean) / std, std with ddof = 0.
    pub standardized: bool,
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
                ..bundled(BREAST_CANCER_CSV, false)
            },
            // Standardised always: a model without an intercept needs
            // features centred on zero.
            Preset::Cancer2 => Dataset {
                feature: "mean radius".into(),
                feature2: "mean texture".into(),
                ..bundled(BREAST_CANCER_TWO_CSV, true)
            }
            .standardized(),
            Preset::Blobs => blobs(200, 13),
            // The settings hold the user's data; there is no preset of it.
            Preset::Custom => Dataset::default(),
        };
        if standardize {
            data.standardized()
        } else {
            data
        }
    }

    /// Point `i`'s features as (x1, x) for a model: (x, x2) for the
    /// two-feature model, (1, x) for the others (1 is the intercept's feature).
    pub fn features(&self, i: usize, two: bool) -> (f64, f64) {
        match (&self.x2, two) {
            (Some(x2), true) => (self.x[i], x2[i]),
            _ => (1.0, self.x[i]),
        }
    }

    /// The number of points, N.
    pub fn len(&self) -> usize {
        self.x.len()
    }

    /// True when there are no points.
    pub fn is_empty(&self) -> bool {
        self.x.is_empty()
    }

    /// The same data with each feature standardised: (x - mean) / std,
    /// population std (a constant feature is only centred).
    pub fn standardized(&self) -> Dataset {
        let scale = |v: &[f64]| {
            let (mean, sd) = csv::mean_sd(v);
            let sd = if sd > 0.0 { sd } else { 1.0 };
            v.iter().map(|x| (x - mean) / sd).collect::<Vec<f64>>()
        };
        // Units no longer apply: "mean radius (mm)" becomes "mean radius (standardised)".
        let name = |f: &str| format!("{} (standardised)", f.split(" (").next().unwrap_or(f));
        Dataset {
            x: scale(&self.x),
            x2: self.x2.as_deref().map(scale),
            y: self.y.clone(),
            feature: name(&self.feature),
            feature2: if self.x2.is_some() {
                name(&self.feature2)
            } else {
                String::new()
            },
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
        ..Dataset::default()
    }
}

/// Two round normal blobs of `n` points, at (1.2, 0.8) for class 1 and
/// its mirror (-1.2, -0.8) for class 0, spread 1: they overlap a little, so
/// the line through the origin that splits them best has a finite fit.
pub fn blobs(n: usize, seed: u64) -> Dataset {
    let mut rng = Rng::new(seed);
    let mut data = Dataset {
        x2: Some(Vec::with_capacity(n)),
        feature: "x1".into(),
        feature2: "x2".into(),
        ..Dataset::default()
    };
    for i in 0..n {
        let label = (i % 2) as f64;
        let s = if label == 1.0 { 1.0 } else { -1.0 };
        data.x.push(s * 1.2 + rng.normal());
        if let Some(xs) = data.x2.as_mut() {
            xs.push(s * 0.8 + rng.normal());
        }
        data.y.push(label);
    }
    data
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
        ..Dataset::default()
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
}
