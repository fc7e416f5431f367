//! The loss surface in 3-D, turned by dragging: a coarse mesh coloured like
//! the heatmap, with the runs' paths lying on it. A basin, a plateau and a
//! saddle show at a glance in a way contour lines alone do not.
//!
//! Drawn with plotters' 3-D charts. Plotters draws in the order it is
//! given, so the mesh's quads are sorted back to front by their projected
//! depth (the painter's algorithm); paths go on top.

use super::colormap::viridis;
use super::surface_view::DrawResult;
use super::{palette, short_number, Style};
use crate::model::surface::{log_range, LossGrid};
use plotters::coord::Shift;
use plotters::prelude::*;

/// Quads per side of the mesh: coarse enough to draw within a frame.
pub const MESH: usize = 36;

/// The direction the surface is seen from.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Camera {
    /// Turn about the vertical axis, in radians.
    pub yaw: f64,
    /// Tilt towards the viewer, in radians.
    pub pitch: f64,
}

impl Default for Camera {
    fn default() -> Self {
        Camera {
            yaw: 0.6,
            pitch: 0.7,
        }
    }
}

impl Camera {
    /// The camera turned by a drag of (`dx`, `dy`) pixels; the tilt stays
    /// between looking along the plane and looking straight down.
    pub fn turned(self, dx: f64, dy: f64) -> Camera {
        Camera {
            yaw: self.yaw + 0.01 * dx,
            pitch: (self.pitch + 0.01 * dy).clamp(0.05, 1.5),
        }
    }
}

/// A run's path on the surface: (first parameter, loss, second parameter).
#[derive(Clone, Debug)]
pub struct Path3d {
    /// The points, oldest first.
    pub points: Vec<(f64, f64, f64)>,
    /// The run's colour.
    pub colour: RGBColor,
}

/// What the 3-D view draws.
#[derive(Clone, Debug)]
pub struct Scene3d<'a> {
    /// The loss on the landscape's grid (sampled down to [`MESH`]).
    pub grid: &'a LossGrid,
    /// The minimum's loss (the colours count up from it).
    pub floor: f64,
    /// Axis titles of the two parameters.
    pub titles: [&'a str; 2],
    /// The runs' paths.
    pub paths: &'a [Path3d],
    /// Where it is seen from.
    pub camera: Camera,
}

type Chart3d<'a, DB> = ChartContext<
    'a,
    DB,
    plotters::coord::ranged3d::Cartesian3d<
        plotters::coord::types::RangedCoordf64,
        plotters::coord::types::RangedCoordf64,
        plotters::coord::types::RangedCoordf64,
    >,
>;

/// The axes' names, written in a corner: plotters' 3-D charts have no axis
/// captions.
fn title(scene: &Scene3d<'_>) -> String {
    format!(
        "{} across, {} into the page, loss up",
        scene.titles[0], scene.titles[1]
    )
}

/// Room kept free at the top right for the page's full-screen button, in
/// CSS pixels.
const BUTTON_ROOM: f64 = 40.0;

/// The title's font: the axis titles' size, smaller when the plot is too
/// narrow for it beside the full-screen button (down to 9 CSS px).
fn title_font<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    style: &Style,
    text: &str,
) -> DrawResult<TextStyle<'static>, DB> {
    let room = f64::from(area.dim_in_pixel().0) - style.font(10.0 + BUTTON_ROOM);
    let (w, _) = area.estimate_text_size(text, &style.title_font())?;
    let size = (15.0 * room / f64::from(w.max(1))).clamp(9.0, 15.0);
    Ok(("sans-serif", style.font(size))
        .into_font()
        .color(&palette::INK))
}

/// The 3-D chart over the grid's window and loss range, seen by `camera`,
/// under the title's line.
fn chart3d<'a, DB: DrawingBackend>(
    area: &'a DrawingArea<DB, Shift>,
    style: &Style,
    scene: &Scene3d<'_>,
) -> DrawResult<Chart3d<'a, DB>, DB> {
    let w = scene.grid.window;
    let (lowest, highest) = scene.grid.range();
    let text = title(scene);
    let (_, title_height) = area.estimate_text_size(&text, &title_font(area, style, &text)?)?;
    let mut chart = ChartBuilder::on(area)
        .margin(style.px(8.0))
        // The title's line, and room for the numbers of an axis drawn along the top.
        .margin_top(style.px(10.0) + title_height + style.font(14.0) as u32)
        .build_cartesian_3d(w.b0.0..w.b0.1, lowest..highest, w.b1.0..w.b1.1)?;
    let camera = scene.camera;
    chart.with_projection(|mut p| {
        p.yaw = camera.yaw;
        p.pitch = camera.pitch;
        p.scale = 0.75;
        p.into_matrix()
    });
    Ok(chart)
}

