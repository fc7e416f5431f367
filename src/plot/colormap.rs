//! Viridis, the perceptually uniform, colour-blind-safe colour map, as a
//! 256-entry look-up table, and the heatmap image built from it.
//!
//! Nine stops of matplotlib's viridis, linearly interpolated: a few lines
//! instead of a colour-map dependency, and indistinguishable on screen.

use crate::model::surface::{log_range, LossGrid};

const VIRIDIS_STOPS: [[u8; 3]; 9] = [
    [68, 1, 84],
    [72, 40, 120],
    [62, 73, 137],
    [49, 104, 142],
    [38, 130, 142],
    [31, 158, 137],
    [53, 183, 121],
    [110, 206, 88],
    [253, 231, 37],
];

/// A 256-entry RGB look-up table of viridis, dark (low) to yellow (high).
pub fn viridis() -> [[u8; 3]; 256] {
    let mut table = [[0u8; 3]; 256];
    for (k, entry) in table.iter_mut().enumerate() {
        let t = k as f64 / 255.0 * 8.0;
        let i = (t.floor() as usize).min(7);
        let f = t - i as f64;
        for c in 0..3 {
            let a = VIRIDIS_STOPS[i][c] as f64;
            let b = VIRIDIS_STOPS[i + 1][c] as f64;
            entry[c] = (a + (b - a) * f).round() as u8;
        }
    }
    table
}

/// The relative luminance of an sRGB colour (WCAG 2.1's formula).
pub fn luminance(rgb: [u8; 3]) -> f64 {
    let linear = |c: u8| {
        let c = f64::from(c) / 255.0;
        if c <= 0.03928 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * linear(rgb[0]) + 0.7152 * linear(rgb[1]) + 0.0722 * linear(rgb[2])
}

/// The luminance below which a white line contrasts more than a near-black
/// one (#141414): where (L + 0.05)² = 1.05 × 0.057. Either way the line
/// keeps at least 4.3:1 against the colour under it (WCAG's 3:1 for
/// graphics).
const WHITE_BELOW: f64 = 0.195;

/// Whether the contour at `level` is drawn in white (over a dark part of
/// the heatmap) rather than near black (over a light part): a contour
/// runs where the heatmap has its level's colour.
pub fn contour_in_white(grid: &LossGrid, floor: f64, table: &[[u8; 3]; 256], level: f64) -> bool {
    let (lowest, highest) = grid.range();
    let (lo, hi) = log_range(floor, lowest, highest);
    let t =
        (((level - floor).max(1e-300).ln() - lo) * 255.0 / (hi - lo).max(1e-12)).clamp(0.0, 255.0);
    luminance(table[t as usize]) < WHITE_BELOW
}

/// The grid as an RGBA image, one pixel per grid point, top row = highest b1,
/// coloured by ln(L - floor) so the valley floor and the walls both show.
pub fn heatmap_rgba(grid: &LossGrid, floor: f64, table: &[[u8; 3]; 256], out: &mut Vec<u8>) {
    let (lowest, highest) = grid.range();
    let (lo, hi) = log_range(floor, lowest, highest);
    let scale = 255.0 / (hi - lo).max(1e-12);
    // A cell's colour is the count of colours' least losses at or below its
    // loss, found in eight halvings: a logarithm a cell (a software `ln` in
    // WebAssembly) cost twice as much, and the batch surface is coloured
    // at every step. `least[k]` is where ln(L - floor) reaches colour k.
    let mut least = [f64::NEG_INFINITY; 256];
    for (k, t) in least.iter_mut().enumerate().skip(1) {
        *t = floor + (lo + k as f64 / scale).exp();
    }
    let g = grid.size;
    out.clear();
    out.resize(g * g * 4, 255);
    for (j, row) in (0..g).rev().zip(out.chunks_exact_mut(g * 4)) {
        for (i, pixel) in row.chunks_exact_mut(4).enumerate() {
            let v = grid.at(i, j);
            let mut k = 0;
            for half in [128, 64, 32, 16, 8, 4, 2, 1] {
                if v >= least[k + half] {
                    k += half;
                }
            }
            pixel[..3].copy_from_slice(&table[k]);
        }
    }
}
