//! The loss over a grid of the parameter plane, its contour levels and its
//! contour lines: the landscapes drawn under the paths.
//!
//! The grid itself comes from [`Objective::grid`] (the logistic loss has a
//! fast, exact path; see `objective/grid.rs`); this module frames the
//! window, picks the levels and traces the lines.

use super::objective::{newton_minimum, Batch, Minimum, Objective};
use super::window::Window;
use super::Params;

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
/// Segments rather than polygons (several times faster than the `contour`
/// crate's approach), but in drawing order: each line's segments follow one
/// another head to tail, the start of one exactly (bit for bit) the end of
/// the one before, so a line is drawn as one polyline (half the points, and
/// a canvas strokes it about twice as fast as loose segments). Saddle cells
/// are resolved by the cell's centre value.
pub fn contour_lines(grid: &LossGrid, levels: &[f64]) -> Vec<Contour> {
    let g = grid.size;
    let mut traced: Vec<Traced> = levels.iter().map(|_| Traced::default()).collect();
    let b0s: Vec<f64> = (0..g).map(|i| grid.b0(i)).collect();
    let b1s: Vec<f64> = (0..g).map(|j| grid.b1(j)).collect();
    // Each value's band: how many levels lie below it. A cell is crossed by
    // the levels from its lowest corner's band up to its highest's, so most
    // cells (all four corners in one band) are passed over by comparing
    // four small integers, each value's levels searched once, not four times.
    let bands: Vec<u16> = (grid.values.iter())
        .map(|&v| levels.partition_point(|&level| level < v) as u16)
        .collect();
    debug_assert!(levels.len() < usize::from(u16::MAX));
    for j in 0..g - 1 {
        let (below, above) = (&bands[j * g..(j + 1) * g], &bands[(j + 1) * g..(j + 2) * g]);
        for i in 0..g - 1 {
            // Corners counter-clockwise from bottom-left.
            let band = [below[i], below[i + 1], above[i + 1], above[i]];
            let first = band[0].min(band[1]).min(band[2].min(band[3]));
            let last = band[0].max(band[1]).max(band[2].max(band[3]));
            if first == last {
                continue;
            }
            let (first, crossing) = (usize::from(first), usize::from(last - first));
            let v = [
                grid.at(i, j),
                grid.at(i + 1, j),
                grid.at(i + 1, j + 1),
                grid.at(i, j + 1),
            ];
            let cell = Cell {
                v,
                c: [
                    [b0s[i], b1s[j]],
                    [b0s[i + 1], b1s[j]],
                    [b0s[i + 1], b1s[j + 1]],
                    [b0s[i], b1s[j + 1]],
                ],
                // The grid edges of edges 0..4: bottom and top are
                // horizontal edges (even ids), right and left vertical (odd).
                edges: [
                    edge_id(i, j, g, false),
                    edge_id(i + 1, j, g, true),
                    edge_id(i, j + 1, g, false),
                    edge_id(i, j, g, true),
                ],
            };
            for (level, out) in levels[first..first + crossing]
                .iter()
                .zip(&mut traced[first..first + crossing])
            {
                cell.trace(*level, out);
            }
        }
    }
    // Which segments meet on each grid edge: at most two of one level. Kept
    // from call to call (all NONE between levels and calls): the batch
    // surface's contours are traced at every step, and filling it anew
    // cost more than tracing.
    thread_local! {
        static MEETING: std::cell::RefCell<Vec<[u32; 2]>> = const { std::cell::RefCell::new(Vec::new()) };
    }
    MEETING.with_borrow_mut(|meeting| {
        if meeting.len() < 2 * g * g {
            meeting.resize(2 * g * g, [NONE; 2]);
        }
        levels
            .iter()
            .zip(traced)
            .map(|(&level, traced)| Contour {
                level,
                segments: traced.chained(meeting),
            })
            .collect()
    })
}

/// No segment.
const NONE: u32 = u32::MAX;

/// The id of the grid edge from point (i, j) rightwards (or, `vertical`,
/// upwards), for [`contour_lines`]' joining.
fn edge_id(i: usize, j: usize, g: usize, vertical: bool) -> u32 {
    (2 * (j * g + i) + vertical as usize) as u32
}

/// One cell of the grid: corner values `v` at corners `c`, counter-clockwise
/// from bottom-left, and the ids of its four edges (edge e joins corner e and
/// corner e + 1).
struct Cell {
    v: [f64; 4],
    c: [Params; 4],
    edges: [u32; 4],
}

/// One level's segments as traced, with the grid edges their ends lie on.
#[derive(Default)]
struct Traced {
    segments: Vec<Segment>,
    ends: Vec<[u32; 2]>,
}

