//! Clipping lines to a rectangle before drawing. plotters pins points outside
//! a chart to its edge, which would draw a diverging path sliding along the
//! border; clipping cuts the line where it leaves instead.

/// A rectangle in data coordinates: x from `x.0` to `x.1`, y from `y.0` to `y.1`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Rect {
    /// Horizontal extent.
    pub x: (f64, f64),
    /// Vertical extent.
    pub y: (f64, f64),
}

impl Rect {
    /// True when the point lies inside (edges included).
    pub fn contains(&self, p: (f64, f64)) -> bool {
        p.0 >= self.x.0 && p.0 <= self.x.1 && p.1 >= self.y.0 && p.1 <= self.y.1
    }
}

/// The part of segment `a`-`b` inside `rect` (Liang-Barsky), if any.
pub fn clip_segment(rect: Rect, a: (f64, f64), b: (f64, f64)) -> Option<((f64, f64), (f64, f64))> {
    let (dx, dy) = (b.0 - a.0, b.1 - a.1);
    let mut t0: f64 = 0.0;
    let mut t1: f64 = 1.0;
    for (p, q) in [
        (-dx, a.0 - rect.x.0),
        (dx, rect.x.1 - a.0),
        (-dy, a.1 - rect.y.0),
        (dy, rect.y.1 - a.1),
    ] {
        if p == 0.0 {
            if q < 0.0 {
                return None;
            }
        } else {
            let t = q / p;
            if p < 0.0 {
                t0 = t0.max(t);
            } else {
                t1 = t1.min(t);
            }
        }
    }
    if t0 > t1 {
        return None;
    }
    let at = |t: f64| (a.0 + t * dx, a.1 + t * dy);
    Some((at(t0), at(t1)))
}

/// Splits a polyline into the runs that lie inside `rect`, cut at its edges.
pub fn clip_polyline(
    rect: Rect,
    points: impl IntoIterator<Item = (f64, f64)>,
) -> Vec<Vec<(f64, f64)>> {
    let mut runs: Vec<Vec<(f64, f64)>> = Vec::new();
    let mut current: Vec<(f64, f64)> = Vec::new();
    let mut previous: Option<(f64, f64)> = None;
    for p in points {
        match previous {
            None => {
                if rect.contains(p) {
                    current.push(p);
                }
            }
            Some(q) => match clip_segment(rect, q, p) {
                Some((a, b)) => {
                    if current.is_empty() {
                        current.push(a);
                    }
                    current.push(b);
                    if b != p {
                        runs.push(std::mem::take(&mut current));
                    }
                }
                None => {
                    if !current.is_empty() {
                        runs.push(std::mem::take(&mut current));
                    }
                }
            },
        }
        previous = Some(p);
    }
    if current.len() > 1 || (current.len() == 1 && runs.is_empty()) {
        runs.push(current);
    }
    runs
}

#[cfg(test)]
mod tests {
    use super::*;

    const UNIT: Rect = Rect {
        x: (0.0, 1.0),
        y: (0.0, 1.0),
    };

    #[test]
    fn cuts_a_line_leaving_the_box() {
        let runs = clip_polyline(UNIT, [(0.5, 0.5), (1.5, 0.5), (2.0, 2.0)]);
        assert_eq!(runs, vec![vec![(0.5, 0.5), (1.0, 0.5)]]);
    }

    #[test]
    fn a_line_passing_through_is_kept_inside() {
        let runs = clip_polyline(UNIT, [(-1.0, 0.5), (2.0, 0.5)]);
        assert_eq!(runs, vec![vec![(0.0, 0.5), (1.0, 0.5)]]);
    }

    #[test]
    fn leaving_and_returning_makes_two_runs() {
        let runs = clip_polyline(UNIT, [(0.2, 0.2), (0.2, 3.0), (0.8, 0.8)]);
        assert_eq!(runs.len(), 2);
    }
}
