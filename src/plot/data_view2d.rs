//! The data view for two features: x1 against x2, coloured by class, with
//! p as a soft background shading (blue where p < 1/2, orange where
//! p > 1/2) and each run's decision line w1 x1 + w2 x2 = 0, which passes
//! through the origin because the model has no intercept.

use super::clip::{clip_segment, Rect};
use super::data_view::{mark_points, Chart};
use super::surface_view::{DrawResult, PixelRect};
use super::{draw_line, fit_title, label_count, palette, short_number, Dash, Style};
use crate::model::Params;
use plotters::coord::Shift;
use plotters::prelude::*;

/// Shading samples per side: p is smooth, so a coarse image scaled up is enough.
pub const SHADING: usize = 64;

/// The data a two-feature view shows.
#[derive(Clone, Copy, Debug)]
pub struct Scene2d<'a> {
    /// First feature.
    pub x1: &'a [f64],
    /// Second feature.
    pub x2: &'a [f64],
    /// Labels, 0 or 1.
    pub y: &'a [f64],
    /// What the features measure.
    pub features: [&'a str; 2],
}

impl Scene2d<'_> {
    /// The plotted ranges: the data padded, and always the origin.
    pub fn ranges(&self) -> ((f64, f64), (f64, f64)) {
        let range = |v: &[f64]| {
            let (lo, hi) = v
                .iter()
                .fold((0.0f64, 0.0f64), |(lo, hi), &x| (lo.min(x), hi.max(x)));
            let pad = 0.06 * (hi - lo).max(1e-9);
            (lo - pad, hi + pad)
        };
        (range(self.x1), range(self.x2))
    }
}

fn chart<'a, DB: DrawingBackend>(
    area: &'a DrawingArea<DB, Shift>,
    style: &Style,
    scene: &Scene2d<'_>,
) -> DrawResult<Chart<'a, DB>, DB> {
    let ((a, b), (c, d)) = scene.ranges();
    ChartBuilder::on(area)
        .margin(style.px(10.0))
        .margin_right(style.px(18.0))
        .x_label_area_size(style.px(40.0))
        .y_label_area_size(style.px(56.0))
        .build_cartesian_2d(a..b, c..d)
}

/// Draws the axes; returns the plotting rectangle, where the shading goes
/// and from which clicks are mapped back to points.
pub fn draw_background<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    style: &Style,
    scene: &Scene2d<'_>,
) -> DrawResult<PixelRect, DB> {
    area.fill(&WHITE)?;
    let mut chart = chart(area, style, scene)?;
    let rect = chart.plotting_area().get_pixel_range();
    let (width, height) = area.dim_in_pixel();
    let x_desc = fit_title(scene.features[0], width as f64, style.font(15.0));
    let y_desc = fit_title(
        scene.features[1],
        height as f64 - style.font(60.0),
        style.font(15.0),
    );
    let (plot_w, plot_h) = chart.plotting_area().dim_in_pixel();
    chart
        .configure_mesh()
        .disable_mesh()
        .x_desc(x_desc)
        .y_desc(y_desc)
        .x_labels(label_count(plot_w as f64, style.font(14.0), 6, true))
        .y_labels(label_count(plot_h as f64, style.font(14.0), 5, false))
        .x_label_formatter(&|v| short_number(*v))
        .y_label_formatter(&|v| short_number(*v))
        .label_style(style.label_font())
        .axis_desc_style(style.title_font())
        .axis_style(palette::INK)
        .draw()?;
    Ok(rect)
}

/// The shading of p = `probability(x1, x2)` over the plotted ranges as an
/// RGBA image of [`SHADING`]^2 pixels, top row first: white at p = 1/2,
/// fading to light blue towards 0 and light orange towards 1.
pub fn shading_rgba(scene: &Scene2d<'_>, probability: impl Fn([f64; 2]) -> f64, out: &mut Vec<u8>) {
    let ((a, b), (c, d)) = scene.ranges();
    out.clear();
    let g = SHADING;
    for j in (0..g).rev() {
        let x2 = c + (d - c) * (j as f64 + 0.5) / g as f64;
        for i in 0..g {
            let x1 = a + (b - a) * (i as f64 + 0.5) / g as f64;
            let p = probability([x1, x2]);
            let (colour, strength) = if p < 0.5 {
                (palette::BLUE, 1.0 - 2.0 * p)
            } else {
                (palette::ORANGE, 2.0 * p - 1.0)
            };
            let alpha = 0.32 * strength.clamp(0.0, 1.0);
            let RGBColor(r, g, bl) = colour;
            let mix = |v: u8| (255.0 * (1.0 - alpha) + v as f64 * alpha).round() as u8;
            out.extend_from_slice(&[mix(r), mix(g), mix(bl), 255]);
        }
    }
}

