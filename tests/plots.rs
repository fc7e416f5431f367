//! The charts drawn natively to SVG: the same code that draws on the canvas.

use descent::model::data::{Dataset, Preset};
use descent::model::objective::{LogisticNll, Objective};
use descent::model::run::{Run, RunConfig};
use descent::model::surface::Landscape;
use descent::plot::data_view::{self, DataOverlay, DataScene};
use descent::plot::palette;
use descent::plot::surface_view::{self, contour_path, pixel_to_params, Arrows, Overlay, RunPath};
use descent::plot::trace_view::{self, TraceOptions, TraceSeries};
use descent::plot::Style;
use descent::settings::Note;
use plotters::prelude::*;

const STYLE: Style = Style { scale: 1.0 };

fn run(lr: f64, batch: usize, steps: u64) -> (Run, Landscape, LogisticNll) {
    let data = Dataset::preset(Preset::Overlap, false);
    let objective = LogisticNll::new(&data);
    let start = Preset::Overlap.default_start();
    let landscape = Landscape::new(&objective, start, 60);
    let mut run = Run::new(&objective, RunConfig::new(start, lr, batch, 1));
    run.step_many(&objective, steps);
    (run, landscape, objective)
}

fn path(points: &[[f64; 2]]) -> RunPath<'_> {
    RunPath {
        points,
        colour: palette::PATH,
        diverged: false,
        trials: &[],
        number: None,
        faded: 0,
    }
}

#[test]
fn contour_plot_draws_axes_markers_arrows_and_the_path() {
    let (run, landscape, objective) = run(0.5, 10, 30);
    let window = landscape.window();
    let mut svg = String::new();
    let rect;
    {
        let area = SVGBackend::with_string(&mut svg, (500, 500)).into_drawing_area();
        let mut heatmap_rect = None;
        let titles = objective.axes().titles;
        rect = surface_view::draw_background(&area, &STYLE, &window, titles, |r| {
            heatmap_rect = Some(r.clone())
        })
        .unwrap();
        assert_eq!(
            heatmap_rect,
            Some(rect.clone()),
            "the heatmap fills the plotting rectangle"
        );
        let path: Vec<_> = run.trace().points().iter().map(|p| p.theta).collect();
        let fan = vec![[0.1, 0.2], [-0.1, 0.3], [0.05, 0.1]];
        let overlay = Overlay {
            paths: &[self::path(&path)],
            optimum: landscape.optimum,
            local_minima: &[[1.0, 1.0]],
            batch_optimum: Some([0.0, 0.0]),
            arrows: Arrows {
                full: Some(run.gradient()),
                batch: run.batch_gradient_here(&objective),
                fan: &fan,
                reference: &[[0.5, 0.5]],
            },
            notes: &[],
        };
        surface_view::draw_overlay(&area, &STYLE, &window, &overlay).unwrap();
        area.present().unwrap();
    }
    assert!(svg.contains("b0 (intercept)") && svg.contains("b1 (slope)"));
    assert!(svg.matches("<circle").count() >= 30, "a dot per step");
    assert!(
        svg.matches("<polygon").count() >= 3,
        "heads of the full and batch arrows, and the batch minimum"
    );
    assert!(
        svg.contains("#FF8AD8"),
        "the batch minimum is drawn in pink"
    );

    // Contours become one SVG path in pixels, inside the plotting rectangle.
    let path = contour_path(&landscape.contours, &rect, &window);
    let segments: usize = landscape.contours.iter().map(|c| c.segments.len()).sum();
    // A line to the end of every segment, a move only where a line starts:
    // the segments come head to tail, so far fewer moves than segments.
    assert_eq!(path.matches('L').count(), segments);
    let moves = path.matches('M').count();
    assert!(
        moves >= landscape.contours.len() && moves * 10 < segments,
        "{moves} moves for {segments} segments"
    );
    let (xs, ys) = rect.clone();
    for number in path.split(['M', 'L', ' ']).filter(|s| !s.is_empty()) {
        let v: f64 = number.parse().unwrap();
        assert!(
            v >= xs.start.min(ys.start) as f64 - 0.1 && v <= xs.end.max(ys.end) as f64 + 0.1,
            "{v}"
        );
    }

    // A click at the middle of the plotting rectangle maps to the window's centre.
    let centre = pixel_to_params(
        &(xs.clone(), ys.clone()),
        &window,
        (xs.start + xs.end) as f64 / 2.0,
        (ys.start + ys.end) as f64 / 2.0,
    )
    .unwrap();
    assert!((centre[0] - (window.b0.0 + window.b0.1) / 2.0).abs() < 1e-9);
    assert!((centre[1] - (window.b1.0 + window.b1.1) / 2.0).abs() < 1e-9);
    assert_eq!(pixel_to_params(&(xs, ys), &window, -5.0, -5.0), None);
}

