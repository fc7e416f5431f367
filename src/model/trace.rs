//! The bounded history of a run: what the trace plot and the path draw.
//!
//! Every step is kept until the trace holds [`Trace::capacity`] entries (4096
//! by default: a whole lecture demo is never thinned). Then neighbouring
//! entries are merged in pairs and from there on each entry covers twice as
//! many steps. A merged entry keeps its first step's parameters and loss and
//! the lowest and highest losses of all its steps, so an oscillating run
//! still shows its full swing after thinning. Memory stays fixed however
//! long the run goes.

use super::Params;

/// The lowest and highest value seen over the steps an entry covers.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Span {
    /// Lowest value.
    pub lo: f64,
    /// Highest value.
    pub hi: f64,
}

impl Span {
    fn of(v: f64) -> Span {
        Span { lo: v, hi: v }
    }

    fn union(self, other: Span) -> Span {
        Span {
            lo: self.lo.min(other.lo),
            hi: self.hi.max(other.hi),
        }
    }
}

/// One entry of the trace: a step, or after thinning a run of steps.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct TracePoint {
    /// Step number (0 is the start) of the first step this entry covers.
    pub step: u64,
    /// Parameters after that step.
    pub theta: Params,
    /// Full loss after that step.
    pub loss: f64,
    /// Range of the full loss over the steps this entry covers.
    pub loss_span: Span,
    /// Loss of the batch that step used (none at the start).
    pub batch_loss: Option<f64>,
    /// Range of the batch losses over the steps this entry covers.
    pub batch_span: Option<Span>,
    /// Epochs completed after the last step this entry covers.
    pub epoch: u64,
    /// True when an epoch ended within the steps this entry covers.
    pub ends_epoch: bool,
    /// Evaluations (losses, gradients, Hessians) the optimizer had asked for
    /// by the end of that step.
    pub evaluations: u64,
}

impl TracePoint {
    /// An entry for a single step.
    pub fn new(step: u64, theta: Params, loss: f64, batch_loss: Option<f64>) -> Self {
        TracePoint {
            step,
            theta,
            loss,
            loss_span: Span::of(loss),
            batch_loss,
            batch_span: batch_loss.map(Span::of),
            epoch: 0,
            ends_epoch: false,
            evaluations: 0,
        }
    }

    /// The same entry, marked with the epochs completed after its step.
    pub fn with_epoch(mut self, epoch: u64, ends_epoch: bool) -> Self {
        self.epoch = epoch;
        self.ends_epoch = ends_epoch;
        self
    }

    /// The same entry, marked with the evaluations made by the end of its step.
    pub fn with_evaluations(mut self, evaluations: u64) -> Self {
        self.evaluations = evaluations;
        self
    }

    /// Widens this entry's spans to cover `later` too.
    fn absorb(&mut self, later: &TracePoint) {
        self.loss_span = self.loss_span.union(later.loss_span);
        self.epoch = later.epoch;
        self.ends_epoch |= later.ends_epoch;
        self.batch_span = match (self.batch_span, later.batch_span) {
            (Some(a), Some(b)) => Some(a.union(b)),
            (a, b) => a.or(b),
        };
    }
}

/// `points` with at most about `most` entries, for drawing: the start and
/// the last entry stay as they are, the others merge in even groups that
/// keep each group's lowest and highest loss (as thinning does). A plot a
/// few hundred pixels wide gains nothing from thousands of entries, and
/// drawing them is what made long runs' frames slow.
pub fn coarsened(points: &[TracePoint], most: usize) -> std::borrow::Cow<'_, [TracePoint]> {
    let most = most.max(4);
    if points.len() <= most {
        return std::borrow::Cow::Borrowed(points);
    }
    let inner = &points[1..points.len() - 1];
    let group = inner.len().div_ceil(most - 2);
    let mut out = Vec::with_capacity(most);
    out.push(points[0]);
    for chunk in inner.chunks(group) {
        let mut merged = chunk[0];
        for later in &chunk[1..] {
            merged.absorb(later);
        }
        out.push(merged);
    }
    out.push(points[points.len() - 1]);
    std::borrow::Cow::Owned(out)
}

