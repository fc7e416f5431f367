//! The contour plot: the loss over (b0, b1) as a heatmap with contour lines,
//! the optimum, the parameter path, and the gradient arrows.
//!
//! Drawn in layers. The background (axes, the full loss's heatmap and
//! contours) changes only with the data set or the canvas size. Each frame
//! copies it, adds the batch loss's heatmap or contours when they are shown,
//! then draws the overlay: markers, arrows, the path.
//!
//! Contour lines are handed to the page as one SVG path string per set of
//! lines ([`contour_path`]), stroked in a single canvas call: the batch
//! contours change at every step, and one call per segment through plotters
//! would cost several milliseconds a frame.

use super::clip::{clip_polyline, Rect};
use super::{fit_title, label_count, palette, short_number, Style};
use crate::model::surface::Contour;
use crate::model::window::Window;
use crate::model::Params;
use crate::settings::Note;
use plotters::coord::types::RangedCoordf64;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use std::ops::Range;

/// A chart's plotting rectangle in backend pixels: (x range, y range).
pub type PixelRect = (Range<i32>, Range<i32>);

/// What the result of a drawing call on backend `DB` is.
pub type DrawResult<T, DB> = Result<T, DrawingAreaErrorKind<<DB as DrawingBackend>::ErrorType>>;

type Chart<'a, DB> = ChartContext<'a, DB, Cartesian2d<RangedCoordf64, RangedCoordf64>>;

/// Colour of the notes' arrows and card edges: amber, unlike anything else
/// on the plot.
pub const NOTE: RGBColor = RGBColor(240, 162, 2);

/// Colour of the batch loss's contours and minimum over the full loss.
pub const BATCH_CONTOUR: RGBColor = RGBColor(255, 138, 216);

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

/// Draws the static layer: axes (titled `titles`), and the heatmap (drawn by `heatmap` into
/// the plotting rectangle it is given, in backend pixels). Returns that
/// rectangle: contours are drawn into it, and clicks are mapped back from it.
pub fn draw_background<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    style: &Style,
    window: &Window,
    titles: [&str; 2],
    heatmap: impl FnOnce(&PixelRect),
) -> DrawResult<PixelRect, DB> {
    area.fill(&WHITE)?;
    let mut chart = chart(area, style, window)?;
    let rect = chart.plotting_area().get_pixel_range();
    heatmap(&rect);
    let (width, height) = chart.plotting_area().dim_in_pixel();
    let (label, title) = (style.font(14.0), style.font(15.0));
    chart
        .configure_mesh()
        .disable_mesh()
        .x_desc(fit_title(titles[0], width as f64, title))
        .y_desc(fit_title(titles[1], height as f64, title))
        .x_labels(label_count(width as f64, label, 6, true))
        .y_labels(label_count(height as f64, label, 6, false))
        .x_label_formatter(&|v| short_number(*v))
        .y_label_formatter(&|v| short_number(*v))
        .label_style(style.label_font())
        .axis_desc_style(style.title_font())
        .axis_style(palette::INK)
        .draw()?;
    Ok(rect)
}

/// Maps parameters to backend pixels in `rect`.
fn to_pixel(rect: &PixelRect, window: &Window, b: Params) -> (f64, f64) {
    let (xs, ys) = rect;
    let x = xs.start as f64
        + (b[0] - window.b0.0) / (window.b0.1 - window.b0.0) * (xs.end - xs.start) as f64;
    let y = ys.end as f64
        - (b[1] - window.b1.0) / (window.b1.1 - window.b1.0) * (ys.end - ys.start) as f64;
    (x, y)
}

/// The contour segments as SVG path data in backend pixels
/// ("M x y L x y L x y M ..."), rounded to tenths of a pixel.
pub fn contour_path(contours: &[Contour], rect: &PixelRect, window: &Window) -> String {
    let count: usize = contours.iter().map(|c| c.segments.len()).sum();
    let mut path = String::with_capacity(count * 16);
    let mut put = |command: char, (x, y): (f64, f64)| {
        path.push(command);
        tenths(&mut path, x);
        path.push(' ');
        tenths(&mut path, y);
    };
    for contour in contours {
        let mut last = None;
        for [a, b] in &contour.segments {
            // Segments come head to tail along each line (see
            // `contour_lines`): a move only where a new line starts.
            if last != Some(*a) {
                put('M', to_pixel(rect, window, *a));
            }
            put('L', to_pixel(rect, window, *b));
            last = Some(*b);
        }
    }
    path
}

