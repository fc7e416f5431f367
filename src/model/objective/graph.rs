//! The chain of the lecture for one point's loss: the computational graph
//! built from simple variables, each node's value at the current
//! parameters (forward), each edge's local derivative, and each node's
//! derivative of L_i (backward: the product of local derivatives along the
//! chain, summed over the branches).
//!
//! For logistic regression with the NLL:
//!
//! ```text
//! xi1 = -(b0 + b1 x)   xi2 = e^xi1   xi3 = 1 + xi2   xi4 = 1 / xi3 = p
//! xi5 = log xi4        L_A = -y xi5
//! xi6 = 1 - xi4        xi7 = log xi6  L_B = -(1 - y) xi7
//! L_i = L_A + L_B
//! ```
//!
//! The hidden unit puts a = w1 x + c, h = tanh a and z = w2 h + d in front
//! (so xi1 = -z); the squared loss ends with e = xi4 - y and L_i = e^2.
//!
//! Values are computed by their stable equivalents (1 - p as sigma(-z),
//! log p as -softplus(-z)), which are the same numbers where the naive ones
//! are exact. Where a naive intermediate overflows (e^xi1 beyond 10^308 at
//! extreme z) it is left out (`None`) and the derivative of L_i with
//! respect to xi1 comes from the stable closed form l'(z) instead; the
//! chain then says `stable`. Nothing here is ever NaN.

use super::composite::{Loss, Model};
use super::softplus;
use crate::model::Params;

/// A variable of the graph.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NodeId {
    /// The first parameter (b0 or w1).
    First,
    /// The second parameter (b1 or w2).
    Second,
    /// The hidden unit's input, a = w1 x + c.
    PreActivation,
    /// The hidden unit's output, h = tanh a.
    Hidden,
    /// The hidden unit's logit, z = w2 h + d.
    Logit,
    /// xi1 = -z.
    Xi1,
    /// xi2 = e^xi1.
    Xi2,
    /// xi3 = 1 + xi2.
    Xi3,
    /// xi4 = 1 / xi3 = p.
    Xi4,
    /// xi5 = log xi4.
    Xi5,
    /// xi6 = 1 - xi4.
    Xi6,
    /// xi7 = log xi6.
    Xi7,
    /// L_A = -y xi5.
    LossA,
    /// L_B = -(1 - y) xi7.
    LossB,
    /// The squared loss's residual, e = xi4 - y.
    Residual,
    /// The point's loss L_i.
    Loss,
}

/// A node's value and the derivative of L_i with respect to it.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Node {
    /// Which variable.
    pub id: NodeId,
    /// Its value (`None` where it overflows).
    pub value: Option<f64>,
    /// dL_i / d(this node) (`None` where it overflows).
    pub grad: Option<f64>,
}

/// An edge and its local derivative d(to) / d(from).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Edge {
    /// The input.
    pub from: NodeId,
    /// The output.
    pub to: NodeId,
    /// d(to) / d(from) (`None` where it overflows).
    pub local: Option<f64>,
}

/// One point's chain, forward and backward.
#[derive(Clone, Debug, PartialEq)]
pub struct Chain {
    /// The nodes, inputs first, L_i last.
    pub nodes: Vec<Node>,
    /// The edges, in the order they are built.
    pub edges: Vec<Edge>,
    /// dL_i/dtheta as the backward product along the chain.
    pub backward: Params,
    /// dL_i/dtheta from the analytic formula l'(z) grad z.
    pub analytic: Params,
    /// dL_i/dtheta by central finite differences of L_i.
    pub numeric: Params,
    /// The point's logit z.
    pub z: f64,
    /// True where an intermediate overflowed and the stable closed form
    /// carried the derivative through.
    pub stable: bool,
}

/// Beyond this |z| the naive chain (1 - p, e^-z) loses digits or overflows:
/// the panel says the stable forms are in use.
pub const EXTREME_LOGIT: f64 = 30.0;

/// Records the graph as it is built.
struct Tape {
    nodes: Vec<(NodeId, f64)>,
    edges: Vec<(usize, usize, f64)>,
}

impl Tape {
    fn node(&mut self, id: NodeId, value: f64) -> usize {
        self.nodes.push((id, value));
        self.nodes.len() - 1
    }

    fn edge(&mut self, from: usize, to: usize, local: f64) {
        self.edges.push((from, to, local));
    }

    /// dL/dnode for every node, by reverse accumulation from the last
    /// (L_i). With `pin`, the derivative with respect to that node is set
    /// to the given value once everything above it has been summed.
    fn backward(&self, pin: Option<(usize, f64)>) -> Vec<f64> {
        let mut grad = vec![0.0; self.nodes.len()];
        *grad.last_mut().expect("a chain has nodes") = 1.0;
        // Edges go from lower to higher nodes: visiting them by falling
        // `to` finishes each node's sum before it passes it on.
        let mut order: Vec<usize> = (0..self.edges.len()).collect();
        order.sort_by_key(|&e| std::cmp::Reverse(self.edges[e].1));
        let mut pin = pin;
        for e in order {
            let (from, to, local) = self.edges[e];
            if let Some((node, value)) = pin.filter(|&(node, _)| to <= node) {
                grad[node] = value;
                pin = None;
            }
            grad[from] += grad[to] * local;
        }
        grad
    }
}

