//! One-feature classification data: x values and 0/1 labels.
//!
//! Presets: two seeded synthetic sets and the breast-cancer data
//! (Breast Cancer Wisconsin (Diagnostic), W. Wolberg, O. Mangasarian,
//! N. Street, W. Street, UCI Machine Learning Repository, CC BY 4.0; see
//! `data/README.md`).

use super::rng::Rng;
use super::Params;

/// The bundled breast-cancer data: `mean_radius,malignant`, 569 rows.
const BREAST_CANCER_CSV: &str = include_str!("../../data/breast-cancer-radius.csv");
/// The same with texture: `mean_radius,mean_texture,malignant`.
const BREAST_CANCER_TWO_CSV: &str = include_str!("../../data/breast-cancer-radius-texture.csv");

/// A bundled CSV file, known to be plain numbers under a header: its last
/// column is the 0/1 label, the first (and with `two`, the second) the
/// features. (A user's file goes through the full reader, `csv`.)
fn bundled(text: &str, two: bool) -> Dataset {
    let mut data = Dataset {
        x2: two.then(Vec::new),
        ..Dataset::default()
    };
    for line in text.lines().skip(1).filter(|l| !l.trim().is_empty()) {
        let values: Vec<f64> = (line.split(','))
            .map(|v| v.trim().parse().expect("the bundled CSV holds numbers"))
            .collect();
        data.x.push(values[0]);
        if let Some(x2) = data.x2.as_mut() {
            x2.push(values[1]);
        }
        data.y.push(values[values.len() - 1]);
    }
    data
}

/// The mean and the population standard deviation of `v`.
pub fn mean_sd(v: &[f64]) -> (f64, f64) {
    let n = v.len().max(1) as f64;
    let mean = v.iter().sum::<f64>() / n;
    let var = v.iter().map(|x| (x - mean) * (x - mean)).sum::<f64>() / n;
    (mean, var.sqrt())
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
            Preset::Overlap => "Overlap (synthetic)",
            Preset::Separable => "Separable (synthetic)",
            Preset::Cancer => "Breast cancer (569)",
            Preset::Cancer2 => "Breast cancer: radius, texture (569)",
            Preset::Blobs => "Two blobs (synthetic)",
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
            Preset::Overlap | Preset::Separable | Preset::Blobs => {
                generate(preset, Synth::defaults(preset).expect("a drawn preset"))
            }
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
            let (mean, sd) = mean_sd(v);
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

/// How a synthetic preset is drawn. Each preset has its own defaults
/// ([`Synth::defaults`]), which give exactly the data the lecture's scenes
/// were tuned on.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Synth {
    /// How many points.
    pub n: usize,
    /// The distance between the class centres (for `separable`, the gap
    /// between the classes).
    pub separation: f64,
    /// Each class's standard deviation (for `separable`, its width).
    pub spread: f64,
    /// The share of class 1.
    pub imbalance: f64,
    /// The share of labels flipped after drawing.
    pub label_noise: f64,
    /// Which sample: 0 is the preset's own; "new sample" counts up.
    pub sample: u64,
}

impl Synth {
    /// The preset's own settings, `None` for data that are not drawn.
    pub fn defaults(preset: Preset) -> Option<Synth> {
        let (n, separation, spread) = match preset {
            Preset::Overlap => (100, 3.2, 2.8),
            Preset::Separable => (60, 0.4, 1.8),
            Preset::Blobs => (200, 2.0 * 1.2f64.hypot(0.8), 1.0),
            _ => return None,
        };
        Some(Synth {
            n,
            separation,
            spread,
            imbalance: 0.5,
            label_noise: 0.0,
            sample: 0,
        })
    }
}

/// The seed of a synthetic preset's own sample.
fn base_seed(preset: Preset) -> u64 {
    match preset {
        Preset::Overlap => 11,
        Preset::Separable => 12,
        _ => 13,
    }
}

