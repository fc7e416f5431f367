//! The kernels `npm run bench` times in the browser (and `cargo run
//! --release --example bench` natively); the loss surface also against the
//! straight loop a first port would write, in the same run.

use crate::model::data::{overlapping, Dataset, Preset};
use crate::model::objective::LogisticNll;
use crate::model::run::{Run, RunConfig};
use crate::model::surface::{contour_levels, contour_lines, loss_grid, Landscape, LossGrid};
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
/// stable softplus each.
fn naive_grid(objective: &LogisticNll, grid: &LossGrid) -> f64 {
    let mut sum = 0.0;
    for j in 0..grid.size {
        for i in 0..grid.size {
            sum += objective.loss([grid.b0(i), grid.b1(j)]);
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
    let cancer = LogisticNll::new(&Dataset::preset(Preset::Cancer, false));
    let large = LogisticNll::new(&overlapping(2000, 5));
    let g = 200;

    // One optimizer step: batch gradient, update, then the full loss and
    // gradient the state reports. Timed over 1000 steps, reported per step.
    for (name, objective, batch) in [
        ("step_cancer_full_ms", &cancer, 569),
        ("step_cancer_b32_ms", &cancer, 32),
    ] {
        let mut run = Run::new(
            objective.clone(),
            RunConfig::new([0.0, 0.0], 0.01, batch, 1),
        );
        record(
            name,
            median_ms(repeats, &now, || {
                run.step_many(1000);
            }) / 1000.0,
        );
    }

    for (name, objective) in [
        ("surface_n569_g200_ms", &cancer),
        ("surface_n2000_g200_ms", &large),
    ] {
        let landscape = Landscape::new(objective, [0.0, 0.0], 20);
        let window = landscape.window();
        record(
            name,
            median_ms(repeats, &now, || {
                std::hint::black_box(loss_grid(objective, None, window, g));
            }),
        );
    }
    let batch: Vec<usize> = (0..32).map(|i| i * 17).collect();
    let window = Landscape::new(&cancer, [0.0, 0.0], 20).window();
    record(
        "batch_surface_b32_g200_ms",
        median_ms(repeats, &now, || {
            std::hint::black_box(loss_grid(&cancer, Some(&batch), window, g));
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

    let grid = loss_grid(&cancer, None, window, g);
    let (lo, hi) = grid.range();
    let floor = cancer.optimum().map_or(0.0, |b| cancer.loss(b));
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
            std::hint::black_box(naive_grid(&cancer, &grid));
        }),
    );
    out.push('}');
    out
}