/// Writes `v` to one decimal, as whole tenths, digit by digit: far cheaper
/// than formatting floats (or integers through `fmt`), and a tenth of a
/// device pixel is finer than the eye sees.
fn tenths(out: &mut String, v: f64) {
    // Saturating: a point far off the canvas stays far off it.
    let t = (v * 10.0).round() as i64;
    if t < 0 {
        out.push('-');
    }
    let t = t.unsigned_abs();
    let mut digits = [0u8; 20];
    let mut rest = t / 10;
    let mut k = digits.len();
    loop {
        k -= 1;
        digits[k] = b'0' + (rest % 10) as u8;
        rest /= 10;
        if rest == 0 {
            break;
        }
    }
    digits[k..].iter().for_each(|&d| out.push(d as char));
    out.push('.');
    out.push((b'0' + (t % 10) as u8) as char);
}

/// Arrows from the current point, in parameter units before scaling.
#[derive(Clone, Debug, Default)]
pub struct Arrows<'a> {
    /// The full gradient of L at the current point.
    pub full: Option<Params>,
    /// The gradient of the last batch's loss L_k at the current point.
    pub batch: Option<Params>,
    /// Gradients of random batches of the same size at the current point.
    pub fan: &'a [Params],
    /// Gradients that set how small the full gradient may get before the
    /// arrows shrink with it: a tenth of the longest of these (in pixels).
    pub reference: &'a [Params],
}

/// One run's path over the surfaces.
#[derive(Clone, Copy, Debug)]
pub struct RunPath<'a> {
    /// Parameters after each step, oldest first, the current point last.
    pub points: &'a [Params],
    /// The run's colour.
    pub colour: RGBColor,
    /// The run has diverged: its current point is drawn hollow.
    pub diverged: bool,
    /// Points a line search tried and rejected, drawn faintly.
    pub trials: &'a [Params],
    /// A number drawn beside the current point, when several runs share the plot.
    pub number: Option<usize>,
    /// How many of the first points are old (`fade=`): drawn faint, thin
    /// and without a halo, so a long or wild path leaves the bowl visible.
    pub faded: usize,
}

/// Everything drawn over the surfaces.
#[derive(Clone, Debug, Default)]
pub struct Overlay<'a> {
    /// The runs' paths, the first (whose arrows are drawn) first.
    pub paths: &'a [RunPath<'a>],
    /// The full loss's minimum (the global one).
    pub optimum: Option<Params>,
    /// Its other local minima.
    pub local_minima: &'a [Params],
    /// The minimum of the batch loss shown, if any.
    pub batch_optimum: Option<Params>,
    /// Descent directions drawn at the first run's current point.
    pub arrows: Arrows<'a>,
    /// Labels pointing at places in the plane, drawn on top.
    pub notes: &'a [Note],
}

/// Most line-search trials drawn (the latest): thousands of faint dots
/// would cost a frame and say no more.
const TRIALS_DRAWN: usize = 400;

/// A note's card as drawn, in backend pixels: `[left, top, right, bottom]`,
/// with the note's place in the list (for dragging it).
pub type NoteCard = (usize, [i32; 4]);

