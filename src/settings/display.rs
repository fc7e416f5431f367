//! How the surface and the plots are shown: which view of the surface,
//! and which of the three plots a view or a slide shows.

/// How the loss surface is shown.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum SurfaceDisplay {
    /// The contour plot.
    #[default]
    Contour,
    /// The surface in 3-D, turned by dragging.
    ThreeD,
    /// Both, side by side.
    Both,
}

impl SurfaceDisplay {
    /// The name used in URLs and the API.
    pub fn key(self) -> &'static str {
        match self {
            SurfaceDisplay::Contour => "contour",
            SurfaceDisplay::ThreeD => "3d",
            SurfaceDisplay::Both => "both",
        }
    }
}

/// Which plots show beside the surface: a slide about the path and the
/// trace gives the data's room to them (on a 4:3 projector three plots
/// and type for the back of a hall do not fit), and a course page can
/// embed fewer plots.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum PlotSet {
    /// The surface, the trace and the data.
    #[default]
    All,
    /// The surface and the trace.
    Trace,
    /// The surface and the data.
    Data,
    /// The surface alone.
    Surface,
}

impl PlotSet {
    /// Every choice, in the menu's order.
    pub const ALL: [PlotSet; 4] = [
        PlotSet::All,
        PlotSet::Trace,
        PlotSet::Data,
        PlotSet::Surface,
    ];

    /// The name used in URLs and the API: the plots shown, by name.
    pub fn key(self) -> &'static str {
        match self {
            PlotSet::All => "surface,trace,data",
            PlotSet::Trace => "surface,trace",
            PlotSet::Data => "surface,data",
            PlotSet::Surface => "surface",
        }
    }

    /// Whether the trace plot (and its panel, the chain rule) shows.
    pub fn trace(self) -> bool {
        matches!(self, PlotSet::All | PlotSet::Trace)
    }

    /// Whether the data plot shows.
    pub fn data(self) -> bool {
        matches!(self, PlotSet::All | PlotSet::Data)
    }

    /// The set named by a list of plot names in any order (`trace,surface`);
    /// the surface is always shown, so naming it is optional. None when a
    /// name is not a plot's.
    pub fn parse(list: &str) -> Option<PlotSet> {
        let (mut trace, mut data) = (false, false);
        for name in list.split(',').map(str::trim).filter(|n| !n.is_empty()) {
            match name {
                "surface" => {}
                "trace" => trace = true,
                "data" => data = true,
                "all" => (trace, data) = (true, true),
                _ => return None,
            }
        }
        Some(match (trace, data) {
            (true, true) => PlotSet::All,
            (true, false) => PlotSet::Trace,
            (false, true) => PlotSet::Data,
            (false, false) => PlotSet::Surface,
        })
    }
}
