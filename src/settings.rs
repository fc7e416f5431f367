//! The page's settings: one object that reads from and writes to the URL
//! query string, and that the JavaScript API's `set()` changes.
//!
//! Two ways in, one parser. [`Settings::with_url`] is lenient: a bad URL value
//! never breaks the page; it becomes a [`Notice`] naming the parameter, what
//! was wrong, and the value used instead. [`Settings::with_api`] is strict: a
//! bad value is an error and nothing changes.

use crate::model::batches::Sampling;
use crate::model::data::Preset;
use crate::model::schedule::Schedule;
use crate::model::Params;
use std::fmt;

/// The learning rates the slider spans; values outside are clamped.
pub const LEARNING_RATE_RANGE: (f64, f64) = (1e-3, 10.0);
/// Steps per second the speed control spans.
pub const SPEED_RANGE: (f64, f64) = (1.0, 1000.0);
/// Largest |b0| or |b1| accepted as a start.
pub const START_LIMIT: f64 = 1000.0;
/// Most batch gradients the fan draws.
pub const FAN_LIMIT: usize = 200;

/// Which loss the contour plot shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum SurfaceView {
    /// The full loss L.
    #[default]
    Full,
    /// The loss L_k of the batch the last step used.
    Batch,
    /// The full loss, with the batch loss's contours over it.
    Both,
}

impl SurfaceView {
    /// Every view, in the order the page lists them.
    pub const ALL: [SurfaceView; 3] = [SurfaceView::Full, SurfaceView::Batch, SurfaceView::Both];

    /// The name used in URLs and the API.
    pub fn key(self) -> &'static str {
        match self {
            SurfaceView::Full => "full",
            SurfaceView::Batch => "batch",
            SurfaceView::Both => "both",
        }
    }
}

/// The kinds of learning-rate schedule, by URL name.
const SCHEDULES: [&str; 4] = ["constant", "step", "inv", "exp"];

/// Every setting, as a user or a page can give it.
#[derive(Clone, Debug, PartialEq)]
pub struct Settings {
    /// `lr`: learning rate eta.
    pub learning_rate: f64,
    /// `batch`: points per batch; `None` means all points (full gradient descent).
    pub batch_size: Option<usize>,
    /// `dataset`: which data set.
    pub dataset: Preset,
    /// `standardize`: standardise the feature.
    pub standardize: bool,
    /// `seed`: seed of the batch shuffles.
    pub seed: u64,
    /// `start`: starting (b0, b1); `None` means the data set's default start.
    pub start: Option<Params>,
    /// `speed`: steps per second while playing.
    pub speed: f64,
    /// `autoplay`: start playing when the page opens.
    pub autoplay: bool,
    /// `log`: log-scale loss axis on the trace plot.
    pub log_scale: bool,
    /// `surface`: full loss, batch loss, or both.
    pub surface: SurfaceView,
    /// `sampling`: shuffled epochs or draws with replacement.
    pub sampling: Sampling,
    /// `drop_last`: drop each epoch's last, smaller batch.
    pub drop_last: bool,
    /// `schedule`: constant, step, inv or exp.
    pub schedule: &'static str,
    /// `decay`: the schedule's decay; `None` means the schedule's default.
    pub decay: Option<f64>,
    /// `every`: steps between drops of the `step` schedule.
    pub every: u64,
    /// `fan`: how many random batch gradients to draw (0 = none).
    pub fan: usize,
    /// `per_epoch`: the trace plot shows the loss at each epoch's end.
    pub per_epoch: bool,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            learning_rate: 0.5,
            batch_size: None,
            dataset: Preset::Overlap,
            standardize: false,
            seed: 1,
            start: None,
            speed: 10.0,
            autoplay: false,
            log_scale: false,
            surface: SurfaceView::Full,
            sampling: Sampling::Shuffle,
            drop_last: false,
            schedule: "constant",
            decay: None,
            every: 50,
            fan: 0,
            per_epoch: false,
        }
    }
}

/// A bad value in the URL, and what was used instead.
#[derive(Clone, Debug, PartialEq)]
pub struct Notice {
    /// The parameter's name, as in the URL.
    pub key: String,
    /// The whole message, for the page.
    pub message: String,
}

