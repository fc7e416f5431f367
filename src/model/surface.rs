//! The loss over a grid of the parameter plane, its contour levels and its
//! contour lines: the landscapes drawn under the paths.
//!
//! The grid itself comes from [`Objective::grid`] (the logistic loss has a
//! fast, exact path; see `objective/grid.rs`); this module frames the
//! window, picks the levels and traces the lines.

use super::objective::minima::Minimum;
use super::objective::{newton_minimum, Batch, Objective};
use super::Params;

/// A rectangle of the parameter plane: the first parameter on the
/// horizontal axis, the second on the vertical.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Window {
    /// The first parameter from `b0.0` to `b0.1`.
    pub b0: (f64, f64),
    /// The second parameter from `b1.0` to `b1.1`.
    pub b1: (f64, f64),
}

impl Window {
    /// The window spanning `b0` horizontally and `b1` vertically.
    pub fn new(b0: (f64, f64), b1: (f64, f64)) -> Window {
        Window { b0, b1 }
    }

    /// True when `b` lies inside (edges included).
    pub fn contains(&self, b: Params) -> bool {
        (self.b0.0..=self.b0.1).contains(&b[0]) && (self.b1.0..=self.b1.1).contains(&b[1])
    }

    /// The first parameter at column `i` of a `g`-point grid.
    pub fn b0_at(&self, i: usize, g: usize) -> f64 {
        Window::at(self.b0, i, g)
    }

    /// The second parameter at row `j` of a `g`-point grid.
    pub fn b1_at(&self, j: usize, g: usize) -> f64 {
        Window::at(self.b1, j, g)
    }

    /// Grid coordinate `k` of `g` points from `lo` to `hi`.
    fn at((lo, hi): (f64, f64), k: usize, g: usize) -> f64 {
        lo + (hi - lo) * k as f64 / (g.max(2) - 1) as f64
    }
}

/// A window that frames `points` (the start and the minima), with room
/// around them scaled by the loss's curvature at `target` (the lowest
/// minimum) along each axis, so a long thin valley looks long and thin and a
/// round bowl looks round.
pub fn frame(objective: &dyn Objective, points: &[Params], target: Params) -> Window {
    let h = objective.hessian(target, Batch::All);
    let axis = |k: usize| {
        let (lo, hi) = points
            .iter()
            .chain(std::iter::once(&target))
            .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), p| {
                (lo.min(p[k]), hi.max(p[k]))
            });
        let centre = 0.5 * (lo + hi);
        // Room for the overshoot and zig-zag of a path between them, plus
        // the curvature's natural scale around the minimum.
        let natural = 1.5 / h[k][k].abs().max(1e-12).sqrt();
        let half = 0.7 * (hi - lo) + 0.6 * natural;
        (centre - half, centre + half)
    };
    Window {
        b0: axis(0),
        b1: axis(1),
    }
}

/// The loss on a `g` x `g` grid over a window.
#[derive(Clone, Debug)]
pub struct LossGrid {
    /// The window the grid spans, edges included.
    pub window: Window,
    /// Points per side.
    pub size: usize,
    /// Loss values, row by row: row `j` has b1 = j-th grid value (rising),
    /// column `i` has b0 = i-th grid value (rising).
    pub values: Vec<f64>,
}

impl LossGrid {
    /// The value at column `i`, row `j`.
    pub fn at(&self, i: usize, j: usize) -> f64 {
        self.values[j * self.size + i]
    }

    /// The b0 of column `i`.
    pub fn b0(&self, i: usize) -> f64 {
        self.window.b0_at(i, self.size)
    }

    /// The b1 of row `j`.
    pub fn b1(&self, j: usize) -> f64 {
        self.window.b1_at(j, self.size)
    }

    /// The smallest and largest value.
    pub fn range(&self) -> (f64, f64) {
        self.values
            .iter()
            .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), &v| {
                (lo.min(v), hi.max(v))
            })
    }
}

/// The mean loss over `batch` on a `g` x `g` grid over `window` (`g >= 2`).
pub fn loss_grid(objective: &dyn Objective, batch: Batch, window: Window, g: usize) -> LossGrid {
    let size = g.max(2);
    let mut values = Vec::with_capacity(size * size);
    objective.grid(batch, window, size, &mut values);
    LossGrid {
        window,
        size,
        values,
    }
}

/// `count` contour levels for a surface whose values run from `lowest` to
/// `highest`, spaced evenly in log(L - floor): dense near the minimum, where
/// the path ends, sparse up the walls. `floor` is the optimum's loss (or 0
/// when there is no optimum).
pub fn contour_levels(floor: f64, lowest: f64, highest: f64, count: usize) -> Vec<f64> {
    let (lo, hi) = log_range(floor, lowest, highest);
    (0..count)
        .map(|k| floor + (lo + (hi - lo) * (k as f64 + 0.5) / count as f64).exp())
        .collect()
}

