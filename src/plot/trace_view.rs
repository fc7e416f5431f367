//! The trace plot: loss against step (or against epoch). The full loss
//! always; the batch loss when batches are smaller than the data (drawn at
//! the step it was measured at: the parameters the step started from); the
//! optimum's loss as a dashed floor; faint vertical lines where epochs end.
//! Thinned trace entries are drawn as a vertical bar spanning their lowest to
//! highest loss, so an oscillation keeps its swing.

use super::surface_view::DrawResult;
use super::{palette, short_number, Style};
use crate::model::trace::TracePoint;
use plotters::coord::ranged1d::{AsRangedCoord, ValueFormatter};
use plotters::coord::Shift;
use plotters::element::DashedPathElement;
use plotters::prelude::*;

/// Epoch boundaries are marked only while there are at most this many in view.
const MAX_EPOCH_MARKS: usize = 60;

/// What the trace plot shows.
#[derive(Clone, Copy, Debug)]
pub struct TraceOptions {
    /// Log-scale loss axis.
    pub log_scale: bool,
    /// Draw the batch losses too.
    pub show_batch: bool,
    /// The optimum's loss, drawn as a floor.
    pub floor: Option<f64>,
    /// Plot the full loss at the end of each epoch against the epoch number.
    pub per_epoch: bool,
}

/// Draws the trace of a run.
pub fn draw_trace<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    style: &Style,
    points: &[TracePoint],
    options: TraceOptions,
) -> DrawResult<(), DB> {
    area.fill(&WHITE)?;
    let epochs: Vec<(f64, f64)> = points
        .iter()
        .filter(|p| p.step == 0 || p.ends_epoch)
        .map(|p| (p.epoch as f64, p.loss))
        .collect();
    let last_x = if options.per_epoch {
        epochs.last().map_or(0.0, |p| p.0)
    } else {
        points.last().map_or(0, |p| p.step) as f64
    };
    let xs = 0.0..last_x.max(if options.per_epoch { 5.0 } else { 10.0 });
    let (mut lo, mut hi) = (f64::INFINITY, f64::NEG_INFINITY);
    for p in points {
        lo = lo.min(p.loss_span.lo);
        hi = hi.max(p.loss_span.hi);
        if let (true, false, Some(span)) = (options.show_batch, options.per_epoch, p.batch_span) {
            lo = lo.min(span.lo);
            hi = hi.max(span.hi);
        }
    }
    if let Some(floor) = options.floor {
        lo = lo.min(floor);
    }
    if !(lo.is_finite() && hi.is_finite()) {
        lo = 0.0;
        hi = 1.0;
    }
    let series = Series {
        points,
        epochs: &epochs,
    };
    if options.log_scale {
        let lo = (lo / 1.3).max(hi * 1e-12).max(1e-300);
        let hi = (hi * 1.3).max(lo * 10.0);
        // Ticks at 1, 2 and 5 in every decade: plotters alone labels only powers of 10.
        let ticks = log_ticks(lo, hi);
        draw_with(
            area,
            style,
            series,
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
            series,
            options,
            xs,
            (lo - pad).max(0.0)..hi + pad,
        )
    }
}

/// 1, 2 and 5 times each power of ten between `lo` and `hi`; over many
/// decades only powers of ten, spaced to leave at most about eight labels.
fn log_ticks(lo: f64, hi: f64) -> Vec<f64> {
    let first = lo.log10().floor() as i32;
    let last = hi.log10().ceil() as i32;
    let decades = last - first;
    let multiples: &[f64] = if decades <= 4 {
        &[1.0, 2.0, 5.0]
    } else {
        &[1.0]
    };
    let stride = (decades / 8).max(1) as usize;
    (first..=last)
        .step_by(stride)
        .flat_map(|e| multiples.iter().map(move |m| m * 10f64.powi(e)))
        .filter(|v| *v >= lo && *v <= hi)
        .collect()
}

