//! The non-convex objectives: squared error on p and the hidden unit.
//! Their gradients and Hessians against finite differences, their minima
//! found and verified, and the composed logistic NLL against the fast one.

use descent::model::data::{Dataset, Preset};
use descent::model::objective::minima::{is_minimum, STATIONARY};
use descent::model::objective::{
    eigenvalues, Batch, Composite, LogisticNll, Loss, Model, Objective,
};
use descent::model::window::Window;
use descent::session::Session;

fn composite(preset: Preset, standardize: bool, model: Model, loss: Loss) -> Composite {
    let d = Dataset::preset(preset, standardize);
    Composite::new(d.x, d.y, model, loss, Window::new((-8.0, 8.0), (-8.0, 8.0)))
}

#[test]
fn gradients_and_hessians_match_finite_differences() {
    for model in [
        Model::InterceptSlope,
        Model::HIDDEN,
        Model::HiddenUnit { c: 1.0, d: -2.0 },
    ] {
        for loss in [Loss::Nll, Loss::Squared] {
            let o = composite(Preset::Overlap, false, model, loss);
            for t in [[0.3, -0.7], [-2.0, 3.0], [1.5, 1.5], [-0.4, 5.0]] {
                for batch in [Batch::All, Batch::Points(&[1, 4, 4, 9, 30])] {
                    let h = 1e-6;
                    let g = o.gradient(t, batch);
                    let hess = o.hessian(t, batch);
                    for k in 0..2 {
                        let (mut up, mut down) = (t, t);
                        up[k] += h;
                        down[k] -= h;
                        let numeric = (o.loss(up, batch) - o.loss(down, batch)) / (2.0 * h);
                        assert!(
                            (g[k] - numeric).abs() < 1e-7 * (1.0 + numeric.abs()),
                            "{model:?} {loss:?} at {t:?}: d/dt{k} {} vs {numeric}",
                            g[k]
                        );
                        let (gu, gd) = (o.gradient(up, batch), o.gradient(down, batch));
                        for m in 0..2 {
                            let numeric = (gu[m] - gd[m]) / (2.0 * h);
                            assert!(
                                (hess[m][k] - numeric).abs() < 1e-6 * (1.0 + numeric.abs()),
                                "{model:?} {loss:?} at {t:?}: H[{m}][{k}] {} vs {numeric}",
                                hess[m][k]
                            );
                        }
                    }
                }
            }
        }
    }
}

#[test]
fn the_composed_logistic_nll_is_the_fast_one() {
    let data = Dataset::preset(Preset::Cancer, false);
    let fast = LogisticNll::new(&data);
    let composed = composite(Preset::Cancer, false, Model::InterceptSlope, Loss::Nll);
    for t in [[0.0, 0.0], [-15.0, 1.0], [3.0, -2.0]] {
        let (a, b) = (
            fast.evaluate(t, Batch::All),
            composed.evaluate(t, Batch::All),
        );
        assert!((a.loss - b.loss).abs() < 1e-12 * a.loss);
        for k in 0..2 {
            assert!((a.gradient[k] - b.gradient[k]).abs() < 1e-12 * (1.0 + a.gradient[k].abs()));
        }
    }
    assert!(composed.convex() && fast.convex());
}

#[test]
fn the_hidden_unit_has_two_distinct_minima_in_view() {
    for (preset, standardize) in [(Preset::Overlap, false), (Preset::Cancer, true)] {
        let o = composite(preset, standardize, Model::HIDDEN, Loss::Nll);
        assert!(!o.convex());
        let minima = o.minima(Batch::All);
        assert!(minima.len() >= 2, "{preset:?}: {minima:?}");
        for m in &minima {
            assert!(m.theta.iter().all(|v| v.is_finite()));
            let g = o.gradient(m.theta, Batch::All);
            assert!(
                g[0].hypot(g[1]) < STATIONARY,
                "{preset:?}: gradient {g:?} at {:?}",
                m.theta
            );
            let [_, smallest] = eigenvalues(&o.hessian(m.theta, Batch::All));
            assert!(
                smallest > 0.0,
                "{preset:?}: Hessian positive definite at {:?}",
                m.theta
            );
            assert!(is_minimum(&o, Batch::All, m.theta));
        }
        assert!(
            minima[1].loss - minima[0].loss > 0.01,
            "different losses: {minima:?}"
        );
        let d = minima[0].theta;
        assert!((d[0] - minima[1].theta[0]).hypot(d[1] - minima[1].theta[1]) > 1.0);
    }
    // The documented pair on the overlap data.
    let o = composite(Preset::Overlap, false, Model::HIDDEN, Loss::Nll);
    let minima = o.minima(Batch::All);
    let near = |t: [f64; 2], u: [f64; 2]| (t[0] - u[0]).hypot(t[1] - u[1]) < 0.01;
    assert!(near(minima[0].theta, [0.40, 2.04]), "{:?}", minima[0]);
    assert!(near(minima[1].theta, [-1.03, -1.61]), "{:?}", minima[1]);
}

