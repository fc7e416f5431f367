//! What the page holds: the settings, the data set, its landscape and the
//! run, kept consistent as settings change. No browser code lives here, so
//! every path through it is tested natively; `web` only draws it.

use crate::model::data::Dataset;
use crate::model::objective::LogisticNll;
use crate::model::rng::Rng;
use crate::model::run::{Divergence, Run, RunConfig};
use crate::model::surface::Landscape;
use crate::model::Params;
use crate::plot::short_number as short;
use crate::settings::{Notice, Settings, SurfaceView};
use std::fmt::Write;

/// Grid points per side of the full and batch loss surfaces.
pub const GRID_SIZE: usize = 200;

/// Longest stretch of time one animation frame may catch up on, in seconds:
/// a tab that was hidden for a minute does not run a minute of steps at once.
const MAX_FRAME_SECONDS: f64 = 0.1;

/// What a settings change touched, so the page redraws only what it must.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Changes {
    /// The data set or the window changed: redraw the backgrounds.
    pub scene: bool,
    /// Anything else shown changed.
    pub frame: bool,
}

/// The settings, the data, the landscape and the run of one page.
#[derive(Clone, Debug)]
pub struct Session {
    settings: Settings,
    data: Dataset,
    landscape: Landscape,
    run: Run,
    running: bool,
    /// Fraction of a step owed by the last frames at the current speed.
    owed_steps: f64,
    /// The landscape of the last step's batch, computed when first asked
    /// for after each step.
    batch_landscape: Option<Landscape>,
    /// Grid points per side of the batch landscape.
    batch_grid_size: usize,
}

