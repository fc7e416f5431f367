//! The optimizers: their first iterates against values computed by hand
//! from the textbook formulas, convergence to statsmodels' optimum, the
//! stability limit against behaviour, Newton's speed, and line search.

use descent::model::data::{Dataset, Preset};
use descent::model::objective::{Batch, LogisticNll, Objective};
use descent::model::optim::{OptimizerKind, StepNote};
use descent::model::run::{Run, RunConfig};
use descent::model::schedule::Schedule;
use descent::model::stability::Stability;
use serde_json::Value;

/// Five points where the classes overlap (so the loss has a minimum).
fn small() -> LogisticNll {
    LogisticNll::new(&Dataset {
        x: vec![-1.0, 0.5, 1.0, 2.0, 3.0],
        y: vec![0.0, 0.0, 1.0, 0.0, 1.0],
        feature: "x".into(),
        ..Dataset::default()
    })
}

fn standardized() -> LogisticNll {
    LogisticNll::new(&Dataset::preset(Preset::Cancer, true))
}

fn mle(name: &str) -> [f64; 2] {
    let reference: Value = serde_json::from_str(include_str!("reference-fits.json")).unwrap();
    let v = &reference[name]["mle"];
    [v[0].as_f64().unwrap(), v[1].as_f64().unwrap()]
}

fn config(optimizer: OptimizerKind, lr: f64, start: [f64; 2], batch: usize) -> RunConfig {
    RunConfig::new(start, lr, batch, 1).with_optimizer(optimizer)
}

/// The first two iterates from (0.5, -0.25), computed with the update rules
/// as textbooks write them (a few lines of Python, mu 0.9, beta1 0.9,
/// beta2 0.999, rho 0.9, eps 1e-8).
const FIRST_TWO: [(&str, f64, [[f64; 2]; 2]); 7] = [
    (
        "gd",
        0.5,
        [
            [0.4228154700870538, -0.0992801599030046],
            [0.3341072250999021, 0.00532680015642592],
        ],
    ),
    (
        "momentum",
        0.5,
        [
            [0.4228154700870538, -0.0992801599030046],
            [0.26464114817825046, 0.1409746562437218],
        ],
    ),
    (
        "nesterov",
        0.5,
        [
            [0.4228154700870538, -0.0992801599030046],
            [0.2548327258325517, 0.09994719924335352],
        ],
    ),
    (
        "adagrad",
        0.5,
        [
            [3.238990819998122e-08, 0.2499999834129341],
            [-0.3667287252193773, 0.3561949114371753],
        ],
    ),
    (
        "rmsprop",
        0.05,
        [
            [0.34188614938148465, -0.0918861335786457],
            [0.22535888576101887, 0.006114680968989192],
        ],
    ),
    (
        "adam",
        0.05,
        [
            [0.4500000032389908, -0.20000000165870657],
            [0.3999856982694639, -0.15014818461206036],
        ],
    ),
    (
        "newton",
        1.0,
        [
            [-1.437733852080344, 0.8719171737626117],
            [-1.7645613187258493, 1.0628706314618948],
        ],
    ),
];

#[test]
fn first_two_iterates_match_the_textbook_formulas() {
    let objective = small();
    for (key, lr, expected) in FIRST_TWO {
        let kind = OptimizerKind::from_key(key).unwrap();
        let mut run = Run::new(&objective, config(kind, lr, [0.5, -0.25], 5));
        for (k, want) in expected.iter().enumerate() {
            run.step(&objective);
            let got = run.theta();
            for i in 0..2 {
                assert!(
                    (got[i] - want[i]).abs() <= 1e-12 * want[i].abs().max(1e-3),
                    "{key}, step {}: {got:?} vs {want:?}",
                    k + 1
                );
            }
        }
    }
}