/// A history of at most `capacity` entries, thinned evenly as it grows.
#[derive(Clone, Debug)]
pub struct Trace {
    points: Vec<TracePoint>,
    capacity: usize,
    /// Steps per entry; doubles at each thinning.
    stride: u64,
}

impl Default for Trace {
    fn default() -> Self {
        Trace::with_capacity(4096)
    }
}

impl Trace {
    /// An empty trace holding at most `capacity` entries (at least 4).
    pub fn with_capacity(capacity: usize) -> Self {
        let capacity = capacity.max(4);
        Trace {
            points: Vec::with_capacity(capacity),
            capacity,
            stride: 1,
        }
    }

    /// The most entries this trace will hold.
    pub fn capacity(&self) -> usize {
        self.capacity
    }

    /// The entries, oldest first.
    pub fn points(&self) -> &[TracePoint] {
        &self.points
    }

    /// How many steps each entry now covers.
    pub fn stride(&self) -> u64 {
        self.stride
    }

    /// Forgets everything.
    pub fn clear(&mut self) {
        self.points.clear();
        self.stride = 1;
    }

    /// Records a step. Steps must come in increasing order.
    pub fn push(&mut self, point: TracePoint) {
        if let Some(last) = self.points.last_mut() {
            if point.step < last.step + self.stride {
                last.absorb(&point);
                return;
            }
        }
        if self.points.len() == self.capacity {
            self.thin();
        }
        self.points.push(point);
    }

    /// Merges entries in pairs (the start stays alone) and doubles the stride.
    fn thin(&mut self) {
        let mut kept = 1;
        let mut i = 1;
        while i < self.points.len() {
            let mut merged = self.points[i];
            if let Some(next) = self.points.get(i + 1) {
                merged.absorb(next);
            }
            self.points[kept] = merged;
            kept += 1;
            i += 2;
        }
        self.points.truncate(kept);
        self.stride *= 2;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn coarsening_keeps_the_ends_and_the_swing() {
        let mut trace = Trace::with_capacity(4096);
        for step in 0..3000u64 {
            let loss = if step % 2 == 0 { 1.0 } else { 3.0 } + step as f64 * 1e-3;
            trace.push(TracePoint::new(step, [step as f64, 0.0], loss, Some(loss)));
        }
        let points = trace.points();
        assert!(matches!(
            coarsened(points, 5000),
            std::borrow::Cow::Borrowed(_)
        ));
        let few = coarsened(points, 500);
        assert!(few.len() <= 500 && few.len() > 400, "{}", few.len());
        assert_eq!(few[0], points[0]);
        assert_eq!(few[few.len() - 1], points[points.len() - 1]);
        // Every full merged group still spans the oscillation between 1 and 3.
        assert!(few[1..few.len() - 2]
            .iter()
            .all(|p| p.loss_span.hi - p.loss_span.lo >= 2.0));
        let lowest = few.iter().map(|p| p.loss_span.lo).fold(f64::MAX, f64::min);
        assert_eq!(lowest, 1.0);
        // Steps stay in order.
        assert!(few.windows(2).all(|w| w[0].step < w[1].step));
    }

    #[test]
    fn keeps_every_step_until_full() {
        let mut trace = Trace::with_capacity(8);
        for s in 0..8 {
            trace.push(TracePoint::new(s, [s as f64, 0.0], s as f64, None));
        }
        assert_eq!(trace.points().len(), 8);
        assert_eq!(trace.stride(), 1);
    }

    #[test]
    fn thinning_keeps_the_swing_of_an_oscillation() {
        let mut trace = Trace::with_capacity(16);
        for s in 0..1000u64 {
            let loss = if s % 2 == 0 { 1.0 } else { 3.0 };
            trace.push(TracePoint::new(s, [0.0, 0.0], loss, Some(loss)));
        }
        assert!(trace.points().len() <= 16);
        for p in &trace.points()[1..] {
            assert_eq!((p.loss_span.lo, p.loss_span.hi), (1.0, 3.0));
        }
        assert_eq!(trace.points()[0].step, 0);
    }
}
