//! The kernels `npm run bench` times in the browser (and `cargo run
//! --release --example bench` natively); the loss surface also against the
//! straight loop a first port would write, in the same run.

use crate::model::csv;
use crate::model::data::{overlapping, Dataset, Preset};
use crate::model::objective::{
    softplus, Batch, Composite, LogisticNll, Loss, Model, Objective, Penalised, Penalty,
};
use crate::model::optim::OptimizerKind;
use crate::model::run::{Run, RunConfig};
use crate::model::surface::{contour_levels, contour_lines, loss_grid, Landscape, LossGrid};
use crate::model::window::Window;
use crate::plot::colormap::{heatmap_rgba, viridis};
use std::fmt::Write;

/// Median of `repeats` timings of `work`, in milliseconds, by the clock `now`.
fn median_ms(repeats: u32, now: &impl Fn() -> f64, mut work: impl FnMut()) -> f64 {
    let mut times: Vec<f64> = (0..repeats)
        .map(|_| {
            let t0 = now();
            work();
            now() - t0
        })
        .collect();
    times.sort_by(f64::total_cmp);
    times[times.len() / 2]
}

/// The straight port over the cells of `grid`: every cell, every point, one
/// stable softplus each. `first` is the first parameter's feature (`None`:
/// the intercept, x1 = 1).
fn naive_grid(first: Option<&[f64]>, data: &Dataset, grid: &LossGrid) -> f64 {
    let mut sum = 0.0;
    for j in 0..grid.size {
        for i in 0..grid.size {
            let (b0, b1) = (grid.b0(i), grid.b1(j));
            for (k, (x, y)) in data.x.iter().zip(&data.y).enumerate() {
                let x1 = first.map_or(1.0, |f| f[k]);
                let z = b0 * x1 + b1 * x;
                sum += softplus(z) - y * z;
            }
        }
    }
    sum
}