#[test]
fn a_path_leaving_the_window_is_cut_at_the_edge() {
    let (_, landscape, _) = run(0.5, 100, 0);
    let window = landscape.window();
    let outside = [window.b0.1 + 100.0, window.b1.1 + 100.0];
    let inside = [
        (window.b0.0 + window.b0.1) / 2.0,
        (window.b1.0 + window.b1.1) / 2.0,
    ];
    let mut svg = String::new();
    {
        let area = SVGBackend::with_string(&mut svg, (400, 400)).into_drawing_area();
        let points = [inside, outside];
        let paths = [RunPath {
            diverged: true,
            ..path(&points)
        }];
        let overlay = Overlay {
            paths: &paths,
            ..Overlay::default()
        };
        surface_view::draw_overlay(&area, &STYLE, &window, &overlay).unwrap();
        area.present().unwrap();
    }
    // The exit mark: a white arrowhead on a black one, and no current point.
    assert_eq!(svg.matches("<polygon").count(), 2, "{svg}");
    assert!(svg.contains("#FFFFFF"));
}

#[test]
fn notes_point_at_their_place_from_inside_the_plot() {
    let (_, landscape, _) = run(0.5, 10, 0);
    let window = landscape.window();
    // One note in a corner, one in the middle: both cards stay in the plot.
    let notes = [
        Note {
            at: [window.b0.0, window.b1.1],
            label: "the corner, with a long label".into(),
        },
        Note {
            at: [
                (window.b0.0 + window.b0.1) / 2.0,
                (window.b1.0 + window.b1.1) / 2.0,
            ],
            label: "middle".into(),
        },
        Note {
            at: [window.b0.1 + 10.0, 0.0],
            label: "outside".into(),
        },
    ];
    let mut svg = String::new();
    let rect;
    {
        let area = SVGBackend::with_string(&mut svg, (400, 300)).into_drawing_area();
        rect = surface_view::draw_background(&area, &STYLE, &window, ["b0", "b1"], |_| {}).unwrap();
        let overlay = Overlay {
            notes: &notes,
            ..Overlay::default()
        };
        surface_view::draw_overlay(&area, &STYLE, &window, &overlay).unwrap();
        area.present().unwrap();
    }
    assert!(svg.contains("the corner, with a long label") && svg.contains("middle"));
    assert!(
        !svg.contains("outside"),
        "a note outside the window is not drawn"
    );
    assert_eq!(
        svg.matches("<polygon").count(),
        4,
        "two arrowheads, each white on black"
    );
    let (xs, ys) = rect;
    let cards: Vec<&str> = (svg.split("<rect").skip(1))
        .filter(|r| r.contains("opacity=\"0.92\""))
        .collect();
    assert_eq!(cards.len(), 2, "{svg}");
    for card in cards {
        let attr = |name: &str| -> i32 {
            let at = card.find(&format!(" {name}=\"")).unwrap() + name.len() + 3;
            card[at..].split('"').next().unwrap().parse().unwrap()
        };
        let (x, y) = (attr("x"), attr("y"));
        assert!(x >= xs.start && x + attr("width") <= xs.end, "{card}");
        assert!(y >= ys.start && y + attr("height") <= ys.end, "{card}");
    }
}

