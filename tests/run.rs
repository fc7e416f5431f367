//! Runs: determinism per seed, epoch accounting, divergence, bounded memory.

use descent::model::data::{Dataset, Preset};
use descent::model::objective::{Batch, LogisticNll, Objective};
use descent::model::run::{Divergence, Run, RunConfig, StepOutcome};
use descent::model::trace::{Trace, TracePoint};

/// A run and the objective it runs on.
struct Lab {
    objective: LogisticNll,
    run: Run,
}

impl Lab {
    fn step(&mut self) -> StepOutcome {
        self.run.step(&self.objective)
    }

    fn step_many(&mut self, k: u64) -> u64 {
        self.run.step_many(&self.objective, k)
    }

    fn reset(&mut self) {
        self.run.reset(&self.objective);
    }
}

impl std::ops::Deref for Lab {
    type Target = Run;
    fn deref(&self) -> &Run {
        &self.run
    }
}

fn run(preset: Preset, learning_rate: f64, batch_size: usize, seed: u64) -> Lab {
    let objective = LogisticNll::new(&Dataset::preset(preset, false));
    let run = Run::new(
        &objective,
        RunConfig::new([-2.0, -2.0], learning_rate, batch_size, seed),
    );
    Lab { objective, run }
}

#[test]
fn same_seed_same_path_bit_for_bit() {
    let mut a = run(Preset::Overlap, 0.3, 7, 99);
    let mut b = run(Preset::Overlap, 0.3, 7, 99);
    let mut c = run(Preset::Overlap, 0.3, 7, 100);
    for _ in 0..500 {
        a.step();
        b.step();
        c.step();
        assert_eq!(a.theta().map(f64::to_bits), b.theta().map(f64::to_bits));
        assert_eq!(a.batch(), b.batch());
    }
    assert_ne!(a.theta(), c.theta());
    // A reset replays the same path.
    let end = a.theta();
    a.reset();
    a.step_many(500);
    assert_eq!(a.theta(), end);
}

#[test]
fn epochs_advance_when_the_last_batch_is_taken() {
    // 100 points in batches of 30: 30, 30, 30, 10.
    let mut r = run(Preset::Overlap, 0.1, 30, 1);
    let mut seen = vec![0usize; 100];
    for k in 1..=4 {
        r.step();
        let position = r.position().unwrap();
        assert_eq!((position.index, position.per_epoch), (k, 4));
        assert_eq!(r.epoch(), if k == 4 { 1 } else { 0 });
        r.batch().iter().for_each(|&i| seen[i] += 1);
    }
    assert_eq!(r.batch().len(), 10);
    assert!(seen.iter().all(|&c| c == 1), "each point once per epoch");
    let first_epoch: Vec<usize> = {
        let mut again = run(Preset::Overlap, 0.1, 30, 1);
        again.step();
        again.batch().to_vec()
    };
    r.step();
    assert_ne!(
        r.batch(),
        &first_epoch[..],
        "the second epoch is reshuffled"
    );
    assert_eq!(r.batches_per_epoch(), 4);
}

#[test]
fn full_batch_steps_are_whole_epochs_of_gradient_descent() {
    let mut r = run(Preset::Overlap, 0.5, 100, 1);
    let before = r.theta();
    let g = r.gradient();
    r.step();
    assert_eq!(r.epoch(), 1);
    assert_eq!(r.theta(), [before[0] - 0.5 * g[0], before[1] - 0.5 * g[1]]);
    assert_eq!(r.batch_loss(), Some(r.objective.loss(before, Batch::All)));
}

#[test]
fn batch_size_can_change_mid_run_without_a_reset() {
    let mut r = run(Preset::Overlap, 0.2, 10, 3);
    r.step_many(3);
    let config = RunConfig {
        batch_size: 25,
        ..*r.config()
    };
    r.run.retune(config);
    r.step();
    assert_eq!(r.batch().len(), 25);
    assert_eq!(r.step_count(), 4);
    assert_eq!(r.epoch(), 0);
}

#[test]
fn a_huge_learning_rate_diverges_and_stops() {
    let objective = LogisticNll::new(&Dataset::preset(Preset::Cancer, false));
    let mut r = Lab {
        run: Run::new(&objective, RunConfig::new([0.0, 0.0], 10.0, 569, 1)),
        objective,
    };
    let mut outcome = StepOutcome::Stepped;
    for _ in 0..1000 {
        outcome = r.step();
        if outcome != StepOutcome::Stepped {
            break;
        }
    }
    assert!(
        matches!(
            outcome,
            StepOutcome::Diverged(Divergence::LossExploded { .. })
        ),
        "{outcome:?}"
    );
    let (step, _) = r.divergence().unwrap();
    assert_eq!(r.step_count(), step);
    assert!(r.theta().iter().all(|v| v.is_finite()) && r.loss().is_finite());
    assert_eq!(r.step(), StepOutcome::Stopped);
    assert_eq!(r.step_count(), step);
    assert!(r.trace().points().iter().all(|p| p.loss.is_finite()));
}

#[test]
fn a_sensible_learning_rate_does_not_diverge() {
    let mut r = run(Preset::Overlap, 1.0, 100, 1);
    assert_eq!(r.step_many(2000), 2000);
    assert!(r.divergence().is_none());
}

#[test]
fn a_long_run_keeps_its_trace_bounded() {
    let mut r = run(Preset::Separable, 0.5, 1, 1);
    let capacity = r.trace().capacity();
    r.step_many(100_000);
    assert_eq!(r.step_count(), 100_000);
    assert!(r.trace().points().len() <= capacity);
    assert!(r.trace().points().len() > capacity / 3);
    assert_eq!(r.trace().points()[0].step, 0);
}

#[test]
fn ten_million_steps_fit_in_the_same_trace() {
    let mut trace = Trace::default();
    for step in 0..10_000_000u64 {
        trace.push(TracePoint::new(
            step,
            [step as f64, 0.0],
            1.0 / (1.0 + step as f64),
            None,
        ));
    }
    assert!(trace.points().len() <= trace.capacity());
    assert!(trace.stride() >= 2048);
    let last = trace.points().last().unwrap();
    assert!(last.step > 9_990_000 - trace.stride());
}
