//! Penalties: the penalised optima against scipy's fits, L1's exact zeros,
//! and a finite optimum for separable data.

use descent::model::data::{Dataset, Preset};
use descent::model::objective::{Batch, LogisticNll, Objective, Penalised, Penalty};
use descent::model::optim::OptimizerKind;
use descent::model::run::{Run, RunConfig};
use descent::session::Session;
use serde_json::Value;

fn penalised(preset: Preset, standardize: bool, penalty: Penalty, lambda: f64) -> Penalised {
    let data = Dataset::preset(preset, standardize);
    Penalised::new(
        Box::new(LogisticNll::new(&data)),
        penalty,
        lambda,
        [false, true],
    )
}

#[test]
fn penalised_optima_match_the_reference_fits() {
    let reference: Value = serde_json::from_str(include_str!("reference-fits.json")).unwrap();
    for fit in reference["radius_standardized_regularised"]["fits"]
        .as_array()
        .unwrap()
    {
        let penalty = match fit["penalty"].as_str().unwrap() {
            "l2" => Penalty::L2,
            _ => Penalty::L1,
        };
        let lambda = fit["lambda"].as_f64().unwrap();
        let o = penalised(Preset::Cancer, true, penalty, lambda);
        let found = o
            .optimum(Batch::All)
            .expect("a penalised loss has a minimum");
        let expected = [fit["b"][0].as_f64().unwrap(), fit["b"][1].as_f64().unwrap()];
        for k in 0..2 {
            assert!(
                (found[k] - expected[k]).abs() < 1e-8,
                "{penalty:?} {lambda}: {found:?} vs {expected:?}"
            );
        }
        let objective = fit["objective"].as_f64().unwrap();
        assert!((o.loss(found, Batch::All) - objective).abs() < 1e-10);
    }
}

#[test]
fn l1_sets_the_slope_exactly_to_zero_when_lambda_is_large() {
    // The slope's gradient at b1 = 0 is about 0.38 on these data: past that
    // lambda, the optimum sits exactly at zero.
    let o = penalised(Preset::Cancer, true, Penalty::L1, 0.5);
    let optimum = o.optimum(Batch::All).unwrap();
    assert_eq!(optimum[1], 0.0);
    // Proximal gradient descent lands there exactly too, in finitely many steps.
    let mut run = Run::new(&o, RunConfig::new([0.0, 2.0], 1.0, 569, 1));
    run.step_many(&o, 200);
    assert_eq!(run.theta()[1], 0.0, "{:?}", run.theta());
    assert!((run.theta()[0] - optimum[0]).abs() < 1e-8);
    // Below it, the slope stays nonzero.
    let o = penalised(Preset::Cancer, true, Penalty::L1, 0.1);
    assert!(o.optimum(Batch::All).unwrap()[1] > 1.0);
}

#[test]
fn every_optimizer_minimises_the_l2_penalised_loss() {
    let o = penalised(Preset::Cancer, true, Penalty::L2, 0.1);
    let optimum = o.optimum(Batch::All).unwrap();
    for kind in [
        OptimizerKind::Gd,
        OptimizerKind::Momentum,
        OptimizerKind::Newton,
    ] {
        let lr = if kind == OptimizerKind::Newton {
            1.0
        } else {
            2.0
        };
        let mut run = Run::new(
            &o,
            RunConfig::new([0.0, 0.0], lr, 569, 1).with_optimizer(kind),
        );
        run.step_many(&o, 2000);
        let t = run.theta();
        assert!(
            (t[0] - optimum[0]).hypot(t[1] - optimum[1]) < 1e-8,
            "{kind:?}: {t:?}"
        );
    }
}

#[test]
fn separable_data_get_a_finite_optimum_that_moves_with_lambda() {
    let (plain, _) = Session::from_url([("dataset", "separable")]);
    assert!(plain.landscape().optimum.is_none());
    let slope = |lambda: &str| {
        let (s, notices) = Session::from_url([
            ("dataset", "separable"),
            ("penalty", "l2"),
            ("lambda", lambda),
        ]);
        assert!(notices.is_empty());
        s.landscape().optimum.expect("finite with a penalty")[1]
    };
    let (weak, strong) = (slope("0.01"), slope("0.1"));
    assert!(weak > strong && strong > 0.0, "{weak} {strong}");
}

#[test]
fn the_penalty_and_two_feature_scenes_show_what_their_captions_say() {
    // The penalty scene: a minimum, reached within its 300 live steps.
    let (s, notices) = Session::from_url([("scene", "penalty")]);
    assert!(notices.is_empty(), "{notices:?}");
    let optimum = s.landscape().optimum.expect("a minimum");
    let t = s.run().theta();
    assert!(
        (t[0] - optimum[0]).hypot(t[1] - optimum[1]) < 1e-3,
        "{t:?} against {optimum:?}"
    );
    // The two-feature scene: the tumours' radius and texture, no intercept.
    let (s, notices) = Session::from_url([("scene", "two-features")]);
    assert!(notices.is_empty(), "{notices:?}");
    let state: Value = serde_json::from_str(&descent::view::state_json(&s)).unwrap();
    assert_eq!(state["model"], "features2");
    assert_eq!(state["dataset"], "cancer2");
    let optimum = s.landscape().optimum.expect("a minimum");
    assert!((optimum[0] - 3.9643).abs() < 1e-3 && (optimum[1] - 0.8930).abs() < 1e-3);
}
