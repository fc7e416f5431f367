//! The settings as values: every choice the page can make, its defaults
//! and limits, and what follows from them (the data, the batch size in
//! force, the schedule, the runs). Nothing here reads or writes a URL.

use crate::model::batches::Sampling;
use crate::model::data::{Dataset, Preset, Synth};
use crate::model::objective::{Loss, Model, Penalty};
use crate::model::optim::{Hyper, OptimizerKind};
use crate::model::schedule::Schedule;
use crate::model::Params;
use std::fmt;
use std::rc::Rc;

use super::challenge::Challenge;
use super::deck::Slide;
use super::display::{PlotSet, SurfaceDisplay};
use super::scenes::Scene;

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
    pub challenge: Option<&'static Challenge>,
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
    /// `plots`: which of the three plots show (the contour plot always).
    pub plots: PlotSet,
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
    /// `sound`: a tone follows the first run's loss, with cues when a run
    /// converges or diverges (off unless asked for).
    pub sound: bool,
    /// `shortcuts=false`: the single-letter keys (e, r, d, s, h, t, b, p,
    /// c, ?) do nothing, for speech input, where a spoken word can arrive
    /// as letters (WCAG 2.1.4); Space, arrows and page keys still work.
    pub shortcuts_off: bool,
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
pub const PAGE_KEYS: [&str; 9] = [
    "embed",
    "controls",
    "lock",
    "theme",
    "trail",
    "sound",
    "shortcuts",
    "deck",
    "slide",
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
            plots: PlotSet::All,
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

impl Settings {
    /// True when the page has locked `key`.
    pub fn locked(&self, key: &str) -> bool {
        self.page.lock.contains(&key)
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

    /// Where runs start unless `start` says otherwise: the model's start,
    /// or the data set's.
    pub fn default_start(&self) -> Params {
        self.model
            .model()
            .default_start()
            .unwrap_or(self.dataset.default_start())
    }
}