#[test]
fn the_page_frames_both_minima_and_the_default_start_falls_into_the_local_one() {
    let (mut s, notices) = Session::from_url([("model", "hidden")]);
    assert!(notices.is_empty());
    let landscape = s.landscape();
    assert_eq!(landscape.minima.len(), 2);
    for m in &landscape.minima {
        assert!(landscape.window().contains(m.theta));
    }
    assert!(landscape.window().contains(s.start()));
    s.step(2000);
    let local = s.landscape().minima[1].theta;
    let t = s.run().theta();
    assert!(
        (t[0] - local[0]).hypot(t[1] - local[1]) < 1e-3,
        "{t:?} vs {local:?}"
    );
    let remark = descent::view::words::remark(&s).unwrap();
    assert!(remark.contains("local minimum"), "{remark}");
    let state: serde_json::Value = serde_json::from_str(&descent::view::state_json(&s)).unwrap();
    assert_eq!(state["runs"][0]["status"], "converged");
    assert!(state["runs"][0]["statusText"]
        .as_str()
        .unwrap()
        .contains("local minimum"));
    assert_eq!(state["objective"]["convex"], false);
    assert_eq!(state["objective"]["constants"]["c"], -0.5);
    assert_eq!(state["minima"][0]["global"], true);
    assert_eq!(state["minima"][1]["global"], false);
}

#[test]
fn squared_error_has_plateaus_where_runs_crawl() {
    let (mut s, notices) = Session::from_url([("loss", "squared"), ("start", "6,-6")]);
    assert!(notices.is_empty());
    assert!(!s.objective().convex());
    assert_eq!(s.landscape().minima.len(), 1);
    s.step(50);
    let remark = descent::view::words::remark(&s).unwrap();
    assert!(remark.contains("plateau"), "{remark}");
    // From the usual start, the same loss descends to its minimum.
    let (mut s, _) = Session::from_url([("loss", "squared"), ("lr", "2")]);
    s.step(3000);
    let m = s.landscape().minima[0];
    assert!(
        (s.run().loss() - m.loss).abs() < 1e-6,
        "{} vs {}",
        s.run().loss(),
        m.loss
    );
}