/// Draws the dynamic layer, bottom to top: line-search trials, the paths
/// (clipped to the window, a dot per step while there are few), the arrows,
/// the minima, the start ring and each run's current point. A path that has
/// left the window ends at the edge with a white arrowhead pointing the way
/// it went. Returns the notes' cards, topmost last.
pub fn draw_overlay<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    style: &Style,
    window: &Window,
    overlay: &Overlay<'_>,
) -> DrawResult<Vec<NoteCard>, DB> {
    let chart = chart(area, style, window)?;
    let plot = chart.plotting_area();
    let rect = Rect {
        x: window.b0,
        y: window.b1,
    };
    let several = overlay.paths.len() > 1;
    for path in overlay.paths {
        let trials = &path.trials[path.trials.len().saturating_sub(TRIALS_DRAWN)..];
        let faint = ShapeStyle::from(palette::WHITE.mix(0.55)).filled();
        let ring = ShapeStyle::from(path.colour.mix(0.8)).stroke_width(style.px(1.0));
        for b in trials.iter().filter(|b| window.contains(**b)) {
            plot.draw(&Circle::new((b[0], b[1]), style.px(2.5), faint))?;
            plot.draw(&Circle::new((b[0], b[1]), style.px(2.5), ring))?;
        }
    }
    let mut exits = Vec::new();
    for path in overlay.paths {
        let points = path.points;
        // The old part first, faint and thin; the recent part over it (it
        // starts at the last old point, so the two join).
        let old = path.faded.min(points.len());
        if old > 0 {
            let faint = ShapeStyle::from(path.colour.mix(0.35)).stroke_width(style.px(1.2));
            let old_points = &points[..(old + 1).min(points.len())];
            for run in clip_polyline(rect, old_points.iter().map(|b| (b[0], b[1]))) {
                plot.draw(&PathElement::new(run, faint))?;
            }
        }
        let recent = &points[old.saturating_sub(1).min(points.len())..];
        let runs = clip_polyline(rect, recent.iter().map(|b| (b[0], b[1])));
        // Long zig-zagging paths get thinner lines so they stay lines, not
        // blobs; a few hundred steps keep a line that reads on a projector.
        let (halo_width, pen_width) = match recent.len() {
            0..=100 => (4.0, 2.0),
            101..=500 => (3.5, 1.8),
            _ => (2.5, 1.3),
        };
        let halo =
            ShapeStyle::from(palette::BLACK.mix(0.7)).stroke_width(style.px(halo_width + 1.0));
        let pen = ShapeStyle::from(path.colour).stroke_width(style.px(pen_width));
        for run in &runs {
            plot.draw(&PathElement::new(run.clone(), halo))?;
            plot.draw(&PathElement::new(run.clone(), pen))?;
        }
        if recent.len() <= 100 {
            let dot = style.px(2.5);
            for b in recent.iter().filter(|b| window.contains(**b)) {
                plot.draw(&Circle::new((b[0], b[1]), dot, path.colour.filled()))?;
            }
        }
        let current = points.last().copied();
        if let (Some(current), Some(run)) = (current, runs.last()) {
            if !window.contains(current) && run.len() >= 2 {
                exits.push((run[run.len() - 2], run[run.len() - 1]));
            }
        }
    }
    if let Some(current) = overlay
        .paths
        .first()
        .and_then(|p| p.points.last().copied())
        .filter(|b| window.contains(*b))
    {
        draw_arrows(&chart, style, window, current, &overlay.arrows)?;
    }
    if let Some(b) = overlay.optimum.filter(|b| window.contains(*b)) {
        draw_cross(plot, style, b)?;
    }
    for b in overlay.local_minima.iter().filter(|b| window.contains(**b)) {
        draw_plus(plot, style, *b)?;
    }
    if let Some(b) = overlay.batch_optimum.filter(|b| window.contains(*b)) {
        draw_diamond(plot, style, b)?;
    }
    if let Some(start) = overlay
        .paths
        .first()
        .and_then(|p| p.points.first())
        .filter(|b| window.contains(**b))
    {
        let ring = ShapeStyle::from(palette::WHITE).stroke_width(style.px(2.0));
        plot.draw(&Circle::new((start[0], start[1]), style.px(6.0), ring))?;
    }
    for path in overlay.paths.iter().rev() {
        let Some(current) = path.points.last().copied() else {
            continue;
        };
        if !window.contains(current) {
            continue;
        }
        let at = (current[0], current[1]);
        plot.draw(&Circle::new(at, style.px(7.5), palette::WHITE.filled()))?;
        if path.diverged {
            // Hollow: the run has stopped.
            let ring = ShapeStyle::from(palette::VERMILLION).stroke_width(style.px(2.5));
            plot.draw(&Circle::new(at, style.px(4.5), ring))?;
        } else {
            plot.draw(&Circle::new(at, style.px(5.5), path.colour.filled()))?;
        }
        if let (true, Some(number)) = (several, path.number) {
            // Each run's tag in its own direction, so tags of runs that end
            // together do not cover each other.
            let angle = (60.0 - 60.0 * (number as f64 - 1.0)).to_radians();
            let reach = style.px(17.0) as f64;
            let (cx, cy) = (reach * angle.cos(), -reach * angle.sin());
            let half = style.px(7.0) as i32;
            let centre = (cx.round() as i32, cy.round() as i32);
            let font = ("sans-serif", style.font(13.0))
                .into_font()
                .style(FontStyle::Bold)
                .color(&palette::BLACK)
                .pos(Pos::new(HPos::Center, VPos::Center));
            let backing = EmptyElement::at(at)
                + Rectangle::new(
                    [
                        (centre.0 - half, centre.1 - half),
                        (centre.0 + half, centre.1 + half),
                    ],
                    palette::WHITE.mix(0.85).filled(),
                );
            plot.draw(&backing)?;
            plot.draw(&(EmptyElement::at(at) + Text::new(number.to_string(), centre, font)))?;
        }
    }
    for (from, exit) in exits {
        // Where a path left the window, pointing the way it went.
        draw_head(&chart, style, from, exit, palette::BLACK, 16.0)?;
        draw_head(&chart, style, from, exit, palette::WHITE, 11.0)?;
    }
    let mut cards = Vec::new();
    for (k, note) in overlay.notes.iter().enumerate() {
        if window.contains(note.at) {
            cards.push((k, draw_note(area, &chart, style, note)?));
        }
    }
    Ok(cards)
}

