//! The loss over a grid of the parameter plane, its contour levels and its
//! contour lines.
//!
//! ## Why the grid is fast
//! A straight loop costs G^2 * N exponentials and logarithms (0.7 s for the
//! breast-cancer data at G = 200 in wasm). Two identities remove nearly all
//! of them. Write each point's loss as `L_i = softplus(s_i z_i)` with
//! `s_i = 1 - 2 y_i` (this form has no cancelling linear term). Then
//!
//! ```text
//! e^(s (b0 + b1 x)) = e^(s b0) * e^(s b1 x)        one exp per column, one per row and point
//! sum_i log(1 + a c_i) = log prod_i (1 + a c_i)     one log per grid cell
//! ```
//!
//! The running product only grows (every factor is at least 1), so its
//! binary exponent is split off every `R` points, with `R` chosen from a bound
//! on |z| over the window so the product can never overflow. Error against
//! the direct stable formula is about 1e-14 relative (tested below); cells
//! whose loss is tiny, where `log(1 + tiny)` would lose digits, are
//! recomputed directly. Columns are processed [`LANES`] at a time so the
//! independent products pipeline (and vectorise under SIMD).

use super::objective::{softplus, LogisticNll};
use super::Params;

/// Grid columns computed together in the inner loop.
pub const LANES: usize = 8;

/// Below this mean loss a grid cell is recomputed with the direct formula,
/// keeping the relative error under 1e-12 everywhere.
const SMALL_LOSS: f64 = 1e-3;

/// A rectangle of the parameter plane: b0 on the horizontal axis, b1 on the vertical.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Window {
    /// b0 from `b0.0` to `b0.1`.
    pub b0: (f64, f64),
    /// b1 from `b1.0` to `b1.1`.
    pub b1: (f64, f64),
}

impl Window {
    /// True when `b` lies inside (edges included).
    pub fn contains(&self, b: Params) -> bool {
        (self.b0.0..=self.b0.1).contains(&b[0]) && (self.b1.0..=self.b1.1).contains(&b[1])
    }

    /// Grid coordinate `k` of `g` points from `lo` to `hi`.
    fn at((lo, hi): (f64, f64), k: usize, g: usize) -> f64 {
        lo + (hi - lo) * k as f64 / (g - 1) as f64
    }
}

/// A window that frames both the start and `target` (the optimum), with room
/// around them scaled by the loss's curvature at `target` along each axis, so
/// a long thin valley looks long and thin and a round bowl looks round.
pub fn frame(objective: &LogisticNll, start: Params, target: Params) -> Window {
    let h = objective.hessian(target);
    let axis = |k: usize| {
        let centre = 0.5 * (start[k] + target[k]);
        // Room for the overshoot and zig-zag of a path that starts at
        // `start`, plus the curvature's natural scale around the optimum.
        let natural = 1.5 / h[k][k].max(1e-12).sqrt();
        let half = 0.7 * (start[k] - target[k]).abs() + 0.6 * natural;
        (centre - half, centre + half)
    };
    Window {
        b0: axis(0),
        b1: axis(1),
    }
}

