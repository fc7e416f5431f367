//! The charts. Each is a function generic over plotters' `DrawingBackend`,
//! so the same code draws to the browser canvas and, in native tests, to SVG.
//!
//! Sizes are given in CSS pixels and multiplied by [`Style::scale`] (the
//! device pixel ratio), so charts are crisp on high-DPI screens.

pub mod clip;
pub mod colormap;
pub mod data_view;
pub mod data_view2d;
pub mod surface3d;
pub mod surface_view;
pub mod trace_view;

use plotters::style::{IntoFont, RGBColor, TextStyle};

/// A line's dash pattern, dash and gap in CSS pixels; `None` is solid.
/// Runs side by side differ by dash as well as colour, so colour is never
/// the only way to tell them apart.
pub type Dash = Option<(f64, f64)>;

/// Draws `points` as one line in `pen`, solid or dashed.
pub fn draw_line<DB, CT>(
    chart: &mut plotters::chart::ChartContext<'_, DB, CT>,
    points: Vec<(f64, f64)>,
    pen: plotters::style::ShapeStyle,
    dash: Dash,
    style: &Style,
) -> Result<(), plotters::drawing::DrawingAreaErrorKind<DB::ErrorType>>
where
    DB: plotters::prelude::DrawingBackend,
    CT: plotters::coord::CoordTranslate<From = (f64, f64)>,
{
    match dash {
        None => chart.draw_series(plotters::series::LineSeries::new(points, pen))?,
        Some((on, off)) => chart.draw_series(plotters::series::DashedLineSeries::new(
            points,
            style.px(on),
            style.px(off),
            pen,
        ))?,
    };
    Ok(())
}

/// Scale and palette shared by the charts.
#[derive(Clone, Copy, Debug)]
pub struct Style {
    /// Device pixels per CSS pixel.
    pub scale: f64,
}

/// Okabe-Ito colours: distinguishable with every common colour-vision deficiency.
pub mod palette {
    use super::RGBColor;
    /// Class 0, and the batch loss.
    pub const BLUE: RGBColor = RGBColor(0, 114, 178);
    /// Class 1, and the path.
    pub const ORANGE: RGBColor = RGBColor(230, 159, 0);
    /// The fitted curve and the full loss.
    pub const BLACK: RGBColor = RGBColor(20, 20, 20);
    /// Divergence.
    pub const VERMILLION: RGBColor = RGBColor(213, 94, 0);
    /// Text and axes.
    pub const INK: RGBColor = RGBColor(40, 40, 40);
    /// Grid lines.
    pub const GRID: RGBColor = RGBColor(225, 225, 225);
    /// The optimum marker.
    pub const WHITE: RGBColor = RGBColor(255, 255, 255);
    /// The path on the contour plot.
    pub const PATH: RGBColor = RGBColor(255, 80, 60);
    /// The fan of random batch gradients.
    pub const SKY: RGBColor = RGBColor(86, 180, 233);
    /// Marks where a setting changed on the trace.
    pub const VIOLET: RGBColor = RGBColor(120, 60, 170);
}

impl Style {
    /// A length in device pixels.
    pub fn px(&self, css_pixels: f64) -> u32 {
        (css_pixels * self.scale).round().max(1.0) as u32
    }

    /// A font size in device pixels.
    pub fn font(&self, css_pixels: f64) -> f64 {
        css_pixels * self.scale
    }

    /// The font of axis numbers.
    pub fn label_font(&self) -> TextStyle<'static> {
        ("sans-serif", self.font(14.0))
            .into_font()
            .color(&palette::INK)
    }

    /// The font of axis titles.
    pub fn title_font(&self) -> TextStyle<'static> {
        ("sans-serif", self.font(15.0))
            .into_font()
            .color(&palette::INK)
    }
}

/// An axis title that fits in `room` pixels at font size `font`: the
/// title, else without its part in brackets ("b0 (intercept)" becomes
/// "b0"), else cut short with an ellipsis. A plot squeezed short must not
/// spill its title past the plot.
pub fn fit_title(name: &str, room: f64, font: f64) -> String {
    // Sans-serif glyphs average a little over half the font size.
    let fits = |s: &str| s.chars().count() as f64 * 0.55 * font <= room;
    if fits(name) {
        return name.to_string();
    }
    let short = name.split(" (").next().unwrap_or(name).trim_end();
    if fits(short) {
        return short.to_string();
    }
    let keep = ((room / (0.55 * font)) as usize).saturating_sub(1).max(1);
    short.chars().take(keep).collect::<String>() + "…"
}

/// The first of `titles` that fits whole in `room` pixels, else the last
/// fitted by [`fit_title`]: a title with shorter wordings to fall back on.
pub fn fit_first(titles: &[&str], room: f64, font: f64) -> String {
    let fits = |s: &&&str| s.chars().count() as f64 * 0.55 * font <= room;
    match titles.iter().find(fits) {
        Some(title) => title.to_string(),
        None => fit_title(titles.last().copied().unwrap_or(""), room, font),
    }
}

/// How many numbers an axis of `room` pixels can carry without their text
/// (`font` pixels high) touching: at most `most`, at least 2. Along a
/// vertical axis each number needs its height and as much again between;
/// along a horizontal one (`across`) a number is wider than high.
pub fn label_count(room: f64, font: f64, most: usize, across: bool) -> usize {
    let each = if across { 4.0 * font } else { 2.4 * font };
    ((room / each) as usize).clamp(2, most.max(2))
}

/// Formats an axis number briefly: 3 significant digits, no trailing zeros.
pub fn short_number(v: f64) -> String {
    if v == 0.0 {
        return "0".into();
    }
    let magnitude = v.abs();
    if !(1e-3..1e5).contains(&magnitude) {
        // "5e-4", "1.5e6": the shortest exponent form.
        let s = format!("{v:.1e}");
        return s.replace(".0e", "e");
    }
    let decimals = (2 - magnitude.log10().floor() as i32).clamp(0, 6) as usize;
    let s = format!("{v:.decimals$}");
    if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        s
    }
}

#[cfg(test)]
mod tests {
    use super::{fit_first, fit_title, label_count};

    #[test]
    fn titles_shorten_to_their_name_and_numbers_thin_out_on_short_axes() {
        assert_eq!(fit_title("b0 (intercept)", 500.0, 15.0), "b0 (intercept)");
        assert_eq!(fit_title("b0 (intercept)", 60.0, 15.0), "b0");
        assert_eq!(fit_title("L − L* (log scale)", 80.0, 15.0), "L − L*");
        assert!(fit_title("a long name with no brackets", 60.0, 15.0).ends_with('…'));
        assert_eq!(
            fit_first(&["y, and p(x)", "y, p(x)"], 70.0, 12.0),
            "y, p(x)"
        );
        assert_eq!(label_count(400.0, 14.0, 6, false), 6);
        assert_eq!(label_count(80.0, 14.0, 6, false), 2);
        assert_eq!(label_count(10.0, 14.0, 6, false), 2, "never fewer than two");
        assert!(label_count(300.0, 14.0, 6, true) < label_count(300.0, 14.0, 6, false));
    }
}
