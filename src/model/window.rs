//! A rectangle of the parameter plane: what the contour plot shows, and
//! where its grid's points lie.

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

    /// `b` rounded to a ten-thousandth of the window's span on each axis (to
    /// a power of ten): a place chosen on the plot reads short in a link and
    /// stays finer than a pixel, however narrow the window.
    pub fn rounded(&self, b: Params) -> Params {
        let round = |v: f64, (lo, hi): (f64, f64)| {
            let span = hi - lo;
            if !(span > 0.0 && span.is_finite() && v.is_finite()) {
                return v;
            }
            let e = (span / 1e4).log10().floor() as i32;
            // Divided by a whole power of ten, so 0.1 stays 0.1 (not 0.1000...02).
            if e < 0 {
                let inverse = 10f64.powi(-e);
                (v * inverse).round() / inverse
            } else {
                let step = 10f64.powi(e);
                (v / step).round() * step
            }
        };
        [round(b[0], self.b0), round(b[1], self.b1)]
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

#[cfg(test)]
mod tests {
    use super::Window;

    #[test]
    fn a_place_is_rounded_finer_than_a_pixel_in_any_window() {
        let wide = Window::new((-10.0, 10.0), (-4.0, 6.0));
        assert_eq!(wide.rounded([1.234_567, -2.345_678]), [1.235, -2.346]);
        // The raw radius's valley: a window 0.02 high keeps six decimals.
        let thin = Window::new((-20.0, 5.0), (0.99, 1.01));
        let [_, b1] = thin.rounded([0.0, 1.003_456_78]);
        assert!((b1 - 1.003_457).abs() < 1e-12, "{b1}");
        assert_eq!(wide.rounded([f64::NAN, 0.5])[1], 0.5);
    }
}
