//! The chain-rule panel: one point's computational graph as the lecture
//! writes it, with each variable's value, each edge's local derivative and
//! each variable's derivative of L_i, and the products that give the
//! gradient, beside the analytic gradient and a finite difference.

use super::format::{array, num, number, pair, text, Object};
use crate::model::objective::graph::{chain, Chain, NodeId};
use crate::model::objective::{Batch, Loss, Model};
use crate::session::Session;
use crate::settings::ChainView;

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

/// The panel's content, and the state's `chain`, as JSON.
pub fn chain_json(session: &Session) -> String {
    let settings = session.settings();
    let (model, loss) = (settings.model.model(), settings.loss);
    let data = session.data();
    let (i, c) = point_chain(session);
    let nodes = c.nodes.iter().map(|node| {
        let (name, formula) = describe(node.id, model, loss);
        let local = c
            .edges
            .iter()
            .find(|e| e.to == node.id)
            .and_then(|e| e.local);
        let mut shown_text = Object::new();
        shown_text
            .field("value", text(&shown(node.value)))
            .field(
                "local",
                text(&local.map_or("–".into(), |l| number(l, DIGITS))),
            )
            .field("grad", text(&shown(node.grad)));
        let mut o = Object::new();
        o.field("id", text(key(node.id)))
            .field("name", text(&name))
            .field("formula", text(&formula))
            .field("value", node.value.map_or("null".into(), num))
            .field("local", local.map_or("null".into(), num))
            .field("grad", node.grad.map_or("null".into(), num))
            .field("text", shown_text.finish());
        o.finish()
    });
    let edges = c.edges.iter().map(|e| {
        let mut o = Object::new();
        o.field("from", text(key(e.from)))
            .field("to", text(key(e.to)))
            .field("local", e.local.map_or("null".into(), num))
            .field("text", text(&shown(e.local)));
        o.finish()
    });
    let three = |v: [f64; 2]| {
        format!(
            "[{},{}]",
            text(&number(v[0], DIGITS)),
            text(&number(v[1], DIGITS))
        )
    };
    let mut o = Object::new();
    o.field("point", i.to_string())
        .field("x", num(data.x[i]))
        .field(
            "x2",
            data.x2.as_ref().map_or("null".into(), |x2| num(x2[i])),
        )
        .field("y", num(data.y[i]))
        .field("z", num(c.z))
        .field("stable", c.stable.to_string())
        .field("symbols", {
            let [a, b] = model.axes().symbols;
            format!("[{},{}]", text(a), text(b))
        })
        .field("nodes", array(nodes))
        .field("edges", array(edges))
        .field("db0", num(c.backward[0]))
        .field("db1", num(c.backward[1]))
        .field("backward", pair(c.backward))
        .field("analytic", pair(c.analytic))
        .field("numeric", pair(c.numeric))
        .field("text", {
            let mut t = Object::new();
            t.field("backward", three(c.backward))
                .field("analytic", three(c.analytic))
                .field("numeric", three(c.numeric));
            t.finish()
        })
        .field("batch", batch_json(session));
    o.finish()
}

/// With `chain=batch`: each point of the first run's last batch with its
/// chain's product, and their mean, which is the batch gradient the step
/// followed (taken at the parameters before the step).
fn batch_json(session: &Session) -> String {
    let settings = session.settings();
    let run = session.run();
    if settings.chain != ChainView::Batch || run.batch().is_empty() {
        return "null".into();
    }
    let data = session.data();
    // The batch gradient is at the parameters before the last step.
    let before = run.previous_theta().unwrap_or(run.theta());
    let batch = run.batch();
    let mut mean = [0.0, 0.0];
    let rows: Vec<String> = batch
        .iter()
        .map(|&i| {
            let model = settings.model.model();
            let (x1, x) = data.features(i, model == Model::TwoFeatures);
            let c = chain(model, settings.loss, before, x1, x, data.y[i]);
            mean[0] += c.backward[0] / batch.len() as f64;
            mean[1] += c.backward[1] / batch.len() as f64;
            format!(
                "{{\"index\":{i},\"x\":{},\"y\":{},\"grad\":{}}}",
                num(data.x[i]),
                num(data.y[i]),
                pair(c.backward)
            )
        })
        .collect();
    let direct = session.objective().gradient(before, Batch::Points(batch));
    let mut o = Object::new();
    o.field("theta", pair(before))
        .field("points", format!("[{}]", rows.join(",")))
        .field("mean", pair(mean))
        .field("gradient", pair(direct))
        .field(
            "text",
            format!(
                "[{},{}]",
                text(&number(mean[0], DIGITS)),
                text(&number(mean[1], DIGITS))
            ),
        );
    o.finish()
}