/// A note: its label on a white card above the place it names (below it
/// near the top), kept inside the plot, and an amber arrow from the card to
/// the place. Above rather than towards the middle: two notes on either
/// side of the middle would otherwise cross their arrows.
fn draw_note<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    chart: &Chart<'_, DB>,
    style: &Style,
    note: &Note,
) -> DrawResult<[i32; 4], DB> {
    let (tx, ty) = chart.backend_coord(&(note.at[0], note.at[1]));
    let (tx, ty) = (f64::from(tx), f64::from(ty));
    let (xs, ys) = chart.plotting_area().get_pixel_range();
    let (left, right) = (f64::from(xs.start), f64::from(xs.end));
    let (top, bottom) = (f64::from(ys.start), f64::from(ys.end));
    let font = |size: f64| {
        ("sans-serif", style.font(size))
            .into_font()
            .style(FontStyle::Bold)
            .color(&palette::BLACK)
            .pos(Pos::new(HPos::Center, VPos::Center))
    };
    let pad = f64::from(style.px(5.0));
    // Type that fits the plot's width, down to 9 px in a small figure.
    let (w, _) = area.estimate_text_size(&note.label, &font(14.0))?;
    let size = (14.0 * (right - left - 2.0 * pad) / f64::from(w.max(1))).clamp(9.0, 14.0);
    let font = font(size);
    let (w, h) = area.estimate_text_size(&note.label, &font)?;
    let (half_w, half_h) = (f64::from(w) / 2.0 + pad, f64::from(h) / 2.0 + pad);
    let reach = f64::from(style.px(42.0)) + half_h;
    let up = ty - reach - half_h >= top;
    let cy = if up { ty - reach } else { ty + reach }
        .clamp(top + half_h, (bottom - half_h).max(top + half_h));
    let cx = tx.clamp(left + half_w, (right - half_w).max(left + half_w));
    // The arrow: from the card's edge to a little short of the place.
    let (ax, ay) = (tx - cx, ty - cy);
    let gap = ax.hypot(ay);
    let edge = (half_w / ax.abs().max(1e-9))
        .min(half_h / ay.abs().max(1e-9))
        .min(1.0);
    // Short of the place by a marker's radius, so a minimum's ✕ shows.
    let short = f64::from(style.px(10.0)) / gap.max(1e-9);
    let from = ((cx + ax * edge) as i32, (cy + ay * edge) as i32);
    let to = (
        (cx + ax * (1.0 - short)) as i32,
        (cy + ay * (1.0 - short)) as i32,
    );
    if gap * (1.0 - edge) > f64::from(style.px(10.0)) {
        for (colour, width) in [(palette::BLACK, 4.5), (NOTE, 2.5)] {
            let pen = ShapeStyle::from(colour).stroke_width(style.px(width));
            area.draw(&PathElement::new(vec![from, to], pen))?;
        }
        let head = |colour: RGBColor, size: f64| {
            let size = f64::from(style.px(size));
            let (vx, vy) = (ax / gap, ay / gap);
            let corner = |side: f64| {
                (
                    to.0 + (-(vx * size) + side * vy * size * 0.5) as i32,
                    to.1 + (-(vy * size) - side * vx * size * 0.5) as i32,
                )
            };
            Polygon::new(vec![to, corner(1.0), corner(-1.0)], colour.filled())
        };
        area.draw(&head(palette::BLACK, 16.0))?;
        area.draw(&head(NOTE, 11.0))?;
    }
    let card = [
        ((cx - half_w) as i32, (cy - half_h) as i32),
        ((cx + half_w) as i32, (cy + half_h) as i32),
    ];
    area.draw(&Rectangle::new(card, palette::WHITE.mix(0.92).filled()))?;
    area.draw(&Rectangle::new(
        card,
        ShapeStyle::from(palette::BLACK).stroke_width(style.px(1.5)),
    ))?;
    area.draw(&Text::new(note.label.clone(), (cx as i32, cy as i32), font))?;
    Ok([card[0].0, card[0].1, card[1].0, card[1].1])
}

