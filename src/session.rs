//! What the page holds: the settings, the data and its objective, the
//! landscape under the paths, and the runs side by side, kept consistent
//! as settings change. No browser code and no sentences live here (`view`
//! says what it means), so every path through it is tested natively.

use crate::model::csv;
use crate::model::data::Dataset;
use crate::model::data::Preset;
use crate::model::objective::{
    Batch, Composite, LogisticNll, Loss, Model, Objective, Penalised, Penalty,
};
use crate::model::rng::Rng;
use crate::model::run::{Run, RunConfig};
use crate::model::stability::Stability;
use crate::model::surface::{self, frame, Landscape};
use crate::model::trace::coarsened;
use crate::model::window::Window;
use crate::model::Params;
use crate::settings::table::{touched, Touches};
use crate::settings::{Custom, DataSource, ModelChoice, Notice, PathMode, RunSpec, Runs, Settings};
use std::rc::Rc;

/// Mixed into the seed for the random restarts' starts.
const RESTART_SALT: u64 = 0x5747_2753_0000_00AB;

/// Grid points per side of the full and batch loss surfaces (fewer for
/// large data, see [`surface::grid_size`]).
pub const GRID_SIZE: usize = 200;

/// Time the full surface may take when the data change, in milliseconds:
/// nothing done by hand should hold the page for longer than about 50 ms.
const SURFACE_BUDGET_MS: f64 = 40.0;

/// Time the batch surface may take at each step, in milliseconds.
const BATCH_SURFACE_BUDGET_MS: f64 = 8.0;

/// Longest stretch of time one animation frame may catch up on, in seconds:
/// a tab that was hidden for a minute does not run a minute of steps at once.
const MAX_FRAME_SECONDS: f64 = 0.1;

/// Grid points per side of the full surface of `objective`.
fn full_grid(objective: &dyn Objective) -> usize {
    surface::grid_size(objective, objective.len(), GRID_SIZE, SURFACE_BUDGET_MS)
}

/// The loss the settings choose, on `data`. The logistic model with the
/// NLL has its own fast implementation; the others are composed from a
/// model and a loss, their minima searched for over a box: around the
/// logistic NLL's minimum for the squared loss (its minimum lies near it),
/// over [-8, 8]^2 for the hidden unit.
fn build_objective(settings: &Settings, data: &Dataset, start: Params) -> Box<dyn Objective> {
    let plain = plain_objective(settings, data, start);
    if settings.penalty == Penalty::None {
        return plain;
    }
    Box::new(Penalised::new(
        plain,
        settings.penalty,
        settings.lambda,
        penalised(settings.model.model()),
    ))
}

/// Which parameters a penalty takes in: the intercept is never penalised;
/// a model without one has both parameters penalised.
pub fn penalised(model: Model) -> [bool; 2] {
    match model {
        Model::InterceptSlope => [false, true],
        Model::HiddenUnit { .. } | Model::TwoFeatures => [true, true],
    }
}

/// The loss without a penalty.
fn plain_objective(settings: &Settings, data: &Dataset, start: Params) -> Box<dyn Objective> {
    let logistic = LogisticNll::new(data);
    let model = settings.model.model();
    match (model, settings.loss, LogisticNll::two_features(data)) {
        (Model::InterceptSlope, Loss::Nll, _) => return Box::new(logistic),
        (Model::TwoFeatures, Loss::Nll, Some(two)) => return Box::new(two),
        _ => {}
    }
    let search = match (model, logistic.optimum(Batch::All)) {
        (Model::InterceptSlope, Some(optimum)) => frame(&logistic, &[start], optimum),
        _ => Window::new((-8.0, 8.0), (-8.0, 8.0)),
    };
    match (model, &data.x2) {
        (Model::TwoFeatures, Some(x2)) => Box::new(
            Composite::new(x2.clone(), data.y.clone(), model, settings.loss, search)
                .with_first(data.x.clone()),
        ),
        _ => Box::new(Composite::new(
            data.x.clone(),
            data.y.clone(),
            model,
            settings.loss,
            search,
        )),
    }
}