impl Session {
    /// A session from URL query pairs, and a notice for every bad value.
    pub fn from_url<'a>(
        pairs: impl IntoIterator<Item = (&'a str, &'a str)>,
    ) -> (Session, Vec<Notice>) {
        let (settings, notices) = Settings::with_url(pairs);
        (Session::new(settings), notices)
    }

    /// A session at the start of a run with these settings.
    pub fn new(settings: Settings) -> Session {
        let data = Dataset::preset(settings.dataset, settings.standardize);
        let objective = LogisticNll::new(&data);
        let start = settings.start.unwrap_or(settings.dataset.default_start());
        let landscape = Landscape::new(&objective, start, GRID_SIZE);
        let run = Run::new(objective, run_config(&settings, start));
        Session {
            running: settings.autoplay,
            settings,
            data,
            landscape,
            run,
            owed_steps: 0.0,
            batch_landscape: None,
            batch_grid_size: GRID_SIZE,
        }
    }

    /// Applies settings given as key/value pairs (the API's `set`). A bad
    /// value is an error that names it, and then nothing changes.
    pub fn set<'a>(
        &mut self,
        pairs: impl IntoIterator<Item = (&'a str, &'a str)>,
    ) -> Result<Changes, String> {
        let next = self.settings.with_api(pairs)?;
        Ok(self.apply(next))
    }

    /// Moves to `next` settings, rebuilding only what they invalidate.
    fn apply(&mut self, next: Settings) -> Changes {
        let old = std::mem::replace(&mut self.settings, next);
        let new = &self.settings;
        self.batch_landscape = None;
        if new.dataset != old.dataset || new.standardize != old.standardize {
            let running = self.running;
            *self = Session::new(new.clone());
            self.running = running;
            return Changes {
                scene: true,
                frame: true,
            };
        }
        let mut changes = Changes {
            scene: false,
            frame: new != &old,
        };
        let start = self.start();
        if new.seed != old.seed || new.start != old.start {
            if !self.landscape.window().contains(start) {
                self.landscape = Landscape::new(self.run.objective(), start, GRID_SIZE);
                changes.scene = true;
            }
            self.run = Run::new(self.run.objective().clone(), run_config(new, start));
            self.owed_steps = 0.0;
        } else {
            self.run.retune(run_config(new, start));
        }
        changes
    }

    /// Starts the run again from `start` (a click on the contour plot).
    pub fn start_at(&mut self, start: Params) -> Changes {
        let mut next = self.settings.clone();
        next.start = Some(start);
        self.apply(next)
    }

    /// Back to step 0 with the same settings.
    pub fn reset(&mut self) {
        self.run.reset();
        self.owed_steps = 0.0;
        self.batch_landscape = None;
    }

    /// Plays or pauses. A diverged run cannot play.
    pub fn set_running(&mut self, running: bool) {
        self.running = running && self.run.divergence().is_none();
        self.owed_steps = 0.0;
    }

    /// Takes `k` steps now; returns how many moved the parameters.
    pub fn step(&mut self, k: u64) -> u64 {
        let moved = self.run.step_many(k);
        if moved > 0 {
            self.batch_landscape = None;
        }
        if self.run.divergence().is_some() {
            self.running = false;
        }
        moved
    }

    /// Steps until the current epoch completes (at most one epoch's
    /// batches); returns how many steps were taken.
    pub fn step_epoch(&mut self) -> u64 {
        let epoch = self.run.epoch();
        let mut taken = 0;
        let limit = self.run.batches_per_epoch().max(1) as u64;
        while self.run.epoch() == epoch && taken < limit && self.step(1) == 1 {
            taken += 1;
        }
        taken
    }

    /// Advances a playing run by the steps due after `seconds` at the chosen
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

    /// The loss surface under the path.
    pub fn landscape(&self) -> &Landscape {
        &self.landscape
    }

    /// The run.
    pub fn run(&self) -> &Run {
        &self.run
    }

    /// True when batches are smaller than the data (mini-batch or stochastic
    /// gradient descent); false for full gradient descent, where L_k is L.
    pub fn uses_batches(&self) -> bool {
        self.settings.effective_batch_size() < self.data.len()
    }

    /// The landscape of the loss L_k of the batch the last step used, over
    /// the same window as the full one; `None` before the first step or with
    /// full batches (where L_k is L).
    pub fn batch_landscape(&mut self) -> Option<&Landscape> {
        if self.run.batch().is_empty() || !self.uses_batches() {
            return None;
        }
        if self.batch_landscape.is_none() {
            self.batch_landscape = Some(Landscape::for_batch(
                self.run.objective(),
                self.run.batch(),
                self.landscape.window(),
                self.batch_grid_size,
            ));
        }
        self.batch_landscape.as_ref()
    }

    /// The minimum of the last batch's own loss, if it has one (its points
    /// are not separable) and batches are smaller than the data.
    pub fn batch_optimum(&self) -> Option<Params> {
        if self.run.batch().is_empty() || !self.uses_batches() {
            return None;
        }
        match &self.batch_landscape {
            Some(landscape) => landscape.optimum,
            None => self.run.objective().subset(self.run.batch()).optimum(),
        }
    }

    /// Whether the last step ended an epoch, after which the points were
    /// reshuffled (shuffle sampling with batches smaller than the data).
    pub fn just_reshuffled(&self) -> bool {
        self.settings.sampling == crate::model::batches::Sampling::Shuffle
            && self.uses_batches()
            && self.run.position().is_some_and(|p| p.ends_epoch)
    }

    /// Sets the batch landscape's grid size (for the benchmark; the page uses
    /// [`GRID_SIZE`]).
    pub fn set_batch_grid_size(&mut self, g: usize) {
        self.batch_grid_size = g.clamp(10, 1000);
        self.batch_landscape = None;
    }

    /// The gradients at the current parameters of `count` random batches of
    /// the current size (drawn without replacement), for the fan of arrows
    /// that shows how much batch gradients scatter. The same state gives
    /// the same fan.
    pub fn fan_gradients(&self, count: usize) -> Vec<Params> {
        if count == 0 {
            return Vec::new(); // the usual case: no fan, and no work each frame
        }
        let n = self.data.len();
        let size = self.settings.effective_batch_size();
        let mut rng = Rng::new(
            self.settings.seed ^ self.run.step_count().wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ 0xFA17,
        );
        let mut indices: Vec<usize> = (0..n).collect();
        (0..count)
            .map(|_| {
                // A partial Fisher-Yates shuffle: the first `size` are the batch.
                for i in 0..size {
                    let j = i + rng.below(n - i);
                    indices.swap(i, j);
                }
                self.run
                    .objective()
                    .batch_gradient(self.run.theta(), &indices[..size])
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
        .map(|&b| self.run.objective().gradient(b))
        .collect()
    }

    /// Whether the run is playing.
    pub fn running(&self) -> bool {
        self.running
    }

    /// Where the run starts.
    pub fn start(&self) -> Params {
        self.settings
            .start
            .unwrap_or(self.settings.dataset.default_start())
    }

    /// The path to draw: the trace's parameters, then the current point.
    pub fn path(&self, out: &mut Vec<Params>) {
        out.clear();
        out.extend(self.run.trace().points().iter().map(|p| p.theta));
        if out.last() != Some(&self.run.theta()) {
            out.push(self.run.theta());
        }
    }

    /// Why the run stopped, in words for the page; `None` while it is healthy.
    pub fn divergence_message(&self) -> Option<String> {
        let (step, why) = self.run.divergence()?;
        let lr = self.settings.learning_rate;
        let cause = match why {
            Divergence::LossExploded { loss, limit } => format!(
                "the loss reached {} (it started at {}; the limit is {})",
                short(loss),
                short(self.run.start_loss()),
                short(limit)
            ),
            Divergence::NotFinite => "the step produced a number too large to represent".into(),
            Divergence::ParametersExploded => "the parameters grew past a million".into(),
        };
        Some(format!(
            "Diverged at step {step}: {cause}. The learning rate {lr} is too large for this loss: \
             lower it and press Reset."
        ))
    }

    /// A remark on what is shown, for the page: separable data, or a path
    /// that has left the window.
    pub fn remark(&self) -> Option<String> {
        if self.settings.surface != SurfaceView::Full {
            if !self.uses_batches() {
                return Some(format!(
                    "The batch is all {} points, so the batch loss L_k is the full loss L: the two surfaces coincide.",
                    self.data.len()
                ));
            }
            if self.run.batch().is_empty() {
                return Some("Take a step to see the loss surface of its batch.".into());
            }
            if self.batch_optimum().is_none() {
                return Some(
                    "This batch's points are separable: its loss L_k has no minimum, it falls forever in one direction."
                        .into(),
                );
            }
        }
        if self.landscape.optimum.is_none() {
            return Some(
                "These classes are separable: the loss has no minimum, it keeps falling as |b1| grows, \
                 so the path heads off towards infinity."
                    .into(),
            );
        }
        if !self.landscape.window().contains(self.run.theta()) {
            return Some("The path has left the plotted window; the white arrowhead on the edge shows where.".into());
        }
        None
    }

    /// The state as a JSON object: the API's `state()`.
    pub fn state_json(&self) -> String {
        let run = &self.run;
        let mut s = String::from("{");
        let mut field = |key: &str, value: String| {
            if s.len() > 1 {
                s.push(',');
            }
            let _ = write!(s, "\"{key}\":{value}");
        };
        field("step", run.step_count().to_string());
        field("epoch", run.epoch().to_string());
        field("theta", pair(run.theta()));
        field("loss", num(run.loss()));
        field("batchLoss", run.batch_loss().map_or("null".into(), num));
        field("grad", pair(run.gradient()));
        field("lr", num(self.settings.learning_rate));
        field(
            "batchSize",
            self.settings.effective_batch_size().to_string(),
        );
        field("n", self.data.len().to_string());
        field("dataset", text(self.settings.dataset.key()));
        field("standardize", self.settings.standardize.to_string());
        field("seed", self.settings.seed.to_string());
        field("start", pair(self.start()));
        field("speed", num(self.settings.speed));
        field("log", self.settings.log_scale.to_string());
        field("diverged", run.divergence().is_some().to_string());
        field("running", self.running.to_string());
        let w = self.landscape.window();
        field(
            "window",
            format!("[{},{}]", pair([w.b0.0, w.b0.1]), pair([w.b1.0, w.b1.1])),
        );
        field(
            "optimum",
            self.landscape.optimum.map_or("null".into(), pair),
        );
        field("minLoss", num(self.landscape.floor));
        field("batchesPerEpoch", run.batches_per_epoch().to_string());
        field(
            "batchIndex",
            run.position()
                .map_or("null".into(), |p| p.index.to_string()),
        );
        let indices: Vec<String> = run.batch().iter().map(|i| i.to_string()).collect();
        field("batch", format!("[{}]", indices.join(",")));
        field(
            "batchGrad",
            run.batch_gradient().map_or("null".into(), pair),
        );
        field(
            "batchOptimum",
            self.batch_optimum().map_or("null".into(), pair),
        );
        field("effectiveLr", num(run.effective_learning_rate()));
        field("surface", text(self.settings.surface.key()));
        field("sampling", text(self.settings.sampling.key()));
        field("dropLast", self.settings.drop_last.to_string());
        field("schedule", text(self.settings.schedule));
        field("decay", num(self.settings.effective_decay()));
        field("every", self.settings.every.to_string());
        field("fan", self.settings.fan.to_string());
        field("perEpoch", self.settings.per_epoch.to_string());
        field(
            "endsEpoch",
            run.position().is_some_and(|p| p.ends_epoch).to_string(),
        );
        field(
            "message",
            self.divergence_message()
                .map_or("null".into(), |m| text(&m)),
        );
        field("remark", self.remark().map_or("null".into(), |m| text(&m)));
        s.push('}');
        s
    }

    /// The data as the model sees it, as JSON `{"x": [...], "y": [...]}`.
    pub fn data_json(&self) -> String {
        let list = |v: &[f64]| v.iter().map(|&x| num(x)).collect::<Vec<_>>().join(",");
        format!(
            "{{\"x\":[{}],\"y\":[{}]}}",
            list(&self.data.x),
            list(&self.data.y)
        )
    }
}

fn run_config(settings: &Settings, start: Params) -> RunConfig {
    RunConfig {
        start,
        learning_rate: settings.learning_rate,
        schedule: settings.learning_rate_schedule(),
        batch_size: settings.effective_batch_size(),
        sampling: settings.sampling,
        drop_last: settings.drop_last,
        seed: settings.seed,
    }
}

/// A JSON number; `null` for the non-finite values that never should occur.
fn num(v: f64) -> String {
    if v.is_finite() {
        format!("{v}")
    } else {
        "null".into()
    }
}

fn pair(b: Params) -> String {
    format!("[{},{}]", num(b[0]), num(b[1]))
}

/// A JSON string (the texts here have no control characters).
fn text(s: &str) -> String {
    format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
}
