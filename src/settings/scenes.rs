//! The lecture's scenes: each one click away, with a title and a caption a
//! lecturer can read aloud. A scene is data, not a code path: a title, a
//! caption and the settings (as a URL query) that reproduce it.

/// One scene of the lecture.
#[derive(Debug, PartialEq, Eq)]
pub struct Scene {
    /// Its name in URLs and the API (`scene=`).
    pub key: &'static str,
    /// Its title, in the scene menu.
    pub title: &'static str,
    /// Two sentences for the lecturer to read aloud.
    pub caption: &'static str,
    /// The settings that reproduce it, over the defaults.
    pub query: &'static str,
    /// The key of the control its caption asks to use, brought into view
    /// when the scene opens; empty when the caption asks only for Play.
    pub focus: &'static str,
}

/// Every scene, in the order of the lecture.
pub static SCENES: &[Scene] = &[
    Scene {
        key: "loss-surface",
        title: "The model and its loss",
        caption: "Every point (b0, b1) of the plane is one fitted curve p = σ(b0 + b1 x); its colour is the mean negative log-likelihood of the tumours under that curve. \
                  Drag the start around the plane and watch the curve on the right follow; the minimum ✕ is the best fit.",
        query: "plots=surface,data&dataset=cancer&standardize=true&path=live&steps=10",
        focus: "",
    },
    Scene {
        key: "two-features",
        title: "Two features, no intercept",
        caption: "Now p = σ(w1 x1 + w2 x2), with the tumours' radius and texture (standardised): each point (w1, w2) is a decision line w1 x1 + w2 x2 = 0 in the data, p its shading. \
                  With no intercept the line passes through the origin, the average tumour; drag the start and watch the line turn.",
        query: "plots=surface,data&model=features2&path=live&steps=20",
        focus: "",
    },
    Scene {
        key: "chain-rule",
        title: "Derivatives by the chain rule",
        caption: "One point's loss built from simple variables ξ1 to ξ7: each one's value, each step's local derivative, and their product, the gradient, beside the formula and a finite difference. \
                  Click any point in the data to follow it; press Step and the numbers follow the run.",
        query: "panel=chain&point=3&speed=2",
        focus: "",
    },
    Scene {
        key: "learning-rates",
        title: "Learning rate: too small, about right, too large",
        caption: "Three runs from the same start, their rates set from the stability limit 2/λmax marked on the slider. \
                  Too small is still well above the minimum after 60 steps; about right reaches it; too large is thrown across the valley and never settles (its steps older than 6 fade, so the bowl stays in view).",
        query: "plots=surface,trace&dataset=cancer&standardize=true&runs=trio&path=live&steps=60&fade=6&notes=1.94,4.49,too large: thrown across the valley",
        focus: "lr",
    },
    Scene {
        key: "trace",
        title: "Reading a trace plot",
        caption: "The loss against the step tells the three apart without the contour plot: still falling, flat at the bottom, or going up and down. \
                  Press Play and read each line's shape against the dashed minimum; the words under the plot say what each is doing (on the contour plot, steps older than 10 fade).",
        query: "plots=surface,trace&dataset=cancer&standardize=true&runs=trio&speed=15&fade=10",
        focus: "",
    },
    Scene {
        key: "scaling",
        title: "Why scaling matters",
        caption: "On the raw radius the loss is a valley 18,000 times steeper across than along (the condition number): the largest stable rate is tiny, and along the floor the path crawls. \
                  Tick “standardise x”: the valley becomes a round bowl, the stable limit on the slider jumps from 0.11 to 22, and at such rates a few dozen steps reach the minimum.",
        query: "plots=surface,trace&dataset=cancer&lr=0.03&path=live&steps=200&notes=-15.25,1.03,the minimum, far along the valley floor",
        focus: "standardize",
    },
    Scene {
        key: "momentum",
        title: "Momentum against plain gradient descent in a valley",
        caption: "Plain gradient descent needs a rate small enough for the valley's steep walls, and at that rate it inches along the floor. \
                  Momentum remembers past steps: the steps along the floor add up, and for the same rate it gets several times further.",
        query: "plots=surface,trace&dataset=cancer&runs=gd:0.03,momentum:0.03&path=live&steps=300",
        focus: "",
    },
    Scene {
        key: "newton",
        title: "Newton's method in a few steps",
        caption: "Newton's method divides the gradient by the curvature (the Hessian): one step jumps to the bottom of the local quadratic bowl. \
                  In the thin valley it reaches the minimum in a handful of steps where gradient descent has barely started.",
        query: "plots=surface,trace&dataset=cancer&runs=gd:0.03,newton:1&path=live&steps=30",
        focus: "",
    },
    Scene {
        key: "adam",
        title: "Adam against SGD",
        caption: "With mini-batches of 32 on the raw radius, plain SGD must keep its rate small for the steep side of the valley, and crawls along the floor. \
                  Adam scales each parameter's step by its own recent gradients: it heads down the valley floor at once.",
        query: "plots=surface,trace&dataset=cancer&batch=32&runs=gd:0.03,adam:0.1&speed=30",
        focus: "",
    },
    Scene {
        key: "local-minima",
        title: "A hidden unit: local and global minima",
        caption: "With one hidden unit the loss is no longer convex: two valleys with a saddle between them. \
                  From this start gradient descent settles in the local minimum (+), not the global one (✕): it stops wherever the gradient vanishes.",
        query: "plots=surface&model=hidden&lr=1&path=live&steps=300&view=both&notes=-1.03,-1.61,a local minimum;0.4,2.04,the global minimum",
        focus: "",
    },
    Scene {
        key: "plateau",
        title: "Squared error on p: a plateau",
        caption: "With squared error on the sigmoid's output, far from the fit p saturates at 0 or 1 at most points and the gradient all but vanishes: a run started here crawls. \
                  The negative log-likelihood has no such plateau: its gradient per point stays p − y.",
        query: "plots=surface,trace&loss=squared&start=6,-6&speed=50&notes=6,-6,a plateau: tiny gradient, tiny steps",
        focus: "",
    },
    Scene {
        key: "restarts",
        title: "Random restarts",
        caption: "Fifty runs from random starts: press Play and watch each path take the colour of the minimum it reaches, while the legend counts them. \
                  Keep the best of many restarts and the chance of missing the global minimum falls fast (steps older than 15 fade, so the minima stay in view).",
        query: "plots=surface,trace&model=hidden&lr=1&restarts=50&speed=30&fade=15",
        focus: "",
    },
    Scene {
        key: "noise",
        title: "Noise shakes a run out of a shallow basin",
        caption: "The same start as before, with Gaussian noise added to every gradient and shrinking as σ/√(1+t). \
                  Early on the noise is strong enough to carry the run over the ridge into the deeper valley; later it dies down and the run settles there (steps older than 100 fade).",
        query: "plots=surface,trace&model=hidden&lr=0.5&seed=6&noise=1&noise_decay=0.5&path=live&steps=1000&fade=100",
        focus: "",
    },
    Scene {
        key: "batches",
        title: "Full batch, mini-batch and stochastic gradient descent",
        caption: "The same rate with all 569 points per step, 32 per step, and one point per step. \
                  Smaller batches take cheaper, noisier steps: the path jitters and the loss never quite settles (steps older than 30 fade, so the minimum stays in view).",
        query: "plots=surface,trace&dataset=cancer&standardize=true&runs=gd:2:full,gd:2:32,gd:2:1&speed=20&fade=30",
        focus: "",
    },
    Scene {
        key: "batch-surface",
        title: "The batch loss surface moves",
        caption: "Each step follows the gradient of its own batch's loss L_k (pink contours), not of the full loss L. \
                  Its minimum jumps from batch to batch while the path zig-zags towards the full minimum (steps older than 20 fade).",
        query: "plots=surface,data&batch=10&surface=both&speed=3&fade=20",
        focus: "",
    },
    Scene {
        key: "penalty",
        title: "A penalty gives separable data a finite optimum",
        caption: "On data a line separates perfectly, the loss keeps falling as the slope grows: there is no minimum, and gradient descent walks off for ever. \
                  An L2 penalty (λ/2) b1² stops it: now there is a minimum ✕; drag λ and watch it move, towards b1 = 0 as λ grows.",
        query: "plots=surface,data&dataset=separable&penalty=l2&lambda=0.1&path=live&steps=300",
        focus: "lambda",
    },
];