#[test]
fn every_optimizer_reaches_the_statsmodels_optimum() {
    let objective = standardized();
    let expected = mle("radius_standardized");
    // Adaptive methods take steps of about eta whatever the gradient, so
    // with a constant rate they circle the minimum; a decaying schedule
    // (as practice uses) brings them in.
    let cases = [
        (OptimizerKind::Gd, 11.0, Schedule::Constant, 200),
        (OptimizerKind::Momentum, 1.0, Schedule::Constant, 400),
        (OptimizerKind::Nesterov, 1.0, Schedule::Constant, 400),
        (OptimizerKind::AdaGrad, 2.0, Schedule::Constant, 4000),
        (
            OptimizerKind::RmsProp,
            0.05,
            Schedule::Step {
                decay: 0.5,
                every: 1000,
            },
            20000,
        ),
        (
            OptimizerKind::Adam,
            0.1,
            Schedule::Step {
                decay: 0.5,
                every: 1000,
            },
            20000,
        ),
        (OptimizerKind::Newton, 1.0, Schedule::Constant, 10),
    ];
    for (kind, lr, schedule, steps) in cases {
        let mut c = config(kind, lr, [0.0, 0.0], 569);
        c.schedule = schedule;
        let mut run = Run::new(&objective, c);
        run.step_many(&objective, steps);
        let theta = run.theta();
        assert!(run.divergence().is_none(), "{kind:?}");
        for k in 0..2 {
            assert!(
                (theta[k] - expected[k]).abs() < 1e-6,
                "{kind:?}: {theta:?} vs {expected:?}"
            );
        }
    }
}

#[test]
fn the_stability_limit_separates_converging_from_not() {
    for (objective, name) in [
        (standardized(), "radius_standardized"),
        (
            LogisticNll::new(&Dataset::preset(Preset::Cancer, false)),
            "radius_raw",
        ),
    ] {
        let optimum = mle(name);
        let stability = Stability::at(&objective, optimum).unwrap();
        let near = [optimum[0] + 1e-3, optimum[1] - 1e-3];
        let distance = |t: [f64; 2]| (t[0] - optimum[0]).hypot(t[1] - optimum[1]);
        let mut below = Run::new(
            &objective,
            config(OptimizerKind::Gd, 0.9 * stability.lr_max, near, 569),
        );
        // The raw data's valley is 18,000 times flatter along than across:
        // there, converging takes tens of thousands of steps.
        below.step_many(&objective, 60_000);
        assert!(
            distance(below.theta()) < 1e-2 * distance(near),
            "{name}: 0.9 lrMax converges ({:?})",
            below.theta()
        );
        let mut above = Run::new(
            &objective,
            config(OptimizerKind::Gd, 1.1 * stability.lr_max, near, 569),
        );
        above.step_many(&objective, 2_000);
        assert!(
            distance(above.theta()) > 10.0 * distance(near),
            "{name}: 1.1 lrMax moves away ({:?})",
            above.theta()
        );
        let floor = objective.loss(optimum, Batch::All);
        assert!(above.loss() - floor > 1e-4, "{name}: and does not converge");
        assert!(stability.lr_best < stability.lr_max && stability.condition > 1.0);
    }
}

#[test]
fn newton_reaches_the_optimum_in_a_few_steps() {
    for (objective, name) in [
        (standardized(), "radius_standardized"),
        (
            LogisticNll::new(&Dataset::preset(Preset::Cancer, false)),
            "radius_raw",
        ),
    ] {
        let expected = mle(name);
        let mut run = Run::new(
            &objective,
            config(OptimizerKind::Newton, 1.0, [0.0, 0.0], 569),
        );
        let steps = (1..=8)
            .find(|_| {
                run.step(&objective);
                let t = run.theta();
                (t[0] - expected[0]).abs().max((t[1] - expected[1]).abs())
                    < 1e-10 * expected[0].abs().max(1.0)
            })
            .unwrap_or_else(|| panic!("{name}: Newton took more than 8 steps: {:?}", run.theta()));
        assert!(steps <= 8);
        let e = run.evaluations();
        assert_eq!(
            (e.gradients, e.hessians, e.losses),
            (steps, steps, 0),
            "one gradient and one Hessian a step"
        );
    }
}