impl fmt::Display for Notice {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

/// Every key the URL and the API accept.
pub const KEYS: [&str; 17] = [
    "lr",
    "batch",
    "dataset",
    "standardize",
    "seed",
    "start",
    "speed",
    "autoplay",
    "log",
    "surface",
    "sampling",
    "drop_last",
    "schedule",
    "decay",
    "every",
    "fan",
    "per_epoch",
];

/// Why a value was refused, and the value to use instead (lenient mode).
struct Refusal {
    problem: String,
    fallback: Option<String>,
}

fn refuse(problem: impl Into<String>) -> Refusal {
    Refusal {
        problem: problem.into(),
        fallback: None,
    }
}

fn number(value: &str) -> Result<f64, Refusal> {
    match value.trim().parse::<f64>() {
        Ok(v) if v.is_finite() => Ok(v),
        _ => Err(refuse("is not a number")),
    }
}

fn boolean(value: &str) -> Result<bool, Refusal> {
    match value.trim().to_ascii_lowercase().as_str() {
        "1" | "true" | "yes" | "on" => Ok(true),
        "0" | "false" | "no" | "off" => Ok(false),
        _ => Err(refuse("is not true or false")),
    }
}

/// A number clamped to a range; out of range is refused with the clamped value.
fn ranged(value: &str, (lo, hi): (f64, f64)) -> Result<f64, Refusal> {
    let v = number(value)?;
    if v < lo || v > hi {
        let clamped = v.clamp(lo, hi);
        return Err(Refusal {
            problem: format!("is outside {lo} to {hi}"),
            fallback: Some(clamped.to_string()),
        });
    }
    Ok(v)
}

impl Settings {
    /// Settings from URL query pairs, starting from the defaults: every bad
    /// value becomes a notice and falls back (to the nearest valid value when
    /// there is one, else to the default).
    pub fn with_url<'a>(
        pairs: impl IntoIterator<Item = (&'a str, &'a str)>,
    ) -> (Settings, Vec<Notice>) {
        let mut settings = Settings::default();
        let mut notices = Vec::new();
        for (key, value) in ordered(pairs) {
            if let Err(refusal) = settings.apply(key, value) {
                let fallback = match refusal.fallback {
                    Some(fallback) => {
                        // The fallback is valid by construction.
                        let _ = settings.apply(key, &fallback);
                        fallback
                    }
                    None => settings.describe(key).unwrap_or_else(|| "nothing".into()),
                };
                let message = if KEYS.contains(&key) {
                    format!("{key} = \"{value}\" {}; using {fallback}.", refusal.problem)
                } else {
                    format!("{key} = \"{value}\": {}; it was ignored.", refusal.problem)
                };
                notices.push(Notice {
                    key: key.to_string(),
                    message,
                });
            }
        }
        (settings, notices)
    }