#[test]
fn trace_plot_draws_full_and_batch_losses_in_both_scales() {
    let (run, landscape, _) = run(0.5, 10, 50);
    for (log_scale, per_epoch) in [(false, false), (true, false), (false, true)] {
        let mut svg = String::new();
        {
            let area = SVGBackend::with_string(&mut svg, (500, 300)).into_drawing_area();
            let options = TraceOptions {
                log_scale,
                show_batch: true,
                floor: Some(landscape.floor),
                per_epoch,
                by_evaluations: false,
                gap: false,
                marks: &[(10, "η")],
            };
            let series = [TraceSeries {
                points: run.trace().points(),
                colour: palette::BLACK,
                dash: None,
            }];
            trace_view::draw_trace(&area, &STYLE, &series, options).unwrap();
            area.present().unwrap();
        }
        assert!(
            svg.contains(if per_epoch {
                "epoch\n</text>"
            } else {
                "step\n</text>"
            }),
            "{svg}"
        );
        assert_eq!(svg.contains("loss (log scale)"), log_scale);
        // The change of rate at step 10 is marked, except per epoch.
        assert_eq!(svg.contains(" η"), !per_epoch);
        // Full loss in black; batch loss in blue and epoch ends in orange, per step.
        assert!(svg.contains("#141414"));
        assert_eq!(svg.contains("#0072B2"), !per_epoch);
        assert_eq!(
            svg.contains("#E69F00"),
            !per_epoch,
            "epoch boundaries are marked"
        );
    }
}

#[test]
fn data_view_draws_every_point_and_the_curve() {
    let data = Dataset::preset(Preset::Cancer, false);
    let scene = DataScene {
        x: &data.x,
        y: &data.y,
        feature: &data.feature,
    };
    let mut svg = String::new();
    {
        let area = SVGBackend::with_string(&mut svg, (500, 300)).into_drawing_area();
        let rect = data_view::draw_background(&area, &STYLE, &scene).unwrap();
        // A click on a point picks it; a click far from all points, none.
        let (xs, ys) = rect.clone();
        let (lo, hi) = (
            data.x.iter().cloned().fold(f64::INFINITY, f64::min),
            data.x.iter().cloned().fold(f64::NEG_INFINITY, f64::max),
        );
        let pad = 0.06 * (hi - lo);
        let px = xs.start as f64
            + (data.x[7] - lo + pad) / (hi - lo + 2.0 * pad) * (xs.end - xs.start) as f64;
        let py_class = ys.end as f64 - (data.y[7] + 0.12) / 1.24 * (ys.end - ys.start) as f64;
        let picked = data_view::nearest_point(&rect, &scene, px, py_class, 40.0).unwrap();
        assert!((data.x[picked] - data.x[7]).abs() < 0.3 && data.y[picked] == data.y[7]);
        assert_eq!(
            data_view::nearest_point(&rect, &scene, px, (ys.start + ys.end) as f64 / 2.0, 5.0),
            None
        );
        let curve = |b: [f64; 2], x: f64| descent::model::objective::sigmoid(b[0] + b[1] * x);
        let overlay = DataOverlay {
            fits: &[([-15.0, 1.0], palette::BLACK, None)],
            curve: &curve,
            batch: &[1, 2, 3],
            batch_theta: Some([-14.0, 1.0]),
            reshuffled: None,
            chosen: Some(7),
        };
        data_view::draw_overlay(&area, &STYLE, &scene, &overlay).unwrap();
        area.present().unwrap();
    }
    assert_eq!(
        svg.matches("<circle").count(),
        569 + 3 + 1,
        "every point, a ring per batch point, and the chosen point's mark"
    );
    assert!(svg.contains("mean radius (mm)"));
}

#[test]
fn the_3d_view_draws_a_sorted_mesh_and_the_paths() {
    use descent::plot::surface3d::{self, Camera, Path3d, Scene3d, MESH};
    let (run, landscape, _) = run(0.5, 100, 30);
    let path = Path3d {
        points: run
            .trace()
            .points()
            .iter()
            .map(|p| (p.theta[0], p.loss, p.theta[1]))
            .collect(),
        colour: palette::PATH,
    };
    let scene = Scene3d {
        grid: &landscape.grid,
        floor: landscape.floor,
        titles: ["b0", "b1"],
        paths: std::slice::from_ref(&path),
        camera: Camera::default(),
    };
    let mut svg = String::new();
    {
        let area = SVGBackend::with_string(&mut svg, (500, 500)).into_drawing_area();
        surface3d::draw_mesh(&area, &STYLE, &scene).unwrap();
        surface3d::draw_paths(&area, &STYLE, &scene).unwrap();
        area.present().unwrap();
    }
    let quads = svg.matches("<polygon").count();
    let side = (landscape.grid.size as f64 / (landscape.grid.size / MESH) as f64).ceil() as usize;
    assert!(quads >= (side - 2) * (side - 2), "{quads} quads");
    assert!(svg.contains("b0 across, b1 into the page, loss up"));
    assert!(svg.contains("#FF503C"), "the path in its colour");
    let turned = Camera::default().turned(100.0, 1000.0);
    assert!(turned.pitch <= 1.5 && turned.yaw > Camera::default().yaw);
}