/// The range of ln(L - floor) that the colours and levels span.
pub fn log_range(floor: f64, lowest: f64, highest: f64) -> (f64, f64) {
    let top = (highest - floor).max(1e-300);
    let bottom = (lowest - floor).max(top * 1e-4);
    (bottom.ln(), top.ln())
}

/// One contour line segment, in parameter coordinates.
pub type Segment = [Params; 2];

/// The contour lines of one level.
#[derive(Clone, Debug)]
pub struct Contour {
    /// The loss on this line.
    pub level: f64,
    /// Its segments.
    pub segments: Vec<Segment>,
}

/// Everything drawn under the path, computed once per data set (and again
/// only when a start outside the window is asked for).
#[derive(Clone, Debug)]
pub struct Landscape {
    /// The full loss on the grid.
    pub grid: LossGrid,
    /// The minimiser (the global one, when there are several), if the loss has one.
    pub optimum: Option<Params>,
    /// Every local minimum found, lowest first (the optimum is the first).
    pub minima: Vec<Minimum>,
    /// The loss the colours and contour levels count up from: the loss at
    /// the optimum, or 0 (its infimum) when there is none.
    pub floor: f64,
    /// Contour lines, lowest level first.
    pub contours: Vec<Contour>,
}

/// The fewest grid points per side a surface is drawn with, however many
/// points the data have: coarser contours stop looking like contours.
pub const MIN_GRID: usize = 32;

/// Grid points per side for a surface of `objective` over `points` points:
/// `largest`, unless computing it would take longer than `budget_ms` (by
/// [`Objective::cell_cost`]), then as many as the budget allows, at least
/// [`MIN_GRID`]. A student's 100,000-row CSV or a hidden unit on 10,000
/// points then redraws in a fraction of a second, not many seconds.
pub fn grid_size(
    objective: &dyn Objective,
    points: usize,
    largest: usize,
    budget_ms: f64,
) -> usize {
    let per_cell_ms = objective.cell_cost() * points.max(1) as f64 * 1e-6;
    let affordable = (budget_ms / per_cell_ms).sqrt();
    (affordable as usize).clamp(MIN_GRID.min(largest), largest)
}

/// Contour levels drawn on the full surface.
pub const CONTOUR_LEVELS: usize = 12;

impl Landscape {
    /// The landscape of `objective` on a `g` x `g` grid over a window that
    /// frames `start` and the optimum. Without an optimum (separable data)
    /// the window frames the minimiser of a slightly regularised loss, which
    /// lies the way the path will go.
    pub fn new(objective: &dyn Objective, start: Params, g: usize) -> Landscape {
        let minima = objective.minima(Batch::All);
        let target = minima
            .first()
            .map(|m| m.theta)
            .or_else(|| newton_minimum(objective, Batch::All, 0.01))
            .unwrap_or([0.0, 0.0]);
        let mut points = vec![start];
        points.extend(minima.iter().map(|m| m.theta));
        let window = frame(objective, &points, target);
        Landscape::with_window(objective, minima, window, g)
    }

    /// The landscape over a given window, with the minima already found.
    pub fn with_window(
        objective: &dyn Objective,
        minima: Vec<Minimum>,
        window: Window,
        g: usize,
    ) -> Landscape {
        let grid = loss_grid(objective, Batch::All, window, g);
        let floor = minima.first().map_or(0.0, |m| m.loss);
        Landscape::from_grid(grid, minima, floor)
    }

    /// The landscape of a batch's loss L_k over `window`: its own grid,
    /// minimum (none when the batch's points are separable, as a single
    /// point always is) and contours.
    pub fn for_batch(
        objective: &dyn Objective,
        batch: &[usize],
        window: Window,
        g: usize,
    ) -> Landscape {
        let batch = Batch::Points(batch);
        let grid = loss_grid(objective, batch, window, g);
        let minima = objective.minima(batch);
        let floor = minima.first().map_or(0.0, |m| m.loss);
        Landscape::from_grid(grid, minima, floor)
    }

    fn from_grid(grid: LossGrid, minima: Vec<Minimum>, floor: f64) -> Landscape {
        let (lowest, highest) = grid.range();
        let contours = contour_lines(
            &grid,
            &contour_levels(floor, lowest, highest, CONTOUR_LEVELS),
        );
        Landscape {
            grid,
            optimum: minima.first().map(|m| m.theta),
            minima,
            floor,
            contours,
        }
    }

    /// The window the landscape covers.
    pub fn window(&self) -> Window {
        self.grid.window
    }
}