/// Runs every benchmark and returns JSON: `{"name": median_ms, ...}`.
/// `now` is a millisecond clock (`performance.now()` in the browser).
pub fn run(repeats: u32, now: impl Fn() -> f64) -> String {
    let mut out = String::from("{");
    let mut record = |name: &str, ms: f64| {
        if out.len() > 1 {
            out.push(',');
        }
        let _ = write!(out, "\"{name}\":{ms}");
    };
    let cancer_data = Dataset::preset(Preset::Cancer, false);
    let cancer = LogisticNll::new(&cancer_data);
    let large = LogisticNll::new(&overlapping(2000, 5));
    let g = 200;

    // One optimizer step: what the optimizer asks for, the update, then the
    // full loss and gradient the state reports. Timed over 1000 steps,
    // reported per step, for every optimizer on the standardised data (and
    // plain GD on the raw data, full and in batches of 32).
    let standardized = LogisticNll::new(&Dataset::preset(Preset::Cancer, true));
    for (name, objective, batch, optimizer, lr) in [
        ("step_cancer_full_ms", &cancer, 569, OptimizerKind::Gd, 0.01),
        ("step_cancer_b32_ms", &cancer, 32, OptimizerKind::Gd, 0.01),
    ]
    .into_iter()
    .chain(OptimizerKind::ALL.map(|kind| {
        let lr = if kind == OptimizerKind::Newton {
            1.0
        } else {
            0.05
        };
        ("", &standardized, 569, kind, lr)
    })) {
        let name = if name.is_empty() {
            format!("step_{}_ms", optimizer.key())
        } else {
            name.to_string()
        };
        let config = RunConfig::new([0.0, 0.0], lr, batch, 1).with_optimizer(optimizer);
        let mut run = Run::new(objective, config);
        record(
            &name,
            median_ms(repeats, &now, || {
                run.reset(objective);
                run.step_many(objective, 1000);
            }) / 1000.0,
        );
    }
    // One evaluation pass (loss and gradient together), per point: the
    // unit of every step's work.
    record(
        "evaluation_pass_ns_per_point",
        median_ms(repeats, &now, || {
            let mut sum = 0.0;
            for k in 0..100 {
                sum += standardized
                    .evaluate([0.01 * k as f64, 1.0], Batch::All)
                    .loss;
            }
            std::hint::black_box(sum);
        }) * 1e6
            / (100.0 * standardized.len() as f64),
    );
    // The hidden unit's landscape: its minima (a multi-start search) and its
    // grid (column by column), as choosing the model computes them.
    let overlap = Dataset::preset(Preset::Overlap, false);
    let hidden = Composite::new(
        overlap.x.clone(),
        overlap.y.clone(),
        Model::HIDDEN,
        Loss::Nll,
        Window::new((-8.0, 8.0), (-8.0, 8.0)),
    );
    record(
        "minima_hidden_ms",
        median_ms(repeats.min(5), &now, || {
            std::hint::black_box(hidden.minima(Batch::All));
        }),
    );
    record(
        "landscape_hidden_g200_ms",
        median_ms(repeats.min(5), &now, || {
            std::hint::black_box(Landscape::new(&hidden, [-2.0, 3.0], g));
        }),
    );
    // Every objective's surface alone (no minima search) on the default
    // data, 200 x 200: the models that do not factorise go column by column.
    let window = Window::new((-8.0, 8.0), (-8.0, 8.0));
    for (name, model, loss) in [
        ("surface_hidden_nll_ms", Model::HIDDEN, Loss::Nll),
        ("surface_hidden_squared_ms", Model::HIDDEN, Loss::Squared),
        (
            "surface_logistic_squared_ms",
            Model::InterceptSlope,
            Loss::Squared,
        ),
    ] {
        let objective = Composite::new(overlap.x.clone(), overlap.y.clone(), model, loss, window);
        record(
            name,
            median_ms(repeats.min(5), &now, || {
                std::hint::black_box(loss_grid(&objective, Batch::All, window, g));
            }),
        );
    }
    // The live path's compute: six runs of 200 full-batch steps.
    let configs: Vec<RunConfig> = [0.5, 2.0, 8.0, 20.0, 30.0, 40.0]
        .map(|lr| RunConfig::new([0.0, 0.0], lr, 569, 1))
        .to_vec();
    let mut runs: Vec<Run> = configs
        .iter()
        .map(|c| Run::new(&standardized, *c))
        .collect();
    record(
        "live_six_runs_200_steps_ms",
        median_ms(repeats, &now, || {
            for run in &mut runs {
                run.reset(&standardized);
                run.step_many(&standardized, 200);
            }
        }),
    );

    for (name, objective) in [
        ("surface_n569_g200_ms", &cancer),
        ("surface_n2000_g200_ms", &large),
    ] {
        let landscape = Landscape::new(objective, [0.0, 0.0], 20);
        let window = landscape.window();
        record(
            name,
            median_ms(repeats, &now, || {
                std::hint::black_box(loss_grid(objective, Batch::All, window, g));
            }),
        );
    }
    let batch: Vec<usize> = (0..32).map(|i| i * 17).collect();
    let window = Landscape::new(&cancer, [0.0, 0.0], 20).window();
    record(
        "batch_surface_b32_g200_ms",
        median_ms(repeats, &now, || {
            std::hint::black_box(loss_grid(&cancer, Batch::Points(&batch), window, g));
        }),
    );

    // A whole batch landscape as the page computes it at every step (grid,
    // the batch's own minimum, contours) plus its colours, at three sizes.
    for size in [100, 200, 400] {
        let mut rgba = Vec::new();
        let table = viridis();
        record(
            &format!("batch_landscape_b32_g{size}_ms"),
            median_ms(repeats, &now, || {
                let landscape = Landscape::for_batch(&cancer, &batch, window, size);
                heatmap_rgba(&landscape.grid, landscape.floor, &table, &mut rgba);
            }),
        );
    }

    let grid = loss_grid(&cancer, Batch::All, window, g);
    let (lo, hi) = grid.range();
    let floor = cancer
        .optimum(Batch::All)
        .map_or(0.0, |b| cancer.loss(b, Batch::All));
    let levels = contour_levels(floor, lo, hi, 12);
    record(
        "contours_12_g200_ms",
        median_ms(repeats, &now, || {
            std::hint::black_box(contour_lines(&grid, &levels));
        }),
    );
    let table = viridis();
    let mut rgba = Vec::new();
    record(
        "heatmap_rgba_g200_ms",
        median_ms(repeats, &now, || {
            heatmap_rgba(&grid, floor, &table, &mut rgba);
        }),
    );
    record(
        "landscape_n569_g200_ms",
        median_ms(repeats, &now, || {
            std::hint::black_box(Landscape::new(&cancer, [0.0, 0.0], g));
        }),
    );
    // The reference: a straight loop over cells and points (fewer repeats:
    // it is slow).
    record(
        "naive_surface_n569_g200_ms",
        median_ms(repeats.min(3), &now, || {
            std::hint::black_box(naive_grid(None, &cancer_data, &grid));
        }),
    );

    // The two-feature model's surface (radius and texture, standardised):
    // the same factorisation with x1 in place of 1, against the straight
    // loop over the same cells.
    let two_data = Dataset::preset(Preset::Cancer2, true);
    if let Some(two) = LogisticNll::two_features(&two_data) {
        let window = Landscape::new(&two, [0.0, 0.0], 20).window();
        let grid = loss_grid(&two, Batch::All, window, g);
        record(
            "surface2_n569_g200_ms",
            median_ms(repeats, &now, || {
                std::hint::black_box(loss_grid(&two, Batch::All, window, g));
            }),
        );
        let second = Dataset {
            x: two_data.x2.clone().unwrap_or_default(),
            ..two_data.clone()
        };
        record(
            "naive_surface2_n569_g200_ms",
            median_ms(repeats.min(3), &now, || {
                std::hint::black_box(naive_grid(Some(&two_data.x), &second, &grid));
            }),
        );
    }
    // An L1-penalised step (gradient step, then the proximal step).
    let l1 = Penalised::new(
        Box::new(standardized.clone()),
        Penalty::L1,
        0.1,
        [false, true],
    );
    let mut run = Run::new(&l1, RunConfig::new([0.0, 0.0], 0.5, 569, 1));
    record(
        "step_l1_ms",
        median_ms(repeats, &now, || {
            run.reset(&l1);
            run.step_many(&l1, 1000);
        }) / 1000.0,
    );
    // Reading a CSV of 100,000 rows (three columns, about 2.4 MB).
    let mut text = String::from("radius,texture,malignant\n");
    for k in 0..100_000u32 {
        let _ = writeln!(
            text,
            "{}.{},{}.{},{}",
            10 + k % 17,
            k % 97,
            15 + k % 13,
            k % 89,
            k % 2
        );
    }
    record(
        "csv_100k_rows_ms",
        median_ms(repeats.min(5), &now, || {
            std::hint::black_box(csv::read(&text, None, Some("radius"), Some("texture")).ok());
        }),
    );
    out.push('}');
    out
}