#[test]
fn the_two_feature_view_draws_points_once_and_lines_through_the_origin() {
    use descent::plot::data_view2d::{self, Overlay2d, Scene2d};
    let data = Dataset::preset(Preset::Cancer2, true);
    let x2 = data.x2.clone().unwrap();
    let scene = Scene2d {
        x1: &data.x,
        x2: &x2,
        y: &data.y,
        features: [&data.feature, &data.feature2],
    };
    let (mut background, mut points, mut overlay_svg) =
        (String::new(), String::new(), String::new());
    let rect = {
        let area = SVGBackend::with_string(&mut background, (500, 400)).into_drawing_area();
        data_view2d::draw_background(&area, &STYLE, &scene).unwrap()
    };
    {
        let area = SVGBackend::with_string(&mut points, (500, 400)).into_drawing_area();
        data_view2d::draw_points(&area, &STYLE, &scene).unwrap();
    }
    {
        let area = SVGBackend::with_string(&mut overlay_svg, (500, 400)).into_drawing_area();
        let overlay = Overlay2d {
            lines: &[([3.96, 0.89], palette::BLACK, None)],
            batch: &[1, 2],
            chosen: None,
        };
        data_view2d::draw_overlay(&area, &STYLE, &scene, &overlay).unwrap();
    }
    // Every point on the points layer, none on the per-frame layer but the
    // two ringed; the decision line on the per-frame layer.
    assert_eq!(points.matches("<circle").count(), data.len());
    assert_eq!(overlay_svg.matches("<circle").count(), 2);
    assert!(overlay_svg.contains("<polyline") || overlay_svg.contains("<path"));
    assert!(background.contains("mean radius"));
    // The origin lies on the line: a click there finds the point nearest it.
    let ((a, b), (c, d)) = scene.ranges();
    let (xs, ys) = rect.clone();
    let px = xs.start as f64 + (0.0 - a) / (b - a) * (xs.end - xs.start) as f64;
    let py = ys.end as f64 - (0.0 - c) / (d - c) * (ys.end - ys.start) as f64;
    assert!(data_view2d::nearest_point(&rect, &scene, px, py, 400.0).is_some());
}

#[test]
fn the_trace_of_l_minus_l_star_is_a_straight_line_on_its_log_axis() {
    let (run, landscape, _) = run(0.5, 569, 60);
    let points = trace_view::gaps(run.trace().points(), landscape.floor);
    assert_eq!(points.len(), run.trace().points().len());
    assert!(points
        .iter()
        .all(|p| p.loss > 0.0 && p.batch_loss.is_none()));
    // Gradient descent near a minimum: the gap shrinks by a nearly constant
    // factor a step, a straight line on the log axis.
    let ratios: Vec<f64> = points[30..50]
        .windows(2)
        .map(|w| w[1].loss / w[0].loss)
        .collect();
    let (lo, hi) = ratios
        .iter()
        .fold((f64::MAX, f64::MIN), |(lo, hi), &r| (lo.min(r), hi.max(r)));
    assert!(hi < 1.0 && hi - lo < 0.02, "ratios {lo}..{hi}");
    let svg = gap_trace_svg(&points, (500, 300));
    assert!(svg.contains("L − L* (log scale)"));
}

