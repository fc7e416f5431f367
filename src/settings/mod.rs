//! The page's settings: one object that reads from and writes to the URL
//! query string, that the JavaScript API's `set()` changes, and that the
//! controls show.
//!
//! Every setting is one row of [`table::TABLE`]: its key, its control, its
//! help line, how it is read and how it is written. The URL parser, the
//! API, the copied link and the controls on the page are all driven from
//! that one table (TensorFlow Playground's `State` is the model), so a new
//! setting is one new row.
//!
//! Two ways in, one parser. [`Settings::with_url`] is lenient: a bad URL value
//! never breaks the page; it becomes a [`Notice`] naming the parameter, what
//! was wrong, and the value used instead. [`Settings::with_api`] is strict: a
//! bad value is an error and nothing changes.

pub mod deck;
pub mod scenes;
pub mod table;

use crate::model::batches::Sampling;
use crate::model::data::{Dataset, Preset, Synth};
use crate::model::objective::{Loss, Model, Penalty};
use crate::model::optim::{Hyper, OptimizerKind};
use crate::model::schedule::Schedule;
use crate::model::Params;
use std::collections::HashMap;
use std::fmt;
use std::rc::Rc;
use table::{setting, Setting, TABLE};

pub use deck::Slide;
pub use scenes::{Scene, SCENES};

/// The learning rates accepted; values outside are clamped. The slider
/// spans a range that follows the data (see `view`).
pub const LEARNING_RATE_RANGE: (f64, f64) = (1e-4, 100.0);
/// Steps per second the speed control spans.
pub const SPEED_RANGE: (f64, f64) = (1.0, 1000.0);
/// Largest |b0| or |b1| accepted as a start.
pub const START_LIMIT: f64 = 1000.0;
/// Most batch gradients the fan draws.
pub const FAN_LIMIT: usize = 200;
/// Most runs side by side.
pub const MAX_RUNS: usize = 6;
/// The whole-path mode's number of steps T.
pub const STEPS_RANGE: (u64, u64) = (10, 1000);

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

/// Which model p is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum ModelChoice {
    /// p = sigma(b0 + b1 x).
    #[default]
    Logistic,
    /// p = sigma(w2 tanh(w1 x + c) + d), with fixed c and d.
    Hidden,
    /// p = sigma(w1 x1 + w2 x2): two features, no intercept.
    Features2,
}

impl ModelChoice {
    /// The name used in URLs and the API.
    pub fn key(self) -> &'static str {
        match self {
            ModelChoice::Logistic => "logistic",
            ModelChoice::Hidden => "hidden",
            ModelChoice::Features2 => "features2",
        }
    }

    /// The model to use on data with two features (`two`) or one, from
    /// `current`: the two-feature model exactly when there are two.
    pub fn fitting(current: ModelChoice, two: bool) -> ModelChoice {
        match (two, current) {
            (true, _) => ModelChoice::Features2,
            (false, ModelChoice::Features2) => ModelChoice::Logistic,
            (false, model) => model,
        }
    }

    /// The model itself.
    pub fn model(self) -> Model {
        match self {
            ModelChoice::Logistic => Model::InterceptSlope,
            ModelChoice::Hidden => Model::HIDDEN,
            ModelChoice::Features2 => Model::TwoFeatures,
        }
    }
}

/// How the path is shown.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum PathMode {
    /// The path grows step by step as the run plays; a change of setting
    /// acts from the next step on.
    #[default]
    Play,
    /// The path is always the first T steps from the start with the current
    /// settings, recomputed at every change: dragging a slider morphs it.
    Live,
}

impl PathMode {
    /// The name used in URLs and the API.
    pub fn key(self) -> &'static str {
        match self {
            PathMode::Play => "play",
            PathMode::Live => "live",
        }
    }
}

/// What the trace plot's horizontal axis counts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum TraceAxis {
    /// Steps taken.
    #[default]
    Step,
    /// Loss, gradient and Hessian evaluations the optimizer asked for: the
    /// fair axis for comparing line search and Newton with plain steps.
    Evaluations,
}

impl TraceAxis {
    /// The name used in URLs and the API.
    pub fn key(self) -> &'static str {
        match self {
            TraceAxis::Step => "step",
            TraceAxis::Evaluations => "evaluations",
        }
    }
}

/// A run's own batch size, when it differs from the shared one.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BatchSize {
    /// All points: full gradient descent.
    Full,
    /// This many points.
    Points(usize),
}