#[derive(Clone, Copy)]
struct Series<'a> {
    points: &'a [TracePoint],
    /// (epochs completed, full loss) at the start and at each epoch's end.
    epochs: &'a [(f64, f64)],
}

fn draw_with<DB: DrawingBackend, Y>(
    area: &DrawingArea<DB, Shift>,
    style: &Style,
    series: Series<'_>,
    options: TraceOptions,
    xs: std::ops::Range<f64>,
    losses: Y,
) -> DrawResult<(), DB>
where
    Y: AsRangedCoord<Value = f64>,
    Y::CoordDescType: ValueFormatter<f64>,
{
    let max_x = xs.end;
    let mut chart = ChartBuilder::on(area)
        .margin(style.px(10.0))
        .margin_right(style.px(18.0))
        .x_label_area_size(style.px(40.0))
        .y_label_area_size(style.px(56.0))
        .build_cartesian_2d(xs, losses)?;
    chart
        .configure_mesh()
        .light_line_style(TRANSPARENT)
        .bold_line_style(palette::GRID)
        .x_desc(if options.per_epoch { "epoch" } else { "step" })
        .y_desc(if options.log_scale {
            "loss (log scale)"
        } else {
            "loss"
        })
        .x_labels(6)
        .y_labels(5)
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
    let full = ShapeStyle::from(palette::BLACK).stroke_width(style.px(2.0));
    if options.per_epoch {
        chart.draw_series(LineSeries::new(series.epochs.iter().copied(), full))?;
        if series.epochs.len() <= 200 {
            let dot = style.px(3.0);
            chart.draw_series(
                series
                    .epochs
                    .iter()
                    .map(|&p| Circle::new(p, dot, palette::BLACK.filled())),
            )?;
        }
        return Ok(());
    }
    let points = series.points;
    let ends: Vec<f64> = points
        .iter()
        .filter(|p| p.ends_epoch)
        .map(|p| p.step as f64)
        .collect();
    if !ends.is_empty() && ends.len() <= MAX_EPOCH_MARKS && options.show_batch {
        let mark = ShapeStyle::from(palette::ORANGE.mix(0.5)).stroke_width(style.px(1.0));
        chart.draw_series(
            ends.iter()
                .map(|&s| PathElement::new(vec![(s, y_lo), (s, y_hi)], mark)),
        )?;
    }
    if options.show_batch {
        // A step's batch loss is measured at the parameters it started from,
        // so it is drawn one step back, beside the full loss at the same point.
        let pen = ShapeStyle::from(palette::BLUE.mix(0.55)).stroke_width(style.px(1.0));
        let batch = points
            .iter()
            .filter_map(|p| p.batch_loss.map(|l| (p.step as f64 - 1.0, l)));
        chart.draw_series(LineSeries::new(batch, pen))?;
        let spans = points
            .iter()
            .filter_map(|p| p.batch_span.map(|s| (p.step.saturating_sub(1), s)));
        draw_spans(&mut chart, spans, pen)?;
    }
    draw_spans(
        &mut chart,
        points.iter().map(|p| (p.step, p.loss_span)),
        full,
    )?;
    chart.draw_series(LineSeries::new(
        points.iter().map(|p| (p.step as f64, p.loss)),
        full,
    ))?;
    Ok(())
}

/// Vertical bars for the entries that cover a range of losses.
fn draw_spans<DB: DrawingBackend, CT: CoordTranslate<From = (f64, f64)>>(
    chart: &mut ChartContext<'_, DB, CT>,
    spans: impl Iterator<Item = (u64, crate::model::trace::Span)>,
    pen: ShapeStyle,
) -> DrawResult<(), DB> {
    let bars = spans
        .filter(|(_, s)| s.hi > s.lo)
        .map(|(step, s)| PathElement::new(vec![(step as f64, s.lo), (step as f64, s.hi)], pen));
    chart.draw_series(bars)?;
    Ok(())
}