/// Every `<text>` of an SVG: (x, y, font size, text).
fn texts(svg: &str) -> Vec<(f64, f64, f64, String)> {
    svg.split("<text")
        .skip(1)
        .map(|t| {
            let attr = |name: &str| -> f64 {
                let at = t.find(&format!(" {name}=\"")).unwrap() + name.len() + 3;
                t[at..].split('"').next().unwrap().parse().unwrap()
            };
            let body = t
                .split('>')
                .nth(1)
                .unwrap_or("")
                .split("</text")
                .next()
                .unwrap_or("");
            (
                attr("x"),
                attr("y"),
                attr("font-size"),
                body.trim().to_string(),
            )
        })
        .collect()
}

#[test]
fn the_3d_title_keeps_clear_of_the_numbers_and_the_full_screen_button() {
    use descent::plot::surface3d::{self, Camera, Scene3d};
    let (_, landscape, _) = run(0.5, 100, 0);
    let scene = Scene3d {
        grid: &landscape.grid,
        floor: landscape.floor,
        titles: ["w1", "w2"],
        paths: &[],
        camera: Camera::default(),
    };
    for (width, height) in [(500, 500), (300, 260)] {
        let mut svg = String::new();
        {
            let area = SVGBackend::with_string(&mut svg, (width, height)).into_drawing_area();
            surface3d::draw_mesh(&area, &STYLE, &scene).unwrap();
            area.present().unwrap();
        }
        let all = texts(&svg);
        let (tx, ty, size, title) = all.iter().find(|t| t.3.contains("across")).unwrap().clone();
        assert_eq!(title, "w1 across, w2 into the page, loss up");
        // Its line ends before the button's room at the top right.
        let estimate = title.chars().count() as f64 * 0.55 * size;
        assert!(
            tx + estimate <= width as f64 - 40.0 + 8.0,
            "{width}: the title reaches {}",
            tx + estimate
        );
        for (_, y, _, text) in all.iter().filter(|t| !t.3.contains("across")) {
            assert!(
                *y >= ty + size,
                "{width}x{height}: \"{text}\" at y = {y} under the title's line at {ty} + {size}"
            );
        }
    }
}

#[test]
fn a_short_trace_keeps_its_title_and_numbers_inside_the_plot() {
    let (run, landscape, _) = run(0.5, 10, 50);
    let floor = landscape.floor;
    let points = trace_view::gaps(run.trace().points(), floor);
    let svg = gap_trace_svg(&points, (500, 130));
    // 130 px tall: "L − L* (log scale)" would run past the plot; "L − L*" fits.
    assert!(!svg.contains("(log scale)"), "{svg}");
    assert!(svg.contains("L − L*"));
    let numbers: Vec<f64> = (texts(&svg).into_iter())
        .filter(|t| t.3.parse::<f64>().is_ok() || t.3.contains('e'))
        .filter(|t| t.0 < 70.0)
        .map(|t| t.1)
        .collect();
    assert!(
        numbers.len() <= 3,
        "{} numbers on a short axis: {:?}",
        numbers.len(),
        texts(&svg)
    );
    for pair in numbers.windows(2) {
        assert!((pair[0] - pair[1]).abs() >= 20.0, "numbers {pair:?} touch");
    }
}

#[test]
fn old_steps_of_a_path_are_drawn_faint() {
    let (run, landscape, _) = run(0.5, 100, 20);
    let window = landscape.window();
    let points: Vec<[f64; 2]> = run.trace().points().iter().map(|p| p.theta).collect();
    let draw = |faded: usize| {
        let mut svg = String::new();
        {
            let area = SVGBackend::with_string(&mut svg, (400, 400)).into_drawing_area();
            let paths = [RunPath {
                faded,
                ..path(&points)
            }];
            let overlay = Overlay {
                paths: &paths,
                ..Overlay::default()
            };
            surface_view::draw_overlay(&area, &STYLE, &window, &overlay).unwrap();
            area.present().unwrap();
        }
        svg
    };
    let (plain, faded) = (draw(0), draw(15));
    assert!(
        !plain.contains("opacity=\"0.35\""),
        "nothing faint without fade"
    );
    assert!(faded.contains("opacity=\"0.35\""), "the old part faint");
    // The recent steps keep their dots; the old ones have none.
    assert!(faded.matches("<circle").count() < plain.matches("<circle").count());
}