/// The full loss on a `g` x `g` grid over a window.
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
        Window::at(self.window.b0, i, self.size)
    }

    /// The b1 of row `j`.
    pub fn b1(&self, j: usize) -> f64 {
        Window::at(self.window.b1, j, self.size)
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

/// The points split by class, with each class's sign s (see the module docs).
struct Classes {
    /// (s, x values of the points with that sign)
    groups: [(f64, Vec<f64>); 2],
}

impl Classes {
    fn new(objective: &LogisticNll, points: Option<&[usize]>) -> Self {
        let mut negative = Vec::new(); // y = 0: s = +1
        let mut positive = Vec::new(); // y = 1: s = -1
        let mut add = |i: usize| {
            if objective.y()[i] == 1.0 {
                positive.push(objective.x()[i]);
            } else {
                negative.push(objective.x()[i]);
            }
        };
        match points {
            Some(batch) => batch.iter().copied().for_each(&mut add),
            None => (0..objective.len()).for_each(&mut add),
        }
        Classes {
            groups: [(1.0, negative), (-1.0, positive)],
        }
    }

    fn len(&self) -> usize {
        self.groups[0].1.len() + self.groups[1].1.len()
    }

    /// The mean loss at b, straight from the stable formula.
    fn direct(&self, b: Params) -> f64 {
        let sum: f64 = self
            .groups
            .iter()
            .flat_map(|(s, xs)| xs.iter().map(move |x| softplus(s * (b[0] + b[1] * x))))
            .sum();
        sum / self.len() as f64
    }
}

/// The mean loss over all points (`batch = None`) or over a batch of point
/// indices, on a `g` x `g` grid over `window` (`g >= 2`).
pub fn loss_grid(
    objective: &LogisticNll,
    batch: Option<&[usize]>,
    window: Window,
    g: usize,
) -> LossGrid {
    let g = g.max(2);
    let classes = Classes::new(objective, batch);
    let n = classes.len();
    let mut grid = LossGrid {
        window,
        size: g,
        values: vec![0.0; g * g],
    };
    if n == 0 {
        return grid;
    }
    // Bound |z| over the window to choose how often to renormalise.
    let max_x = objective.x().iter().fold(0.0f64, |m, x| m.max(x.abs()));
    let max_b0 = window.b0.0.abs().max(window.b0.1.abs());
    let max_b1 = window.b1.0.abs().max(window.b1.1.abs());
    let z_bound = max_b0 + max_b1 * max_x;
    if z_bound.is_nan() || z_bound >= 600.0 {
        // e^z could overflow: fall back to the direct formula (slow but exact).
        for j in 0..g {
            for i in 0..g {
                grid.values[j * g + i] = classes.direct([grid.b0(i), grid.b1(j)]);
            }
        }
        return grid;
    }
    // Each factor 1 + e^(s z) is below 2^(1 + z_bound / ln 2); keep the
    // product's exponent under 1000 bits between renormalisations.
    let bits_per_factor = 1.0 + z_bound / std::f64::consts::LN_2;
    let renorm_every = ((1000.0 / bits_per_factor) as usize).max(1);

    let b0s: Vec<f64> = (0..g).map(|i| grid.b0(i)).collect();
    // e^(s b0) for each class sign and column, in chunks of LANES columns.
    let column_factors: Vec<[[f64; LANES]; 2]> = b0s
        .chunks(LANES)
        .map(|chunk| {
            let mut a = [[0.0; LANES]; 2];
            for (k, (s, _)) in classes.groups.iter().enumerate() {
                for (lane, b0) in chunk.iter().enumerate() {
                    a[k][lane] = (s * b0).exp();
                }
            }
            a
        })
        .collect();
    let mut factors: [Vec<f64>; 2] = [Vec::new(), Vec::new()];
    for j in 0..g {
        let b1 = grid.b1(j);
        for (k, (s, xs)) in classes.groups.iter().enumerate() {
            factors[k].clear();
            factors[k].extend(xs.iter().map(|x| (s * b1 * x).exp()));
        }
        let row = &mut grid.values[j * g..(j + 1) * g];
        for ((b0_chunk, out), a) in b0s
            .chunks(LANES)
            .zip(row.chunks_mut(LANES))
            .zip(&column_factors)
        {
            let log_products = log_products(&factors, a, renorm_every);
            for (lane, value) in out.iter_mut().enumerate() {
                let mean = log_products[lane] / n as f64;
                // log(1 + tiny) keeps only absolute accuracy (1e-16 per
                // point): recompute cells with a small loss directly.
                *value = if mean < SMALL_LOSS {
                    classes.direct([b0_chunk[lane], b1])
                } else {
                    mean
                };
            }
        }
    }
    grid
}

/// For each lane l: sum over both classes k and points i of
/// log(1 + a[k][l] * factors[k][i]), as the log of a renormalised product.
fn log_products(
    factors: &[Vec<f64>; 2],
    a: &[[f64; LANES]; 2],
    renorm_every: usize,
) -> [f64; LANES] {
    let mut product = [1.0f64; LANES];
    let mut exponent = [0i64; LANES];
    for (class_factors, a) in factors.iter().zip(a) {
        for chunk in class_factors.chunks(renorm_every) {
            for &c in chunk {
                for lane in 0..LANES {
                    product[lane] *= 1.0 + a[lane] * c;
                }
            }
            renormalise(&mut product, &mut exponent);
        }
    }
    let mut out = [0.0; LANES];
    for lane in 0..LANES {
        out[lane] = product[lane].ln() + exponent[lane] as f64 * std::f64::consts::LN_2;
    }
    out
}

/// Moves each product's binary exponent into `exponent`, leaving a mantissa
/// in [1, 2). Products are always >= 1, so there are no subnormals to handle.
#[inline]
fn renormalise(product: &mut [f64; LANES], exponent: &mut [i64; LANES]) {
    const EXPONENT_BITS: u64 = 0x7ff << 52;
    for lane in 0..LANES {
        let bits = product[lane].to_bits();
        exponent[lane] += ((bits & EXPONENT_BITS) >> 52) as i64 - 1023;
        product[lane] = f64::from_bits((bits & !EXPONENT_BITS) | (1023 << 52));
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
    /// The minimiser, if the loss has one.
    pub optimum: Option<Params>,
    /// The loss the colours and contour levels count up from: the loss at
    /// the optimum, or 0 (its infimum) when there is none.
    pub floor: f64,
    /// Contour lines, lowest level first.
    pub contours: Vec<Contour>,
}

/// Contour levels drawn on the full surface.
pub const CONTOUR_LEVELS: usize = 12;

impl Landscape {
    /// The landscape of `objective` on a `g` x `g` grid over a window that
    /// frames `start` and the optimum. Without an optimum (separable data)
    /// the window frames the minimiser of a slightly regularised loss, which
    /// lies the way the path will go.
    pub fn new(objective: &LogisticNll, start: Params, g: usize) -> Landscape {
        let optimum = objective.optimum();
        let target = optimum
            .or_else(|| objective.regularized_optimum(0.01))
            .unwrap_or([0.0, 0.0]);
        Landscape::with_window(objective, optimum, frame(objective, start, target), g)
    }

    /// The landscape over a given window.
    pub fn with_window(
        objective: &LogisticNll,
        optimum: Option<Params>,
        window: Window,
        g: usize,
    ) -> Landscape {
        let grid = loss_grid(objective, None, window, g);
        let floor = optimum.map_or(0.0, |b| objective.loss(b));
        Landscape::from_grid(grid, optimum, floor)
    }

    /// The landscape of a batch's loss L_k over `window`: its own grid,
    /// minimum (none when the batch's points are separable, as a single
    /// point always is) and contours.
    pub fn for_batch(
        objective: &LogisticNll,
        batch: &[usize],
        window: Window,
        g: usize,
    ) -> Landscape {
        let grid = loss_grid(objective, Some(batch), window, g);
        let optimum = objective.subset(batch).optimum();
        let floor = optimum.map_or(0.0, |b| objective.batch_loss(b, batch));
        Landscape::from_grid(grid, optimum, floor)
    }

    fn from_grid(grid: LossGrid, optimum: Option<Params>, floor: f64) -> Landscape {
        let (lowest, highest) = grid.range();
        let contours = contour_lines(
            &grid,
            &contour_levels(floor, lowest, highest, CONTOUR_LEVELS),
        );
        Landscape {
            grid,
            optimum,
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

    fn check_against_direct(objective: &LogisticNll, window: Window, batch: Option<&[usize]>) {
        let grid = loss_grid(objective, batch, window, 37);
        for j in 0..grid.size {
            for i in 0..grid.size {
                let b = [grid.b0(i), grid.b1(j)];
                let direct = match batch {
                    Some(batch) => objective.batch_loss(b, batch),
                    None => objective.loss(b),
                };
                let got = grid.at(i, j);
                assert!(
                    ((got - direct) / direct).abs() < 1e-12,
                    "at {b:?}: grid {got} vs direct {direct}"
                );
            }
        }
    }

    #[test]
    fn fast_grid_matches_the_direct_formula() {
        for (preset, window) in [
            (
                Preset::Cancer,
                Window {
                    b0: (-30.0, 10.0),
                    b1: (-1.0, 2.5),
                },
            ),
            (
                Preset::Overlap,
                Window {
                    b0: (-5.0, 5.0),
                    b1: (-5.0, 8.0),
                },
            ),
            (
                Preset::Separable,
                Window {
                    b0: (-40.0, 40.0),
                    b1: (-10.0, 60.0),
                },
            ),
        ] {
            let objective = LogisticNll::new(&Dataset::preset(preset, false));
            check_against_direct(&objective, window, None);
            check_against_direct(&objective, window, Some(&[3, 1, 4, 1, 5, 9, 2, 6]));
        }
    }

    #[test]
    fn huge_windows_fall_back_safely() {
        let objective = LogisticNll::new(&Dataset::preset(Preset::Cancer, false));
        check_against_direct(
            &objective,
            Window {
                b0: (-1e4, 1e4),
                b1: (-500.0, 500.0),
            },
            None,
        );
    }

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