/// The chain of `loss` on `model` for the point with features (`x1`, `x`)
/// and label `y` at parameters `t` (one-feature models read `x` only).
pub fn chain(model: Model, loss: Loss, t: Params, x1: f64, x: f64, y: f64) -> Chain {
    let mut tape = Tape {
        nodes: Vec::new(),
        edges: Vec::new(),
    };
    let first = tape.node(NodeId::First, t[0]);
    let second = tape.node(NodeId::Second, t[1]);
    let (z, xi1) = match model {
        Model::InterceptSlope | Model::TwoFeatures => {
            let x1 = if model == Model::InterceptSlope {
                1.0
            } else {
                x1
            };
            let z = t[0] * x1 + t[1] * x;
            let xi1 = tape.node(NodeId::Xi1, -z);
            tape.edge(first, xi1, -x1);
            tape.edge(second, xi1, -x);
            (z, xi1)
        }
        Model::HiddenUnit { c, d } => {
            let a_value = t[0] * x + c;
            let a = tape.node(NodeId::PreActivation, a_value);
            tape.edge(first, a, x);
            let h_value = a_value.tanh();
            let h = tape.node(NodeId::Hidden, h_value);
            tape.edge(a, h, 1.0 - h_value * h_value);
            let z_value = t[1] * h_value + d;
            let z = tape.node(NodeId::Logit, z_value);
            tape.edge(h, z, t[1]);
            tape.edge(second, z, h_value);
            let xi1 = tape.node(NodeId::Xi1, -z_value);
            tape.edge(z, xi1, -1.0);
            (z_value, xi1)
        }
    };
    // xi2 = e^xi1 overflows beyond xi1 = 709; everything after it is
    // computed from z directly.
    let xi2_value = (-z).exp();
    let xi2 = tape.node(NodeId::Xi2, xi2_value);
    tape.edge(xi1, xi2, xi2_value);
    let xi3 = tape.node(NodeId::Xi3, 1.0 + xi2_value);
    tape.edge(xi2, xi3, 1.0);
    let p = super::sigmoid(z);
    let one_minus_p = super::sigmoid(-z);
    let xi4 = tape.node(NodeId::Xi4, p);
    // d(1/xi3)/dxi3 = -1/xi3^2 = -p^2.
    tape.edge(xi3, xi4, -p * p);
    match loss {
        Loss::Nll => {
            let xi5 = tape.node(NodeId::Xi5, -softplus(-z));
            tape.edge(xi4, xi5, 1.0 / p);
            let xi6 = tape.node(NodeId::Xi6, one_minus_p);
            tape.edge(xi4, xi6, -1.0);
            let xi7 = tape.node(NodeId::Xi7, -softplus(z));
            tape.edge(xi6, xi7, 1.0 / one_minus_p);
            let la = tape.node(NodeId::LossA, y * softplus(-z));
            tape.edge(xi5, la, -y);
            let lb = tape.node(NodeId::LossB, (1.0 - y) * softplus(z));
            tape.edge(xi7, lb, -(1.0 - y));
            let value = Loss::Nll.at(z, y).value;
            let l = tape.node(NodeId::Loss, value);
            tape.edge(la, l, 1.0);
            tape.edge(lb, l, 1.0);
        }
        Loss::Squared => {
            // p - y, without cancellation: 1 - p is sigma(-z).
            let residual = if y == 1.0 { -one_minus_p } else { p };
            let e = tape.node(NodeId::Residual, residual);
            tape.edge(xi4, e, 1.0);
            let l = tape.node(NodeId::Loss, residual * residual);
            tape.edge(e, l, 2.0 * residual);
        }
    }
    let first_derivative = loss.at(z, y).first;
    let mut grad = tape.backward(None);
    let finite = |v: f64| v.is_finite();
    let overflowed = tape.nodes.iter().any(|n| !finite(n.1))
        || tape.edges.iter().any(|e| !finite(e.2))
        || grad.iter().any(|g| !finite(*g));
    let stable = overflowed || z.abs() > EXTREME_LOGIT;
    if overflowed {
        // dL/dxi1 = -dL/dz, from the stable closed form; carried back from there.
        grad = tape.backward(Some((xi1, -first_derivative)));
    }
    let x1 = if model == Model::TwoFeatures { x1 } else { 1.0 };
    let logit = model.logit(t, x1, x);
    let analytic = [
        first_derivative * logit.gradient[0],
        first_derivative * logit.gradient[1],
    ];
    let point_loss = |t: Params| loss.at(model.logit(t, x1, x).z, y).value;
    let numeric = [0, 1].map(|k| {
        let h = 1e-6 * (1.0 + t[k].abs());
        let (mut up, mut down) = (t, t);
        up[k] += h;
        down[k] -= h;
        (point_loss(up) - point_loss(down)) / (2.0 * h)
    });
    let keep = |v: f64| finite(v).then_some(v);
    let nodes = tape
        .nodes
        .iter()
        .zip(&grad)
        .map(|(&(id, value), &g)| Node {
            id,
            value: keep(value),
            grad: keep(g),
        })
        .collect();
    let edges = tape
        .edges
        .iter()
        .map(|&(from, to, local)| Edge {
            from: tape.nodes[from].0,
            to: tape.nodes[to].0,
            local: keep(local),
        })
        .collect();
    Chain {
        nodes,
        edges,
        backward: [grad[first], grad[second]].map(|g| if g.is_finite() { g } else { 0.0 }),
        analytic,
        numeric,
        z,
        stable,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn value(chain: &Chain, id: NodeId) -> f64 {
        chain
            .nodes
            .iter()
            .find(|n| n.id == id)
            .unwrap()
            .value
            .unwrap()
    }

    fn grad(chain: &Chain, id: NodeId) -> f64 {
        chain
            .nodes
            .iter()
            .find(|n| n.id == id)
            .unwrap()
            .grad
            .unwrap()
    }

    #[test]
    fn the_lecture_chain_by_hand() {
        // b = (0.5, -1), x = 2, y = 1: z = -1.5.
        let c = chain(Model::InterceptSlope, Loss::Nll, [0.5, -1.0], 1.0, 2.0, 1.0);
        let e15 = 1.5f64.exp(); // xi2 = e^1.5 = 4.4816890703380645
        assert!((value(&c, NodeId::Xi1) - 1.5).abs() < 1e-15);
        assert!((value(&c, NodeId::Xi2) - e15).abs() < 1e-14);
        assert!((value(&c, NodeId::Xi3) - (1.0 + e15)).abs() < 1e-14);
        let p = 1.0 / (1.0 + e15); // 0.18242552380635635
        assert!((value(&c, NodeId::Xi4) - 0.182_425_523_806_356_35).abs() < 1e-15);
        assert!((value(&c, NodeId::Xi5) - p.ln()).abs() < 1e-15);
        assert!((value(&c, NodeId::Loss) - (-p.ln())).abs() < 1e-15);
        // Backward: dL/dxi5 = -1, dL/dxi4 = -1/p, dL/dxi3 = p, dL/dxi1 = p e^1.5 = 1 - p.
        assert!((grad(&c, NodeId::Xi5) + 1.0).abs() < 1e-15);
        assert!((grad(&c, NodeId::Xi4) + 1.0 / p).abs() < 1e-12);
        assert!((grad(&c, NodeId::Xi3) - p).abs() < 1e-15);
        assert!((grad(&c, NodeId::Xi1) - (1.0 - p)).abs() < 1e-15);
        // dL/db = (p - y) [1, x] = (p - 1) [1, 2].
        assert!((c.backward[0] - (p - 1.0)).abs() < 1e-15);
        assert!((c.backward[1] - 2.0 * (p - 1.0)).abs() < 1e-15);
        assert!(!c.stable);
    }

    #[test]
    fn backward_equals_analytic_and_numeric() {
        for model in [Model::InterceptSlope, Model::HIDDEN, Model::TwoFeatures] {
            for loss in [Loss::Nll, Loss::Squared] {
                for (t, x, y) in [
                    ([0.3, -0.7], 1.2, 0.0),
                    ([-2.0, 3.0], -0.4, 1.0),
                    ([4.0, 2.5], 3.0, 0.0),
                ] {
                    let c = chain(model, loss, t, 0.7, x, y);
                    for k in 0..2 {
                        assert!(
                            (c.backward[k] - c.analytic[k]).abs()
                                <= 1e-12 * (1.0 + c.analytic[k].abs()),
                            "{model:?} {loss:?}: {:?} vs {:?}",
                            c.backward,
                            c.analytic
                        );
                        assert!(
                            (c.numeric[k] - c.analytic[k]).abs()
                                < 1e-7 * (1.0 + c.analytic[k].abs())
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn extreme_logits_use_the_stable_form_and_never_nan() {
        for z in [-800.0, -40.0, 40.0, 800.0] {
            for y in [0.0, 1.0] {
                for loss in [Loss::Nll, Loss::Squared] {
                    let c = chain(Model::InterceptSlope, loss, [z, 0.0], 1.0, 1.0, y);
                    assert!(c.stable, "z = {z}");
                    assert!(c.backward.iter().all(|v| v.is_finite()));
                    for k in 0..2 {
                        assert!(
                            (c.backward[k] - c.analytic[k]).abs()
                                <= 1e-12 * (1.0 + c.analytic[k].abs()),
                            "z {z} y {y}: {:?} {:?}",
                            c.backward,
                            c.analytic
                        );
                    }
                    assert!(c.nodes.iter().all(|n| n.value.is_none_or(f64::is_finite)));
                }
            }
        }
    }
}