#[test]
fn newton_without_a_positive_definite_hessian_takes_a_gradient_step_and_says_so() {
    let objective = standardized();
    // One point per batch: its Hessian has rank one.
    let mut run = Run::new(
        &objective,
        config(OptimizerKind::Newton, 0.5, [0.0, 0.0], 1),
    );
    run.step(&objective);
    let Some(StepNote::NotPositiveDefinite { eigenvalues }) = run.note() else {
        panic!("{:?}", run.note());
    };
    assert!(eigenvalues[1] <= 1e-9 * eigenvalues[0]);
    let g = run.batch_gradient().unwrap();
    assert_eq!(run.theta(), [-0.5 * g[0], -0.5 * g[1]]);
}

#[test]
fn line_search_never_increases_the_loss() {
    let objective = standardized();
    for kind in OptimizerKind::ALL {
        for lr in [0.01, 1.0, 30.0, 100.0] {
            for start in [[0.0, 0.0], [-8.0, 9.0], [5.0, -5.0]] {
                let mut c = config(kind, lr, start, 569);
                c.line_search = true;
                let mut run = Run::new(&objective, c);
                let mut before = run.loss();
                for _ in 0..60 {
                    run.step(&objective);
                    assert!(
                        run.loss() <= before,
                        "{kind:?} at {lr} from {start:?}: {} > {before}",
                        run.loss()
                    );
                    before = run.loss();
                }
                let e = run.evaluations();
                assert!(e.losses >= 60, "each step tried at least one loss: {e:?}");
            }
        }
    }
}

#[test]
fn line_search_trials_are_kept_and_counted() {
    let objective = standardized();
    let mut c = config(OptimizerKind::Gd, 100.0, [0.0, 0.0], 569);
    c.line_search = true;
    let mut run = Run::new(&objective, c);
    run.step(&objective);
    let trials = run.trials().len() as u64;
    assert!(trials >= 1, "eta 100 is too long a step to accept at once");
    let e = run.evaluations();
    // A loss at the start, one for each rejected trial, one for the accepted step.
    assert_eq!(e.losses, trials + 2);
    assert_eq!(run.step_size(), Some(100.0 / 2f64.powi(trials as i32)));
    assert_eq!(run.trace().points()[1].evaluations, e.total());
}

#[test]
fn nesterov_pays_for_its_look_ahead_gradient_only() {
    let objective = standardized();
    let mut run = Run::new(
        &objective,
        config(OptimizerKind::Nesterov, 1.0, [0.0, 0.0], 569),
    );
    run.step_many(&objective, 10);
    let e = run.evaluations();
    assert_eq!((e.gradients, e.losses, e.hessians), (10, 0, 0));
}

#[test]
fn all_optimizers_work_with_mini_batches() {
    let objective = standardized();
    let floor = objective.loss(mle("radius_standardized"), Batch::All);
    for kind in OptimizerKind::ALL {
        let lr = match kind {
            OptimizerKind::Gd | OptimizerKind::Momentum | OptimizerKind::Nesterov => 0.5,
            OptimizerKind::AdaGrad => 0.5,
            // Each batch's Newton step aims at that batch's own minimum:
            // small fractions of it average the batches out.
            OptimizerKind::RmsProp | OptimizerKind::Adam | OptimizerKind::Newton => 0.05,
        };
        let mut run = Run::new(&objective, config(kind, lr, [0.0, 0.0], 32));
        run.step_many(&objective, 1000);
        assert!(run.divergence().is_none(), "{kind:?}");
        assert!(
            run.loss() < floor + 0.02,
            "{kind:?}: {} vs {floor}",
            run.loss()
        );
    }
}
