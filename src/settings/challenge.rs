//! The challenges as data: a task for students, set in a scene of the
//! lecture, with its starting settings (a URL query), a one-line reason why
//! a solution is right, a hint, and the control it needs. Whether the task
//! is met is checked on the live session (`crate::challenges`).

/// One task a student solves with the page's controls.
#[derive(Debug)]
pub struct Challenge {
    /// Its name in URLs and the API (`challenge=`).
    pub key: &'static str,
    /// The section of the lecture it belongs to (1 to 5).
    pub section: u8,
    /// The task, as the page states it.
    pub task: &'static str,
    /// The settings it starts from, over the defaults.
    pub query: &'static str,
    /// Said once the task is met: why the solution is right.
    pub why: &'static str,
    /// Offered after a while.
    pub hint: &'static str,
    /// The id of the control the task needs, brought into view on a
    /// laptop and one tap away on a phone; empty when it is the plot.
    pub focus: &'static str,
}

/// Challenges are the same when they are the same challenge.
impl PartialEq for Challenge {
    fn eq(&self, other: &Challenge) -> bool {
        self.key == other.key
    }
}

/// The "move-slope" challenge's data: few enough points that one added at
/// the edge of the plot, with the wrong label, moves the slope by 0.5.
pub const MOVE_SLOPE: &str = "dataset=overlap&standardize=true&n=40";

/// Every challenge, in the order of the lecture.
pub static CHALLENGES: &[Challenge] = &[
    Challenge {
        key: "near-minimum",
        section: 1,
        task: "Click the plane to start within 0.05 of the loss's minimum.",
        query: "dataset=cancer&standardize=true",
        why: "Each point of the plane is a curve; the lowest colour is the curve that fits the tumours best, the maximum-likelihood fit.",
        hint: "The minimum is the ✕; its colour is the darkest. Click right on it.",
        focus: "",
    },
    Challenge {
        key: "finite-minimum",
        section: 1,
        task: "These data are separable, so the loss falls forever: give it a minimum.",
        query: "dataset=separable",
        why: "A penalty grows with the parameters while the likelihood's gain flattens, so their sum turns back up: the minimum is finite.",
        hint: "Look under Penalties: an L2 penalty with λ above zero.",
        focus: "penalty",
    },
    Challenge {
        key: "move-slope",
        section: 1,
        task: "Add one point that moves the fitted slope b1 by more than 0.5.",
        query: MOVE_SLOPE,
        why: "A point far out on x with the wrong label pulls hard: its loss grows linearly with its distance, so it tilts the curve.",
        hint: "Tick “edit points by clicking”, then add a point far out where the curve says the other class: a click (or tap) far left adds class 1; shift-click far right adds class 0.",
        focus: "edit-data",
    },
    Challenge {
        key: "largest-gradient",
        section: 2,
        task: "In the chain rule panel, pick the point whose own gradient ∂L_i/∂b1 is largest in size.",
        query: "panel=chain&point=0",
        why: "∂L_i/∂b1 = (p_i − y_i) x_i: a point far out on x that the curve gets badly wrong has both factors large.",
        hint: "Look for a point far from the middle on x whose label the curve gets wrong, and click it.",
        focus: "point",
    },
    Challenge {
        key: "diverge",
        section: 3,
        task: "On the raw tumour radius, find a learning rate at which gradient descent diverges, and play it.",
        query: "dataset=cancer&standardize=false",
        why: "Past 2/λmax each step overshoots the valley's steepest direction by more than it gains: the distance to the minimum grows every step.",
        hint: "The marks under the learning-rate slider show 2/λmax; go well past it and press Play.",
        focus: "lr",
    },
    Challenge {
        key: "largest-rate",
        section: 3,
        task: "Find the largest learning rate that still converges: within 10% below 2/λmax.",
        query: "dataset=cancer&standardize=true&lr=0.5",
        why: "At η just under 2/λmax the steepest direction's factor |1 − ηλmax| is just under 1: it still shrinks, slowly, with a zig-zag.",
        hint: "The slider's marks show 2/λmax; stay just left of it. Play to check it settles.",
        focus: "lr",
    },
    Challenge {
        key: "scaling",
        section: 3,
        task: "On the raw tumour radius no rate near 1 is stable: make η = 1 converge.",
        query: "dataset=cancer&standardize=false&lr=1",
        why: "Standardising x makes the valley round: λmax falls from thousands to about 1, so 2/λmax passes 1.",
        hint: "Look at the data settings: there is one box that rescales x.",
        focus: "standardize",
    },
    Challenge {
        key: "global-minimum",
        section: 4,
        task: "From its start the hidden unit falls into the local minimum: reach the global one instead.",
        query: "model=hidden&lr=0.5&seed=6",
        why: "Gradient descent only goes downhill from where it is; noise, or a start in the other basin, carries it over the ridge.",
        hint: "Try noise on the gradient (σ about 1, decaying), or click a start on the other side of the ridge.",
        focus: "noise",
    },
    Challenge {
        key: "epoch-of-8",
        section: 5,
        task: "Choose a batch size for which one epoch of the 569 tumours takes exactly 8 steps.",
        query: "dataset=cancer&standardize=true&batch=32",
        why: "An epoch takes ⌈N / B⌉ steps (⌊N / B⌋ when the last short batch is dropped): 569 / 8 ≈ 71, so B from 72 to 81.",
        hint: "Divide 569 by 8.",
        focus: "batch",
    },
];

/// The challenge named `key`.
pub fn find(key: &str) -> Option<&'static Challenge> {
    CHALLENGES.iter().find(|c| c.key == key)
}