/// One entry of `runs`: an optimizer (or the shared one), a learning rate,
/// and optionally a batch size of its own.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct RunSpec {
    /// The run's optimizer; `None` follows the `optimizer` setting.
    pub optimizer: Option<OptimizerKind>,
    /// The run's learning rate.
    pub learning_rate: f64,
    /// The run's batch size; `None` follows the `batch` setting.
    pub batch: Option<BatchSize>,
}

impl fmt::Display for RunSpec {
    /// `[optimizer:]lr[:batch]`, as in the URL.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(optimizer) = self.optimizer {
            write!(f, "{}:", optimizer.key())?;
        }
        write!(f, "{}", self.learning_rate)?;
        match self.batch {
            Some(BatchSize::Full) => f.write_str(":full"),
            Some(BatchSize::Points(b)) => write!(f, ":{b}"),
            None => Ok(()),
        }
    }
}

/// Which runs go side by side.
#[derive(Clone, Debug, PartialEq, Default)]
pub enum Runs {
    /// One run, with the `lr` and `optimizer` settings.
    #[default]
    Single,
    /// The lecture's three learning rates (too small, about right, too
    /// large) for the current data, from its stability limit.
    Trio,
    /// These runs, the first of which `lr` describes.
    List(Vec<RunSpec>),
}

/// Every setting, as a user or a page can give it.
#[derive(Clone, Debug, PartialEq)]
pub struct Settings {
    /// `lr`: learning rate eta of the first run.
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
    /// `optimizer`: the update rule of runs that do not name their own.
    pub optimizer: OptimizerKind,
    /// `momentum`, `beta1`, `beta2`, `eps`, `rho`: the optimizers' hyper-parameters.
    pub hyper: Hyper,
    /// `line_search`: step sizes from a backtracking (Armijo) line search.
    pub line_search: bool,
    /// `runs`: the runs side by side.
    pub runs: Runs,
    /// `path`: the path grows as it plays, or is the whole first T steps, live.
    pub path: PathMode,
    /// `steps`: T, the steps of the whole-path mode.
    pub steps: u64,
    /// `trace_x`: what the trace plot's horizontal axis counts.
    pub trace_x: TraceAxis,
    /// `trace_y=gap`: the trace plots L - L* on a log scale, where a
    /// convergence rate reads as a straight line (`loss`: L itself).
    pub trace_gap: bool,
    /// `scene`: the lecture scene these settings started from, if any.
    pub scene: Option<&'static Scene>,
    /// `challenge`: the challenge these settings started from, if any.
    pub challenge: Option<&'static crate::challenges::Challenge>,
    /// `model`: what p is.
    pub model: ModelChoice,
    /// `loss`: how far p is from the label.
    pub loss: Loss,
    /// `point`: the index of the point whose chain rule the panel shows.
    pub point: usize,
    /// `chain`: the panel shows one point's chain, or the sum over the batch.
    pub chain: ChainView,
    /// `panel`: the trace plot, or the chain-rule panel in its place.
    pub panel: Panel,
    /// `restarts`: K random starts run together (0: off).
    pub restarts: usize,
    /// `restart_box`: where the random starts are drawn, (b0min, b0max,
    /// b1min, b1max); `None` means the plotted window.
    pub restart_box: Option<[f64; 4]>,
    /// `noise`: the size of the Gaussian noise added to every gradient.
    pub noise: f64,
    /// `noise_decay`: gamma in noise / (1 + t)^gamma (0: constant).
    pub noise_decay: f64,
    /// `view`: the contour plot, the 3-D surface, or both.
    pub view: SurfaceDisplay,
    /// `penalty`: none, L2 or L1 on the coefficients (never the intercept).
    pub penalty: Penalty,
    /// `lambda`: the penalty's strength.
    pub lambda: f64,
    /// `data`: the user's own data, when `dataset=custom`.
    pub custom: Option<Custom>,
    /// `fade`: steps older than this many are drawn faint, so a long or
    /// wild path does not bury the bowl and the minimum (0: none).
    pub fade: u64,
    /// `notes`: labels pointing at places in the parameter plane, drawn on
    /// the contour plot (a slide's "the path overshoots here").
    pub notes: Vec<Note>,
    /// `n`, `separation`, `spread`, `imbalance`, `label_noise`, `sample`:
    /// how a synthetic preset is drawn (`None`: the preset's own).
    pub synth: SynthChoice,
    /// `embed`, `controls`, `lock`, `theme`, `trail`: how the page around
    /// the plots is shown. A scene leaves these as they are.
    pub page: Page,
}