#[test]
fn the_chain_panel_follows_the_point_and_the_batch() {
    use serde_json::Value;
    for model in ["logistic", "hidden"] {
        for loss in ["nll", "squared"] {
            let (mut s, notices) = Session::from_url([
                ("model", model),
                ("loss", loss),
                ("point", "7"),
                ("chain", "batch"),
                ("batch", "10"),
                ("panel", "chain"),
            ]);
            assert!(notices.is_empty(), "{notices:?}");
            s.step(3);
            let state: Value = serde_json::from_str(&descent::view::state_json(&s)).unwrap();
            let chain = &state["chain"];
            assert_eq!(chain["point"], 7);
            let data = s.data();
            assert_eq!(chain["x"].as_f64().unwrap(), data.x[7]);
            // The product along the chain is the analytic gradient of L_7.
            let theta = s.run().theta();
            let g = s.objective().gradient(theta, Batch::Points(&[7]));
            for k in 0..2 {
                let product = chain["backward"][k].as_f64().unwrap();
                assert!(
                    (product - g[k]).abs() < 1e-12 * (1.0 + g[k].abs()),
                    "{model} {loss}"
                );
                assert_eq!(chain["text"]["backward"][k], chain["text"]["analytic"][k]);
                assert_eq!(
                    chain["text"]["backward"][k], chain["text"]["numeric"][k],
                    "{model} {loss}: agree to the digits shown"
                );
            }
            // Nodes: values, local derivatives and gradients, never NaN.
            for node in chain["nodes"].as_array().unwrap() {
                for key in ["value", "grad"] {
                    assert!(node[key].is_null() || node[key].as_f64().unwrap().is_finite());
                }
            }
            let last = chain["nodes"].as_array().unwrap().last().unwrap();
            assert_eq!(last["id"], "loss");
            assert_eq!(last["grad"], 1.0);
            // The batch's mean is the gradient its step followed.
            let mean = &chain["batch"]["mean"];
            let followed = &state["batchGrad"];
            for k in 0..2 {
                let (a, b) = (mean[k].as_f64().unwrap(), followed[k].as_f64().unwrap());
                assert!(
                    (a - b).abs() < 1e-12 * (1.0 + b.abs()),
                    "{model} {loss}: {a} vs {b}"
                );
            }
            assert_eq!(chain["batch"]["points"].as_array().unwrap().len(), 10);
        }
    }
    let (_, notices) = Session::from_url([("point", "100")]);
    assert!(notices[0].message.contains("from 0 to 99"), "{notices:?}");
}

#[test]
fn the_update_strip_says_the_step_with_its_numbers() {
    for optimizer in [
        "gd", "momentum", "nesterov", "adagrad", "rmsprop", "adam", "newton",
    ] {
        let (mut s, _) = Session::from_url([
            ("optimizer", optimizer),
            ("dataset", "cancer"),
            ("standardize", "true"),
        ]);
        assert!(descent::view::words::update_strip(&s).contains("after the first step"));
        s.step(2);
        let strip = descent::view::words::update_strip(&s);
        assert!(strip.starts_with("Step 2"), "{strip}");
        let after = descent::view::format::params(s.run().theta(), 4);
        assert!(
            strip.ends_with(&after),
            "{optimizer}: {strip} ends with {after}"
        );
        let memory = match optimizer {
            "momentum" | "nesterov" => "v ← μ v",
            "adagrad" => "G = (",
            "rmsprop" => "E = (",
            "adam" => "m = (",
            "newton" => "H⁻¹",
            _ => "θ ← θ − η ∇L_B(θ)",
        };
        assert!(strip.contains(memory), "{optimizer}: {strip}");
    }
}

fn session(query: &str) -> Session {
    let (s, notices) = Session::from_url(query.split('&').filter_map(|kv| kv.split_once('=')));
    assert!(notices.is_empty(), "{query}: {notices:?}");
    s
}

#[test]
fn restarts_are_seeded_and_tallied_by_the_minimum_reached() {
    use descent::view::tally::{tally, Outcome};
    let mut a = session("model=hidden&restarts=40&seed=3");
    let mut b = session("model=hidden&restarts=40&seed=3");
    let c = session("model=hidden&restarts=40&seed=4");
    assert_eq!(a.runs().len(), 40);
    let starts = |s: &Session| {
        s.runs()
            .iter()
            .map(|r| r.config().start)
            .collect::<Vec<_>>()
    };
    assert_eq!(starts(&a), starts(&b), "the same seed, the same starts");
    assert_ne!(starts(&a), starts(&c));
    let w = a.landscape().window();
    assert!(
        starts(&a).iter().all(|s| w.contains(*s)),
        "starts in the window"
    );
    a.step(3000);
    b.step(3000);
    let t = tally(&a);
    assert_eq!(t, tally(&b));
    assert_eq!(t.iter().map(|(_, n)| n).sum::<usize>(), 40);
    let reached = |o: Outcome| t.iter().find(|(x, _)| *x == o).map_or(0, |(_, n)| *n);
    assert!(
        reached(Outcome::Minimum(0)) >= 5 && reached(Outcome::Minimum(1)) >= 5,
        "{t:?}"
    );
    let words = descent::view::tally::tally_words(&a);
    assert!(
        words.contains("of 40 reached the global minimum"),
        "{words}"
    );
    let state: serde_json::Value = serde_json::from_str(&descent::view::state_json(&a)).unwrap();
    assert_eq!(state["tally"][0]["global"], true);
    assert_eq!(state["runs"].as_array().unwrap().len(), 40);
    // A restart box puts every start inside it.
    let boxed = session("model=hidden&restarts=10&restart_box=-1,0,2,3");
    assert!(starts(&boxed)
        .iter()
        .all(|s| (-1.0..=0.0).contains(&s[0]) && (2.0..=3.0).contains(&s[1])));
    let (_, notices) = Session::from_url([("restart_box", "1,0,2,3"), ("restarts", "99")]);
    assert_eq!(notices.len(), 2, "{notices:?}");
}

