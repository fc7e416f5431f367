//! The trace plot: loss against step (or against evaluations, or epoch),
//! one series per run. The full loss always; with a single run, the batch
//! loss when batches are smaller than the data (drawn at the step it was
//! measured at: the parameters the step started from); the optimum's loss
//! as a dashed floor; faint vertical lines where the first run's epochs
//! end. Thinned trace entries are drawn as a vertical bar spanning their
//! lowest to highest loss, so an oscillation keeps its swing.

use super::surface_view::{DrawResult, PixelRect};
use super::{draw_line, fit_title, label_count, palette, short_number, Dash, Style};
use crate::model::trace::TracePoint;
use plotters::coord::ranged1d::{AsRangedCoord, ValueFormatter};
use plotters::coord::Shift;
use plotters::element::DashedPathElement;
use plotters::prelude::*;

/// Epoch boundaries are marked only while there are at most this many in view.
const MAX_EPOCH_MARKS: usize = 60;

/// One run's series.
#[derive(Clone, Copy, Debug)]
pub struct TraceSeries<'a> {
    /// The run's trace.
    pub points: &'a [TracePoint],
    /// Its colour.
    pub colour: RGBColor,
    /// Its dash pattern (runs side by side differ by dash as well).
    pub dash: Dash,
}

/// What the trace plot shows.
#[derive(Clone, Copy, Debug, Default)]
pub struct TraceOptions<'a> {
    /// Log-scale loss axis.
    pub log_scale: bool,
    /// Draw the first run's batch losses too.
    pub show_batch: bool,
    /// The horizontal axis counts evaluations instead of steps.
    pub by_evaluations: bool,
    /// The optimum's loss, drawn as a floor.
    pub floor: Option<f64>,
    /// Plot the full loss at the end of each epoch against the epoch number.
    pub per_epoch: bool,
    /// The losses given are L - L*: say so on the axis.
    pub gap: bool,
    /// Steps after which a setting of the first run changed, with what
    /// changed: drawn as labelled vertical lines (against steps only).
    pub marks: &'a [(u64, &'a str)],
}

/// The entries with each loss replaced by its distance to the minimum
/// `floor`, L - L*, for a log-scale plot: distances below what f64 can
/// resolve at L* (4 ulps) are drawn at that resolution rather than lost,
/// and batch losses, which may lie below L*, are left out.
pub fn gaps(points: &[TracePoint], floor: f64) -> Vec<TracePoint> {
    let resolution = (floor.abs() * 4.0 * f64::EPSILON).max(1e-300);
    let gap = |l: f64| (l - floor).max(resolution);
    points
        .iter()
        .map(|p| TracePoint {
            loss: gap(p.loss),
            loss_span: crate::model::trace::Span {
                lo: gap(p.loss_span.lo),
                hi: gap(p.loss_span.hi),
            },
            batch_loss: None,
            batch_span: None,
            ..*p
        })
        .collect()
}

/// Draws the traces of the runs, the first first; returns the plotting
/// rectangle in the area's pixels (the page marks it on the canvas).
pub fn draw_trace<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    style: &Style,
    series: &[TraceSeries<'_>],
    options: TraceOptions<'_>,
) -> DrawResult<PixelRect, DB> {
    area.fill(&WHITE)?;
    let x_of = |p: &TracePoint| {
        if options.by_evaluations {
            p.evaluations as f64
        } else {
            p.step as f64
        }
    };
    // (epochs completed, full loss) at the start and at each epoch's end, per run.
    let epochs: Vec<Vec<(f64, f64)>> = series
        .iter()
        .map(|s| {
            s.points
                .iter()
                .filter(|p| p.step == 0 || p.ends_epoch)
                .map(|p| (p.epoch as f64, p.loss))
                .collect()
        })
        .collect();
    let show_batch = options.show_batch && series.len() == 1 && !options.by_evaluations;
    let mut last_x: f64 = 0.0;
    let (mut lo, mut hi) = (f64::INFINITY, f64::NEG_INFINITY);
    for (s, epochs) in series.iter().zip(&epochs) {
        last_x = last_x.max(if options.per_epoch {
            epochs.last().map_or(0.0, |p| p.0)
        } else {
            s.points.last().map_or(0.0, x_of)
        });
        for p in s.points {
            lo = lo.min(p.loss_span.lo);
            hi = hi.max(p.loss_span.hi);
            if let (true, false, Some(span)) = (show_batch, options.per_epoch, p.batch_span) {
                lo = lo.min(span.lo);
                hi = hi.max(span.hi);
            }
        }
    }
    let xs = 0.0..last_x.max(if options.per_epoch { 5.0 } else { 10.0 });
    if let Some(floor) = options.floor {
        lo = lo.min(floor);
    }
    if !(lo.is_finite() && hi.is_finite()) {
        lo = 0.0;
        hi = 1.0;
    }
    let lines = Lines {
        series,
        epochs: &epochs,
        show_batch,
        x_of: &x_of,
    };
    if options.log_scale {
        let lo = (lo / 1.3).max(hi * 1e-12).max(1e-300);
        let hi = (hi * 1.3).max(lo * 10.0);
        // Ticks at 1, 2 and 5 in every decade (plotters alone labels only
        // powers of 10), as many as the axis's height has room for.
        let room = f64::from(area.dim_in_pixel().1) - style.font(70.0);
        let ticks = log_ticks(lo, hi, label_count(room, style.font(14.0), 9, false));
        draw_with(
            area,
            style,
            lines,
            options,
            xs,
            (lo..hi).log_scale().with_key_points(ticks),
        )
    } else {
        // At least 2% of the value, so one point or a flat line gets a sane axis.
        let pad = (0.05 * (hi - lo)).max(0.02 * hi.abs()).max(1e-9);
        draw_with(
            area,
            style,
            lines,
            options,
            xs,
            (lo - pad).max(0.0)..hi + pad,
        )
    }
}