/// A label with an arrow pointing at a place in the parameter plane, so it
/// stays right at any screen size and zoom.
#[derive(Clone, Debug, PartialEq)]
pub struct Note {
    /// The place pointed at, (b0, b1).
    pub at: Params,
    /// What is there, in a few words.
    pub label: String,
}

/// Most notes a view holds.
pub const MAX_NOTES: usize = 6;
/// Longest note label, in characters.
pub const NOTE_CHARS: usize = 60;

/// The page around the plots: embedding, which controls show, which
/// settings are fixed, the colours and type, how much of a path is drawn.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Page {
    /// `embed`: shown in a frame on another page (no header or footer, a
    /// link to the full view).
    pub embed: bool,
    /// `controls`: the controls shown, by setting key or button name
    /// (`play`, `step`, `epoch`, `reset`, `share`); `None` means the
    /// layout's own choice, `["all"]` every control, an empty list none.
    pub controls: Option<Vec<&'static str>>,
    /// `lock`: settings that stay as the page opened with them; `set()`
    /// refuses them and their controls are disabled.
    pub lock: Vec<&'static str>,
    /// `theme`: light, dark, or projector.
    pub theme: Theme,
    /// `trail`: the last steps of each path drawn (0: the whole path).
    pub trail: u64,
    /// `deck`: the slides a lecturer steps through with Page Down and Page
    /// Up (`lecture`: every scene in the lecture's order); empty for none.
    /// Kept when a scene changes everything else.
    pub deck: Vec<Slide>,
    /// `slide`: which slide of the deck is showing (from 0 here, from 1 in
    /// a link); `None` once another scene or challenge is chosen.
    pub slide: Option<usize>,
}

/// The settings that belong to the page, not to a view: a scene, a
/// challenge or a slide leaves them as they are, and a slide's view never
/// holds them.
pub const PAGE_KEYS: [&str; 7] = [
    "embed", "controls", "lock", "theme", "trail", "deck", "slide",
];

/// The page's colours and type size.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Theme {
    /// Dark text on white.
    #[default]
    Light,
    /// Light text on a dark page, for dim rooms.
    Dark,
    /// High contrast, type, lines and markers scaled for the back of a hall.
    Projector,
}

impl Theme {
    /// The name in URLs and the API.
    pub fn key(self) -> &'static str {
        match self {
            Theme::Light => "light",
            Theme::Dark => "dark",
            Theme::Projector => "projector",
        }
    }

    /// How much larger the charts' type, lines and markers are drawn.
    pub fn scale(self) -> f64 {
        match self {
            Theme::Projector => 1.35,
            _ => 1.0,
        }
    }
}

/// Buttons `controls=` can name besides the settings (`share`: the copy
/// link, embed and download buttons).
pub const BUTTONS: [&str; 5] = ["play", "step", "epoch", "reset", "share"];

/// The synthetic presets' controls, each `None` while at the preset's own value.
#[derive(Clone, Copy, Debug, PartialEq, Default)]
pub struct SynthChoice {
    /// `n`: how many points.
    pub n: Option<usize>,
    /// `separation`: distance between the class centres.
    pub separation: Option<f64>,
    /// `spread`: each class's standard deviation.
    pub spread: Option<f64>,
    /// `imbalance`: the share of class 1.
    pub imbalance: Option<f64>,
    /// `label_noise`: the share of labels flipped.
    pub label_noise: Option<f64>,
    /// `sample`: which sample (0: the preset's own).
    pub sample: u64,
}

/// Points a synthetic preset can have.
pub const N_RANGE: (u64, u64) = (10, 10_000);

/// Where the user's data came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DataSource {
    /// A CSV file, loaded or pasted.
    Csv,
    /// The link's `data=`.
    Url,
    /// Points added or removed by hand.
    Edited,
}

impl DataSource {
    /// The name in the state.
    pub fn key(self) -> &'static str {
        match self {
            DataSource::Csv => "csv",
            DataSource::Url => "url",
            DataSource::Edited => "edited",
        }
    }
}

/// The user's own data, as loaded (before any standardisation).
#[derive(Clone, Debug, PartialEq)]
pub struct Custom {
    /// The points.
    pub data: Dataset,
    /// Where they came from.
    pub source: DataSource,
    /// Rows of the file that were skipped.
    pub skipped: usize,
    /// The label value that became 1 (for a CSV).
    pub positive: String,
    /// The label column's name.
    pub label: String,
    /// The CSV's text, when the data came from one: the `label`, `x` and
    /// `x2` settings choose its columns again. Shared, so settings clone
    /// cheaply.
    pub csv: Option<Rc<str>>,
}