/// What a settings change touched, so the page redraws only what it must.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Changes {
    /// The data set or the window changed: redraw the backgrounds.
    pub scene: bool,
    /// Anything else shown changed.
    pub frame: bool,
}

/// The settings, the data, the landscape and the runs of one page.
pub struct Session {
    settings: Settings,
    data: Dataset,
    objective: Box<dyn Objective>,
    landscape: Landscape,
    stability: Option<Stability>,
    runs: Vec<Run>,
    running: bool,
    /// Fraction of a step owed by the last frames at the current speed.
    owed_steps: f64,
    /// The landscape of the first run's last batch, computed when first
    /// asked for after each step.
    batch_landscape: Option<Landscape>,
    /// Grid points per side of the batch landscape.
    batch_grid_size: usize,
    /// Where a setting of the first run changed while it ran, for the trace.
    marks: Vec<SettingMark>,
}

/// A change to the first run's settings in mid-run: the step it took
/// effect after, and what changed ("η", "method", "batch", ...).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct SettingMark {
    /// Steps taken when the change came.
    pub step: u64,
    /// What changed, in a word or a symbol.
    pub what: &'static str,
}

/// Most points of a path drawn (see `Session::path`).
const PATH_POINTS: usize = 1500;

/// Most marks kept; older ones go first.
const MAX_MARKS: usize = 64;

/// What differs between two configurations of a run, in a word.
fn change_word(old: &RunConfig, new: &RunConfig) -> Option<&'static str> {
    if old.optimizer != new.optimizer {
        Some("method")
    } else if old.learning_rate != new.learning_rate {
        Some("η")
    } else if old.batch_size != new.batch_size {
        Some("batch")
    } else if old.schedule != new.schedule {
        Some("schedule")
    } else if old != new {
        Some("setting")
    } else {
        None
    }
}