    /// These settings with `pairs` applied, or an error naming the first bad
    /// value (and then nothing changes).
    pub fn with_api<'a>(
        &self,
        pairs: impl IntoIterator<Item = (&'a str, &'a str)>,
    ) -> Result<Settings, String> {
        let mut next = self.clone();
        for (key, value) in ordered(pairs) {
            next.apply(key, value).map_err(|refusal| {
                let hint = refusal
                    .fallback
                    .map(|f| format!(" (nearest allowed: {f})"))
                    .unwrap_or_default();
                format!("descent.set: {key} = \"{value}\" {}{hint}", refusal.problem)
            })?;
        }
        Ok(next)
    }

    /// The number of points of the chosen data set.
    pub fn points(&self) -> usize {
        self.dataset.size()
    }

    /// The batch size in force: the chosen one, or all points.
    pub fn effective_batch_size(&self) -> usize {
        self.batch_size.unwrap_or(self.points()).min(self.points())
    }

    /// The decay in force: the chosen one, or the schedule's default.
    pub fn effective_decay(&self) -> f64 {
        self.decay.unwrap_or(match self.schedule {
            "step" => 0.5,
            "inv" => 0.05,
            _ => 0.01,
        })
    }

    /// The learning-rate schedule these settings describe.
    pub fn learning_rate_schedule(&self) -> Schedule {
        let decay = self.effective_decay();
        match self.schedule {
            "step" => Schedule::Step {
                decay,
                every: self.every,
            },
            "inv" => Schedule::Inv { decay },
            "exp" => Schedule::Exp { decay },
            _ => Schedule::Constant,
        }
    }

    fn apply(&mut self, key: &str, value: &str) -> Result<(), Refusal> {
        match key {
            "lr" => self.learning_rate = ranged(value, LEARNING_RATE_RANGE)?,
            "speed" => self.speed = ranged(value, SPEED_RANGE)?,
            "autoplay" => self.autoplay = boolean(value)?,
            "log" => self.log_scale = boolean(value)?,
            "standardize" => self.standardize = boolean(value)?,
            "dataset" => {
                self.dataset = Preset::from_key(value.trim()).ok_or_else(|| {
                    let names: Vec<&str> = Preset::ALL.iter().map(|p| p.key()).collect();
                    refuse(format!("is not a data set (choose {})", names.join(", ")))
                })?;
                // A batch size larger than the new data set means "all points".
                if self.batch_size.is_some_and(|b| b >= self.points()) {
                    self.batch_size = None;
                }
                // Each data set comes with a learning rate that suits it; an
                // `lr` given alongside is applied after this one.
                self.learning_rate = self.dataset.default_learning_rate();
            }
            "seed" => {
                let v = number(value)?;
                if v < 0.0 || v.fract() != 0.0 || v > 9_007_199_254_740_991.0 {
                    return Err(refuse("is not a whole number from 0 to 2^53 - 1"));
                }
                self.seed = v as u64;
            }
            "batch" => {
                let n = self.points();
                if value.trim().eq_ignore_ascii_case("full") {
                    self.batch_size = None;
                    return Ok(());
                }
                let v = number(value)?;
                if v.fract() != 0.0 || v < 1.0 {
                    return Err(Refusal {
                        problem: format!("is not a whole number from 1 to {n}"),
                        // Nonsense falls back to the default (all points);
                        // a fraction to the nearest whole size.
                        fallback: Some(if v >= 1.0 {
                            (v.round() as usize).min(n).to_string()
                        } else {
                            "full".into()
                        }),
                    });
                }
                if v > n as f64 {
                    return Err(Refusal {
                        problem: format!("is more than the {n} points of this data set"),
                        fallback: Some(n.to_string()),
                    });
                }
                let size = v as usize;
                self.batch_size = if size == n { None } else { Some(size) };
            }
            "start" => {
                let parts: Vec<&str> = value.split(',').collect();
                let [b0, b1] = parts[..] else {
                    return Err(refuse("is not two numbers b0,b1 (for example start=-2,3)"));
                };
                let (b0, b1) = (number(b0)?, number(b1)?);
                if b0.abs() > START_LIMIT || b1.abs() > START_LIMIT {
                    return Err(refuse(format!(
                        "is farther than {START_LIMIT} from the origin"
                    )));
                }
                self.start = Some([b0, b1]);
            }
            "surface" => {
                self.surface = SurfaceView::ALL
                    .into_iter()
                    .find(|v| v.key() == value.trim())
                    .ok_or_else(|| refuse("is not full, batch or both"))?;
            }
            "sampling" => {
                self.sampling = Sampling::from_key(value.trim())
                    .ok_or_else(|| refuse("is not shuffle or replacement"))?;
            }
            "drop_last" => self.drop_last = boolean(value)?,
            "per_epoch" => self.per_epoch = boolean(value)?,
            "schedule" => {
                let key = value.trim();
                self.schedule = SCHEDULES
                    .into_iter()
                    .find(|k| *k == key)
                    .ok_or_else(|| refuse("is not constant, step, inv or exp"))?;
                // A decay chosen for another schedule may not suit this one.
                if self
                    .decay
                    .is_some_and(|d| self.schedule == "step" && (d > 1.0 || d == 0.0))
                {
                    self.decay = None;
                }
            }
            "decay" => {
                let range = if self.schedule == "step" {
                    (0.0, 1.0)
                } else {
                    (0.0, 10.0)
                };
                let v = ranged(value, range)?;
                if self.schedule == "step" && v == 0.0 {
                    return Err(Refusal {
                        problem: "is 0, which would stop the step schedule dead".into(),
                        fallback: Some("0.5".into()),
                    });
                }
                self.decay = Some(v);
            }
            "every" => {
                let v = number(value)?;
                if v.fract() != 0.0 || !(1.0..=1e9).contains(&v) {
                    return Err(Refusal {
                        problem: "is not a whole number of steps from 1 to 10^9".into(),
                        fallback: Some(v.round().clamp(1.0, 1e9).to_string()),
                    });
                }
                self.every = v as u64;
            }
            "fan" => {
                let v = number(value)?;
                if v.fract() != 0.0 || v < 0.0 || v > FAN_LIMIT as f64 {
                    return Err(Refusal {
                        problem: format!("is not a whole number from 0 to {FAN_LIMIT}"),
                        fallback: Some(
                            (v.round().clamp(0.0, FAN_LIMIT as f64) as usize).to_string(),
                        ),
                    });
                }
                self.fan = v as usize;
            }
            _ => {
                return Err(refuse(format!(
                    "is not a setting (known: {})",
                    KEYS.join(", ")
                )))
            }
        }
        Ok(())
    }

    /// The value of `key` as it would appear in a URL.
    pub fn value_of(&self, key: &str) -> Option<String> {
        Some(match key {
            "lr" => self.learning_rate.to_string(),
            "batch" => self.batch_size.map_or("full".into(), |b| b.to_string()),
            "dataset" => self.dataset.key().into(),
            "standardize" => self.standardize.to_string(),
            "seed" => self.seed.to_string(),
            "start" => match self.start {
                Some([b0, b1]) => format!("{b0},{b1}"),
                None => "default".into(),
            },
            "speed" => self.speed.to_string(),
            "autoplay" => self.autoplay.to_string(),
            "log" => self.log_scale.to_string(),
            "surface" => self.surface.key().into(),
            "sampling" => self.sampling.key().into(),
            "drop_last" => self.drop_last.to_string(),
            "schedule" => self.schedule.into(),
            "decay" => self.decay.map_or("default".into(), |d| d.to_string()),
            "every" => self.every.to_string(),
            "fan" => self.fan.to_string(),
            "per_epoch" => self.per_epoch.to_string(),
            _ => return None,
        })
    }

    /// The value of `key` in words for a notice: as in a URL, except that a
    /// default start names its coordinates.
    fn describe(&self, key: &str) -> Option<String> {
        match (key, self.start) {
            ("start", None) => {
                let [b0, b1] = self.dataset.default_start();
                Some(format!("{b0},{b1} (the data set's default)"))
            }
            _ => self.value_of(key),
        }
    }

    /// The settings that differ from the defaults, as `key=value` pairs for a
    /// shareable URL.
    pub fn to_query(&self) -> String {
        let defaults = Settings::default();
        KEYS.iter()
            .filter(|k| self.value_of(k) != defaults.value_of(k))
            .map(|k| format!("{k}={}", self.value_of(k).unwrap_or_default()))
            .collect::<Vec<_>>()
            .join("&")
    }
}