/// Most points a link carries in `data=`.
pub const LINK_POINTS: usize = 500;

impl Custom {
    /// The points as `data=` writes them: `x,label` or `x1,x2,label`
    /// separated by `;`, values to four significant digits; `None` when
    /// there are more than [`LINK_POINTS`].
    pub fn inline(&self) -> Option<String> {
        let d = &self.data;
        if d.len() > LINK_POINTS {
            return None;
        }
        let short = |v: f64| {
            if v == 0.0 || !v.is_finite() {
                return "0".to_string();
            }
            let scale = 10f64.powi(3 - v.abs().log10().floor() as i32);
            format!("{}", (v * scale).round() / scale)
        };
        Some(
            (0..d.len())
                .map(|i| match &d.x2 {
                    Some(x2) => format!("{},{},{}", short(d.x[i]), short(x2[i]), d.y[i]),
                    None => format!("{},{}", short(d.x[i]), d.y[i]),
                })
                .collect::<Vec<_>>()
                .join(";"),
        )
    }

    /// Points read from `data=`; an error naming the first bad entry.
    pub fn parse_inline(text: &str, names: [&str; 2]) -> Result<Custom, String> {
        let mut data = Dataset {
            feature: names[0].to_string(),
            feature2: names[1].to_string(),
            ..Dataset::default()
        };
        let entries: Vec<&str> = text
            .split(';')
            .map(str::trim)
            .filter(|e| !e.is_empty())
            .collect();
        if entries.len() > crate::model::csv::MAX_ROWS {
            return Err(format!(
                "has more than {} points",
                crate::model::csv::MAX_ROWS
            ));
        }
        for (k, entry) in entries.iter().enumerate() {
            let numbers: Option<Vec<f64>> = entry
                .split(',')
                .map(|v| {
                    v.trim()
                        .parse::<f64>()
                        .ok()
                        .filter(|v| v.is_finite() && v.abs() < 1e15)
                })
                .collect();
            let bad = || {
                format!("has a bad point {} (\"{entry}\"): expected x,label or x1,x2,label with label 0 or 1", k + 1)
            };
            let numbers = numbers.ok_or_else(bad)?;
            let (label, features) = numbers.split_last().ok_or_else(bad)?;
            if *label != 0.0 && *label != 1.0 {
                return Err(bad());
            }
            match (features, k) {
                ([x], 0) => data.x.push(*x),
                ([x1, x2], 0) => {
                    data.x.push(*x1);
                    data.x2 = Some(vec![*x2]);
                }
                ([x], _) if data.x2.is_none() => data.x.push(*x),
                ([x1, x2], _) if data.x2.is_some() => {
                    data.x.push(*x1);
                    if let Some(v) = data.x2.as_mut() {
                        v.push(*x2);
                    }
                }
                _ => return Err(bad()),
            }
            data.y.push(*label);
        }
        if !data.y.contains(&0.0) || !data.y.contains(&1.0) {
            return Err("needs points of both classes, 0 and 1".into());
        }
        if data.len() < 2 {
            return Err("needs at least two points".into());
        }
        Ok(Custom {
            data,
            source: DataSource::Url,
            skipped: 0,
            positive: "1".into(),
            label: "label".into(),
            csv: None,
        })
    }
}

/// The penalty strengths the slider spans.
pub const LAMBDA_RANGE: (f64, f64) = (1e-4, 10.0);

/// How the loss surface is shown.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum SurfaceDisplay {
    /// The contour plot.
    #[default]
    Contour,
    /// The surface in 3-D, turned by dragging.
    ThreeD,
    /// Both, side by side.
    Both,
}

impl SurfaceDisplay {
    /// The name used in URLs and the API.
    pub fn key(self) -> &'static str {
        match self {
            SurfaceDisplay::Contour => "contour",
            SurfaceDisplay::ThreeD => "3d",
            SurfaceDisplay::Both => "both",
        }
    }
}

/// Most random restarts.
pub const MAX_RESTARTS: usize = 50;

/// What the panel above the data view shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Panel {
    /// The loss against step.
    #[default]
    Trace,
    /// The chain rule for one point.
    Chain,
}

impl Panel {
    /// The name used in URLs and the API.
    pub fn key(self) -> &'static str {
        match self {
            Panel::Trace => "trace",
            Panel::Chain => "chain",
        }
    }
}

/// What the chain-rule panel shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum ChainView {
    /// One point's chain.
    #[default]
    Point,
    /// Also the sum of the chains over the last batch: the batch gradient.
    Batch,
}

