//! The data view: the points (x, y), jittered a little off 0 and 1 so they
//! do not hide each other, and each run's fitted curve p(x) (the
//! objective's model, e.g. sigma(b0 + b1 x)) with the first run's decision
//! threshold p = 0.5. Like the contour plot, a static background (axes,
//! points) and an overlay (the curves) redrawn as the parameters move.

use super::surface_view::{DrawResult, PixelRect};
use super::{draw_line, fit_first, fit_title, label_count, palette, short_number, Dash, Style};
use crate::model::Params;
use plotters::coord::types::RangedCoordf64;
use plotters::coord::Shift;
use plotters::element::DashedPathElement;
use plotters::prelude::*;

/// A chart over two real axes, as both data views draw.
pub(super) type Chart<'a, DB> = ChartContext<'a, DB, Cartesian2d<RangedCoordf64, RangedCoordf64>>;

/// Rings the batch's points and marks the point the chain-rule panel
/// follows (both data views), each point at `at(i)` with `radius`.
pub(super) fn mark_points<DB: DrawingBackend>(
    chart: &mut Chart<'_, DB>,
    style: &Style,
    at: impl Fn(usize) -> (f64, f64),
    radius: u32,
    batch: &[usize],
    chosen: Option<usize>,
) -> DrawResult<(), DB> {
    let ring = ShapeStyle::from(palette::BLACK).stroke_width(style.px(1.5));
    chart.draw_series(
        batch
            .iter()
            .map(|&i| Circle::new(at(i), radius + style.px(2.5), ring)),
    )?;
    if let Some(i) = chosen {
        let mark = ShapeStyle::from(palette::VERMILLION).stroke_width(style.px(3.0));
        chart.draw_series(std::iter::once(Circle::new(
            at(i),
            radius + style.px(5.0),
            mark,
        )))?;
    }
    Ok(())
}

/// The data a data view shows.
#[derive(Clone, Copy, Debug)]
pub struct DataScene<'a> {
    /// Feature values.
    pub x: &'a [f64],
    /// Labels, 0 or 1.
    pub y: &'a [f64],
    /// What x measures.
    pub feature: &'a str,
}

impl DataScene<'_> {
    /// The plotted range of x: the data, padded.
    pub fn x_range(&self) -> (f64, f64) {
        let (lo, hi) = self
            .x
            .iter()
            .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), &x| {
                (lo.min(x), hi.max(x))
            });
        let pad = 0.06 * (hi - lo).max(1e-9);
        (lo - pad, hi + pad)
    }
}

/// A fixed vertical offset for point `i`, in [-1, 1]: the same every frame.
fn jitter(i: usize) -> f64 {
    let h = (i as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    ((h >> 11) as f64 / (1u64 << 53) as f64) * 2.0 - 1.0
}

fn chart<'a, DB: DrawingBackend>(
    area: &'a DrawingArea<DB, Shift>,
    style: &Style,
    scene: &DataScene<'_>,
) -> DrawResult<Chart<'a, DB>, DB> {
    let (lo, hi) = scene.x_range();
    ChartBuilder::on(area)
        .margin(style.px(10.0))
        .margin_right(style.px(18.0))
        .x_label_area_size(style.px(40.0))
        .y_label_area_size(style.px(56.0))
        .build_cartesian_2d(lo..hi, -0.12..1.12)
}

/// Draws the axes and the points; returns the plotting rectangle in
/// backend pixels, for clicks to be mapped back to points.
pub fn draw_background<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    style: &Style,
    scene: &DataScene<'_>,
) -> DrawResult<PixelRect, DB> {
    area.fill(&WHITE)?;
    let mut chart = chart(area, style, scene)?;
    let rect = chart.plotting_area().get_pixel_range();
    let (width, height) = chart.plotting_area().dim_in_pixel();
    let (label, title) = (style.font(14.0), style.font(15.0));
    chart
        .configure_mesh()
        .light_line_style(TRANSPARENT)
        .bold_line_style(palette::GRID)
        .x_desc(fit_title(scene.feature, width as f64, title))
        .y_desc(fit_first(
            &["y, and p(x)", "y, p(x)", "y"],
            height as f64,
            title,
        ))
        .x_labels(label_count(width as f64, label, 6, true))
        .y_labels(label_count(height as f64, label, 3, false))
        .x_label_formatter(&|v| short_number(*v))
        .y_label_formatter(&|v| short_number(*v))
        .label_style(style.label_font())
        .axis_desc_style(style.title_font())
        .axis_style(palette::INK)
        .draw()?;
    let radius = style.px(if scene.x.len() > 300 { 2.5 } else { 3.5 });
    let points = scene
        .x
        .iter()
        .zip(scene.y)
        .enumerate()
        .map(|(i, (&x, &y))| {
            let colour = if y == 1.0 {
                palette::ORANGE
            } else {
                palette::BLUE
            };
            Circle::new((x, y + 0.06 * jitter(i)), radius, colour.mix(0.75).filled())
        });
    chart.draw_series(points)?;
    Ok(rect)
}

