//! The chain-rule panel: one point's computational graph as the lecture
//! writes it, with each variable's value, each edge's local derivative and
//! each variable's derivative of L_i, and the products that give the
//! gradient, beside the analytic gradient and a finite difference.

use super::format::{number, params};
use crate::model::objective::graph::{chain, Chain, NodeId};
use crate::model::objective::{Batch, Loss, Model};
use crate::model::Params;
use crate::session::Session;
use crate::settings::ChainView;
use serde::Serialize;

/// Digits shown in the panel: the backward product, the analytic gradient
/// and the finite difference agree to all of them.
const DIGITS: usize = 6;

/// A node's name and its definition, in the lecture's notation.
fn describe(id: NodeId, model: Model, loss: Loss) -> (String, String) {
    let [p0, p1] = model.axes().symbols;
    let (name, formula): (&str, String) = match id {
        NodeId::First => (p0, "parameter".into()),
        NodeId::Second => (p1, "parameter".into()),
        NodeId::PreActivation => (
            "a",
            match model {
                Model::HiddenUnit { c, .. } => format!("w1 x {} {}", sign(c), number(c.abs(), 3)),
                Model::InterceptSlope | Model::TwoFeatures => String::new(),
            },
        ),
        NodeId::Hidden => ("h", "tanh a".into()),
        NodeId::Logit => (
            "z",
            match model {
                Model::HiddenUnit { d, .. } => format!("w2 h {} {}", sign(d), number(d.abs(), 3)),
                Model::InterceptSlope | Model::TwoFeatures => String::new(),
            },
        ),
        NodeId::Xi1 => (
            "ξ1",
            match model {
                Model::InterceptSlope => "−(b0 + b1 x)".into(),
                Model::TwoFeatures => "−(w1 x1 + w2 x2)".into(),
                Model::HiddenUnit { .. } => "−z".into(),
            },
        ),
        NodeId::Xi2 => ("ξ2", "e^ξ1".into()),
        NodeId::Xi3 => ("ξ3", "1 + ξ2".into()),
        NodeId::Xi4 => ("ξ4", "1 / ξ3 = p".into()),
        NodeId::Xi5 => ("ξ5", "log ξ4".into()),
        NodeId::Xi6 => ("ξ6", "1 − ξ4".into()),
        NodeId::Xi7 => ("ξ7", "log ξ6".into()),
        NodeId::LossA => ("L_A", "−y ξ5".into()),
        NodeId::LossB => ("L_B", "−(1 − y) ξ7".into()),
        NodeId::Residual => ("e", "ξ4 − y".into()),
        NodeId::Loss => (
            "L_i",
            match loss {
                Loss::Nll => "L_A + L_B".into(),
                Loss::Squared => "e²".into(),
            },
        ),
    };
    (name.into(), formula)
}

fn sign(v: f64) -> &'static str {
    if v < 0.0 {
        "−"
    } else {
        "+"
    }
}

/// The key of a node in the state and the page.
fn key(id: NodeId) -> &'static str {
    match id {
        NodeId::First => "p0",
        NodeId::Second => "p1",
        NodeId::PreActivation => "a",
        NodeId::Hidden => "h",
        NodeId::Logit => "z",
        NodeId::Xi1 => "xi1",
        NodeId::Xi2 => "xi2",
        NodeId::Xi3 => "xi3",
        NodeId::Xi4 => "xi4",
        NodeId::Xi5 => "xi5",
        NodeId::Xi6 => "xi6",
        NodeId::Xi7 => "xi7",
        NodeId::LossA => "la",
        NodeId::LossB => "lb",
        NodeId::Residual => "e",
        NodeId::Loss => "loss",
    }
}

/// A number as the panel shows it; an overflowed one says so.
fn shown(v: Option<f64>) -> String {
    v.map_or("overflows".into(), |v| number(v, DIGITS))
}

/// The chain of the chosen point at the first run's parameters.
pub fn point_chain(session: &Session) -> (usize, Chain) {
    let data = session.data();
    let i = session.settings().point.min(data.len().saturating_sub(1));
    let settings = session.settings();
    let model = settings.model.model();
    let (x1, x) = data.features(i, model == Model::TwoFeatures);
    let c = chain(
        model,
        settings.loss,
        session.run().theta(),
        x1,
        x,
        data.y[i],
    );
    (i, c)
}