impl ChainView {
    /// The name used in URLs and the API.
    pub fn key(self) -> &'static str {
        match self {
            ChainView::Point => "point",
            ChainView::Batch => "batch",
        }
    }
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
            optimizer: OptimizerKind::Gd,
            hyper: Hyper::default(),
            line_search: false,
            runs: Runs::Single,
            path: PathMode::Play,
            steps: 100,
            trace_x: TraceAxis::Step,
            trace_gap: false,
            scene: None,
            challenge: None,
            model: ModelChoice::Logistic,
            loss: Loss::Nll,
            point: 0,
            chain: ChainView::Point,
            panel: Panel::Trace,
            restarts: 0,
            restart_box: None,
            noise: 0.0,
            noise_decay: 0.0,
            view: SurfaceDisplay::Contour,
            penalty: Penalty::None,
            lambda: 0.1,
            custom: None,
            fade: 0,
            notes: Vec::new(),
            synth: SynthChoice::default(),
            page: Page::default(),
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

/// Every key the URL and the API accept, in the table's order.
pub fn keys() -> impl Iterator<Item = &'static str> {
    TABLE.iter().map(|s| s.key)
}

/// Why a value was refused, and the value to use instead (lenient mode).
pub struct Refusal {
    problem: String,
    fallback: Option<String>,
    /// The fallback in words, where the value itself is too long to quote.
    fallback_words: Option<String>,
}

impl Refusal {
    /// A refusal with a fallback value the lenient parser uses instead.
    pub fn with_fallback(problem: impl Into<String>, fallback: impl Into<String>) -> Refusal {
        Refusal {
            problem: problem.into(),
            fallback: Some(fallback.into()),
            fallback_words: None,
        }
    }

    /// The same, naming the fallback in `words` rather than quoting it.
    pub fn described(self, words: impl Into<String>) -> Refusal {
        Refusal {
            fallback_words: Some(words.into()),
            ..self
        }
    }
}

/// A refusal without a fallback: the setting keeps its value.
pub fn refuse(problem: impl Into<String>) -> Refusal {
    Refusal {
        problem: problem.into(),
        fallback: None,
        fallback_words: None,
    }
}

/// A finite number.
pub fn number(value: &str) -> Result<f64, Refusal> {
    match value.trim().parse::<f64>() {
        Ok(v) if v.is_finite() => Ok(v),
        _ => Err(refuse("is not a number")),
    }
}

/// `true`/`false`, also `1`/`0`, `yes`/`no`, `on`/`off`.
pub fn boolean(value: &str) -> Result<bool, Refusal> {
    match value.trim().to_ascii_lowercase().as_str() {
        "1" | "true" | "yes" | "on" => Ok(true),
        "0" | "false" | "no" | "off" => Ok(false),
        _ => Err(refuse("is not true or false")),
    }
}

/// A number clamped to a range; out of range is refused with the clamped value.
pub fn ranged(value: &str, (lo, hi): (f64, f64)) -> Result<f64, Refusal> {
    let v = number(value)?;
    if v < lo || v > hi {
        let clamped = v.clamp(lo, hi);
        return Err(Refusal::with_fallback(
            format!("is outside {lo} to {hi}"),
            clamped.to_string(),
        ));
    }
    Ok(v)
}

/// A whole number in a range; a fraction or an out-of-range value is
/// refused with the nearest allowed one.
pub fn whole(value: &str, (lo, hi): (u64, u64), what: &str) -> Result<u64, Refusal> {
    let v = number(value)?;
    if v.fract() != 0.0 || v < lo as f64 || v > hi as f64 {
        return Err(Refusal::with_fallback(
            format!("is not a whole number {what}from {lo} to {hi}"),
            (v.round().clamp(lo as f64, hi as f64) as u64).to_string(),
        ));
    }
    Ok(v as u64)
}