impl Session {
    /// A session from URL query pairs, and a notice for every bad value.
    pub fn from_url<'a>(
        pairs: impl IntoIterator<Item = (&'a str, &'a str)>,
    ) -> (Session, Vec<Notice>) {
        let (settings, notices) = Settings::with_url(pairs);
        (Session::new(settings), notices)
    }

    /// A session at the start of its runs with these settings.
    pub fn new(settings: Settings) -> Session {
        let raw = settings.raw_data();
        let data = if settings.standardize {
            raw.standardized()
        } else {
            raw
        };
        let start = settings.start.unwrap_or(settings.default_start());
        let objective = build_objective(&settings, &data, start);
        Session::assemble(settings, data, objective)
    }

    /// The session of the page opened with no settings, built without the
    /// general constructor's choice among every data set, model and loss,
    /// so that the first-frame module (`web::first`) links only what the
    /// default view draws. A test keeps it equal to
    /// `Session::new(Settings::default())`.
    pub fn first() -> Session {
        let settings = Settings::default();
        // The default data are synthetic (the overlap preset's own sample).
        let data = (settings.synth())
            .map(|synth| crate::model::data::generate(settings.dataset, synth))
            .unwrap_or_default();
        let objective = Box::new(LogisticNll::new(&data));
        Session::assemble(settings, data, objective)
    }

    /// A session at the start of its runs with these settings, data and loss.
    fn assemble(settings: Settings, data: Dataset, objective: Box<dyn Objective>) -> Session {
        let start = settings.start.unwrap_or(settings.default_start());
        let landscape = Landscape::new(objective.as_ref(), start, full_grid(objective.as_ref()));
        let stability = landscape
            .optimum
            .and_then(|optimum| Stability::at(objective.as_ref(), optimum));
        let mut session = Session {
            running: settings.autoplay,
            settings,
            data,
            objective,
            landscape,
            stability,
            runs: Vec::new(),
            owed_steps: 0.0,
            batch_landscape: None,
            batch_grid_size: GRID_SIZE,
            marks: Vec::new(),
        };
        session.settings = session.resolved(session.settings.clone());
        session.rebuild_runs();
        session
    }

    /// `settings` with the trio's first rate as `lr` (the first run's rate),
    /// so `lr` always describes the first run.
    fn resolved(&self, mut settings: Settings) -> Settings {
        if let (Runs::Trio, Some(trio)) = (&settings.runs, self.trio()) {
            settings.learning_rate = trio[0];
        }
        settings
    }

    /// The lecture's trio of learning rates for this data, if the loss has
    /// a minimum to be stable around.
    pub fn trio(&self) -> Option<[f64; 3]> {
        self.stability.map(|s| s.trio())
    }

    /// Applies settings given as key/value pairs (the API's `set`). A bad
    /// value is an error that names it, and then nothing changes.
    pub fn set<'a>(
        &mut self,
        pairs: impl IntoIterator<Item = (&'a str, &'a str)>,
    ) -> Result<Changes, String> {
        let pairs: Vec<(&str, &str)> = pairs.into_iter().collect();
        let mut current = self.settings.clone();
        // Changing the first run's rate makes the trio a plain list (a new
        // optimizer for all three keeps it a trio).
        let edits_first = pairs.iter().any(|(k, _)| *k == "lr");
        let gives_runs = pairs.iter().any(|(k, _)| *k == "runs");
        if current.runs == Runs::Trio && edits_first && !gives_runs {
            current.runs = Runs::List(current.run_specs(self.trio()));
        }
        let next = current.with_api(pairs)?;
        Ok(self.apply(next))
    }

    /// Shows another page's view whole (its query's settings over the
    /// defaults; this page's own kept): a student following the lecturer.
    pub fn open_view(&mut self, query: &str) -> Changes {
        let next = Settings::view_from(query, &self.settings.page);
        self.apply(next)
    }

    /// Changes the deck (the deck editor's add, rename, move and remove);
    /// an index that is not a slide is an error, and then nothing changes.
    pub fn edit_deck(&mut self, edit: crate::settings::deck::Edit) -> Result<Changes, String> {
        let mut next = self.settings.clone();
        let view = next.view_query();
        crate::settings::deck::edit(&mut next.page, edit, view)?;
        Ok(self.apply(next))
    }

    /// Moves to `next` settings, rebuilding only what they invalidate.
    fn apply(&mut self, next: Settings) -> Changes {
        let old = std::mem::replace(&mut self.settings, next);
        self.batch_landscape = None;
        // What each setting makes stale is stated in its row of the table.
        let touched = touched(&old, &self.settings);
        if touched.contains(&Touches::Data) {
            let running = self.running;
            *self = Session::new(self.settings.clone());
            self.running = running && self.can_play();
            return Changes {
                scene: true,
                frame: true,
            };
        }
        self.settings = self.resolved(self.settings.clone());
        let new = &self.settings;
        let mut changes = Changes {
            scene: touched.contains(&Touches::Backgrounds),
            frame: new != &old,
        };
        let start = self.start();
        let configs = self.run_configs();
        let restart = touched.contains(&Touches::Restart) || configs.len() != self.runs.len();
        if new.start != old.start && !self.landscape.window().contains(start) {
            let g = full_grid(self.objective.as_ref());
            self.landscape = Landscape::new(self.objective.as_ref(), start, g);
            changes.scene = true;
        }
        if restart {
            self.rebuild_runs();
            self.owed_steps = 0.0;
        } else {
            let retuned = touched.contains(&Touches::Runs);
            // A change to a running first run is marked on the trace.
            if let (Some(run), Some(config)) = (self.runs.first(), configs.first()) {
                let step = run.step_count();
                let what = change_word(run.config(), config);
                if let (Some(what), true) = (what, step > 0 && new.path == PathMode::Play) {
                    match self.marks.last_mut() {
                        Some(last) if last.step == step => last.what = what,
                        _ => self.marks.push(SettingMark { step, what }),
                    }
                    if self.marks.len() > MAX_MARKS {
                        self.marks.remove(0);
                    }
                }
            }
            for (run, config) in self.runs.iter_mut().zip(configs) {
                run.retune(config);
            }
            // The live path is recomputed only when a run's settings changed,
            // not for a new speed or a view option.
            if retuned && self.settings.path == PathMode::Live {
                self.replay();
            }
        }
        self.running &= self.can_play();
        changes
    }

    /// The configuration of each run from the settings: the runs side by
    /// side, or with `restarts`, K copies of the first from random starts.
    fn run_configs(&self) -> Vec<RunConfig> {
        let s = &self.settings;
        let config = |spec: RunSpec, start: Params| RunConfig {
            start,
            learning_rate: spec.learning_rate,
            schedule: s.learning_rate_schedule(),
            batch_size: s.batch_size_of(spec.batch),
            sampling: s.sampling,
            drop_last: s.drop_last,
            seed: s.seed,
            optimizer: spec.optimizer.unwrap_or(s.optimizer),
            hyper: s.hyper,
            line_search: s.line_search,
            noise: s.noise,
            noise_decay: s.noise_decay,
        };
        let specs = s.run_specs(self.trio());
        if s.restarts > 0 {
            return self
                .restart_starts()
                .into_iter()
                .map(|start| config(specs[0], start))
                .collect();
        }
        let start = self.start();
        specs.into_iter().map(|spec| config(spec, start)).collect()
    }

    /// The K random starts: uniform over the restart box (or the window),
    /// seeded, so the same seed gives the same starts.
    pub fn restart_starts(&self) -> Vec<Params> {
        let s = &self.settings;
        let w = self.landscape.window();
        let [b0min, b0max, b1min, b1max] =
            s.restart_box.unwrap_or([w.b0.0, w.b0.1, w.b1.0, w.b1.1]);
        let mut rng = Rng::new(s.seed ^ RESTART_SALT);
        (0..s.restarts)
            .map(|_| {
                let b0 = b0min + (b0max - b0min) * rng.uniform();
                let b1 = b1min + (b1max - b1min) * rng.uniform();
                // Three decimals, as a clicked start: links stay short.
                [(b0 * 1e3).round() / 1e3, (b1 * 1e3).round() / 1e3]
            })
            .collect()
    }

    /// New runs at their start; in the live mode, run through the first T steps.
    fn rebuild_runs(&mut self) {
        self.marks.clear();
        let objective = self.objective.as_ref();
        self.runs = self
            .run_configs()
            .into_iter()
            .map(|config| Run::new(objective, config))
            .collect();
        if self.settings.path == PathMode::Live {
            self.replay();
        }
    }

    /// The live mode's work: every run from its start through T steps.
    fn replay(&mut self) {
        let objective = self.objective.as_ref();
        let steps = self.settings.steps;
        for run in &mut self.runs {
            run.reset(objective);
            run.step_many(objective, steps);
        }
        self.batch_landscape = None;
    }

    /// Loads the user's CSV: the `label` column and the feature columns `x`
    /// (and `x2`), by name or number, guessed when not given. On success
    /// the data are the page's (standardised, the two-feature model when
    /// two features are chosen) and the summary says what was used and
    /// skipped; on failure nothing changes.
    pub fn load_csv(
        &mut self,
        text: &str,
        label: Option<&str>,
        x: Option<&str>,
        x2: Option<&str>,
    ) -> Result<(Changes, csv::Summary), csv::CsvError> {
        let (data, summary) = csv::read(text, label, x, x2)?;
        let mut next = self.settings.clone();
        let two = data.x2.is_some();
        next.custom = Some(Custom {
            data,
            source: DataSource::Csv,
            skipped: summary.skipped,
            positive: summary.positive.clone(),
            label: summary.label.clone(),
            csv: Some(Rc::from(text)),
        });
        next.dataset = Preset::Custom;
        next.standardize = true;
        next.start = None;
        next.model = ModelChoice::fitting(next.model, two);
        next.set_learning_rate(Preset::Custom.default_learning_rate());
        next.point = 0;
        Ok((self.apply(next), summary))
    }

    /// Adds a point (features as the model sees them) of class `label`;
    /// the data become the user's own, edited by hand.
    pub fn add_point(&mut self, x: f64, x2: Option<f64>, label: bool) -> Result<Changes, String> {
        if !x.is_finite() || x2.is_some_and(|v| !v.is_finite()) {
            return Err("the point's coordinates must be finite numbers".into());
        }
        let mut data = self.data.clone();
        if data.len() >= csv::MAX_ROWS {
            return Err(format!(
                "the data already have {} points, the most",
                csv::MAX_ROWS
            ));
        }
        match (&mut data.x2, x2) {
            (Some(values), Some(v)) => values.push(v),
            (Some(_), None) => return Err("these data have two features: give x2 too".into()),
            (None, _) => {}
        }
        data.x.push(x);
        data.y.push(if label { 1.0 } else { 0.0 });
        Ok(self.edit(data))
    }

    /// Removes point `index`; the data become the user's own, edited by hand.
    pub fn remove_point(&mut self, index: usize) -> Result<Changes, String> {
        let mut data = self.data.clone();
        if index >= data.len() {
            return Err(format!(
                "there is no point {index}: the data have {} (0 to {})",
                data.len(),
                data.len().saturating_sub(1)
            ));
        }
        data.x.remove(index);
        data.y.remove(index);
        if let Some(values) = data.x2.as_mut() {
            values.remove(index);
        }
        if data.len() < 2 || !data.y.contains(&0.0) || !data.y.contains(&1.0) {
            return Err("the data must keep at least one point of each class".into());
        }
        Ok(self.edit(data))
    }

    /// The page with `data` (as the model sees them) as the user's own.
    fn edit(&mut self, data: Dataset) -> Changes {
        let mut next = self.settings.clone();
        let (positive, label) = next.custom.as_ref().map_or_else(
            || ("1".into(), "label".into()),
            |c| (c.positive.clone(), c.label.clone()),
        );
        next.custom = Some(Custom {
            data,
            source: DataSource::Edited,
            skipped: 0,
            positive,
            label,
            csv: None,
        });
        next.dataset = Preset::Custom;
        // The points are already as the model sees them.
        next.standardize = false;
        next.point = next.point.min(next.points().saturating_sub(1));
        self.apply(next)
    }

    /// Starts the runs again from `start` (a click or a drag on the contour plot).
    pub fn start_at(&mut self, start: Params) -> Changes {
        let mut next = self.settings.clone();
        next.start = Some(start);
        self.apply(next)
    }

    /// Moves note `k` to point at `at` (a note dragged on the contour plot);
    /// nothing changes for a note that is not there or a place that is not
    /// a number.
    pub fn move_note(&mut self, k: usize, at: Params) -> Changes {
        if k >= self.settings.notes.len() || !at.iter().all(|v| v.is_finite()) {
            return Changes::default();
        }
        let mut next = self.settings.clone();
        next.notes[k].at = at;
        self.apply(next)
    }

    /// Back to step 0 with the same settings (in the live mode, the same T steps).
    pub fn reset(&mut self) {
        self.marks.clear();
        let objective = self.objective.as_ref();
        for run in &mut self.runs {
            run.reset(objective);
        }
        if self.settings.path == PathMode::Live {
            self.replay();
        }
        self.owed_steps = 0.0;
        self.batch_landscape = None;
    }

    /// Whether playing makes sense: some run can still step, and the path
    /// is not the live mode's fixed first T steps.
    fn can_play(&self) -> bool {
        self.settings.path == PathMode::Play && self.runs.iter().any(|r| r.divergence().is_none())
    }

    /// Plays or pauses. Runs that all diverged, or the live mode, cannot play.
    pub fn set_running(&mut self, running: bool) {
        self.running = running && self.can_play();
        self.owed_steps = 0.0;
    }

    /// Takes `k` steps of every run now (a diverged run stops alone; in the
    /// live mode nothing moves); returns the most steps any run moved.
    pub fn step(&mut self, k: u64) -> u64 {
        if self.settings.path == PathMode::Live {
            return 0;
        }
        let objective = self.objective.as_ref();
        let moved = self
            .runs
            .iter_mut()
            .map(|run| run.step_many(objective, k))
            .max()
            .unwrap_or(0);
        if moved > 0 {
            self.batch_landscape = None;
        }
        self.running &= self.can_play();
        moved
    }

    /// Steps until the first run's current epoch completes (at most one
    /// epoch's batches), the other runs alongside; returns the steps taken.
    pub fn step_epoch(&mut self) -> u64 {
        let epoch = self.run().epoch();
        let mut taken = 0;
        let limit = self.run().batches_per_epoch().max(1) as u64;
        while self.run().epoch() == epoch && taken < limit && self.step(1) == 1 {
            taken += 1;
        }
        taken
    }

    /// Advances playing runs by the steps due after `seconds` at the chosen
    /// speed; returns how many steps were taken.
    pub fn advance(&mut self, seconds: f64) -> u64 {
        if !self.running || seconds.is_nan() || seconds <= 0.0 {
            return 0;
        }
        self.owed_steps += self.settings.speed * seconds.min(MAX_FRAME_SECONDS);
        let due = self.owed_steps.floor();
        self.owed_steps -= due;
        self.step(due as u64)
    }

    /// The settings in force.
    pub fn settings(&self) -> &Settings {
        &self.settings
    }

    /// The data the model sees.
    pub fn data(&self) -> &Dataset {
        &self.data
    }

    /// The loss being minimised.
    pub fn objective(&self) -> &dyn Objective {
        self.objective.as_ref()
    }

    /// The loss surface under the paths.
    pub fn landscape(&self) -> &Landscape {
        &self.landscape
    }

    /// The largest stable learning rate and friends, where the loss has a minimum.
    pub fn stability(&self) -> Option<Stability> {
        self.stability
    }

    /// The first run (the one `lr`, `batch` and the top-level state describe).
    pub fn run(&self) -> &Run {
        &self.runs[0]
    }

    /// Every run, the first first.
    pub fn runs(&self) -> &[Run] {
        &self.runs
    }

    /// True when the model reads two features (and the data have them).
    pub fn two_features(&self) -> bool {
        self.settings.model == crate::settings::ModelChoice::Features2 && self.data.x2.is_some()
    }

    /// True when the first run's batches are smaller than the data
    /// (mini-batch or stochastic gradient descent); false for full gradient
    /// descent, where L_k is L.
    pub fn uses_batches(&self) -> bool {
        self.run().config().batch_size < self.data.len()
    }

    /// The landscape of the loss L_k of the batch the first run's last step
    /// used, over the same window as the full one; `None` before the first
    /// step or with full batches (where L_k is L).
    pub fn batch_landscape(&mut self) -> Option<&Landscape> {
        if self.run().batch().is_empty() || !self.uses_batches() {
            return None;
        }
        if self.batch_landscape.is_none() {
            let batch = self.runs[0].batch();
            let objective = self.objective.as_ref();
            let g = surface::grid_size(
                objective,
                batch.len(),
                self.batch_grid_size,
                BATCH_SURFACE_BUDGET_MS,
            );
            self.batch_landscape = Some(Landscape::for_batch(
                objective,
                batch,
                self.landscape.window(),
                g,
            ));
        }
        self.batch_landscape.as_ref()
    }

    /// The minimum of the first run's last batch's own loss, if it has one
    /// (its points are not separable) and batches are smaller than the data.
    pub fn batch_optimum(&self) -> Option<Params> {
        if self.run().batch().is_empty() || !self.uses_batches() {
            return None;
        }
        match &self.batch_landscape {
            Some(landscape) => landscape.optimum,
            None => self.objective.optimum(Batch::Points(self.run().batch())),
        }
    }

    /// Whether the first run's last step ended an epoch, after which the
    /// points were reshuffled (shuffle sampling with batches smaller than
    /// the data).
    pub fn just_reshuffled(&self) -> bool {
        self.settings.sampling == crate::model::batches::Sampling::Shuffle
            && self.uses_batches()
            && self.run().position().is_some_and(|p| p.ends_epoch)
    }

    /// Sets the batch landscape's grid size (for the benchmark; the page uses
    /// [`GRID_SIZE`]).
    pub fn set_batch_grid_size(&mut self, g: usize) {
        self.batch_grid_size = g.clamp(10, 1000);
        self.batch_landscape = None;
    }

    /// The gradients at the first run's parameters of `count` random
    /// batches of its size (drawn without replacement), for the fan of
    /// arrows that shows how much batch gradients scatter. The same state
    /// gives the same fan.
    pub fn fan_gradients(&self, count: usize) -> Vec<Params> {
        if count == 0 {
            return Vec::new(); // the usual case: no fan, and no work each frame
        }
        let run = self.run();
        let n = self.data.len();
        let size = run.config().batch_size.min(n);
        let mut rng = Rng::new(
            self.settings.seed ^ run.step_count().wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ 0xFA17,
        );
        let mut indices: Vec<usize> = (0..n).collect();
        (0..count)
            .map(|_| {
                // A partial Fisher-Yates shuffle: the first `size` are the batch.
                for i in 0..size {
                    let j = i + rng.below(n - i);
                    indices.swap(i, j);
                }
                self.objective
                    .gradient(run.theta(), Batch::Points(&indices[..size]))
            })
            .collect()
    }

    /// The full gradient at the start and at the window's corners: the
    /// arrows keep a readable size until the gradient falls below a tenth of
    /// the largest of these, then shrink with it, honestly, to the minimum.
    pub fn arrow_reference(&self) -> Vec<Params> {
        let w = self.landscape.window();
        [
            self.start(),
            [w.b0.0, w.b1.0],
            [w.b0.0, w.b1.1],
            [w.b0.1, w.b1.0],
            [w.b0.1, w.b1.1],
        ]
        .iter()
        .map(|&b| self.objective.gradient(b, Batch::All))
        .collect()
    }

    /// Whether the runs are playing.
    pub fn running(&self) -> bool {
        self.running
    }

    /// Where the first run's settings changed while it ran, oldest first.
    pub fn marks(&self) -> &[SettingMark] {
        &self.marks
    }

    /// Where the runs start.
    pub fn start(&self) -> Params {
        self.settings.start.unwrap_or(self.settings.default_start())
    }

    /// The losses of the landscape's minima, lowest first.
    pub fn minimum_losses(&self) -> Vec<f64> {
        self.landscape.minima.iter().map(|m| m.loss).collect()
    }

    /// A run's progress judged against the landscape's minima.
    pub fn progress(&self, run: &crate::model::run::Run) -> crate::model::run::Progress {
        run.progress(&self.minimum_losses())
    }

    /// The path of run `k` to draw: its trace's parameters, then its current
    /// point; with `trail`, only its last `trail` steps. Returns how many of
    /// its first points are more than `fade` steps old (drawn faint).
    pub fn path(&self, k: usize, out: &mut Vec<Params>) -> usize {
        out.clear();
        let Some(run) = self.runs.get(k) else {
            return 0;
        };
        let now = run.step_count();
        let from = match self.settings.page.trail {
            0 => 0,
            trail => now.saturating_sub(trail),
        };
        let points = run.trace().points();
        let kept = &points[points.partition_point(|p| p.step < from)..];
        // A path of more points than a plot has pixels across only costs
        // drawing time.
        let shown = coarsened(kept, PATH_POINTS);
        out.extend(shown.iter().map(|p| p.theta));
        let faded = match self.settings.fade {
            0 => 0,
            fade => shown.partition_point(|p| p.step.saturating_add(fade) < now),
        };
        if out.last() != Some(&run.theta()) {
            out.push(run.theta());
        }
        faded
    }
}