/// The contour lines of a grid at each of `levels` (ascending), by marching
/// squares in a single pass: each cell is visited once and only the levels
/// between its lowest and highest corner are traced through it.
///
/// Segments rather than joined polylines: drawing needs nothing more, and it
/// is several times faster than building polygons (the `contour` crate's
/// approach). Saddle cells are resolved by the cell's centre value.
pub fn contour_lines(grid: &LossGrid, levels: &[f64]) -> Vec<Contour> {
    let mut contours: Vec<Contour> = levels
        .iter()
        .map(|&level| Contour {
            level,
            segments: Vec::new(),
        })
        .collect();
    let g = grid.size;
    let b0s: Vec<f64> = (0..g).map(|i| grid.b0(i)).collect();
    let b1s: Vec<f64> = (0..g).map(|j| grid.b1(j)).collect();
    for j in 0..g - 1 {
        for i in 0..g - 1 {
            // Corners counter-clockwise from bottom-left.
            let v = [
                grid.at(i, j),
                grid.at(i + 1, j),
                grid.at(i + 1, j + 1),
                grid.at(i, j + 1),
            ];
            let lo = v[0].min(v[1]).min(v[2].min(v[3]));
            let hi = v[0].max(v[1]).max(v[2].max(v[3]));
            let first = levels.partition_point(|&level| level < lo);
            for contour in contours[first..].iter_mut().take_while(|c| c.level < hi) {
                let c = [
                    [b0s[i], b1s[j]],
                    [b0s[i + 1], b1s[j]],
                    [b0s[i + 1], b1s[j + 1]],
                    [b0s[i], b1s[j + 1]],
                ];
                trace_cell(&v, &c, contour.level, &mut contour.segments);
            }
        }
    }
    contours
}

/// The segments of the level set `L = level` through one cell with corner
/// values `v` at corners `c` (counter-clockwise from bottom-left).
fn trace_cell(v: &[f64; 4], c: &[Params; 4], level: f64, out: &mut Vec<Segment>) {
    let case = (v[0] > level) as u8
        | ((v[1] > level) as u8) << 1
        | ((v[2] > level) as u8) << 2
        | ((v[3] > level) as u8) << 3;
    // Where the level crosses edge e (joining corner e and corner e + 1),
    // by linear interpolation.
    let edge = |e: usize| {
        let (p, q, vp, vq) = (c[e], c[(e + 1) % 4], v[e], v[(e + 1) % 4]);
        let t = (level - vp) / (vq - vp);
        [p[0] + t * (q[0] - p[0]), p[1] + t * (q[1] - p[1])]
    };
    let mut emit = |a: usize, b: usize| out.push([edge(a), edge(b)]);
    match case {
        1 | 14 => emit(3, 0),
        2 | 13 => emit(0, 1),
        3 | 12 => emit(3, 1),
        4 | 11 => emit(1, 2),
        6 | 9 => emit(0, 2),
        7 | 8 => emit(2, 3),
        5 | 10 => {
            let centre_above = (v[0] + v[1] + v[2] + v[3]) / 4.0 > level;
            // Case 5: corners 0 and 2 above. If the centre is above too,
            // they join and the below corners are cut off.
            if (case == 5) == centre_above {
                emit(0, 1);
                emit(2, 3);
            } else {
                emit(3, 0);
                emit(1, 2);
            }
        }
        _ => {} // 0 and 15: the level does not cross this cell.
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::data::{Dataset, Preset};
    use crate::model::objective::LogisticNll;

    #[test]
    fn contours_of_a_bowl_are_closed_rings() {
        // f = b0^2 + b1^2 on [-1, 1]^2: the level 0.25 is a circle of radius 0.5.
        let g = 41;
        let window = Window {
            b0: (-1.0, 1.0),
            b1: (-1.0, 1.0),
        };
        let mut grid = LossGrid {
            window,
            size: g,
            values: vec![0.0; g * g],
        };
        for j in 0..g {
            for i in 0..g {
                grid.values[j * g + i] = grid.b0(i).powi(2) + grid.b1(j).powi(2);
            }
        }
        let segments = contour_lines(&grid, &[0.25]).remove(0).segments;
        assert!(segments.len() > 40);
        for s in &segments {
            for p in s {
                assert!((p[0].hypot(p[1]) - 0.5).abs() < 0.01);
            }
        }
        let length: f64 = segments
            .iter()
            .map(|[p, q]| (p[0] - q[0]).hypot(p[1] - q[1]))
            .sum();
        assert!((length - std::f64::consts::PI).abs() < 0.02, "{length}");
    }

    #[test]
    fn landscapes_frame_start_and_optimum() {
        for preset in Preset::ALL {
            let objective = LogisticNll::new(&Dataset::preset(preset, false));
            let start = preset.default_start();
            let landscape = Landscape::new(&objective, start, 50);
            assert!(landscape.window().contains(start), "{preset:?}");
            if let Some(optimum) = landscape.optimum {
                assert!(landscape.window().contains(optimum), "{preset:?}");
            }
            assert_eq!(landscape.contours.len(), CONTOUR_LEVELS);
            assert!(landscape.contours.iter().all(|c| !c.segments.is_empty()));
        }
    }

    #[test]
    fn levels_rise_from_the_floor() {
        let levels = contour_levels(0.29, 0.3, 5.0, 12);
        assert_eq!(levels.len(), 12);
        assert!(levels.windows(2).all(|w| w[0] < w[1]));
        assert!(levels[0] > 0.29 && levels[11] < 5.0);
    }
}