/// Draws the static layer: axes and the coloured mesh (redrawn only when
/// the landscape, the size or the camera changes).
pub fn draw_mesh<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    style: &Style,
    scene: &Scene3d<'_>,
) -> DrawResult<(), DB> {
    area.fill(&WHITE)?;
    let grid = scene.grid;
    let (lowest, highest) = grid.range();
    let (lo, hi) = log_range(scene.floor, lowest, highest);
    let table = viridis();
    let colour = |v: f64| {
        let t = ((v - scene.floor).max(1e-300).ln() - lo) / (hi - lo).max(1e-12);
        let [r, g, b] = table[(t * 255.0).clamp(0.0, 255.0) as usize];
        RGBColor(r, g, b)
    };
    let mut chart = chart3d(area, style, scene)?;
    chart
        .configure_axes()
        .label_style(style.label_font())
        .axis_panel_style(palette::GRID.mix(0.4))
        .bold_grid_style(palette::GRID.mix(0.6))
        .light_grid_style(TRANSPARENT)
        .x_labels(4)
        .y_labels(4)
        .z_labels(4)
        .x_formatter(&|v| short_number(*v))
        .y_formatter(&|v| short_number(*v))
        .z_formatter(&|v| short_number(*v))
        .draw()?;
    // The mesh: every `stride`-th grid point, quads sorted far to near.
    let stride = (grid.size / MESH).max(1);
    let nodes: Vec<usize> = (0..grid.size).step_by(stride).collect();
    let mut quads = Vec::with_capacity(nodes.len() * nodes.len());
    for pair_j in nodes.windows(2) {
        for pair_i in nodes.windows(2) {
            let corners = [
                (pair_i[0], pair_j[0]),
                (pair_i[1], pair_j[0]),
                (pair_i[1], pair_j[1]),
                (pair_i[0], pair_j[1]),
            ]
            .map(|(i, j)| (grid.b0(i), grid.at(i, j), grid.b1(j)));
            let mean = corners.iter().map(|c| c.1).sum::<f64>() / 4.0;
            let centre = (
                0.5 * (corners[0].0 + corners[2].0),
                mean,
                0.5 * (corners[0].2 + corners[2].2),
            );
            let depth = chart
                .as_coord_spec()
                .projected_depth(&centre.0, &centre.1, &centre.2);
            quads.push((depth, corners, colour(mean)));
        }
    }
    quads.sort_by_key(|q| std::cmp::Reverse(q.0));
    let edge = ShapeStyle::from(palette::BLACK.mix(0.12)).stroke_width(1);
    chart.draw_series(
        quads
            .iter()
            .map(|(_, corners, c)| Polygon::new(corners.to_vec(), c.filled())),
    )?;
    chart.draw_series(quads.iter().map(|(_, corners, _)| {
        let mut outline = corners.to_vec();
        outline.push(corners[0]);
        PathElement::new(outline, edge)
    }))?;
    let text = title(scene);
    let font = title_font(area, style, &text)?;
    area.draw(&Text::new(
        text,
        (style.px(10.0) as i32, style.px(6.0) as i32),
        font,
    ))?;
    Ok(())
}

/// Draws the dynamic layer: the paths lying on the surface, each with its
/// current point.
pub fn draw_paths<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    style: &Style,
    scene: &Scene3d<'_>,
) -> DrawResult<(), DB> {
    let mut chart = chart3d(area, style, scene)?;
    let w = scene.grid.window;
    let (lowest, highest) = scene.grid.range();
    let shown = |p: &&(f64, f64, f64)| w.contains([p.0, p.2]) && p.1 >= lowest && p.1 <= highest;
    for path in scene.paths {
        let halo = ShapeStyle::from(palette::BLACK.mix(0.7)).stroke_width(style.px(4.5));
        let pen = ShapeStyle::from(path.colour).stroke_width(style.px(2.2));
        let points: Vec<(f64, f64, f64)> = path.points.iter().filter(shown).copied().collect();
        chart.draw_series(std::iter::once(PathElement::new(points.clone(), halo)))?;
        chart.draw_series(std::iter::once(PathElement::new(points.clone(), pen)))?;
        if let Some(&last) = points.last() {
            chart.draw_series(std::iter::once(Circle::new(
                last,
                style.px(6.0),
                palette::WHITE.filled(),
            )))?;
            chart.draw_series(std::iter::once(Circle::new(
                last,
                style.px(4.5),
                path.colour.filled(),
            )))?;
        }
    }
    Ok(())
}
