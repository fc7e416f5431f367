//! The loss, gradient and optimum against statsmodels' Logit fits of the
//! breast-cancer data (tests/reference-fits.json, tolerance 1e-12), and the
//! gradient and Hessian against finite differences.

use descent::model::data::{Dataset, Preset};
use descent::model::objective::{Batch, LogisticNll, Objective};
use descent::model::run::{Run, RunConfig};
use serde_json::Value;

fn reference() -> Value {
    serde_json::from_str(include_str!("reference-fits.json")).unwrap()
}

fn pair(v: &Value) -> [f64; 2] {
    [v[0].as_f64().unwrap(), v[1].as_f64().unwrap()]
}

fn close(a: f64, b: f64, tol: f64) -> bool {
    (a - b).abs() <= tol * b.abs().max(1.0)
}

fn cases() -> Vec<(&'static str, LogisticNll)> {
    vec![
        (
            "radius_raw",
            LogisticNll::new(&Dataset::preset(Preset::Cancer, false)),
        ),
        (
            "radius_standardized",
            LogisticNll::new(&Dataset::preset(Preset::Cancer, true)),
        ),
    ]
}

#[test]
fn loss_and_gradient_match_statsmodels() {
    let reference = reference();
    for (name, objective) in cases() {
        for point in reference[name]["points"].as_array().unwrap() {
            let b = pair(&point["b"]);
            let loss = objective.loss(b, Batch::All);
            let expected = point["mean_nll"].as_f64().unwrap();
            assert!(
                close(loss, expected, 1e-12),
                "{name} at {b:?}: loss {loss} vs {expected}"
            );
            let g = objective.gradient(b, Batch::All);
            let expected = pair(&point["grad"]);
            for k in 0..2 {
                assert!(
                    close(g[k], expected[k], 1e-10),
                    "{name} at {b:?}: gradient {g:?} vs {expected:?}"
                );
            }
        }
    }
}

#[test]
fn optimum_matches_statsmodels() {
    let reference = reference();
    for (name, objective) in cases() {
        let expected = pair(&reference[name]["mle"]);
        let found = objective
            .optimum(Batch::All)
            .expect("non-separable data has an optimum");
        for k in 0..2 {
            assert!(
                close(found[k], expected[k], 1e-7),
                "{name}: optimum {found:?} vs {expected:?}"
            );
        }
        let loss = reference[name]["mean_nll_at_mle"].as_f64().unwrap();
        assert!(close(objective.loss(found, Batch::All), loss, 1e-12));
    }
}

#[test]
fn standardisation_matches_the_reference_mean_and_std() {
    let reference = &reference()["radius_standardized"];
    let raw = Dataset::preset(Preset::Cancer, false);
    let standardized = Dataset::preset(Preset::Cancer, true);
    let (mean, std) = (
        reference["mean"].as_f64().unwrap(),
        reference["std"].as_f64().unwrap(),
    );
    for (r, s) in raw.x.iter().zip(&standardized.x) {
        assert!(close(*s, (r - mean) / std, 1e-12));
    }
}

#[test]
fn separable_data_has_no_optimum() {
    let objective = LogisticNll::new(&Dataset::preset(Preset::Separable, false));
    assert_eq!(objective.optimum(Batch::All), None);
}