/// What the two-feature view draws over the shading.
#[derive(Clone, Copy, Debug)]
pub struct Overlay2d<'a> {
    /// Each run's parameters and colour, the first first: a decision line each.
    pub lines: &'a [(Params, RGBColor, Dash)],
    /// Points of the batch the last step used, ringed.
    pub batch: &'a [usize],
    /// The point the chain-rule panel follows, marked.
    pub chosen: Option<usize>,
}

/// The points' radius in pixels: smaller when there are many.
fn point_radius(style: &Style, scene: &Scene2d<'_>) -> u32 {
    style.px(if scene.x1.len() > 300 { 2.5 } else { 3.5 })
}

/// Draws the points, coloured by class, on a transparent layer: drawn once
/// per data set and copied at each frame, since 100,000 circles take far
/// longer than a frame.
pub fn draw_points<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    style: &Style,
    scene: &Scene2d<'_>,
) -> DrawResult<(), DB> {
    let mut chart = chart(area, style, scene)?;
    let radius = point_radius(style, scene);
    chart.draw_series((0..scene.x1.len()).map(|i| {
        let colour = if scene.y[i] == 1.0 {
            palette::ORANGE
        } else {
            palette::BLUE
        };
        Circle::new(
            (scene.x1[i], scene.x2[i]),
            radius,
            colour.mix(0.85).filled(),
        )
    }))?;
    Ok(())
}

/// Draws the batch's rings, the chosen point and the decision lines (over
/// the points of [`draw_points`]).
pub fn draw_overlay<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    style: &Style,
    scene: &Scene2d<'_>,
    overlay: &Overlay2d<'_>,
) -> DrawResult<(), DB> {
    let mut chart = chart(area, style, scene)?;
    let radius = point_radius(style, scene);
    let at = |i: usize| (scene.x1[i], scene.x2[i]);
    mark_points(
        &mut chart,
        style,
        at,
        radius,
        overlay.batch,
        overlay.chosen.filter(|&i| i < scene.x1.len()),
    )?;
    let ((a, b), (c, d)) = scene.ranges();
    let rect = Rect {
        x: (a, b),
        y: (c, d),
    };
    let reach = 4.0 * (b - a).abs().max((d - c).abs());
    for &(w, colour, dash) in overlay.lines.iter().rev() {
        // w1 x1 + w2 x2 = 0: the line through the origin along (-w2, w1).
        let length = w[0].hypot(w[1]);
        if length <= 1e-12 || length.is_nan() {
            continue;
        }
        let direction = (-w[1] / length * reach, w[0] / length * reach);
        if let Some((p, q)) = clip_segment(rect, (-direction.0, -direction.1), direction) {
            let pen = ShapeStyle::from(colour).stroke_width(style.px(2.5));
            draw_line(&mut chart, vec![p, q], pen, dash, style)?;
        }
    }
    Ok(())
}

/// The point drawn nearest to pixel (`px`, `py`), if within `reach` pixels.
pub fn nearest_point(
    rect: &PixelRect,
    scene: &Scene2d<'_>,
    px: f64,
    py: f64,
    reach: f64,
) -> Option<usize> {
    let ((a, b), (c, d)) = scene.ranges();
    let (xs, ys) = rect;
    let (width, height) = ((xs.end - xs.start) as f64, (ys.end - ys.start) as f64);
    if width <= 0.0 || height <= 0.0 {
        return None;
    }
    (0..scene.x1.len())
        .map(|i| {
            let x = xs.start as f64 + (scene.x1[i] - a) / (b - a) * width;
            let y = ys.end as f64 - (scene.x2[i] - c) / (d - c) * height;
            (i, (x - px).hypot(y - py))
        })
        .filter(|&(_, dist)| dist <= reach)
        .min_by(|p, q| p.1.total_cmp(&q.1))
        .map(|(i, _)| i)
}

#[cfg(test)]
mod tests {
    use crate::plot::fit_title as fit_label;

    #[test]
    fn axis_titles_shrink_to_fit() {
        let name = "mean texture (standardised)";
        assert_eq!(fit_label(name, 1000.0, 15.0), name);
        assert_eq!(fit_label(name, 120.0, 15.0), "mean texture");
        let cut = fit_label(name, 60.0, 15.0);
        assert!(cut.ends_with('…') && cut.chars().count() * 8 <= 64, "{cut}");
    }
}