#[test]
fn noise_off_changes_nothing_and_noise_on_can_shake_a_run_out() {
    let mut plain = session("model=hidden&batch=10");
    let mut zero = session("model=hidden&batch=10&noise=0&noise_decay=0.5");
    plain.step(300);
    zero.step(300);
    assert_eq!(
        plain.run().theta().map(f64::to_bits),
        zero.run().theta().map(f64::to_bits)
    );
    // The default start falls into the local minimum; annealed noise
    // (seed 6) carries the same run to the global one.
    let mut stuck = session("model=hidden&lr=0.5&seed=6");
    let mut shaken = session("model=hidden&lr=0.5&seed=6&noise=1&noise_decay=0.5");
    stuck.step(3000);
    shaken.step(3000);
    use descent::view::tally::{outcome, Outcome};
    assert_eq!(outcome(&stuck, stuck.run()), Outcome::Minimum(1));
    assert_eq!(outcome(&shaken, shaken.run()), Outcome::Minimum(0));
    assert!(
        shaken.run().noise_size() < 1.0 / 50.0,
        "annealed: {}",
        shaken.run().noise_size()
    );
    // Noise is seeded: the same settings give the same path.
    let mut again = session("model=hidden&lr=0.5&seed=6&noise=1&noise_decay=0.5");
    again.step(3000);
    assert_eq!(again.run().theta(), shaken.run().theta());
}

#[test]
fn the_column_by_column_grid_is_the_loss() {
    for model in [Model::InterceptSlope, Model::HIDDEN] {
        for loss in [Loss::Nll, Loss::Squared] {
            let o = composite(Preset::Cancer, true, model, loss);
            let window = Window::new((-3.0, 2.0), (-1.0, 5.0));
            for batch in [Batch::All, Batch::Points(&[3, 1, 4, 1, 5])] {
                let g = 17;
                let mut grid = Vec::new();
                o.grid(batch, window, g, &mut grid);
                for j in 0..g {
                    for i in 0..g {
                        let t = [window.b0_at(i, g), window.b1_at(j, g)];
                        let direct = o.loss(t, batch);
                        assert!(
                            (grid[j * g + i] - direct).abs() <= 1e-12 * direct.max(1e-3),
                            "{model:?} {loss:?} at {t:?}: {} vs {direct}",
                            grid[j * g + i]
                        );
                    }
                }
            }
        }
    }
}

#[test]
fn large_data_are_searched_on_a_sample_and_every_minimum_holds_on_all_points() {
    use descent::model::data::{generate, Preset, Synth};
    use descent::model::objective::minima::{is_minimum, SEARCH_POINTS};
    let mut synth = Synth::defaults(Preset::Overlap).unwrap();
    synth.n = 4 * SEARCH_POINTS;
    let data = generate(Preset::Overlap, synth);
    let objective = Composite::new(
        data.x.clone(),
        data.y.clone(),
        Model::HIDDEN,
        Loss::Nll,
        Window::new((-8.0, 8.0), (-8.0, 8.0)),
    );
    let minima = objective.minima(Batch::All);
    // Like the preset's: a global and a local minimum, each a true minimum
    // of the whole data's loss, not only the sample's.
    assert_eq!(minima.len(), 2, "{minima:?}");
    for m in &minima {
        assert!(is_minimum(&objective, Batch::All, m.theta), "{m:?}");
    }
    assert!(minima[0].loss < minima[1].loss);
}