#[test]
fn gradient_and_hessian_match_finite_differences() {
    for preset in Preset::ALL {
        for standardize in [false, true] {
            let objective = LogisticNll::new(&Dataset::preset(preset, standardize));
            for b in [[0.0, 0.0], [-1.5, 2.0], [3.0, -0.5], [-12.0, 0.9]] {
                let h = 1e-6;
                let g = objective.gradient(b, Batch::All);
                let hess = objective.hessian(b, Batch::All);
                for k in 0..2 {
                    let mut up = b;
                    let mut down = b;
                    up[k] += h;
                    down[k] -= h;
                    let numeric = (objective.loss(up, Batch::All)
                        - objective.loss(down, Batch::All))
                        / (2.0 * h);
                    assert!(
                        (g[k] - numeric).abs() < 1e-7,
                        "{preset:?} at {b:?}: d/db{k} {} vs {numeric}",
                        g[k]
                    );
                    let (gu, gd) = (
                        objective.gradient(up, Batch::All),
                        objective.gradient(down, Batch::All),
                    );
                    for m in 0..2 {
                        let numeric = (gu[m] - gd[m]) / (2.0 * h);
                        assert!((hess[m][k] - numeric).abs() < 1e-6 * numeric.abs().max(1.0));
                    }
                }
                let batch = [0, 5, 7, 11];
                let bg = objective.gradient(b, Batch::Points(&batch));
                for k in 0..2 {
                    let mut up = b;
                    let mut down = b;
                    up[k] += h;
                    down[k] -= h;
                    let numeric = (objective.loss(up, Batch::Points(&batch))
                        - objective.loss(down, Batch::Points(&batch)))
                        / (2.0 * h);
                    assert!((bg[k] - numeric).abs() < 1e-7);
                }
            }
        }
    }
}

#[test]
fn gradient_descent_converges_to_the_reference_optimum() {
    let reference = reference();
    let objective = LogisticNll::new(&Dataset::preset(Preset::Cancer, true));
    let n = objective.len();
    let mut run = Run::new(&objective, RunConfig::new([0.0, 0.0], 1.0, n, 1));
    run.step_many(&objective, 3000);
    let expected = pair(&reference["radius_standardized"]["mle"]);
    let theta = run.theta();
    assert!(run.divergence().is_none());
    for k in 0..2 {
        assert!(
            (theta[k] - expected[k]).abs() < 1e-8,
            "{theta:?} vs {expected:?}"
        );
    }
    assert!(run.gradient()[0].hypot(run.gradient()[1]) < 1e-9);
}

#[test]
fn the_two_feature_model_matches_statsmodels() {
    let reference = reference();
    let fit = &reference["radius_texture_standardized_no_intercept"];
    let objective = LogisticNll::two_features(&Dataset::preset(Preset::Cancer2, false)).unwrap();
    let found = objective.optimum(Batch::All).unwrap();
    let expected = pair(&fit["mle"]);
    for k in 0..2 {
        assert!(
            close(found[k], expected[k], 1e-7),
            "{found:?} vs {expected:?}"
        );
    }
    let loss = fit["mean_nll_at_mle"].as_f64().unwrap();
    assert!(close(objective.loss(found, Batch::All), loss, 1e-12));
    // Its gradient and Hessian against finite differences.
    for t in [[0.0, 0.0], [2.0, -1.0], [-3.0, 4.0]] {
        let g = objective.gradient(t, Batch::All);
        let hess = objective.hessian(t, Batch::All);
        for k in 0..2 {
            let (mut up, mut down) = (t, t);
            up[k] += 1e-6;
            down[k] -= 1e-6;
            let numeric =
                (objective.loss(up, Batch::All) - objective.loss(down, Batch::All)) / 2e-6;
            assert!((g[k] - numeric).abs() < 1e-7);
            let (gu, gd) = (
                objective.gradient(up, Batch::All),
                objective.gradient(down, Batch::All),
            );
            for m in 0..2 {
                assert!((hess[m][k] - (gu[m] - gd[m]) / 2e-6).abs() < 1e-6);
            }
        }
    }
}

#[test]
fn two_features_split_by_a_line_through_the_origin_have_no_optimum() {
    let data = Dataset {
        x: vec![1.0, 2.0, -1.0, -2.0, 0.5],
        x2: Some(vec![1.0, 0.5, -0.5, -1.0, 2.0]),
        y: vec![1.0, 1.0, 0.0, 0.0, 1.0],
        ..Dataset::default()
    };
    let objective = LogisticNll::two_features(&data).unwrap();
    assert_eq!(objective.optimum(Batch::All), None);
    let mixed = Dataset {
        y: vec![1.0, 0.0, 0.0, 1.0, 1.0],
        ..data
    };
    assert!(LogisticNll::two_features(&mixed)
        .unwrap()
        .optimum(Batch::All)
        .is_some());
}