type Plot<'a, DB> = DrawingArea<DB, Cartesian2d<RangedCoordf64, RangedCoordf64>>;

/// A white cross with a dark outline: visible on every colour of the map.
fn draw_cross<DB: DrawingBackend>(
    plot: &Plot<'_, DB>,
    style: &Style,
    b: Params,
) -> DrawResult<(), DB> {
    let r = style.px(7.0) as i32;
    for (colour, width) in [(palette::BLACK, 5.0), (palette::WHITE, 2.5)] {
        let pen = ShapeStyle::from(colour).stroke_width(style.px(width));
        for (dx, dy) in [(1, 1), (1, -1)] {
            let arm = EmptyElement::at((b[0], b[1]))
                + PathElement::new(vec![(-r * dx, -r * dy), (r * dx, r * dy)], pen);
            plot.draw(&arm)?;
        }
    }
    Ok(())
}

/// A local minimum that is not the global one: a white plus with a dark
/// outline, upright where the global minimum's cross is turned.
fn draw_plus<DB: DrawingBackend>(
    plot: &Plot<'_, DB>,
    style: &Style,
    b: Params,
) -> DrawResult<(), DB> {
    let r = style.px(7.0) as i32;
    for (colour, width) in [(palette::BLACK, 4.5), (palette::WHITE, 2.0)] {
        let pen = ShapeStyle::from(colour).stroke_width(style.px(width));
        for (dx, dy) in [(1, 0), (0, 1)] {
            let arm = EmptyElement::at((b[0], b[1]))
                + PathElement::new(vec![(-r * dx, -r * dy), (r * dx, r * dy)], pen);
            plot.draw(&arm)?;
        }
    }
    Ok(())
}

/// The batch loss's minimum: a pink diamond with a dark outline.
fn draw_diamond<DB: DrawingBackend>(
    plot: &Plot<'_, DB>,
    style: &Style,
    b: Params,
) -> DrawResult<(), DB> {
    let r = style.px(7.0) as i32;
    let corners = vec![(0, -r), (r, 0), (0, r), (-r, 0), (0, -r)];
    let outline = ShapeStyle::from(palette::BLACK).stroke_width(style.px(4.0));
    plot.draw(&(EmptyElement::at((b[0], b[1])) + PathElement::new(corners.clone(), outline)))?;
    plot.draw(&(EmptyElement::at((b[0], b[1])) + Polygon::new(corners, BATCH_CONTOUR.filled())))?;
    Ok(())
}

