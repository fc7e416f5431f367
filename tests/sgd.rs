//! Mini-batch SGD: epochs, reshuffles, the batch gradients' average, the
//! learning-rate schedules and the batch landscape.

use descent::model::batches::{BatchPlan, BatchSampler, Sampling};
use descent::model::data::{Dataset, Preset};
use descent::model::objective::{Batch, LogisticNll, Objective};
use descent::model::run::{Run, RunConfig};
use descent::model::schedule::Schedule;
use descent::model::surface::Landscape;
use descent::session::Session;

fn cancer() -> LogisticNll {
    LogisticNll::new(&Dataset::preset(Preset::Cancer, true))
}

fn shuffled(size: usize) -> BatchPlan {
    BatchPlan {
        size,
        sampling: Sampling::Shuffle,
        drop_last: false,
    }
}

#[test]
fn every_epoch_visits_every_point_exactly_once() {
    let objective = cancer();
    let mut run = Run::new(&objective, RunConfig::new([0.0, 0.0], 0.1, 32, 9));
    for _ in 0..5 {
        let mut count = vec![0usize; 569];
        loop {
            run.step(&objective);
            run.batch().iter().for_each(|&i| count[i] += 1);
            if run.position().unwrap().ends_epoch {
                break;
            }
        }
        assert!(count.iter().all(|&c| c == 1));
        assert_eq!(
            run.position().unwrap().index,
            18,
            "569 = 17 x 32 + 25: 18 batches"
        );
    }
    assert_eq!(run.epoch(), 5);
}

#[test]
fn reshuffles_differ_between_epochs_and_repeat_per_seed() {
    let epoch_orders = |seed: u64| {
        let mut sampler = BatchSampler::new(100, seed);
        let mut batch = Vec::new();
        (0..4)
            .map(|_| {
                let mut order = Vec::new();
                for _ in 0..10 {
                    sampler.next_batch(shuffled(10), &mut batch);
                    order.extend_from_slice(&batch);
                }
                order
            })
            .collect::<Vec<_>>()
    };
    let a = epoch_orders(4);
    assert_eq!(a, epoch_orders(4), "same seed, same shuffles");
    assert_ne!(a, epoch_orders(5));
    for k in 1..a.len() {
        assert_ne!(a[k], a[k - 1], "epoch {k} is reshuffled");
    }
}

#[test]
fn an_epochs_batch_gradients_average_to_the_full_gradient() {
    let objective = cancer();
    let theta = [0.3, -1.2];
    for size in [1, 7, 32, 100] {
        let mut sampler = BatchSampler::new(objective.len(), 3);
        let mut batch = Vec::new();
        let mut sum = [0.0, 0.0];
        loop {
            let position = sampler.next_batch(shuffled(size), &mut batch);
            let g = objective.gradient(theta, Batch::Points(&batch));
            let weight = batch.len() as f64 / objective.len() as f64;
            sum[0] += weight * g[0];
            sum[1] += weight * g[1];
            if position.ends_epoch {
                break;
            }
        }
        let full = objective.gradient(theta, Batch::All);
        for k in 0..2 {
            assert!(
                (sum[k] - full[k]).abs() < 1e-14,
                "B = {size}: {sum:?} vs {full:?}"
            );
        }
    }
}

#[test]
fn steps_use_the_scheduled_learning_rate() {
    let objective = cancer();
    let mut config = RunConfig::new([0.0, 0.0], 0.8, 569, 1);
    config.schedule = Schedule::Step {
        decay: 0.5,
        every: 2,
    };
    let mut run = Run::new(&objective, config);
    for t in 0..6u64 {
        let eta = 0.8 * 0.5f64.powi((t / 2) as i32);
        assert_eq!(run.effective_learning_rate(), eta);
        let (before, g) = (run.theta(), run.gradient());
        run.step(&objective);
        assert_eq!(
            run.theta(),
            [before[0] - eta * g[0], before[1] - eta * g[1]]
        );
    }
}

#[test]
fn dropping_the_last_batch_makes_epochs_of_full_batches() {
    let mut config = RunConfig::new([0.0, 0.0], 0.1, 100, 1);
    config.drop_last = true;
    let objective = cancer();
    let mut run = Run::new(&objective, config);
    for _ in 0..11 {
        run.step(&objective);
        assert_eq!(run.batch().len(), 100);
    }
    assert_eq!(run.batches_per_epoch(), 5);
    assert_eq!(run.epoch(), 2);
}

#[test]
fn a_batch_landscape_is_the_batch_loss_with_its_own_minimum() {
    let objective = cancer();
    let full = Landscape::new(&objective, [0.0, 0.0], 30);
    let batch: Vec<usize> = (0..40).map(|i| i * 13).collect();
    let landscape = Landscape::for_batch(&objective, &batch, full.window(), 30);
    for (i, j) in [(0, 0), (7, 19), (29, 29)] {
        let b = [landscape.grid.b0(i), landscape.grid.b1(j)];
        let direct = objective.loss(b, Batch::Points(&batch));
        assert!((landscape.grid.at(i, j) - direct).abs() < 1e-12 * direct);
    }
    let optimum = landscape.optimum.expect("40 mixed points have a minimum");
    let g = objective.gradient(optimum, Batch::Points(&batch));
    assert!(g[0].hypot(g[1]) < 1e-10);
    assert_ne!(Some(optimum), full.optimum);
    // One point is always separable: no minimum.
    assert_eq!(
        Landscape::for_batch(&objective, &[5], full.window(), 10).optimum,
        None
    );
}

#[test]
fn the_fan_of_batch_gradients_narrows_as_batches_grow() {
    let spread = |batch: &str| {
        let (mut session, _) = Session::from_url([
            ("dataset", "cancer"),
            ("standardize", "1"),
            ("batch", batch),
        ]);
        session.step(3);
        let fan = session.fan_gradients(200);
        assert_eq!(
            fan,
            session.fan_gradients(200),
            "the same state draws the same fan"
        );
        let mean = fan.iter().fold([0.0, 0.0], |m, g| {
            [m[0] + g[0] / 200.0, m[1] + g[1] / 200.0]
        });
        fan.iter()
            .map(|g| (g[0] - mean[0]).powi(2) + (g[1] - mean[1]).powi(2))
            .sum::<f64>()
            / 200.0
    };
    let (s1, s10, s100, s569) = (spread("1"), spread("10"), spread("100"), spread("569"));
    assert!(s1 > 3.0 * s10 && s10 > 3.0 * s100, "{s1} {s10} {s100}");
    assert!(s569 < 1e-28, "full batches all agree: {s569}");
}

#[test]
fn the_session_offers_a_batch_surface_only_for_real_batches() {
    let (mut session, _) = Session::from_url([("batch", "10"), ("surface", "both")]);
    assert!(
        session.batch_landscape().is_none(),
        "no batch before the first step"
    );
    session.step(1);
    let first = session.batch_landscape().unwrap().grid.values.clone();
    session.step(1);
    let second = session.batch_landscape().unwrap().grid.values.clone();
    assert_ne!(first, second, "the batch surface changes from step to step");
    session.set([("batch", "full")]).unwrap();
    session.step(1);
    assert!(session.batch_landscape().is_none());
    assert_eq!(session.step_epoch(), 1, "a full batch is a whole epoch");
    session.set([("batch", "30")]).unwrap();
    let before = session.run().epoch();
    let steps = session.step_epoch();
    assert_eq!(session.run().epoch(), before + 1);
    assert!((1..=4).contains(&steps));
}