/// The point drawn nearest to pixel (`px`, `py`) of a chart with plotting
/// rectangle `rect`, if one lies within `reach` pixels.
pub fn nearest_point(
    rect: &PixelRect,
    scene: &DataScene<'_>,
    px: f64,
    py: f64,
    reach: f64,
) -> Option<usize> {
    let (lo, hi) = scene.x_range();
    let (xs, ys) = rect;
    let (width, height) = ((xs.end - xs.start) as f64, (ys.end - ys.start) as f64);
    if width <= 0.0 || height <= 0.0 {
        return None;
    }
    let at = |i: usize| {
        let x = xs.start as f64 + (scene.x[i] - lo) / (hi - lo) * width;
        let y = ys.end as f64 - (scene.y[i] + 0.06 * jitter(i) + 0.12) / 1.24 * height;
        (x - px).hypot(y - py)
    };
    (0..scene.x.len())
        .map(|i| (i, at(i)))
        .filter(|&(_, d)| d <= reach)
        .min_by(|a, b| a.1.total_cmp(&b.1))
        .map(|(i, _)| i)
}

/// What the data view draws over the points.
#[derive(Clone, Copy)]
pub struct DataOverlay<'a> {
    /// Each run's current parameters and colour, the first first: a fitted
    /// curve each, and the first run's threshold.
    pub fits: &'a [(Params, RGBColor, Dash)],
    /// The model's p at x for given parameters.
    pub curve: &'a dyn Fn(Params, f64) -> f64,
    /// Points of the batch the last step used, ringed.
    pub batch: &'a [usize],
    /// The minimum of that batch's own loss: its fitted curve, drawn faintly.
    pub batch_theta: Option<Params>,
    /// Just after a reshuffle: the new epoch's order and the batch size, to
    /// colour every point by the batch it will be in (the page's legend says so).
    pub reshuffled: Option<(&'a [usize], usize)>,
    /// The point the chain-rule panel follows, marked.
    pub chosen: Option<usize>,
}

/// Colours cycled through the batches of a fresh epoch: none of them the
/// classes' blue or orange, so a flashed point never reads as a label.
const BATCH_COLOURS: [RGBColor; 5] = [
    RGBColor(0, 158, 115),   // bluish green
    RGBColor(204, 121, 167), // reddish purple
    RGBColor(90, 90, 90),    // grey
    RGBColor(120, 80, 200),  // violet
    RGBColor(140, 86, 40),   // brown
];

/// Draws the fitted curves p(x) at each run's parameters and the first
/// run's threshold p = 0.5 (where p crosses a half), the batch's own fit faintly, the batch's points ringed, and
/// just after a reshuffle every point in the colour of its new batch.
pub fn draw_overlay<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    style: &Style,
    scene: &DataScene<'_>,
    overlay: &DataOverlay<'_>,
) -> DrawResult<(), DB> {
    let mut chart = chart(area, style, scene)?;
    let (lo, hi) = scene.x_range();
    let radius = style.px(if scene.x.len() > 300 { 2.5 } else { 3.5 });
    let at = |i: usize| (scene.x[i], scene.y[i] + 0.06 * jitter(i));
    if let Some((order, size)) = overlay.reshuffled {
        let size = size.max(1);
        chart.draw_series(order.iter().enumerate().map(|(k, &i)| {
            let colour = BATCH_COLOURS[(k / size) % BATCH_COLOURS.len()];
            Circle::new(at(i), radius + style.px(1.0), colour.filled())
        }))?;
    }
    mark_points(
        &mut chart,
        style,
        at,
        radius,
        overlay.batch,
        overlay.chosen.filter(|&i| i < scene.x.len()),
    )?;
    let samples = 240;
    let curve = |b: Params| {
        (0..=samples).map(move |k| {
            let x = lo + (hi - lo) * k as f64 / samples as f64;
            (x, (overlay.curve)(b, x))
        })
    };
    if let Some(&(theta, _, _)) = overlay.fits.first() {
        // The threshold: where p crosses one half, found on the curve's samples.
        let crossing = curve(theta)
            .collect::<Vec<_>>()
            .windows(2)
            .find(|w| (w[0].1 - 0.5) * (w[1].1 - 0.5) <= 0.0 && w[0].1 != w[1].1)
            .map(|w| w[0].0 + (0.5 - w[0].1) / (w[1].1 - w[0].1) * (w[1].0 - w[0].0));
        if let Some(threshold) = crossing {
            chart.draw_series(std::iter::once(DashedPathElement::new(
                vec![(threshold, -0.12), (threshold, 1.12)],
                style.px(5.0),
                style.px(4.0),
                ShapeStyle::from(palette::INK.mix(0.7)).stroke_width(style.px(1.5)),
            )))?;
        }
    }
    if let Some(b) = overlay.batch_theta {
        let pen = ShapeStyle::from(palette::BLUE.mix(0.45)).stroke_width(style.px(2.0));
        chart.draw_series(LineSeries::new(curve(b), pen))?;
    }
    for &(theta, colour, dash) in overlay.fits.iter().rev() {
        let pen = ShapeStyle::from(colour).stroke_width(style.px(2.5));
        draw_line(&mut chart, curve(theta).collect(), pen, dash, style)?;
    }
    Ok(())
}