/// A synthetic preset drawn with `synth`.
pub fn generate(preset: Preset, synth: Synth) -> Dataset {
    let mut rng = Rng::new(base_seed(preset).wrapping_add(synth.sample.wrapping_mul(0x9E37_79B9)));
    // Labels alternate when balanced (each class exactly half); otherwise
    // each point is class 1 with the chosen share.
    let label = |i: usize, rng: &mut Rng| -> f64 {
        if synth.imbalance == 0.5 {
            (i % 2) as f64
        } else {
            (rng.uniform() < synth.imbalance) as u8 as f64
        }
    };
    let mut data = Dataset {
        feature: "x".into(),
        ..Dataset::default()
    };
    let half = 0.5 * synth.separation;
    match preset {
        Preset::Blobs => {
            // Centres along the direction (1.2, 0.8), `separation` apart.
            let (ux, uy) = (1.2 / 1.2f64.hypot(0.8), 0.8 / 1.2f64.hypot(0.8));
            let mut x2 = Vec::with_capacity(synth.n);
            for i in 0..synth.n {
                let y = label(i, &mut rng);
                let s = if y == 1.0 { 1.0 } else { -1.0 };
                data.x.push(s * half * ux + synth.spread * rng.normal());
                x2.push(s * half * uy + synth.spread * rng.normal());
                data.y.push(y);
            }
            data.x2 = Some(x2);
            data.feature = "x1".into();
            data.feature2 = "x2".into();
        }
        Preset::Separable => {
            for i in 0..synth.n {
                let y = label(i, &mut rng);
                let magnitude = half + synth.spread * rng.uniform();
                data.x.push(if y == 1.0 { magnitude } else { -magnitude });
                data.y.push(y);
            }
        }
        _ => {
            for i in 0..synth.n {
                let y = label(i, &mut rng);
                let centre = if y == 1.0 { half } else { -half };
                data.x.push(centre + synth.spread * rng.normal());
                data.y.push(y);
            }
        }
    }
    if synth.label_noise > 0.0 {
        // Its own stream, so no noise leaves the points as they were.
        let mut flips = Rng::new(base_seed(preset) ^ 0xF11F ^ synth.sample);
        for y in &mut data.y {
            if flips.uniform() < synth.label_noise {
                *y = 1.0 - *y;
            }
        }
    }
    data
}

/// The overlap preset's shape with `n` points and seed `seed` (for benchmarks).
pub fn overlapping(n: usize, seed: u64) -> Dataset {
    let synth = Synth {
        n,
        ..Synth::defaults(Preset::Overlap).expect("overlap is drawn")
    };
    let mut rng_seeded = synth;
    rng_seeded.sample = seed;
    generate(Preset::Overlap, rng_seeded)
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
    fn synthetic_controls_shape_the_data_and_the_defaults_keep_them() {
        let overlap = Synth::defaults(Preset::Overlap).unwrap();
        assert_eq!(
            generate(Preset::Overlap, overlap),
            Dataset::preset(Preset::Overlap, false)
        );
        let many = generate(Preset::Overlap, Synth { n: 1000, ..overlap });
        assert_eq!(many.len(), 1000);
        let skewed = generate(
            Preset::Overlap,
            Synth {
                n: 2000,
                imbalance: 0.2,
                ..overlap
            },
        );
        let share = skewed.y.iter().sum::<f64>() / 2000.0;
        assert!((share - 0.2).abs() < 0.03, "{share}");
        let noisy = generate(
            Preset::Separable,
            Synth {
                label_noise: 0.2,
                ..Synth::defaults(Preset::Separable).unwrap()
            },
        );
        let clean = Dataset::preset(Preset::Separable, false);
        let flipped = noisy.y.iter().zip(&clean.y).filter(|(a, b)| a != b).count();
        assert!(flipped > 3 && flipped < 25, "{flipped}");
        assert_eq!(noisy.x, clean.x, "label noise moves no point");
        let another = generate(
            Preset::Overlap,
            Synth {
                sample: 1,
                ..overlap
            },
        );
        assert_ne!(
            another.x,
            Dataset::preset(Preset::Overlap, false).x,
            "a new sample"
        );
        let wide = generate(
            Preset::Blobs,
            Synth {
                separation: 10.0,
                ..Synth::defaults(Preset::Blobs).unwrap()
            },
        );
        let mean1: f64 = wide
            .x
            .iter()
            .zip(&wide.y)
            .filter(|(_, &y)| y == 1.0)
            .map(|(x, _)| x)
            .sum::<f64>()
            / 100.0;
        assert!(mean1 > 3.0, "{mean1}");
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