impl Settings {
    /// Settings from URL query pairs, starting from the defaults: every bad
    /// value becomes a notice and falls back (to the nearest valid value when
    /// there is one, else to the default).
    pub fn with_url<'a>(
        pairs: impl IntoIterator<Item = (&'a str, &'a str)>,
    ) -> (Settings, Vec<Notice>) {
        let mut settings = Settings::default();
        let (pairs, mut notices) = last_of_each(pairs);
        for (key, value) in ordered(pairs) {
            if let Err(refusal) = settings.apply(key, value) {
                let fallback = match refusal.fallback {
                    Some(fallback) => {
                        // The fallback is valid by construction.
                        let _ = settings.apply(key, &fallback);
                        refusal.fallback_words.unwrap_or(fallback)
                    }
                    None => settings.describe(key).unwrap_or_default(),
                };
                // An empty value means none, or the default: say which.
                let fallback = match fallback.trim() {
                    "" => settings.none_words(key).to_string(),
                    _ => fallback,
                };
                let (key, value) = (quote(key), quote(value));
                let message = if setting(&key).is_some() {
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
            if let Some(problem) = self.fixed(key) {
                return Err(format!("descent.set: {key} {problem}"));
            }
            next.apply(key, value).map_err(|refusal| {
                let hint = refusal
                    .fallback
                    .map(|f| format!(" (nearest allowed: {f})"))
                    .unwrap_or_default();
                let value = quote(value);
                format!("descent.set: {key} = \"{value}\" {}{hint}", refusal.problem)
            })?;
        }
        // A scene brings its own values: locked settings keep theirs.
        let kept: Vec<(&str, String)> = (self.page.lock.iter())
            .map(|&key| (key, self.value_of(key).unwrap_or_default()))
            .collect();
        // In the table's order, as a URL would be applied: a data set
        // brings its own rate, so the rate comes back after it.
        for (key, value) in ordered(kept.iter().map(|(k, v)| (*k, v.as_str()))) {
            let _ = next.apply(key, value);
        }
        Ok(next)
    }

    /// Why `set()` may not change `key`, if it may not: a locked setting,
    /// or one only the address can give.
    fn fixed(&self, key: &str) -> Option<String> {
        if self.page.lock.contains(&key) {
            let value = self.value_of(key).unwrap_or_default();
            return Some(format!(
                "is locked on this page (lock={}), so it stays {value}",
                self.page.lock.join(",")
            ));
        }
        matches!(key, "lock" | "embed")
            .then(|| "can only be given in the page's address".to_string())
    }

    /// True when the page has locked `key`.
    pub fn locked(&self, key: &str) -> bool {
        self.page.lock.contains(&key)
    }

    /// Applies one key and value through the table.
    fn apply(&mut self, key: &str, value: &str) -> Result<(), Refusal> {
        match setting(key) {
            Some(row) => (row.write)(self, value),
            None => Err(refuse(format!(
                "is not a setting (known: {})",
                keys().collect::<Vec<_>>().join(", ")
            ))),
        }
    }

    /// The defaults with a built-in query applied in the table's order (a
    /// scene's or a challenge's settings, which are tested to parse
    /// cleanly; a bad value would stop there rather than fail).
    pub(crate) fn from_query(query: &str) -> Settings {
        let mut settings = Settings::default();
        let pairs = query_pairs(query);
        for (key, value) in ordered(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str()))) {
            if settings.apply(key, value).is_err() {
                break;
            }
        }
        settings
    }

    /// The number of points of the chosen data set.
    pub fn points(&self) -> usize {
        match (&self.custom, self.dataset) {
            (Some(custom), Preset::Custom) => custom.data.len(),
            _ => self.synth().map_or(self.dataset.size(), |s| s.n),
        }
    }

    /// How the chosen preset is drawn, if it is synthetic.
    pub fn synth(&self) -> Option<Synth> {
        let own = Synth::defaults(self.dataset)?;
        let c = self.synth;
        Some(Synth {
            n: c.n.unwrap_or(own.n),
            separation: c.separation.unwrap_or(own.separation),
            spread: c.spread.unwrap_or(own.spread),
            imbalance: c.imbalance.unwrap_or(own.imbalance),
            label_noise: c.label_noise.unwrap_or(own.label_noise),
            sample: c.sample,
        })
    }

    /// True when the chosen data have two features.
    pub fn two_feature_data(&self) -> bool {
        match (&self.custom, self.dataset) {
            (Some(custom), Preset::Custom) => custom.data.x2.is_some(),
            _ => self.dataset.two_features(),
        }
    }

    /// The data the settings choose, before standardisation.
    pub fn raw_data(&self) -> Dataset {
        match (&self.custom, self.dataset) {
            (Some(custom), Preset::Custom) => custom.data.clone(),
            _ => match self.synth() {
                Some(synth) => crate::model::data::generate(self.dataset, synth),
                None => Dataset::preset(self.dataset, false),
            },
        }
    }

    /// The batch size in force: the chosen one, or all points.
    pub fn effective_batch_size(&self) -> usize {
        self.batch_size.unwrap_or(self.points()).min(self.points())
    }

    /// The batch size of a run with its own choice `own`.
    pub fn batch_size_of(&self, own: Option<BatchSize>) -> usize {
        match own {
            None => self.effective_batch_size(),
            Some(BatchSize::Full) => self.points(),
            Some(BatchSize::Points(b)) => b.clamp(1, self.points()),
        }
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

    /// Sets the first run's learning rate (and with a list of runs, its entry).
    pub fn set_learning_rate(&mut self, learning_rate: f64) {
        self.learning_rate = learning_rate;
        if let Runs::List(runs) = &mut self.runs {
            if let Some(first) = runs.first_mut() {
                first.learning_rate = learning_rate;
            }
        }
    }

    /// The runs side by side, each as (optimizer, learning rate, batch
    /// size), given the lecture's trio of rates for the current data (used
    /// when `runs=trio`; without it, the trio falls back to one run).
    pub fn run_specs(&self, trio: Option<[f64; 3]>) -> Vec<RunSpec> {
        let one = RunSpec {
            optimizer: None,
            learning_rate: self.learning_rate,
            batch: None,
        };
        match (&self.runs, trio) {
            (Runs::List(runs), _) if !runs.is_empty() => runs.clone(),
            (Runs::Trio, Some(rates)) => rates
                .map(|learning_rate| RunSpec {
                    learning_rate,
                    ..one
                })
                .to_vec(),
            _ => vec![one],
        }
    }

    /// The value of `key` as it would appear in a URL.
    pub fn value_of(&self, key: &str) -> Option<String> {
        setting(key).map(|row| (row.read)(self))
    }

    /// The value of `key` in words for a notice: as in a URL, except that a
    /// default start names its coordinates.
    fn describe(&self, key: &str) -> Option<String> {
        match (key, self.start) {
            ("start", None) => {
                let [b0, b1] = self.default_start();
                let whose = match self.model {
                    ModelChoice::Logistic | ModelChoice::Features2 => "the data set's",
                    ModelChoice::Hidden => "the hidden unit's",
                };
                Some(format!("{b0},{b1} ({whose} default)"))
            }
            _ => self.value_of(key),
        }
    }

    /// What an empty value of `key` stands for, in words for a notice
    /// ("using the default view"), where a URL would show nothing.
    fn none_words(&self, key: &str) -> &'static str {
        match key {
            "scene" if self.challenge.is_none() && self.page.slide.is_none() => "the default view",
            "scene" => "no scene",
            "challenge" => "no challenge",
            "data" => "no data of your own",
            "label" | "x" => "no column",
            "x2" => "one feature",
            "runs" => "one run",
            "n" | "separation" | "spread" | "imbalance" | "label_noise" => "the data set's own",
            "restart_box" => "the plotted window",
            "notes" => "no notes",
            "deck" => "no deck",
            "slide" => "no slide",
            "lock" => "nothing locked",
            _ => "the default",
        }
    }

    /// Where runs start unless `start` says otherwise: the model's start,
    /// or the data set's.
    pub fn default_start(&self) -> Params {
        self.model
            .model()
            .default_start()
            .unwrap_or(self.dataset.default_start())
    }

    /// The settings that differ from the defaults (or from the scene's,
    /// challenge's or slide's settings they started from), as `key=value`
    /// pairs for a shareable URL, each value escaped where a URL needs it.
    pub fn to_query(&self) -> String {
        let slide = self.page.slide.and_then(|k| self.page.deck.get(k));
        match slide {
            Some(slide) => self.query_over(slide.settings(), true),
            None => self.query_over(self.base(), true),
        }
    }

    /// The view alone, as a slide keeps it: `to_query` without the page's
    /// own settings, over the scene or challenge it started from.
    pub fn view_query(&self) -> String {
        self.query_over(self.base(), false)
    }

    /// The settings a scene or challenge started from, else the defaults.
    fn base(&self) -> Settings {
        match (self.challenge, self.scene) {
            (Some(challenge), _) => challenge.settings(),
            (None, Some(scene)) => scene.settings(),
            (None, None) => Settings::default(),
        }
    }

    /// The settings that differ from `base`, with or without the page's own.
    fn query_over(&self, base: Settings, page: bool) -> String {
        let at_slide = page && self.page.slide.is_some();
        let differs = |row: &Setting| (row.read)(self) != (row.read)(&base);
        // The data choose the model when they change (two features, the
        // two-feature model), so a link names the model when it is not the
        // one its data would choose.
        let data_change = TABLE
            .iter()
            .any(|row| matches!(row.key, "dataset" | "data") && differs(row));
        let implied = match data_change {
            true => ModelChoice::fitting(base.model, self.two_feature_data()),
            false => base.model,
        };
        TABLE
            .iter()
            .filter(|row| match row.key {
                _ if !page && PAGE_KEYS.contains(&row.key) => false,
                "scene" | "challenge" if at_slide => differs(row),
                "scene" => self.scene.is_some() && self.challenge.is_none(),
                "challenge" => self.challenge.is_some(),
                "model" => self.model != implied,
                _ => differs(row),
            })
            .map(|row| format!("{}={}", row.key, escape((row.read)(self))))
            .collect::<Vec<_>>()
            .join("&")
    }
}