impl Cell {
    /// The segments of the level set `L = level` through this cell.
    fn trace(&self, level: f64, out: &mut Traced) {
        let v = &self.v;
        let case = (v[0] > level) as u8
            | ((v[1] > level) as u8) << 1
            | ((v[2] > level) as u8) << 2
            | ((v[3] > level) as u8) << 3;
        let mut emit = |a: usize, b: usize| {
            out.segments
                .push([self.crossing(a, level), self.crossing(b, level)]);
            out.ends.push([self.edges[a], self.edges[b]]);
        };
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

    /// Where the level crosses edge e, by linear interpolation, always from
    /// the edge's bottom or left corner: the neighbouring cell computes the
    /// same point from the same numbers, so the two ends agree exactly.
    fn crossing(&self, e: usize, level: f64) -> Params {
        let (from, to) = match e {
            0 => (0, 1),
            1 => (1, 2),
            2 => (3, 2),
            _ => (0, 3),
        };
        let (p, q, vp, vq) = (self.c[from], self.c[to], self.v[from], self.v[to]);
        let t = (level - vp) / (vq - vp);
        [p[0] + t * (q[0] - p[0]), p[1] + t * (q[1] - p[1])]
    }
}

impl Traced {
    /// The segments in drawing order: each line's segments head to tail,
    /// turned where needed. `meeting` is scratch space, all [`NONE`] before
    /// and after.
    fn chained(self, meeting: &mut [[u32; 2]]) -> Vec<Segment> {
        let Traced { segments, ends } = self;
        for (k, pair) in ends.iter().enumerate() {
            for &edge in pair {
                let slot = &mut meeting[edge as usize];
                let free = if slot[0] == NONE { 0 } else { 1 };
                slot[free] = k as u32;
            }
        }
        // The other segment on `edge` than `k`, if any.
        let other = |meeting: &[[u32; 2]], edge: u32, k: usize| {
            let [a, b] = meeting[edge as usize];
            let next = if a as usize == k { b } else { a };
            (next != NONE && next as usize != k).then_some(next as usize)
        };
        let mut used = vec![false; segments.len()];
        let mut out = Vec::with_capacity(segments.len());
        for first in 0..segments.len() {
            if used[first] {
                continue;
            }
            // Back to the line's beginning (or once round a ring): `k`
            // ends up the first segment, entered at grid edge `edge`.
            let (mut k, mut edge) = (first, ends[first][0]);
            while let Some(previous) = other(meeting, edge, k) {
                if previous == first || used[previous] {
                    break;
                }
                let [a, b] = ends[previous];
                edge = if a == edge { b } else { a };
                k = previous;
            }
            // Then forwards, turning each segment to start where the last ended.
            loop {
                used[k] = true;
                let [a, b] = ends[k];
                let [p, q] = segments[k];
                let (start, end, exit) = if a == edge { (p, q, b) } else { (q, p, a) };
                out.push([start, end]);
                match other(meeting, exit, k) {
                    Some(next) if !used[next] => (k, edge) = (next, exit),
                    _ => break,
                }
            }
        }
        for pair in &ends {
            for &edge in pair {
                meeting[edge as usize] = [NONE; 2];
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::data::{Dataset, Preset};
    use crate::model::objective::LogisticNll;

    /// `f` on a `g` x `g` grid over `window`.
    fn grid_of(window: Window, g: usize, f: impl Fn(f64, f64) -> f64) -> LossGrid {
        let mut grid = LossGrid {
            window,
            size: g,
            values: vec![0.0; g * g],
        };
        for j in 0..g {
            for i in 0..g {
                grid.values[j * g + i] = f(grid.b0(i), grid.b1(j));
            }
        }
        grid
    }

    #[test]
    fn contours_of_a_bowl_are_closed_rings() {
        // f = b0^2 + b1^2 on [-1, 1]^2: the level 0.25 is a circle of radius 0.5.
        let grid = grid_of(Window::new((-1.0, 1.0), (-1.0, 1.0)), 41, |x, y| {
            x * x + y * y
        });
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
        // In drawing order: one ring, each segment starting exactly where
        // the one before ended, and the last closing on the first.
        for pair in segments.windows(2) {
            assert_eq!(pair[0][1], pair[1][0]);
        }
        assert_eq!(segments[segments.len() - 1][1], segments[0][0]);
    }

    /// A saddle, two bowls and lines that leave the window: every segment
    /// kept, once, and lines broken only where a line ends.
    #[test]
    fn contour_lines_are_chained_without_losing_segments() {
        // Two wells at (+-1.5, 0) with a saddle between.
        let value = |x: f64, y: f64| (x * x - 2.25).powi(2) / 4.0 + y * y + 0.1 * x;
        let grid = grid_of(Window::new((-3.0, 3.0), (-2.0, 2.0)), 60, value);
        let levels = [0.05, 0.3, 0.5, 1.0, 2.0, 4.0];
        for contour in contour_lines(&grid, &levels) {
            let segments = &contour.segments;
            // Each grid edge holds at most one crossing point of a level,
            // so no point is the start of two segments, or the end of two.
            let key = |p: &Params| (p[0].to_bits(), p[1].to_bits());
            let mut starts: Vec<_> = segments.iter().map(|s| key(&s[0])).collect();
            let mut ends: Vec<_> = segments.iter().map(|s| key(&s[1])).collect();
            starts.sort_unstable();
            ends.sort_unstable();
            assert!(
                starts.windows(2).all(|w| w[0] != w[1]),
                "level {}",
                contour.level
            );
            assert!(
                ends.windows(2).all(|w| w[0] != w[1]),
                "level {}",
                contour.level
            );
            // A break (a segment not starting where the last ended) only
            // where the line had nowhere to go: its end is no segment's
            // start, or the start of one drawn already (a ring, closed).
            let first_at = |point: &Params| segments.iter().position(|s| s[0] == *point);
            let mut breaks = 0;
            for (k, pair) in segments.windows(2).enumerate() {
                if pair[0][1] != pair[1][0] {
                    breaks += 1;
                    assert!(
                        first_at(&pair[0][1]).is_none_or(|at| at <= k),
                        "level {}",
                        contour.level
                    );
                }
            }
            // The lines here: at most two rings or arcs per level.
            assert!(breaks <= 2, "level {}: {breaks} breaks", contour.level);
            // On the level, as far as the grid's linear interpolation goes.
            for p in segments.iter().flatten() {
                assert!((value(p[0], p[1]) - contour.level).abs() < 0.05);
            }
        }
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
