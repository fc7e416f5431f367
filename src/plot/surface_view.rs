//! The contour plot: the loss over (b0, b1) as a heatmap with contour lines,
//! the optimum, and the parameter path.
//!
//! Drawn in two layers. The background (axes, heatmap, contours, optimum)
//! changes only with the data set or the canvas size; the overlay (the path
//! and the current point) is drawn over a copy of it at every frame.

use super::clip::{clip_polyline, Rect};
use super::{palette, short_number, Style};
use crate::model::surface::{Contour, Window};
use crate::model::Params;
use plotters::coord::types::RangedCoordf64;
use plotters::coord::Shift;
use plotters::prelude::*;
use std::ops::Range;

/// A chart's plotting rectangle in backend pixels: (x range, y range).
pub type PixelRect = (Range<i32>, Range<i32>);

/// What the result of a drawing call on backend `DB` is.
pub type DrawResult<T, DB> = Result<T, DrawingAreaErrorKind<<DB as DrawingBackend>::ErrorType>>;

type Chart<'a, DB> = ChartContext<'a, DB, Cartesian2d<RangedCoordf64, RangedCoordf64>>;

fn chart<'a, DB: DrawingBackend>(
    area: &'a DrawingArea<DB, Shift>,
    style: &Style,
    window: &Window,
) -> DrawResult<Chart<'a, DB>, DB> {
    ChartBuilder::on(area)
        .margin(style.px(10.0))
        .x_label_area_size(style.px(46.0))
        .y_label_area_size(style.px(56.0))
        .build_cartesian_2d(window.b0.0..window.b0.1, window.b1.0..window.b1.1)
}

/// Draws the static layer: axes, the heatmap (drawn by `heatmap` into the
/// plotting rectangle it is given, in backend pixels), the contour lines and
/// the optimum. Returns the plotting rectangle, so clicks can be mapped back.
pub fn draw_background<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    style: &Style,
    window: &Window,
    contours: &[Contour],
    optimum: Option<Params>,
    heatmap: impl FnOnce(&PixelRect),
) -> DrawResult<PixelRect, DB> {
    area.fill(&WHITE)?;
    let mut chart = chart(area, style, window)?;
    let rect = chart.plotting_area().get_pixel_range();
    heatmap(&rect);
    chart
        .configure_mesh()
        .disable_mesh()
        .x_desc("b0 (intercept)")
        .y_desc("b1 (slope)")
        .x_labels(6)
        .y_labels(6)
        .x_label_formatter(&|v| short_number(*v))
        .y_label_formatter(&|v| short_number(*v))
        .label_style(
            ("sans-serif", style.font(13.0))
                .into_font()
                .color(&palette::INK),
        )
        .axis_desc_style(
            ("sans-serif", style.font(14.0))
                .into_font()
                .color(&palette::INK),
        )
        .axis_style(palette::INK)
        .draw()?;
    let line = ShapeStyle::from(WHITE.mix(0.55)).stroke_width(style.px(1.0));
    for contour in contours {
        for [a, b] in &contour.segments {
            chart
                .plotting_area()
                .draw(&PathElement::new(vec![(a[0], a[1]), (b[0], b[1])], line))?;
        }
    }
    if let Some(b) = optimum {
        if window.contains(b) {
            draw_optimum(&chart, style, b)?;
        }
    }
    Ok(rect)
}

/// A white cross with a dark outline: visible on every colour of the map.
fn draw_optimum<DB: DrawingBackend>(
    chart: &Chart<'_, DB>,
    style: &Style,
    b: Params,
) -> DrawResult<(), DB> {
    let r = style.px(7.0) as i32;
    let area = chart.plotting_area();
    for (colour, width) in [(palette::BLACK, 5.0), (palette::WHITE, 2.5)] {
        let pen = ShapeStyle::from(colour).stroke_width(style.px(width));
        for (dx, dy) in [(1, 1), (1, -1)] {
            let arm = EmptyElement::at((b[0], b[1]))
                + PathElement::new(vec![(-r * dx, -r * dy), (r * dx, r * dy)], pen);
            area.draw(&arm)?;
        }
    }
    Ok(())
}

/// Draws the dynamic layer: the path through `path` (oldest first, the
/// current point last), clipped to the window, with a marker at each step
/// while there are few, the start, and the current point. A path that has
/// left the window ends at the edge with a vermillion mark where it left.
pub fn draw_overlay<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    style: &Style,
    window: &Window,
    path: &[Params],
    diverged: bool,
) -> DrawResult<(), DB> {
    let chart = chart(area, style, window)?;
    let plot = chart.plotting_area();
    let rect = Rect {
        x: window.b0,
        y: window.b1,
    };
    let runs = clip_polyline(rect, path.iter().map(|b| (b[0], b[1])));
    let halo = ShapeStyle::from(palette::BLACK.mix(0.6)).stroke_width(style.px(4.0));
    let pen = ShapeStyle::from(palette::PATH).stroke_width(style.px(2.0));
    for run in &runs {
        plot.draw(&PathElement::new(run.clone(), halo))?;
        plot.draw(&PathElement::new(run.clone(), pen))?;
    }
    if path.len() <= 300 {
        let dot = style.px(2.5);
        for b in path.iter().filter(|b| window.contains(**b)) {
            plot.draw(&Circle::new((b[0], b[1]), dot, palette::PATH.filled()))?;
        }
    }
    if let Some(start) = path.first().filter(|b| window.contains(**b)) {
        let ring = ShapeStyle::from(palette::WHITE).stroke_width(style.px(2.0));
        plot.draw(&Circle::new((start[0], start[1]), style.px(6.0), ring))?;
    }
    let Some(current) = path.last() else {
        return Ok(());
    };
    if window.contains(*current) {
        let colour = if diverged {
            palette::VERMILLION
        } else {
            palette::PATH
        };
        plot.draw(&Circle::new(
            (current[0], current[1]),
            style.px(7.5),
            palette::WHITE.filled(),
        ))?;
        plot.draw(&Circle::new(
            (current[0], current[1]),
            style.px(5.5),
            colour.filled(),
        ))?;
    } else if let Some(exit) = runs.last().and_then(|run| run.last()) {
        // Where the path left the window.
        plot.draw(&Circle::new(*exit, style.px(7.5), palette::WHITE.filled()))?;
        plot.draw(&Circle::new(
            *exit,
            style.px(5.5),
            palette::VERMILLION.filled(),
        ))?;
    }
    Ok(())
}

/// The parameters under a pixel of the canvas, if it lies in the plotting rectangle.
pub fn pixel_to_params(rect: &PixelRect, window: &Window, px: f64, py: f64) -> Option<Params> {
    let (xs, ys) = rect;
    let (x0, x1) = (xs.start as f64, xs.end as f64);
    let (y0, y1) = (ys.start as f64, ys.end as f64);
    if !(px >= x0 && px <= x1 && py >= y0 && py <= y1) || x1 <= x0 || y1 <= y0 {
        return None;
    }
    let b0 = window.b0.0 + (px - x0) / (x1 - x0) * (window.b0.1 - window.b0.0);
    let b1 = window.b1.1 - (py - y0) / (y1 - y0) * (window.b1.1 - window.b1.0);
    Some([b0, b1])
}