/// The panel's content, the state's `chain`: every number also as the
/// panel shows it (`text`), and the panel's words.
#[derive(Serialize, Debug, Clone, PartialEq)]
pub struct ChainState {
    pub point: usize,
    pub x: f64,
    pub x2: Option<f64>,
    pub y: f64,
    pub z: f64,
    pub stable: bool,
    pub symbols: [&'static str; 2],
    pub nodes: Vec<NodeState>,
    pub edges: Vec<EdgeState>,
    pub db0: f64,
    pub db1: f64,
    pub backward: Params,
    pub analytic: Params,
    pub numeric: Params,
    pub text: ChainText,
    pub batch: Option<BatchChain>,
}

/// A variable of the graph.
#[derive(Serialize, Debug, Clone, PartialEq)]
pub struct NodeState {
    pub id: &'static str,
    pub name: String,
    pub formula: String,
    pub value: Option<f64>,
    pub local: Option<f64>,
    pub grad: Option<f64>,
    pub text: NodeText,
}

/// A variable's numbers as the panel shows them.
#[derive(Serialize, Debug, Clone, PartialEq)]
pub struct NodeText {
    pub value: String,
    pub local: String,
    pub grad: String,
    /// Each local derivative into it, "∂z/∂a = 0.5, …", or "–".
    pub locals: String,
}

/// An edge of the graph and its local derivative.
#[derive(Serialize, Debug, Clone, PartialEq)]
pub struct EdgeState {
    pub from: &'static str,
    pub to: &'static str,
    pub local: Option<f64>,
    pub text: String,
}

/// The panel's lines as it shows them.
#[derive(Serialize, Debug, Clone, PartialEq)]
pub struct ChainText {
    pub backward: [String; 2],
    pub analytic: [String; 2],
    pub numeric: [String; 2],
    /// The point: "x = 1.2, y = 1, z = −0.3".
    pub point: String,
    /// Under the table: why the products can be trusted.
    pub note: String,
    /// The gradient's columns, "∂L_i/∂b0" and "∂L_i/∂b1".
    pub columns: [String; 2],
}

/// The panel's content from the session.
pub fn panel(session: &Session) -> ChainState {
    let settings = session.settings();
    let (model, loss) = (settings.model.model(), settings.loss);
    let data = session.data();
    let (i, c) = point_chain(session);
    let name = |id: NodeId| describe(id, model, loss).0;
    let nodes = (c.nodes.iter())
        .map(|node| {
            let locals: Vec<String> = (c.edges.iter().filter(|e| e.to == node.id))
                .map(|e| format!("∂{}/∂{} = {}", name(e.to), name(e.from), shown(e.local)))
                .collect();
            let (name, formula) = describe(node.id, model, loss);
            let local = (c.edges.iter().find(|e| e.to == node.id)).and_then(|e| e.local);
            NodeState {
                id: key(node.id),
                name,
                formula,
                value: node.value,
                local,
                grad: node.grad,
                text: NodeText {
                    value: shown(node.value),
                    local: local.map_or("–".into(), |l| number(l, DIGITS)),
                    grad: shown(node.grad),
                    locals: if locals.is_empty() {
                        "–".into()
                    } else {
                        locals.join(", ")
                    },
                },
            }
        })
        .collect();
    let edges = (c.edges.iter())
        .map(|e| EdgeState {
            from: key(e.from),
            to: key(e.to),
            local: e.local,
            text: shown(e.local),
        })
        .collect();
    let digits = |v: Params| v.map(|v| number(v, DIGITS));
    let symbols = model.axes().symbols;
    let [a, b] = symbols;
    let note = if c.stable {
        STABLE_NOTE.to_string()
    } else {
        format!("The product along the chain is ∂L_i/∂ξ1 times ∂ξ1/∂{a} (and ∂ξ1/∂{b}); it matches the formula and the finite difference to every digit shown.")
    };
    ChainState {
        point: i,
        x: data.x[i],
        x2: data.x2.as_ref().map(|x2| x2[i]),
        y: data.y[i],
        z: c.z,
        stable: c.stable,
        symbols,
        nodes,
        edges,
        db0: c.backward[0],
        db1: c.backward[1],
        backward: c.backward,
        analytic: c.analytic,
        numeric: c.numeric,
        text: ChainText {
            backward: digits(c.backward),
            analytic: digits(c.analytic),
            numeric: digits(c.numeric),
            point: format!(
                "x = {}, y = {}, z = {}",
                number(data.x[i], 4),
                data.y[i],
                number(c.z, 4)
            ),
            note,
            columns: [format!("∂L_i/∂{a}"), format!("∂L_i/∂{b}")],
        },
        batch: batch(session),
    }
}

/// Under the table at an extreme z, where the naive chain would fail.
const STABLE_NOTE: &str = "At this extreme z the naive chain would overflow or lose every digit (1 − p rounds to 0): the panel uses the stable forms 1 − p = σ(−z), log p = −softplus(−z), and ∂L_i/∂ξ1 = y − p.";

/// Rows of the batch's table shown; the rest are counted.
const BATCH_ROWS: usize = 12;

/// With `chain=batch`: the first run's last batch, each point's chain's
/// product, and their mean, the batch gradient the step followed (taken
/// at the parameters before the step).
#[derive(Serialize, Debug, Clone, PartialEq)]
pub struct BatchChain {
    pub theta: Params,
    pub points: Vec<BatchPoint>,
    pub mean: Params,
    pub gradient: Params,
    /// The mean as the panel shows it.
    pub text: [String; 2],
    /// The panel's words: the sentence above the table and, when the batch
    /// has more points than rows, the line that counts the rest.
    pub words: BatchWords,
}

/// A point of the batch.
#[derive(Serialize, Debug, Clone, PartialEq)]
pub struct BatchPoint {
    pub index: usize,
    pub x: f64,
    pub y: f64,
    pub grad: Params,
    /// Its x and gradient as the panel shows them.
    pub text: BatchPointText,
}

/// A batch point's numbers as the panel shows them.
#[derive(Serialize, Debug, Clone, PartialEq)]
pub struct BatchPointText {
    pub x: String,
    pub grad: [String; 2],
}

/// The batch table's words.
#[derive(Serialize, Debug, Clone, PartialEq)]
pub struct BatchWords {
    pub intro: String,
    pub more: Option<String>,
    pub shown: usize,
}

fn batch(session: &Session) -> Option<BatchChain> {
    let settings = session.settings();
    let run = session.run();
    if settings.chain != ChainView::Batch || run.batch().is_empty() {
        return None;
    }
    let data = session.data();
    // The batch gradient is at the parameters before the last step.
    let before = run.previous_theta().unwrap_or(run.theta());
    let batch = run.batch();
    let mut mean = [0.0, 0.0];
    let points = (batch.iter())
        .map(|&i| {
            let model = settings.model.model();
            let (x1, x) = data.features(i, model == Model::TwoFeatures);
            let c = chain(model, settings.loss, before, x1, x, data.y[i]);
            mean[0] += c.backward[0] / batch.len() as f64;
            mean[1] += c.backward[1] / batch.len() as f64;
            BatchPoint {
                index: i,
                x: data.x[i],
                y: data.y[i],
                grad: c.backward,
                text: BatchPointText {
                    x: number(data.x[i], 4),
                    grad: c.backward.map(|g| number(g, DIGITS)),
                },
            }
        })
        .collect();
    let direct = session.objective().gradient(before, Batch::Points(batch));
    let count = batch.len();
    Some(BatchChain {
        theta: before,
        points,
        mean,
        gradient: direct,
        text: mean.map(|m| number(m, DIGITS)),
        words: BatchWords {
            intro: format!("The last batch's {count} points at the parameters before the step, {}: each point's chain gives its own ∂L_i; their mean is the batch gradient, the blue arrow (reversed).", params(before, 4)),
            more: (count > BATCH_ROWS).then(|| format!("… and {} more", count - BATCH_ROWS)),
            shown: count.min(BATCH_ROWS),
        },
    })
}