/// Applies `dataset` before `batch` and `schedule` before `decay`, so each
/// value is checked against what it comes with, whatever the order given.
fn ordered<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> Vec<(&'a str, &'a str)> {
    let mut pairs: Vec<_> = pairs.into_iter().collect();
    pairs.sort_by_key(|(k, _)| match *k {
        "dataset" => 0,
        "schedule" => 1,
        _ => 2,
    });
    pairs
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn good_values_are_taken() {
        let (s, notices) = Settings::with_url([
            ("lr", "0.1"),
            ("batch", "8"),
            ("dataset", "cancer"),
            ("seed", "42"),
            ("start", "-2,3"),
            ("speed", "60"),
            ("autoplay", "1"),
        ]);
        assert!(notices.is_empty(), "{notices:?}");
        assert_eq!(s.learning_rate, 0.1);
        assert_eq!(s.batch_size, Some(8));
        assert_eq!(s.dataset, Preset::Cancer);
        assert_eq!(s.seed, 42);
        assert_eq!(s.start, Some([-2.0, 3.0]));
        assert!(s.autoplay);
    }

    #[test]
    fn bad_values_fall_back_with_a_notice() {
        let (s, notices) = Settings::with_url([
            ("lr", "abc"),
            ("batch", "-3"),
            ("start", "1"),
            ("bogus", "2"),
        ]);
        assert_eq!(s, Settings::default());
        let text: Vec<String> = notices.iter().map(|n| n.message.clone()).collect();
        assert_eq!(text[0], "lr = \"abc\" is not a number; using 0.5.");
        assert!(
            text[1].starts_with("batch = \"-3\"") && text[1].ends_with("using full."),
            "{}",
            text[1]
        );
        assert!(
            text[2].starts_with("start = \"1\" is not two numbers")
                && text[2].ends_with("using -4,-1.5 (the data set's default)."),
            "{}",
            text[2]
        );
        assert!(
            text[3].contains("bogus") && text[3].contains("ignored"),
            "{}",
            text[3]
        );
    }

    #[test]
    fn each_data_set_brings_its_learning_rate_unless_one_is_given() {
        let (s, _) = Settings::with_url([("dataset", "cancer")]);
        assert_eq!(s.learning_rate, 0.01);
        let (s, _) = Settings::with_url([("lr", "0.2"), ("dataset", "cancer")]);
        assert_eq!(s.learning_rate, 0.2);
        let s = s.with_api([("dataset", "overlap")]).unwrap();
        assert_eq!(s.learning_rate, 0.5);
        let s = s
            .with_api([("standardize", "true"), ("lr", "0.03")])
            .unwrap();
        assert_eq!(
            s.with_api([("standardize", "false")])
                .unwrap()
                .learning_rate,
            0.03
        );
    }

    #[test]
    fn out_of_range_values_are_clamped() {
        let (s, notices) =
            Settings::with_url([("lr", "50"), ("batch", "5000"), ("dataset", "separable")]);
        assert_eq!(s.learning_rate, 10.0);
        assert_eq!(s.effective_batch_size(), 60);
        assert_eq!(notices.len(), 2);
    }

    #[test]
    fn the_api_refuses_and_changes_nothing() {
        let s = Settings::default();
        let e = s.with_api([("lr", "0.2"), ("batch", "nope")]).unwrap_err();
        assert!(e.contains("batch") && e.contains("nope"), "{e}");
        assert_eq!(s.with_api([("lr", "0.2")]).unwrap().learning_rate, 0.2);
    }

    #[test]
    fn sgd_settings_are_read_and_checked() {
        let (s, notices) = Settings::with_url([
            ("surface", "both"),
            ("sampling", "replacement"),
            ("drop_last", "true"),
            ("decay", "0.9"),
            ("schedule", "step"),
            ("every", "20"),
            ("fan", "30"),
            ("per_epoch", "1"),
        ]);
        assert!(notices.is_empty(), "{notices:?}");
        assert_eq!(s.surface, SurfaceView::Both);
        assert_eq!(s.sampling, Sampling::Replacement);
        assert!(s.drop_last && s.per_epoch);
        assert_eq!(
            s.learning_rate_schedule(),
            Schedule::Step {
                decay: 0.9,
                every: 20
            }
        );
        assert_eq!(s.fan, 30);
        let (s, notices) = Settings::with_url([
            ("schedule", "step"),
            ("decay", "2"),
            ("fan", "-1"),
            ("surface", "x"),
        ]);
        assert_eq!(notices.len(), 3, "{notices:?}");
        assert_eq!(s.effective_decay(), 1.0);
        assert_eq!(s.fan, 0);
        assert_eq!(s.surface, SurfaceView::Full);
        assert_eq!(
            Settings::default().learning_rate_schedule(),
            Schedule::Constant
        );
    }

    #[test]
    fn a_default_start_stays_out_of_the_query() {
        for dataset in ["overlap", "separable", "cancer"] {
            let (s, _) = Settings::with_url([("dataset", dataset)]);
            let query = s.to_query();
            assert!(!query.contains("start"), "{query}");
            let pairs: Vec<(&str, &str)> = query
                .split('&')
                .filter_map(|kv| kv.split_once('='))
                .collect();
            let (again, notices) = Settings::with_url(pairs);
            assert!(notices.is_empty(), "{notices:?}");
            assert_eq!(again, s);
        }
    }

    #[test]
    fn the_query_round_trips() {
        let (s, _) = Settings::with_url([
            ("lr", "0.05"),
            ("dataset", "cancer"),
            ("start", "1,-2"),
            ("batch", "10"),
        ]);
        let query = s.to_query();
        let pairs: Vec<(&str, &str)> = query
            .split('&')
            .filter_map(|kv| kv.split_once('='))
            .collect();
        assert_eq!(Settings::with_url(pairs).0, s);
    }
}