/// 1, 2 and 5 times each power of ten between `lo` and `hi`; over many
/// decades, or on a short axis, only powers of ten, spaced to leave at
/// most `most` labels.
fn log_ticks(lo: f64, hi: f64, most: usize) -> Vec<f64> {
    let first = lo.log10().floor() as i32;
    let last = hi.log10().ceil() as i32;
    let within = |v: &f64| *v >= lo && *v <= hi;
    let fine: Vec<f64> = (first..=last)
        .flat_map(|e| [1.0, 2.0, 5.0].map(|m| m * 10f64.powi(e)))
        .filter(within)
        .collect();
    if fine.len() <= most && last - first <= 4 {
        return fine;
    }
    let decades = (last - first + 1) as usize;
    let stride = decades.div_ceil(most.max(1)).max(1);
    (first..=last)
        .step_by(stride)
        .map(|e| 10f64.powi(e))
        .filter(within)
        .collect()
}

/// What is drawn, whatever the loss axis.
#[derive(Clone, Copy)]
struct Lines<'a> {
    series: &'a [TraceSeries<'a>],
    epochs: &'a [Vec<(f64, f64)>],
    show_batch: bool,
    x_of: &'a dyn Fn(&TracePoint) -> f64,
}

fn draw_with<DB: DrawingBackend, Y>(
    area: &DrawingArea<DB, Shift>,
    style: &Style,
    lines: Lines<'_>,
    options: TraceOptions<'_>,
    xs: std::ops::Range<f64>,
    losses: Y,
) -> DrawResult<PixelRect, DB>
where
    Y: AsRangedCoord<Value = f64>,
    Y::CoordDescType: ValueFormatter<f64>,
{
    let max_x = xs.end;
    let x_title = if options.per_epoch {
        "epoch"
    } else if options.by_evaluations {
        "evaluations (losses + gradients + Hessians)"
    } else {
        "step"
    };
    let mut chart = ChartBuilder::on(area)
        .margin(style.px(10.0))
        .margin_right(style.px(18.0))
        .x_label_area_size(style.px(40.0))
        .y_label_area_size(style.px(if options.log_scale { 66.0 } else { 56.0 }))
        .build_cartesian_2d(xs, losses)?;
    let (width, height) = chart.plotting_area().dim_in_pixel();
    let rect = chart.plotting_area().get_pixel_range();
    let (label, title) = (style.font(14.0), style.font(15.0));
    let y_title = match (options.gap, options.log_scale) {
        (true, _) => "L − L* (log scale)",
        (false, true) => "loss (log scale)",
        (false, false) => "loss",
    };
    chart
        .configure_mesh()
        .light_line_style(TRANSPARENT)
        .bold_line_style(palette::GRID)
        .x_desc(fit_title(x_title, width as f64, title))
        .y_desc(fit_title(y_title, height as f64, title))
        .x_labels(label_count(width as f64, label, 6, true))
        .y_labels(label_count(height as f64, label, 5, false))
        .x_label_formatter(&|v| short_number(*v))
        .y_label_formatter(&|v| short_number(*v))
        .label_style(style.label_font())
        .axis_desc_style(style.title_font())
        .axis_style(palette::INK)
        .draw()?;
    let (y_lo, y_hi) = {
        let range = chart.y_range();
        (range.start, range.end)
    };
    if let Some(floor) = options.floor {
        chart.draw_series(std::iter::once(DashedPathElement::new(
            vec![(0.0, floor), (max_x, floor)],
            style.px(6.0),
            style.px(4.0),
            ShapeStyle::from(palette::INK.mix(0.6)).stroke_width(style.px(1.0)),
        )))?;
    }
    if !options.by_evaluations && !options.per_epoch {
        let pen = ShapeStyle::from(palette::VIOLET.mix(0.8)).stroke_width(style.px(1.5));
        let font = ("sans-serif", style.font(12.0))
            .into_font()
            .color(&palette::VIOLET);
        for &(step, what) in options.marks {
            let x = step as f64;
            chart.draw_series(std::iter::once(DashedPathElement::new(
                vec![(x, y_lo), (x, y_hi)],
                style.px(3.0),
                style.px(3.0),
                pen,
            )))?;
            chart.draw_series(std::iter::once(Text::new(
                format!(" {what}"),
                (x, y_hi),
                font.clone(),
            )))?;
        }
    }
    let width = if lines.series.len() > 1 { 2.5 } else { 2.0 };
    if options.per_epoch {
        for (s, epochs) in lines.series.iter().zip(lines.epochs) {
            let pen = ShapeStyle::from(s.colour).stroke_width(style.px(width));
            draw_line(&mut chart, epochs.clone(), pen, s.dash, style)?;
            if epochs.len() <= 200 {
                let dot = style.px(3.0);
                chart.draw_series(
                    epochs
                        .iter()
                        .map(|&p| Circle::new(p, dot, s.colour.filled())),
                )?;
            }
        }
        return Ok(rect);
    }
    let x_of = lines.x_of;
    if let Some(first) = lines.series.first() {
        let ends: Vec<f64> = first
            .points
            .iter()
            .filter(|p| p.ends_epoch)
            .map(x_of)
            .collect();
        if !ends.is_empty() && ends.len() <= MAX_EPOCH_MARKS && options.show_batch {
            let mark = ShapeStyle::from(palette::ORANGE.mix(0.5)).stroke_width(style.px(1.0));
            chart.draw_series(
                ends.iter()
                    .map(|&s| PathElement::new(vec![(s, y_lo), (s, y_hi)], mark)),
            )?;
        }
        if lines.show_batch {
            // A step's batch loss is measured at the parameters it started
            // from, so it is drawn one step back, beside the full loss there.
            let points = first.points;
            let pen = ShapeStyle::from(palette::BLUE.mix(0.55)).stroke_width(style.px(1.0));
            let batch = points
                .iter()
                .filter_map(|p| p.batch_loss.map(|l| (p.step as f64 - 1.0, l)));
            chart.draw_series(LineSeries::new(batch, pen))?;
            let spans = points
                .iter()
                .filter_map(|p| p.batch_span.map(|s| (p.step.saturating_sub(1) as f64, s)));
            draw_spans(&mut chart, spans, pen)?;
        }
    }
    // The first run last, on top.
    for s in lines.series.iter().rev() {
        let pen = ShapeStyle::from(s.colour).stroke_width(style.px(width));
        draw_spans(
            &mut chart,
            s.points.iter().map(|p| (x_of(p), p.loss_span)),
            pen,
        )?;
        let points = s.points.iter().map(|p| (x_of(p), p.loss)).collect();
        draw_line(&mut chart, points, pen, s.dash, style)?;
    }
    Ok(rect)
}

/// Vertical bars for the entries that cover a range of losses.
fn draw_spans<DB: DrawingBackend, CT: CoordTranslate<From = (f64, f64)>>(
    chart: &mut ChartContext<'_, DB, CT>,
    spans: impl Iterator<Item = (f64, crate::model::trace::Span)>,
    pen: ShapeStyle,
) -> DrawResult<(), DB> {
    let bars = spans
        .filter(|(_, s)| s.hi > s.lo)
        .map(|(x, s)| PathElement::new(vec![(x, s.lo), (x, s.hi)], pen));
    chart.draw_series(bars)?;
    Ok(())
}