/// The descent directions -gradient from `origin`, all drawn to one scale
/// in a frame, so their lengths compare.
fn draw_arrows<DB: DrawingBackend>(
    chart: &Chart<'_, DB>,
    style: &Style,
    window: &Window,
    origin: Params,
    arrows: &Arrows<'_>,
) -> DrawResult<(), DB> {
    let plot = chart.plotting_area();
    let (xs, ys) = plot.get_pixel_range();
    let px_per_b0 = (xs.end - xs.start) as f64 / (window.b0.1 - window.b0.0);
    let px_per_b1 = (ys.end - ys.start) as f64 / (window.b1.1 - window.b1.0);
    let pixels = |g: &Params| (g[0] * px_per_b0).hypot(g[1] * px_per_b1);
    // The full gradient is drawn a quarter of the plot long, so directions
    // and the fan's spread stay visible; but once it falls below a tenth of
    // the largest reference gradient the scale is held, and the arrows
    // shrink to nothing at the minimum. An arrow longer than the plot runs
    // to its edge and is cut there.
    let reference = arrows.reference.iter().map(pixels).fold(0.0, f64::max);
    let basis = arrows
        .full
        .as_ref()
        .map_or(0.0, pixels)
        .max(0.1 * reference);
    if basis <= 1e-12 {
        return Ok(());
    }
    let target = 0.25 * ((xs.end - xs.start).min(ys.end - ys.start)) as f64;
    let scale = target / basis;
    let tip = |g: &Params| [origin[0] - scale * g[0], origin[1] - scale * g[1]];
    // Light blue on a dark halo: visible on viridis's greens and its yellow,
    // from the back of a hall too.
    let halo = ShapeStyle::from(palette::BLACK.mix(0.35)).stroke_width(style.px(2.8));
    let fan_pen = ShapeStyle::from(palette::SKY.mix(0.9)).stroke_width(style.px(1.4));
    for pen in [halo, fan_pen] {
        for g in arrows.fan {
            draw_arrow(chart, style, window, origin, tip(g), pen, 5.0)?;
        }
    }
    if let Some(g) = &arrows.batch {
        let pen = ShapeStyle::from(palette::BLUE).stroke_width(style.px(3.0));
        draw_arrow(chart, style, window, origin, tip(g), pen, 10.0)?;
    }
    if let Some(g) = &arrows.full {
        let pen = ShapeStyle::from(palette::BLACK).stroke_width(style.px(3.0));
        draw_arrow(chart, style, window, origin, tip(g), pen, 10.0)?;
    }
    Ok(())
}

/// A line from `from` to `to` (clipped to the window) with a head at `to`.
fn draw_arrow<DB: DrawingBackend>(
    chart: &Chart<'_, DB>,
    style: &Style,
    window: &Window,
    from: Params,
    to: Params,
    pen: ShapeStyle,
    head_css_px: f64,
) -> DrawResult<(), DB> {
    let plot = chart.plotting_area();
    let rect = Rect {
        x: window.b0,
        y: window.b1,
    };
    let Some((a, b)) = super::clip::clip_segment(rect, (from[0], from[1]), (to[0], to[1])) else {
        return Ok(());
    };
    plot.draw(&PathElement::new(vec![a, b], pen))?;
    if b != (to[0], to[1]) {
        return Ok(()); // The tip is outside the plot: no head.
    }
    draw_head(chart, style, a, b, pen.color.to_rgba(), head_css_px)
}

/// A filled arrowhead with its tip at `to`, pointing from `from`.
fn draw_head<DB: DrawingBackend, C: Color>(
    chart: &Chart<'_, DB>,
    style: &Style,
    from: (f64, f64),
    to: (f64, f64),
    colour: C,
    head_css_px: f64,
) -> DrawResult<(), DB> {
    let (pa, pb) = (chart.backend_coord(&from), chart.backend_coord(&to));
    let (dx, dy) = ((pb.0 - pa.0) as f64, (pb.1 - pa.1) as f64);
    let length = dx.hypot(dy);
    if length < 1.0 {
        return Ok(());
    }
    let (ux, uy) = (dx / length, dy / length);
    let head = style.px(head_css_px) as f64;
    let corner = |side: f64| {
        (
            (-(ux * head) + side * uy * head * 0.5) as i32,
            (-(uy * head) - side * ux * head * 0.5) as i32,
        )
    };
    let points = vec![(0, 0), corner(1.0), corner(-1.0)];
    chart
        .plotting_area()
        .draw(&(EmptyElement::at(to) + Polygon::new(points, colour.filled())))?;
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

#[cfg(test)]
mod tests {
    #[test]
    fn tenths_are_written_as_decimals() {
        for (v, text) in [
            (0.0, "0.0"),
            (-0.04, "0.0"),
            (-0.06, "-0.1"),
            (12.34, "12.3"),
            (1999.96, "2000.0"),
            (-305.25, "-305.3"),
        ] {
            let mut out = String::new();
            super::tenths(&mut out, v);
            assert_eq!(out, text, "{v}");
        }
    }
}