/// The trace of L − L* on its log axis, drawn to an SVG of `size`.
fn gap_trace_svg(points: &[descent::model::trace::TracePoint], size: (u32, u32)) -> String {
    let mut svg = String::new();
    {
        let area = SVGBackend::with_string(&mut svg, size).into_drawing_area();
        let options = TraceOptions {
            log_scale: true,
            show_batch: false,
            floor: None,
            per_epoch: false,
            by_evaluations: false,
            gap: true,
            marks: &[],
        };
        let series = [TraceSeries {
            points,
            colour: palette::BLACK,
            dash: None,
        }];
        trace_view::draw_trace(&area, &STYLE, &series, options).unwrap();
        area.present().unwrap();
    }
    svg
}

/// WCAG 1.4.11: every contour line keeps at least 3:1 against the heatmap
/// colour under it: white over the dark part, near black over the light
/// part, on every lecture scene's surface.
#[test]
fn every_contour_line_contrasts_three_to_one_with_the_colour_under_it() {
    use descent::plot::colormap::{contour_in_white, luminance, viridis};
    let table = viridis();
    let contrast = |a: f64, b: f64| (a.max(b) + 0.05) / (a.min(b) + 0.05);
    let (white, ink) = (1.0, luminance([20, 20, 20]));
    let mut seen = (0, 0);
    for scene in descent::settings::SCENES {
        let pairs = scene.query.split('&').filter_map(|kv| kv.split_once('='));
        let (session, _) = descent::session::Session::from_url(pairs);
        let landscape = session.landscape();
        let (lowest, highest) = landscape.grid.range();
        let (lo, hi) = descent::model::surface::log_range(landscape.floor, lowest, highest);
        for contour in &landscape.contours {
            let t = (((contour.level - landscape.floor).max(1e-300).ln() - lo) * 255.0 / (hi - lo))
                .clamp(0.0, 255.0);
            let under = luminance(table[t as usize]);
            let in_white =
                contour_in_white(&landscape.grid, landscape.floor, &table, contour.level);
            let line = if in_white { white } else { ink };
            assert!(
                contrast(line, under) >= 3.0,
                "{}: level {} at {:.2}:1",
                scene.key,
                contour.level,
                contrast(line, under)
            );
            if in_white {
                seen.0 += 1
            } else {
                seen.1 += 1
            }
        }
    }
    assert!(seen.0 > 0 && seen.1 > 0, "both inks in use: {seen:?}");
}

/// The heatmap's colours, found by halving between each colour's least
/// loss, are the colours of ln(L - floor) on the log scale, cell for cell
/// (a cell lying on a colour's boundary to within rounding may take the
/// colour either side).
#[test]
fn heatmap_colours_follow_the_log_scale() {
    use descent::model::surface::log_range;
    use descent::plot::colormap::{heatmap_rgba, viridis};
    let table = viridis();
    let (_, full, objective) = run(0.5, 10, 3);
    let picked: Vec<usize> = (0..10).collect();
    let batch = Landscape::for_batch(&objective, &picked, full.window(), 120);
    for landscape in [full, batch] {
        {
            let (grid, floor) = (&landscape.grid, landscape.floor);
            let mut rgba = Vec::new();
            heatmap_rgba(grid, floor, &table, &mut rgba);
            let (lowest, highest) = grid.range();
            let (lo, hi) = log_range(floor, lowest, highest);
            let scale = 255.0 / (hi - lo).max(1e-12);
            let mut edges = 0;
            for j in 0..grid.size {
                for i in 0..grid.size {
                    let t =
                        (((grid.at(i, j) - floor).max(1e-300).ln() - lo) * scale).clamp(0.0, 255.0);
                    let at = ((grid.size - 1 - j) * grid.size + i) * 4;
                    let got = &rgba[at..at + 3];
                    if got == table[t as usize] {
                        continue;
                    }
                    // Only on a boundary: the colour either side of it.
                    assert!((t - t.round()).abs() < 1e-9, "cell ({i}, {j}): t = {t}");
                    assert!(
                        got == table[t.round() as usize] || got == table[t.round() as usize - 1]
                    );
                    edges += 1;
                }
            }
            assert!(edges <= 2, "{edges} cells on a boundary");
            assert!(rgba.chunks(4).all(|p| p[3] == 255));
        }
    }
}