/// A value escaped for a URL query: the characters that would end or
/// change it there (`%`, `&`, `#`, `+`, line breaks) as %XX; the rest as
/// is, so a link stays readable.
fn escape(value: String) -> String {
    if !value.contains(['%', '&', '#', '+', '\n', '\r']) {
        return value;
    }
    let mut out = String::with_capacity(value.len() + 16);
    for c in value.chars() {
        match c {
            '%' | '&' | '#' | '+' | '\n' | '\r' => out.push_str(&format!("%{:02X}", c as u32)),
            c => out.push(c),
        }
    }
    out
}

/// The key/value pairs of a URL query, %XX escapes decoded (as a browser's
/// URLSearchParams would, but for `+`, which the queries here never use for
/// a space).
pub(crate) fn query_pairs(query: &str) -> Vec<(String, String)> {
    query
        .split('&')
        .filter_map(|kv| kv.split_once('='))
        .map(|(k, v)| (unescape(k), unescape(v)))
        .collect()
}

/// `text` with its %XX escapes decoded; a malformed one stays as it is.
fn unescape(text: &str) -> String {
    if !text.contains('%') {
        return text.to_string();
    }
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok());
        match (bytes[i], hex.and_then(|h| u8::from_str_radix(h, 16).ok())) {
            (b'%', Some(byte)) => {
                out.push(byte);
                i += 3;
            }
            (byte, _) => {
                out.push(byte);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// A value as a message quotes it: at most 40 characters, then how many
/// more there were, so a pasted page of digits cannot flood the page.
fn quote(value: &str) -> String {
    let count = value.chars().count();
    if count <= 40 {
        return value.to_string();
    }
    let head: String = value.chars().take(40).collect();
    format!("{head}… ({} characters in all)", count)
}

/// The pairs with each key once, at its last value (as a browser's
/// `URLSearchParams` would leave it after `set`), and a notice for each key
/// given more than once naming its values.
fn last_of_each<'a>(
    pairs: impl IntoIterator<Item = (&'a str, &'a str)>,
) -> (Vec<(&'a str, &'a str)>, Vec<Notice>) {
    let pairs: Vec<(&str, &str)> = pairs.into_iter().collect();
    // Each key's last place and its values, in order.
    let mut given: HashMap<&str, (usize, Vec<&str>)> = HashMap::new();
    for (k, &(key, value)) in pairs.iter().enumerate() {
        let entry = given.entry(key).or_default();
        entry.0 = k;
        entry.1.push(value);
    }
    let mut kept = Vec::with_capacity(given.len());
    let mut notices = Vec::new();
    for (k, &(key, value)) in pairs.iter().enumerate() {
        let (last, values) = &given[key];
        if *last != k {
            continue;
        }
        kept.push((key, value));
        if values.len() > 1 {
            let quoted = |v: &&str| format!("\"{}\"", quote(v));
            // A long run of repeats is named by its first few and its last.
            let mut shown: Vec<String> = (values.iter().take(values.len() - 1))
                .take(3)
                .map(quoted)
                .collect();
            if values.len() > 4 {
                shown.push("…".into());
            }
            notices.push(Notice {
                key: quote(key),
                message: format!(
                    "{} is given more than once ({}, then {}); using the last, {}.",
                    quote(key),
                    shown.join(", "),
                    quoted(&value),
                    quoted(&value)
                ),
            });
        }
    }
    (kept, notices)
}

/// Applies pairs in the table's order (a scene first, then the data set
/// before the batch size, the schedule before its decay, the runs before
/// `lr`), so each value is checked against what it comes with, whatever the
/// order given.
fn ordered<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> Vec<(&'a str, &'a str)> {
    let mut pairs: Vec<_> = pairs.into_iter().collect();
    pairs.sort_by_key(|(k, _)| setting(k).map_or(u8::MAX, |row| row.order));
    pairs
}

#[cfg(test)]
mod tests;
