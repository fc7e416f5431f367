//! The one table of settings. Each row says what a setting is called in the
//! URL and the API, which control shows it (and with which id, label and
//! help line), and how it is read and written. The URL parser, `set()`, the
//! copied link and the page's controls all come from here.

use super::challenge::{self, CHALLENGES};
use super::deck;
use super::{
    boolean, number, ranged, refuse, whole, BatchSize, ChainView, Custom, DataSource, ModelChoice,
    Note, Notice, Panel, PathMode, PlotSet, Refusal, RunSpec, Runs, Settings, SurfaceDisplay,
    SurfaceView, Theme, TraceAxis, BUTTONS, FAN_LIMIT, LAMBDA_RANGE, LEARNING_RATE_RANGE,
    LINK_POINTS, MAX_NOTES, MAX_RESTARTS, MAX_RUNS, NOTE_CHARS, N_RANGE, SCENES, SPEED_RANGE,
    START_LIMIT, STEPS_RANGE,
};
use crate::model::batches::Sampling;
use crate::model::csv::COLUMN_CHARS;
use crate::model::data::Preset;
use crate::model::objective::{Loss, Penalty};
use crate::model::optim::OptimizerKind;

/// Where a setting's control sits on the page.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Group {
    /// The lecture scene menu, at the top.
    Scene,
    /// Playing: speed, and how the path is shown.
    Playback,
    /// The runs: optimizer, learning rate, line search, hyper-parameters.
    Runs,
    /// The data and the batches drawn from it.
    Data,
    /// Stochastic gradient descent: surfaces, sampling, schedules, the fan.
    Batches,
    /// Random restarts and gradient noise: ways out of a local minimum.
    Minima,
    /// How the trace plot is drawn.
    View,
    /// The chain-rule panel's own controls.
    Chain,
    /// No control: URL and API only.
    Hidden,
}

impl Group {
    /// The name the page's controls use for the group.
    pub fn key(self) -> &'static str {
        match self {
            Group::Scene => "scene",
            Group::Playback => "playback",
            Group::Runs => "runs",
            Group::Data => "data",
            Group::Batches => "batches",
            Group::Minima => "minima",
            Group::View => "view",
            Group::Chain => "chain",
            Group::Hidden => "hidden",
        }
    }
}

/// The menu entries of a select: (value, label).
pub type Options = fn() -> Vec<(&'static str, &'static str)>;

/// The control that shows a setting.
#[derive(Clone, Copy, Debug)]
pub enum Control {
    /// None: the setting lives in the URL and the API only.
    None,
    /// A slider over `min..=max` (of log10 of the value when `log`). The
    /// page may narrow or widen the range to suit the data (the learning
    /// rate, the batch size).
    Slider {
        /// Lowest slider position.
        min: f64,
        /// Highest slider position.
        max: f64,
        /// Slider resolution.
        step: f64,
        /// The slider moves over log10 of the value.
        log: bool,
    },
    /// A menu.
    Select(Options),
    /// A checkbox.
    Check,
    /// A number field.
    Field {
        /// Smallest value.
        min: f64,
        /// Field resolution (0 for any).
        step: f64,
    },
    /// A text field.
    Text,
}

/// What a change of a setting makes stale, from the least to the most.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Touches {
    /// What is shown: the words and the drawing over the backgrounds.
    View,
    /// The plots' backgrounds too (the theme scales their type and lines).
    Backgrounds,
    /// The runs' settings: each run goes on from where it is with them
    /// (the live path is computed again).
    Runs,
    /// The runs start again.
    Restart,
    /// The data, the loss and its landscape are made again, and the runs
    /// start again.
    Data,
}

/// What a change from `old` to `new` touches: each kind of [`Touches`]
/// that a setting whose value changed names.
pub fn touched(old: &Settings, new: &Settings) -> Vec<Touches> {
    let mut touched = Vec::new();
    for row in TABLE {
        if !touched.contains(&row.touches) && (row.read)(old) != (row.read)(new) {
            touched.push(row.touches);
        }
    }
    touched
}

/// One setting.
#[derive(Clone, Copy)]
pub struct Setting {
    /// The URL and API key.
    pub key: &'static str,
    /// The id of its control on the page (stable: tests and embedders use it).
    pub id: &'static str,
    /// The control's label.
    pub label: &'static str,
    /// One line of help, shown as the control's tooltip.
    pub help: &'static str,
    /// Where the control sits.
    pub group: Group,
    /// The control.
    pub control: Control,
    /// Order of application within one change: lower first.
    pub order: u8,
    /// What a change of it makes stale (the session's `apply` reads it).
    pub touches: Touches,
    /// The value as it appears in a URL.
    pub read: fn(&Settings) -> String,
    /// Takes a value from a URL or `set()`; a value that holds a view (a
    /// scene, a challenge, a deck's slides) reads it through `reader`.
    pub write: fn(&mut Settings, &str, &Reader) -> Result<(), Refusal>,
}

/// What a row needs of the URL reader above the table: the settings of a
/// view (a scene's, a challenge's or a slide's query) and the notices its
/// bad values make. Given to the rows rather than called by them, since
/// the reader itself reads through this table.
pub struct Reader {
    /// The settings a query gives over the defaults, read leniently.
    pub view: fn(&str) -> (Settings, Vec<Notice>),
    /// A deck's slide's view, read leniently.
    pub slide: fn(&str) -> deck::ReadView,
}

/// The row of `key`, if it is a setting.
pub fn setting(key: &str) -> Option<&'static Setting> {
    TABLE.iter().find(|row| row.key == key)
}

/// The kinds of learning-rate schedule, by URL name.
const SCHEDULES: [&str; 4] = ["constant", "step", "inv", "exp"];

fn dataset_options() -> Vec<(&'static str, &'static str)> {
    Preset::ALL
        .iter()
        .chain(std::iter::once(&Preset::Custom))
        .map(|p| (p.key(), p.short_label()))
        .collect()
}

fn write_data(s: &mut Settings, value: &str, _: &Reader) -> Result<(), Refusal> {
    if value.trim().is_empty() {
        if s.dataset == Preset::Custom {
            s.dataset = Preset::Overlap;
        }
        s.custom = None;
        return Ok(());
    }
    let names = s.custom.as_ref().map_or_else(
        || ["x".to_string(), "x2".to_string(), "label".to_string()],
        |c| {
            [
                c.data.feature.clone(),
                c.data.feature2.clone(),
                c.label.clone(),
            ]
        },
    );
    let mut custom = Custom::parse_inline(value, [&names[0], &names[1]]).map_err(refuse)?;
    custom.label = names[2].clone();
    s.custom = Some(custom);
    write_dataset(s, Preset::Custom.key())
}

/// A column of the user's data: the label, the feature or the second feature.
#[derive(Clone, Copy, PartialEq)]
enum Column {
    Label,
    X,
    X2,
}

/// The user's data, when the page shows them and a link can carry them.
fn linked(s: &Settings) -> Option<&Custom> {
    s.custom
        .as_ref()
        .filter(|c| s.dataset == Preset::Custom && c.data.len() <= LINK_POINTS)
}

/// The name of a column of the user's data, for the link.
fn read_column(s: &Settings, which: Column) -> String {
    let Some(custom) = linked(s) else {
        return String::new();
    };
    match which {
        Column::Label => custom.label.clone(),
        Column::X => custom.data.feature.clone(),
        Column::X2 if custom.data.x2.is_some() => custom.data.feature2.clone(),
        Column::X2 => String::new(),
    }
}

/// Chooses a column of the loaded CSV again (an empty `x2`: one feature);
/// for data without their file (from a link, or edited) only names it.
fn write_column(s: &mut Settings, which: Column, value: &str) -> Result<(), Refusal> {
    let value = value.trim();
    // A name travels in the link: a long one is cut as a loaded file's
    // header is.
    if value.chars().count() > COLUMN_CHARS {
        let kept: String = value.chars().take(COLUMN_CHARS).collect();
        return Err(Refusal::with_fallback(
            format!("is longer than {COLUMN_CHARS} characters"),
            kept.trim_end(),
        )
        .described(format!("the name shortened to {COLUMN_CHARS} characters")));
    }
    let Some(custom) = s.custom.as_mut().filter(|_| s.dataset == Preset::Custom) else {
        return match value {
            "" => Ok(()),
            _ => Err(refuse(
                "names a column of your own data, and none is shown: load a CSV or give data= first",
            )),
        };
    };
    if value.is_empty() && which != Column::X2 {
        return Ok(());
    }
    let Some(text) = custom.csv.clone() else {
        match which {
            Column::Label => custom.label = value.to_string(),
            Column::X => custom.data.feature = value.to_string(),
            Column::X2 if custom.data.x2.is_some() => custom.data.feature2 = value.to_string(),
            Column::X2 if value.is_empty() => {}
            Column::X2 => {
                return Err(refuse(
                    "names a second feature, and these data have one: load a CSV with two",
                ))
            }
        }
        return Ok(());
    };
    let mut label = custom.label.clone();
    let mut x = custom.data.feature.clone();
    let mut x2 = custom
        .data
        .x2
        .as_ref()
        .map(|_| custom.data.feature2.clone());
    let before = (label.clone(), x.clone(), x2.clone());
    match which {
        Column::Label => label = value.to_string(),
        Column::X => x = value.to_string(),
        Column::X2 => x2 = (!value.is_empty()).then(|| value.to_string()),
    }
    if (&label, &x, &x2) == (&before.0, &before.1, &before.2) {
        return Ok(());
    }
    let (data, summary) = crate::model::csv::read(&text, Some(&label), Some(&x), x2.as_deref())
        .map_err(|e| refuse(e.to_string()))?;
    s.custom = Some(Custom {
        data,
        source: DataSource::Csv,
        skipped: summary.skipped,
        positive: summary.positive,
        label: summary.label,
        csv: Some(text),
    });
    s.start = None;
    write_dataset(s, Preset::Custom.key())
}

fn optimizer_options() -> Vec<(&'static str, &'static str)> {
    OptimizerKind::ALL
        .iter()
        .map(|k| (k.key(), optimizer_name(*k)))
        .collect()
}

fn challenge_options() -> Vec<(&'static str, &'static str)> {
    std::iter::once(("", "Choose a challenge…"))
        .chain(CHALLENGES.iter().map(|c| (c.key, c.task)))
        .collect()
}

fn scene_options() -> Vec<(&'static str, &'static str)> {
    std::iter::once(("", "Choose a lecture scene…"))
        .chain(SCENES.iter().map(|s| (s.key, s.title)))
        .collect()
}

/// The name of an optimizer, as menus and legends show it.
pub fn optimizer_name(kind: OptimizerKind) -> &'static str {
    match kind {
        OptimizerKind::Gd => "Gradient descent",
        OptimizerKind::Momentum => "Momentum",
        OptimizerKind::Nesterov => "Nesterov",
        OptimizerKind::AdaGrad => "AdaGrad",
        OptimizerKind::RmsProp => "RMSProp",
        OptimizerKind::Adam => "Adam",
        OptimizerKind::Newton => "Newton",
    }
}

fn choice<T: Copy>(
    value: &str,
    all: &[T],
    key: impl Fn(T) -> &'static str,
    what: &str,
) -> Result<T, Refusal> {
    let value = value.trim();
    all.iter()
        .copied()
        .find(|v| key(*v) == value)
        .ok_or_else(|| {
            let names: Vec<&str> = all.iter().map(|v| key(*v)).collect();
            refuse(format!("is not {what} (choose {})", names.join(", ")))
        })
}

/// A comma-separated list of setting keys (and `extra` names), each once.
fn key_list(value: &str, extra: &[&'static str]) -> Result<Vec<&'static str>, Refusal> {
    let mut keys = Vec::new();
    for name in value.split(',').map(str::trim).filter(|n| !n.is_empty()) {
        let known = extra
            .iter()
            .copied()
            .chain(TABLE.iter().map(|row| row.key))
            .find(|&k| k == name);
        match known {
            Some(k) if !keys.contains(&k) => keys.push(k),
            Some(_) => {}
            None => {
                return Err(refuse(format!(
                    "names {name}, which is not a setting{}",
                    if extra.is_empty() {
                        ""
                    } else {
                        " or a button (play, step, epoch, reset, share)"
                    }
                )))
            }
        }
    }
    Ok(keys)
}

fn write_controls(s: &mut Settings, value: &str, _: &Reader) -> Result<(), Refusal> {
    s.page.controls = match value.trim() {
        "layout" => None,
        "all" => Some(vec!["all"]),
        "none" | "" => Some(Vec::new()),
        list => Some(key_list(list, &BUTTONS)?),
    };
    Ok(())
}

fn write_dataset(s: &mut Settings, value: &str) -> Result<(), Refusal> {
    let preset = Preset::from_key(value.trim()).ok_or_else(|| {
        let names: Vec<&str> = Preset::ALL.iter().map(|p| p.key()).collect();
        refuse(format!(
            "is not a data set (choose {}, or custom)",
            names.join(", ")
        ))
    })?;
    if preset == Preset::Custom && s.custom.is_none() {
        return Err(refuse(
            "has no data yet: load a CSV, give data= in the link, or add points by hand",
        ));
    }
    // A new data set brings its own start (a `start` given alongside is
    // applied after this).
    if preset != s.dataset {
        s.start = None;
    }
    s.dataset = preset;
    // A batch size larger than the new data set means "all points".
    if s.batch_size.is_some_and(|b| b >= s.points()) {
        s.batch_size = None;
    }
    // Two features mean the two-feature model; one cannot feed it.
    s.model = ModelChoice::fitting(s.model, s.two_feature_data());
    // The chain panel's point must be one of the new data's.
    if s.point >= s.points() {
        s.point = 0;
    }
    // Each data set comes with a learning rate that suits it; an `lr` given
    // alongside is applied after this one.
    s.set_learning_rate(s.dataset.default_learning_rate());
    Ok(())
}

fn write_batch(s: &mut Settings, value: &str, _: &Reader) -> Result<(), Refusal> {
    let n = s.points();
    if value.trim().eq_ignore_ascii_case("full") {
        s.batch_size = None;
        return Ok(());
    }
    let v = number(value)?;
    if v.fract() != 0.0 || v < 1.0 {
        return Err(Refusal::with_fallback(
            format!("is not a whole number from 1 to {n}"),
            // Nonsense falls back to the default (all points); a fraction
            // to the nearest whole size.
            if v >= 1.0 {
                (v.round() as usize).min(n).to_string()
            } else {
                "full".into()
            },
        ));
    }
    if v > n as f64 {
        return Err(Refusal::with_fallback(
            format!("is more than the {n} points of this data set"),
            n.to_string(),
        ));
    }
    let size = v as usize;
    s.batch_size = if size == n { None } else { Some(size) };
    Ok(())
}

/// `b0,b1,label` per note, notes apart by `;`.
fn notes_value(notes: &[Note]) -> String {
    let notes: Vec<String> = (notes.iter())
        .map(|n| format!("{},{},{}", n.at[0], n.at[1], n.label))
        .collect();
    notes.join(";")
}

/// Reads notes; a bad one is named and the good ones are kept.
fn write_notes(s: &mut Settings, value: &str, _: &Reader) -> Result<(), Refusal> {
    let mut notes = Vec::new();
    let mut problems = Vec::new();
    let mut shortened = false;
    for (k, part) in value
        .split(';')
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .enumerate()
    {
        let at = match part.splitn(3, ',').collect::<Vec<_>>()[..] {
            [b0, b1, label] => match (number(b0), number(b1)) {
                (Ok(b0), Ok(b1)) if b0.abs() <= START_LIMIT && b1.abs() <= START_LIMIT => {
                    Some(([b0, b1], label.trim()))
                }
                _ => None,
            },
            _ => None,
        };
        match at {
            Some(_) if notes.len() == MAX_NOTES => {
                problems.push(format!("has more than {MAX_NOTES} notes"));
                break;
            }
            Some((at, label)) if !label.is_empty() => {
                // The page's field holds 60 characters; a link or the API may
                // give more, and is told.
                if label.chars().count() > NOTE_CHARS {
                    shortened = true;
                    problems.push(format!(
                        "note {}'s label is longer than {NOTE_CHARS} characters",
                        k + 1
                    ));
                }
                notes.push(Note {
                    at,
                    label: label
                        .chars()
                        .take(NOTE_CHARS)
                        .collect::<String>()
                        .trim_end()
                        .to_string(),
                })
            }
            _ => problems.push(format!(
                "note {} is not b0,b1,label with b0 and b1 within {START_LIMIT}",
                k + 1
            )),
        }
    }
    if !problems.is_empty() {
        let kept = notes_value(&notes);
        let refusal = Refusal::with_fallback(problems.join("; "), kept.clone());
        return Err(match shortened {
            true => refusal.described(format!(
                "{kept} (labels shortened to {NOTE_CHARS} characters)"
            )),
            false => refusal,
        });
    }
    s.notes = notes;
    Ok(())
}

fn write_start(s: &mut Settings, value: &str, _: &Reader) -> Result<(), Refusal> {
    if value.trim() == "default" {
        s.start = None;
        return Ok(());
    }
    let parts: Vec<&str> = value.split(',').collect();
    let [b0, b1] = parts[..] else {
        return Err(refuse("is not two numbers b0,b1 (for example start=-2,3)"));
    };
    let (b0, b1) = (number(b0)?, number(b1)?);
    if b0.abs() > START_LIMIT || b1.abs() > START_LIMIT {
        return Err(refuse(format!(
            "is farther than {START_LIMIT} from the origin"
        )));
    }
    s.start = Some([b0, b1]);
    Ok(())
}

fn write_schedule(s: &mut Settings, value: &str, _: &Reader) -> Result<(), Refusal> {
    let key = value.trim();
    s.schedule = SCHEDULES
        .into_iter()
        .find(|k| *k == key)
        .ok_or_else(|| refuse("is not constant, step, inv or exp"))?;
    // A decay chosen for another schedule may not suit this one.
    if s.decay
        .is_some_and(|d| s.schedule == "step" && (d > 1.0 || d == 0.0))
    {
        s.decay = None;
    }
    Ok(())
}

fn write_decay(s: &mut Settings, value: &str, _: &Reader) -> Result<(), Refusal> {
    if value.trim() == "default" {
        s.decay = None;
        return Ok(());
    }
    let range = if s.schedule == "step" {
        (0.0, 1.0)
    } else {
        (0.0, 10.0)
    };
    let v = ranged(value, range)?;
    if s.schedule == "step" && v == 0.0 {
        return Err(Refusal::with_fallback(
            "is 0, which would stop the step schedule dead",
            "0.5",
        ));
    }
    s.decay = Some(v);
    Ok(())
}

/// One entry of `runs`: `[optimizer:]lr[:batch]`.
fn run_spec(entry: &str, n: usize) -> Result<RunSpec, String> {
    let parts: Vec<&str> = entry.split(':').map(str::trim).collect();
    let (optimizer, rest) = match OptimizerKind::from_key(parts[0]) {
        Some(kind) => (Some(kind), &parts[1..]),
        None => (None, &parts[..]),
    };
    let (lr, batch) = match rest {
        [lr] => (*lr, None),
        [lr, batch] => (*lr, Some(*batch)),
        _ => {
            return Err(format!(
                "entry \"{entry}\" is not [optimizer:]rate[:batch], e.g. adam:0.05"
            ))
        }
    };
    let learning_rate = match lr.parse::<f64>() {
        Ok(v) if (LEARNING_RATE_RANGE.0..=LEARNING_RATE_RANGE.1).contains(&v) => v,
        _ => {
            let names: Vec<&str> = OptimizerKind::ALL.iter().map(|k| k.key()).collect();
            return Err(format!(
                "entry \"{entry}\" needs a learning rate from {} to {} (optimizers: {})",
                LEARNING_RATE_RANGE.0,
                LEARNING_RATE_RANGE.1,
                names.join(", ")
            ));
        }
    };
    let batch = match batch {
        None => None,
        Some(b) if b.eq_ignore_ascii_case("full") => Some(BatchSize::Full),
        Some(b) => match b.parse::<usize>() {
            Ok(size) if (1..=n).contains(&size) => Some(if size == n {
                BatchSize::Full
            } else {
                BatchSize::Points(size)
            }),
            _ => {
                return Err(format!(
                    "entry \"{entry}\" has batch size \"{b}\", not full or 1 to {n}"
                ))
            }
        },
    };
    Ok(RunSpec {
        optimizer,
        learning_rate,
        batch,
    })
}

fn write_runs(s: &mut Settings, value: &str, _: &Reader) -> Result<(), Refusal> {
    let value = value.trim();
    let entries: Vec<&str> = value.split(',').filter(|e| !e.trim().is_empty()).collect();
    if entries.is_empty() || value == "single" {
        s.runs = Runs::Single;
        return Ok(());
    }
    if value == "trio" {
        s.runs = Runs::Trio;
        return Ok(());
    }
    let mut runs = Vec::new();
    for entry in entries.iter().take(MAX_RUNS) {
        runs.push(run_spec(entry, s.points()).map_err(refuse)?);
    }
    if entries.len() > MAX_RUNS {
        let kept: Vec<String> = runs.iter().map(|r| r.to_string()).collect();
        return Err(Refusal::with_fallback(
            format!("has {} runs, more than {MAX_RUNS}", entries.len()),
            kept.join(","),
        ));
    }
    s.learning_rate = runs[0].learning_rate;
    s.runs = Runs::List(runs);
    Ok(())
}

fn read_runs(s: &Settings) -> String {
    match &s.runs {
        Runs::Single => String::new(),
        Runs::Trio => "trio".into(),
        Runs::List(runs) => runs
            .iter()
            .map(|r| r.to_string())
            .collect::<Vec<_>>()
            .join(","),
    }
}

fn write_scene(s: &mut Settings, value: &str, reader: &Reader) -> Result<(), Refusal> {
    let value = value.trim();
    if value.is_empty() {
        s.scene = None;
        return Ok(());
    }
    let scene = SCENES.iter().find(|sc| sc.key == value).ok_or_else(|| {
        let names: Vec<&str> = SCENES.iter().map(|sc| sc.key).collect();
        refuse(format!("is not a scene (choose {})", names.join(", ")))
    })?;
    start_from(
        s,
        Settings {
            scene: Some(scene),
            ..(reader.view)(scene.query).0
        },
    );
    // The scene's slide, when the deck shows it as it is.
    s.page.slide = s
        .page
        .deck
        .iter()
        .position(|slide| slide.scene() == Some(scene));
    Ok(())
}

/// Replaces every setting with `next` (a scene's or a challenge's) but the
/// page's own (embed, controls, lock, theme, trail, deck and slide).
fn start_from(s: &mut Settings, next: Settings) {
    let page = std::mem::take(&mut s.page);
    *s = next;
    s.page = page;
}

fn write_challenge(s: &mut Settings, value: &str, reader: &Reader) -> Result<(), Refusal> {
    let value = value.trim();
    if value.is_empty() {
        s.challenge = None;
        return Ok(());
    }
    let challenge = challenge::find(value).ok_or_else(|| {
        let names: Vec<&str> = CHALLENGES.iter().map(|c| c.key).collect();
        refuse(format!("is not a challenge (choose {})", names.join(", ")))
    })?;
    start_from(
        s,
        Settings {
            challenge: Some(challenge),
            ..(reader.view)(challenge.query).0
        },
    );
    s.page.slide = None;
    Ok(())
}

/// Reads a deck (built-in names or its text); mistakes that leave slides
/// to show are refused with the cleaned deck as the fallback, so a link
/// opens what it can and says what it left out.
fn write_deck(s: &mut Settings, value: &str, reader: &Reader) -> Result<(), Refusal> {
    // An empty `deck=` is no deck (a deck's text or file must hold a slide).
    let (slides, warnings) = match value.trim() {
        "" => (Vec::new(), Vec::new()),
        value => deck::parse(value, reader.slide).map_err(refuse)?,
    };
    if !warnings.is_empty() {
        let n = slides.len();
        let noun = if n == 1 { "slide" } else { "slides" };
        return Err(
            Refusal::with_fallback(warnings.join("; "), deck::to_value(&slides))
                .described(format!("the deck's {n} {noun} as read")),
        );
    }
    // Another deck starts before its first slide.
    if s.page.deck != slides {
        s.page.slide = None;
    }
    s.page.deck = slides;
    Ok(())
}

/// Opens slide `value` (from 1) of the deck: its view, keeping the page.
fn write_slide(s: &mut Settings, value: &str, reader: &Reader) -> Result<(), Refusal> {
    if value.trim().is_empty() {
        s.page.slide = None;
        return Ok(());
    }
    let count = s.page.deck.len() as u64;
    if count == 0 {
        return Err(refuse("needs a deck (deck=lecture, or a deck's text)"));
    }
    let k = whole(value, (1, count), "")? as usize - 1;
    let next = (reader.view)(&s.page.deck[k].view).0;
    start_from(s, next);
    s.page.slide = Some(k);
    Ok(())
}

/// A decay rate: from 0 up to, not including, 1.
fn open_unit(value: &str) -> Result<f64, Refusal> {
    let v = number(value)?;
    if !(0.0..1.0).contains(&v) {
        return Err(Refusal::with_fallback(
            "is not in [0, 1)",
            v.clamp(0.0, 0.999).to_string(),
        ));
    }
    Ok(v)
}

/// Every setting, in the order the page shows them.
pub static TABLE: &[Setting] = &[
    Setting {
        key: "scene",
        id: "scene",
        label: "Lecture scene",
        help: "One click sets the data, the runs and the view of a scene of the lecture",
        group: Group::Scene,
        control: Control::Select(scene_options),
        order: 1,
        touches: Touches::View,
        read: |s| s.scene.map_or(String::new(), |sc| sc.key.to_string()),
        write: write_scene,
    },
    Setting {
        key: "challenge",
        id: "challenge",
        label: "Challenge",
        help: "A task to solve with the controls; the page says when it is met, and why",
        group: Group::Scene,
        control: Control::Select(challenge_options),
        order: 1,
        touches: Touches::View,
        read: |s| s.challenge.map_or(String::new(), |c| c.key.to_string()),
        write: write_challenge,
    },
    Setting {
        key: "speed",
        id: "speed",
        label: "Speed",
        help: "Steps per second while playing",
        group: Group::Playback,
        control: Control::Slider {
            min: 0.0,
            max: 3.0,
            step: 0.01,
            log: true,
        },
        order: 6,
        touches: Touches::View,
        read: |s| s.speed.to_string(),
        write: |s, v, _| {
            s.speed = ranged(v, SPEED_RANGE)?;
            Ok(())
        },
    },
    Setting {
        key: "path",
        id: "path",
        label: "whole path, live",
        help: "Show the first T steps at once, recomputed at every change: drag a slider and the whole path follows",
        group: Group::Playback,
        control: Control::Check,
        order: 6,
        touches: Touches::Restart,
        read: |s| s.path.key().into(),
        write: |s, v, _| {
            s.path = match v.trim() {
                "live" | "true" | "1" => PathMode::Live,
                "play" | "false" | "0" => PathMode::Play,
                _ => return Err(refuse("is not live or play")),
            };
            Ok(())
        },
    },
    Setting {
        key: "steps",
        id: "steps",
        label: "Steps shown T",
        help: "How many steps the live path shows",
        group: Group::Playback,
        control: Control::Slider {
            min: 1.0,
            max: 3.0,
            step: 0.01,
            log: true,
        },
        order: 6,
        touches: Touches::Runs,
        read: |s| s.steps.to_string(),
        write: |s, v, _| {
            s.steps = whole(v, STEPS_RANGE, "of steps ")?;
            Ok(())
        },
    },
    Setting {
        key: "optimizer",
        id: "optimizer",
        label: "Optimizer",
        help: "The update rule (of every run that does not name its own)",
        group: Group::Runs,
        control: Control::Select(optimizer_options),
        order: 4,
        touches: Touches::Runs,
        read: |s| s.optimizer.key().into(),
        write: |s, v, _| {
            s.optimizer = choice(v, &OptimizerKind::ALL, OptimizerKind::key, "an optimizer")?;
            // A list's first run follows the menu, which shows it.
            if let Runs::List(runs) = &mut s.runs {
                if let Some(first) = runs.first_mut() {
                    first.optimizer = None;
                }
            }
            Ok(())
        },
    },
    Setting {
        key: "lr",
        id: "lr",
        label: "Learning rate η",
        help: "The step size of the first run (for Newton's method, the fraction of the Newton step)",
        group: Group::Runs,
        control: Control::Slider {
            min: -3.0,
            max: 1.0,
            step: 0.01,
            log: true,
        },
        order: 6,
        touches: Touches::Runs,
        read: |s| s.learning_rate.to_string(),
        write: |s, v, _| {
            let lr = ranged(v, LEARNING_RATE_RANGE)?;
            s.set_learning_rate(lr);
            Ok(())
        },
    },
    Setting {
        key: "runs",
        id: "runs",
        label: "Runs",
        help: "Runs side by side: learning rates (0.01,0.5,3), or optimizer:rate entries (gd:0.5,adam:0.05), an optional :batch size, or trio",
        group: Group::Runs,
        control: Control::Text,
        order: 5,
        touches: Touches::Runs,
        read: read_runs,
        write: write_runs,
    },
    Setting {
        key: "line_search",
        id: "line-search",
        label: "backtracking line search",
        help: "Each step halves its size from η until the loss falls enough (Armijo); tried steps show as faint points",
        group: Group::Runs,
        control: Control::Check,
        order: 6,
        touches: Touches::Runs,
        read: |s| s.line_search.to_string(),
        write: |s, v, _| {
            s.line_search = boolean(v)?;
            Ok(())
        },
    },
    Setting {
        key: "momentum",
        id: "momentum",
        label: "momentum μ",
        help: "Momentum and Nesterov: how much of the velocity each step keeps",
        group: Group::Runs,
        control: Control::Field {
            min: 0.0,
            step: 0.0,
        },
        order: 6,
        touches: Touches::Runs,
        read: |s| s.hyper.momentum.to_string(),
        write: |s, v, _| {
            s.hyper.momentum = open_unit(v)?;
            Ok(())
        },
    },
    Setting {
        key: "beta1",
        id: "beta1",
        label: "β1",
        help: "Adam: decay of the running mean of gradients",
        group: Group::Runs,
        control: Control::Field {
            min: 0.0,
            step: 0.0,
        },
        order: 6,
        touches: Touches::Runs,
        read: |s| s.hyper.beta1.to_string(),
        write: |s, v, _| {
            s.hyper.beta1 = open_unit(v)?;
            Ok(())
        },
    },
    Setting {
        key: "beta2",
        id: "beta2",
        label: "β2",
        help: "Adam: decay of the running mean of squared gradients",
        group: Group::Runs,
        control: Control::Field {
            min: 0.0,
            step: 0.0,
        },
        order: 6,
        touches: Touches::Runs,
        read: |s| s.hyper.beta2.to_string(),
        write: |s, v, _| {
            s.hyper.beta2 = open_unit(v)?;
            Ok(())
        },
    },
    Setting {
        key: "rho",
        id: "rho",
        label: "ρ",
        help: "RMSProp: decay of the running mean of squared gradients",
        group: Group::Runs,
        control: Control::Field {
            min: 0.0,
            step: 0.0,
        },
        order: 6,
        touches: Touches::Runs,
        read: |s| s.hyper.rho.to_string(),
        write: |s, v, _| {
            s.hyper.rho = open_unit(v)?;
            Ok(())
        },
    },
    Setting {
        key: "eps",
        id: "eps",
        label: "ε",
        help: "AdaGrad, RMSProp, Adam: added to the root of the squared gradients so no step divides by zero",
        group: Group::Runs,
        control: Control::Field {
            min: 1e-12,
            step: 0.0,
        },
        order: 6,
        touches: Touches::Runs,
        read: |s| format!("{:e}", s.hyper.eps),
        write: |s, v, _| {
            s.hyper.eps = ranged(v, (1e-12, 1.0))?;
            Ok(())
        },
    },
    Setting {
        key: "dataset",
        id: "dataset",
        label: "Data",
        help: "The data set; each brings a learning rate that suits it",
        group: Group::Data,
        control: Control::Select(dataset_options),
        order: 3,
        touches: Touches::Data,
        read: |s| s.dataset.key().into(),
        write: |s, v, _| write_dataset(s, v),
    },
    Setting {
        key: "data",
        id: "",
        label: "Your data",
        help: "Your points in the link, at most 500: x,label or x1,x2,label, separated by semicolons, labels 0 or 1; sets dataset=custom",
        group: Group::Hidden,
        control: Control::None,
        order: 2,
        touches: Touches::Data,
        read: |s| {
            s.custom
                .as_ref()
                .and_then(|c| c.inline())
                .unwrap_or_default()
        },
        write: write_data,
    },
    Setting {
        key: "label",
        id: "",
        label: "Label column",
        help: "The label column of your data: chooses it again in a loaded CSV, names it otherwise",
        group: Group::Hidden,
        control: Control::None,
        order: 3,
        touches: Touches::Data,
        read: |s| read_column(s, Column::Label),
        write: |s, v, _| write_column(s, Column::Label, v),
    },
    Setting {
        key: "x",
        id: "",
        label: "Feature column",
        help: "The feature column of your data: chooses it again in a loaded CSV, names it otherwise",
        group: Group::Hidden,
        control: Control::None,
        order: 3,
        touches: Touches::Data,
        read: |s| read_column(s, Column::X),
        write: |s, v, _| write_column(s, Column::X, v),
    },
    Setting {
        key: "x2",
        id: "",
        label: "Second feature column",
        help: "The second feature column of your data (empty: one feature): chooses it again in a loaded CSV, names it otherwise",
        group: Group::Hidden,
        control: Control::None,
        order: 3,
        touches: Touches::Data,
        read: |s| read_column(s, Column::X2),
        write: |s, v, _| write_column(s, Column::X2, v),
    },
    Setting {
        key: "model",
        id: "model",
        label: "Model",
        help: "What p is: logistic regression on one feature, or on two without an intercept, or one hidden unit (not convex: it has more than one minimum)",
        group: Group::Data,
        control: Control::Select(|| {
            vec![
                ("logistic", "logistic: σ(b0 + b1 x)"),
                ("features2", "two features: σ(w1 x1 + w2 x2)"),
                ("hidden", "hidden unit: σ(w2 tanh(w1 x + c) + d)"),
            ]
        }),
        // After the data set: the two-feature model needs two features.
        order: 4,
        touches: Touches::Data,
        read: |s| s.model.key().into(),
        write: |s, v, _| {
            s.model = choice(
                v,
                &[ModelChoice::Logistic, ModelChoice::Features2, ModelChoice::Hidden],
                ModelChoice::key,
                "a model",
            )?;
            // The two-feature model on one-feature data: the tumours' radius and texture.
            if s.model == ModelChoice::Features2 && !s.two_feature_data() {
                write_dataset(s, Preset::Cancer2.key())?;
                s.model = ModelChoice::Features2;
            }
            Ok(())
        },
    },
    Setting {
        key: "loss",
        id: "loss",
        label: "Loss",
        help: "Negative log-likelihood (convex for logistic regression), or squared error on p (not convex: it has plateaus)",
        group: Group::Data,
        control: Control::Select(|| {
            vec![
                ("nll", "negative log-likelihood"),
                ("squared", "squared error (p − y)²"),
            ]
        }),
        order: 4,
        touches: Touches::Data,
        read: |s| s.loss.key().into(),
        write: |s, v, _| {
            s.loss = choice(v, &[Loss::Nll, Loss::Squared], Loss::key, "a loss")?;
            Ok(())
        },
    },
    Setting {
        key: "penalty",
        id: "penalty",
        label: "Penalty",
        help: "A price on large coefficients (never the intercept): L2 (λ/2)b², or L1 λ|b|, whose proximal step can set a coefficient exactly to zero",
        group: Group::Data,
        control: Control::Select(|| {
            vec![("none", "none"), ("l2", "L2 (ridge)"), ("l1", "L1 (lasso)")]
        }),
        order: 6,
        touches: Touches::Data,
        read: |s| s.penalty.key().into(),
        write: |s, v, _| {
            s.penalty = choice(
                v,
                &[Penalty::None, Penalty::L2, Penalty::L1],
                Penalty::key,
                "none, l2 or l1",
            )?;
            Ok(())
        },
    },
    Setting {
        key: "lambda",
        id: "lambda",
        label: "Penalty λ",
        help: "The penalty's strength",
        group: Group::Data,
        control: Control::Slider {
            min: -4.0,
            max: 1.0,
            step: 0.01,
            log: true,
        },
        order: 6,
        touches: Touches::Data,
        read: |s| s.lambda.to_string(),
        write: |s, v, _| {
            s.lambda = ranged(v, LAMBDA_RANGE)?;
            Ok(())
        },
    },
    Setting {
        key: "standardize",
        id: "standardize",
        label: "standardise x",
        help: "x becomes (x − mean) / sd: a round bowl instead of a thin valley",
        group: Group::Data,
        control: Control::Check,
        order: 6,
        touches: Touches::Data,
        read: |s| s.standardize.to_string(),
        write: |s, v, _| {
            s.standardize = boolean(v)?;
            Ok(())
        },
    },
    Setting {
        key: "n",
        id: "n",
        label: "Points",
        help: "How many points the synthetic data have",
        group: Group::Data,
        control: Control::Slider {
            min: 1.0,
            max: 4.0,
            step: 0.01,
            log: true,
        },
        order: 4,
        touches: Touches::Data,
        // Empty while at the preset's own, so links stay short.
        read: |s| s.synth.n.map_or(String::new(), |n| n.to_string()),
        write: |s, v, _| {
            if v.trim().is_empty() {
                s.synth.n = None;
                return Ok(());
            }
            let n = whole(v, N_RANGE, "of points ")? as usize;
            s.synth.n = Some(n);
            // A batch size larger than the new data set means "all points".
            if s.batch_size.is_some_and(|b| b >= s.points()) {
                s.batch_size = None;
            }
            Ok(())
        },
    },
    Setting {
        key: "separation",
        id: "separation",
        label: "separation",
        help: "The distance between the two classes' centres (for the separable data, the gap between them)",
        group: Group::Data,
        control: Control::Field {
            min: 0.0,
            step: 0.0,
        },
        order: 6,
        touches: Touches::Data,
        read: |s| s.synth.separation.map_or(String::new(), |v| v.to_string()),
        write: |s, v, _| {
            s.synth.separation = if v.trim().is_empty() {
                None
            } else {
                Some(ranged(v, (0.0, 50.0))?)
            };
            Ok(())
        },
    },
    Setting {
        key: "spread",
        id: "spread",
        label: "spread",
        help: "Each class's standard deviation (for the separable data, its width)",
        group: Group::Data,
        control: Control::Field {
            min: 0.01,
            step: 0.0,
        },
        order: 6,
        touches: Touches::Data,
        read: |s| s.synth.spread.map_or(String::new(), |v| v.to_string()),
        write: |s, v, _| {
            s.synth.spread = if v.trim().is_empty() {
                None
            } else {
                Some(ranged(v, (0.01, 50.0))?)
            };
            Ok(())
        },
    },
    Setting {
        key: "imbalance",
        id: "imbalance",
        label: "Share of class 1",
        help: "The share of points in class 1 (0.5: balanced)",
        group: Group::Data,
        control: Control::Slider {
            min: 0.05,
            max: 0.95,
            step: 0.01,
            log: false,
        },
        order: 6,
        touches: Touches::Data,
        read: |s| s.synth.imbalance.map_or(String::new(), |v| v.to_string()),
        write: |s, v, _| {
            s.synth.imbalance = if v.trim().is_empty() {
                None
            } else {
                Some(ranged(v, (0.05, 0.95))?)
            };
            Ok(())
        },
    },
    Setting {
        key: "label_noise",
        id: "label-noise",
        label: "Label noise",
        help: "The share of labels flipped after drawing the points",
        group: Group::Data,
        control: Control::Slider {
            min: 0.0,
            max: 0.5,
            step: 0.01,
            log: false,
        },
        order: 6,
        touches: Touches::Data,
        read: |s| s.synth.label_noise.map_or(String::new(), |v| v.to_string()),
        write: |s, v, _| {
            s.synth.label_noise = if v.trim().is_empty() {
                None
            } else {
                Some(ranged(v, (0.0, 0.5))?)
            };
            Ok(())
        },
    },
    Setting {
        key: "sample",
        id: "",
        label: "Sample",
        help: "Which sample of the synthetic data (0: the preset's own); New sample counts up",
        group: Group::Hidden,
        control: Control::None,
        order: 6,
        touches: Touches::Data,
        read: |s| s.synth.sample.to_string(),
        write: |s, v, _| {
            s.synth.sample = whole(v, (0, 1_000_000_000), "")?;
            Ok(())
        },
    },
    Setting {
        key: "batch",
        id: "batch",
        label: "Batch size",
        help: "Points per step: N is full gradient descent, 1 is stochastic gradient descent",
        group: Group::Data,
        control: Control::Slider {
            min: 1.0,
            max: 100.0,
            step: 1.0,
            log: false,
        },
        order: 6,
        touches: Touches::Runs,
        read: |s| s.batch_size.map_or("full".into(), |b| b.to_string()),
        write: write_batch,
    },
    Setting {
        key: "seed",
        id: "seed",
        label: "Seed",
        help: "The seed of the batch shuffles: the same seed replays the same batches",
        group: Group::Data,
        control: Control::Field {
            min: 0.0,
            step: 1.0,
        },
        order: 6,
        touches: Touches::Restart,
        read: |s| s.seed.to_string(),
        write: |s, v, _| {
            let v = number(v)?;
            if v < 0.0 || v.fract() != 0.0 || v > 9_007_199_254_740_991.0 {
                return Err(refuse("is not a whole number from 0 to 2^53 - 1"));
            }
            s.seed = v as u64;
            Ok(())
        },
    },
    Setting {
        key: "surface",
        id: "surface-view",
        label: "Surface",
        help: "Which loss the contour plot shows",
        group: Group::Batches,
        control: Control::Select(|| {
            vec![
                ("full", "full loss L"),
                ("batch", "batch loss L_k"),
                ("both", "both"),
            ]
        }),
        order: 6,
        touches: Touches::View,
        read: |s| s.surface.key().into(),
        write: |s, v, _| {
            s.surface = SurfaceView::ALL
                .into_iter()
                .find(|view| view.key() == v.trim())
                .ok_or_else(|| refuse("is not full, batch or both"))?;
            Ok(())
        },
    },
    Setting {
        key: "sampling",
        id: "sampling",
        label: "Batches",
        help: "Reshuffle the points each epoch, or draw each batch with replacement",
        group: Group::Batches,
        control: Control::Select(|| {
            vec![
                ("shuffle", "reshuffle each epoch"),
                ("replacement", "with replacement"),
            ]
        }),
        order: 6,
        touches: Touches::Runs,
        read: |s| s.sampling.key().into(),
        write: |s, v, _| {
            s.sampling = Sampling::from_key(v.trim())
                .ok_or_else(|| refuse("is not shuffle or replacement"))?;
            Ok(())
        },
    },
    Setting {
        key: "drop_last",
        id: "drop-last",
        label: "drop last small batch",
        help: "When the batch size does not divide N, skip each epoch's last, smaller batch",
        group: Group::Batches,
        control: Control::Check,
        order: 6,
        touches: Touches::Runs,
        read: |s| s.drop_last.to_string(),
        write: |s, v, _| {
            s.drop_last = boolean(v)?;
            Ok(())
        },
    },
    Setting {
        key: "schedule",
        id: "schedule",
        label: "η schedule",
        help: "How the learning rate changes with the steps taken",
        group: Group::Batches,
        control: Control::Select(|| {
            vec![
                ("constant", "constant"),
                ("step", "step"),
                ("inv", "inv"),
                ("exp", "exp"),
            ]
        }),
        order: 4,
        touches: Touches::Runs,
        read: |s| s.schedule.into(),
        write: write_schedule,
    },
    Setting {
        key: "decay",
        id: "decay",
        label: "decay",
        help: "The schedule's decay",
        group: Group::Batches,
        control: Control::Field {
            min: 0.0,
            step: 0.0,
        },
        order: 6,
        touches: Touches::Runs,
        read: |s| s.decay.map_or("default".into(), |d| d.to_string()),
        write: write_decay,
    },
    Setting {
        key: "every",
        id: "every",
        label: "every",
        help: "Steps between drops of the step schedule",
        group: Group::Batches,
        control: Control::Field {
            min: 1.0,
            step: 1.0,
        },
        order: 6,
        touches: Touches::Runs,
        read: |s| s.every.to_string(),
        write: |s, v, _| {
            s.every = whole(v, (1, 1_000_000_000), "of steps ")?;
            Ok(())
        },
    },
    Setting {
        key: "fan",
        id: "fan",
        label: "Gradient fan",
        help: "Draw the gradients of this many random batches of the same size",
        group: Group::Batches,
        control: Control::Slider {
            min: 0.0,
            max: FAN_LIMIT as f64,
            step: 1.0,
            log: false,
        },
        order: 6,
        touches: Touches::View,
        read: |s| s.fan.to_string(),
        write: |s, v, _| {
            s.fan = whole(v, (0, FAN_LIMIT as u64), "")? as usize;
            Ok(())
        },
    },
    Setting {
        key: "restarts",
        id: "restarts",
        label: "Random restarts K",
        help: "Run K descents together from random starts; each path is coloured by the minimum it reaches",
        group: Group::Minima,
        control: Control::Slider {
            min: 0.0,
            max: MAX_RESTARTS as f64,
            step: 1.0,
            log: false,
        },
        order: 6,
        touches: Touches::Restart,
        read: |s| s.restarts.to_string(),
        write: |s, v, _| {
            s.restarts = whole(v, (0, MAX_RESTARTS as u64), "")? as usize;
            Ok(())
        },
    },
    Setting {
        key: "restart_box",
        id: "restart-box",
        label: "starts in",
        help: "Where the random starts are drawn: b0min,b0max,b1min,b1max (empty: the plotted window)",
        group: Group::Minima,
        control: Control::Text,
        order: 6,
        touches: Touches::Restart,
        read: |s| {
            s.restart_box
                .map_or(String::new(), |b| b.map(|v| v.to_string()).join(","))
        },
        write: |s, v, _| {
            let v = v.trim();
            if v.is_empty() || v == "window" {
                s.restart_box = None;
                return Ok(());
            }
            let parts: Vec<&str> = v.split(',').collect();
            let [a, b, c, d] = parts[..] else {
                return Err(refuse("is not four numbers b0min,b0max,b1min,b1max"));
            };
            let box4 = [number(a)?, number(b)?, number(c)?, number(d)?];
            if !(box4[0] < box4[1] && box4[2] < box4[3]) {
                return Err(refuse("is not a box: each minimum must be below its maximum"));
            }
            if box4.iter().any(|v| v.abs() > START_LIMIT) {
                return Err(refuse(format!("reaches farther than {START_LIMIT} from the origin")));
            }
            s.restart_box = Some(box4);
            Ok(())
        },
    },
    Setting {
        key: "noise",
        id: "noise",
        label: "gradient noise σ",
        help: "Gaussian noise of this size added to every gradient: it can shake a run out of a shallow basin",
        group: Group::Minima,
        control: Control::Field {
            min: 0.0,
            step: 0.0,
        },
        order: 6,
        touches: Touches::Runs,
        read: |s| s.noise.to_string(),
        write: |s, v, _| {
            s.noise = ranged(v, (0.0, 100.0))?;
            Ok(())
        },
    },
    Setting {
        key: "noise_decay",
        id: "noise-decay",
        label: "annealing γ",
        help: "The noise at step t is σ / (1 + t)^γ: 0 keeps it constant, larger values let it die away",
        group: Group::Minima,
        control: Control::Field {
            min: 0.0,
            step: 0.0,
        },
        order: 6,
        touches: Touches::Runs,
        read: |s| s.noise_decay.to_string(),
        write: |s, v, _| {
            s.noise_decay = ranged(v, (0.0, 5.0))?;
            Ok(())
        },
    },
    Setting {
        key: "view",
        id: "view",
        label: "Surface as",
        help: "The loss surface as contours, in 3-D (drag to turn it), or both side by side",
        group: Group::View,
        control: Control::Select(|| {
            vec![
                ("contour", "contour plot"),
                ("3d", "3-D surface"),
                ("both", "both"),
            ]
        }),
        order: 6,
        touches: Touches::View,
        read: |s| s.view.key().into(),
        write: |s, v, _| {
            s.view = choice(
                v,
                &[SurfaceDisplay::Contour, SurfaceDisplay::ThreeD, SurfaceDisplay::Both],
                SurfaceDisplay::key,
                "contour, 3d or both",
            )?;
            Ok(())
        },
    },
    Setting {
        key: "plots",
        id: "plots",
        label: "Plots",
        help: "Which plots show beside the surface: all three, or the trace or the data alone with it (a slide about the path gives the data's room to the trace)",
        group: Group::View,
        control: Control::Select(|| {
            vec![
                (PlotSet::All.key(), "surface, trace and data"),
                (PlotSet::Trace.key(), "surface and trace"),
                (PlotSet::Data.key(), "surface and data"),
                (PlotSet::Surface.key(), "surface alone"),
            ]
        }),
        order: 6,
        touches: Touches::View,
        read: |s| s.plots.key().into(),
        write: |s, v, _| {
            s.plots = PlotSet::parse(v).ok_or_else(|| {
                refuse("is not a list of plots (surface, trace, data: surface,trace for the surface and the trace)")
            })?;
            Ok(())
        },
    },
    Setting {
        key: "sound",
        id: "sound",
        label: "sound",
        help: "A tone whose pitch follows the first run's loss above its minimum (falling is heard falling, oscillating as alternation), a chime when a run converges and a low buzz when one diverges; h plays a finished run's trace",
        group: Group::View,
        control: Control::Check,
        order: 6,
        touches: Touches::View,
        read: |s| s.page.sound.to_string(),
        write: |s, v, _| {
            s.page.sound = boolean(v)?;
            Ok(())
        },
    },
    Setting {
        key: "shortcuts",
        id: "shortcuts",
        label: "single-letter keys",
        help: "Keys of one letter (e, r, d, s, h, t, b, p, c, ?) act on the page; off for speech input, where words can arrive as letters (Space, the arrows and the page keys still work)",
        group: Group::View,
        control: Control::Check,
        order: 6,
        touches: Touches::View,
        read: |s| (!s.page.shortcuts_off).to_string(),
        write: |s, v, _| {
            s.page.shortcuts_off = !boolean(v)?;
            Ok(())
        },
    },
    Setting {
        key: "log",
        id: "log",
        label: "log-scale loss",
        help: "The trace plot's loss axis on a log scale",
        group: Group::View,
        control: Control::Check,
        order: 6,
        touches: Touches::View,
        read: |s| s.log_scale.to_string(),
        write: |s, v, _| {
            s.log_scale = boolean(v)?;
            Ok(())
        },
    },
    Setting {
        key: "per_epoch",
        id: "per-epoch",
        label: "loss per epoch",
        help: "The trace plot shows the loss at the end of each epoch",
        group: Group::View,
        control: Control::Check,
        order: 6,
        touches: Touches::View,
        read: |s| s.per_epoch.to_string(),
        write: |s, v, _| {
            s.per_epoch = boolean(v)?;
            Ok(())
        },
    },
    Setting {
        key: "trace_x",
        id: "trace-x",
        label: "Trace against",
        help: "Steps, or the evaluations (losses, gradients, Hessians) each method paid for",
        group: Group::View,
        control: Control::Select(|| vec![("step", "steps"), ("evaluations", "evaluations")]),
        order: 6,
        touches: Touches::View,
        read: |s| s.trace_x.key().into(),
        write: |s, v, _| {
            s.trace_x = choice(
                v,
                &[TraceAxis::Step, TraceAxis::Evaluations],
                TraceAxis::key,
                "step or evaluations",
            )?;
            Ok(())
        },
    },
    Setting {
        key: "trace_y",
        id: "trace-y",
        label: "Trace shows",
        help: "The loss L, or its distance to the minimum L − L* on a log scale, where a constant rate of convergence is a straight line",
        group: Group::View,
        control: Control::Select(|| vec![("loss", "the loss L"), ("gap", "L − L*, log scale")]),
        order: 6,
        touches: Touches::View,
        read: |s| if s.trace_gap { "gap" } else { "loss" }.into(),
        write: |s, v, _| {
            s.trace_gap = match v.trim() {
                "gap" => true,
                "loss" => false,
                _ => return Err(refuse("is not loss or gap")),
            };
            Ok(())
        },
    },
    Setting {
        key: "point",
        id: "point",
        label: "Point",
        help: "The data point whose loss the chain follows (or click a point in the data plot)",
        group: Group::Chain,
        control: Control::Field {
            min: 0.0,
            step: 1.0,
        },
        order: 6,
        touches: Touches::View,
        read: |s| s.point.to_string(),
        write: |s, v, _| {
            let last = s.points() as u64 - 1;
            s.point = whole(v, (0, last), "")? as usize;
            Ok(())
        },
    },
    Setting {
        key: "chain",
        id: "chain",
        label: "Show",
        help: "One point's chain, or also the sum over the last batch (the batch gradient the step followed)",
        group: Group::Chain,
        control: Control::Select(|| {
            vec![
                ("point", "this point's chain"),
                ("batch", "and the sum over the batch"),
            ]
        }),
        order: 6,
        touches: Touches::View,
        read: |s| s.chain.key().into(),
        write: |s, v, _| {
            s.chain = choice(
                v,
                &[ChainView::Point, ChainView::Batch],
                ChainView::key,
                "point or batch",
            )?;
            Ok(())
        },
    },
    Setting {
        key: "panel",
        id: "",
        label: "Panel",
        help: "Above the data: the loss against step (trace), or the chain rule for one point (chain)",
        group: Group::Hidden,
        control: Control::None,
        order: 6,
        touches: Touches::View,
        read: |s| s.panel.key().into(),
        write: |s, v, _| {
            s.panel = choice(v, &[Panel::Trace, Panel::Chain], Panel::key, "trace or chain")?;
            Ok(())
        },
    },
    Setting {
        key: "start",
        id: "",
        label: "Start",
        help: "Where the runs start: b0,b1 (w1,w2 for the two-feature model and the hidden unit), or default for the data set's own start",
        group: Group::Hidden,
        control: Control::None,
        order: 6,
        touches: Touches::Restart,
        read: |s| match s.start {
            Some([b0, b1]) => format!("{b0},{b1}"),
            None => "default".into(),
        },
        write: write_start,
    },
    Setting {
        key: "notes",
        id: "",
        label: "Notes",
        help: "Labels with arrows pointing at places on the contour plot: b0,b1,label, notes apart by semicolons, at most 6",
        group: Group::Hidden,
        control: Control::None,
        order: 6,
        touches: Touches::View,
        read: |s| notes_value(&s.notes),
        write: write_notes,
    },
    Setting {
        key: "autoplay",
        id: "",
        label: "Autoplay",
        help: "Start playing when the page opens: true or false",
        group: Group::Hidden,
        control: Control::None,
        order: 6,
        touches: Touches::View,
        read: |s| s.autoplay.to_string(),
        write: |s, v, _| {
            s.autoplay = boolean(v)?;
            Ok(())
        },
    },
    Setting {
        key: "deck",
        id: "",
        label: "Deck",
        help: "The slides Page Down and Page Up step through: lecture (every scene, in order), scene names separated by commas, or a deck's text",
        group: Group::Hidden,
        control: Control::None,
        order: 0,
        touches: Touches::View,
        read: |s| deck::to_value(&s.page.deck),
        write: write_deck,
    },
    Setting {
        key: "slide",
        id: "",
        label: "Slide",
        help: "Which slide of the deck shows, from 1",
        group: Group::Hidden,
        control: Control::None,
        order: 1,
        touches: Touches::View,
        read: |s| s.page.slide.map_or(String::new(), |k| (k + 1).to_string()),
        write: write_slide,
    },
    Setting {
        key: "embed",
        id: "",
        label: "Embedded",
        help: "Shown in a frame on another page: no header or footer, a link to the full view; true or false, only in the page's address",
        group: Group::Hidden,
        control: Control::None,
        order: 6,
        touches: Touches::View,
        read: |s| s.page.embed.to_string(),
        write: |s, v, _| {
            s.page.embed = boolean(v)?;
            Ok(())
        },
    },
    Setting {
        key: "controls",
        id: "",
        label: "Controls shown",
        help: "The controls shown, by key (lr, batch, dataset, ...) or button (play, step, epoch, reset, share); none for a pure figure, all for every one, layout for what the layout chooses",
        group: Group::Hidden,
        control: Control::None,
        order: 6,
        touches: Touches::View,
        read: |s| match &s.page.controls {
            None => "layout".into(),
            Some(list) if list.is_empty() => "none".into(),
            Some(list) => list.join(","),
        },
        write: write_controls,
    },
    Setting {
        key: "lock",
        id: "",
        label: "Locked settings",
        help: "Settings that stay as the page opened with them, by key (lr,dataset): their controls are disabled and set() refuses them; only in the page's address",
        group: Group::Hidden,
        control: Control::None,
        order: 6,
        touches: Touches::View,
        read: |s| s.page.lock.join(","),
        write: |s, v, _| {
            s.page.lock = key_list(v, &[])?;
            Ok(())
        },
    },
    Setting {
        key: "theme",
        id: "theme",
        label: "Theme",
        help: "light; dark for a dim room; projector: larger type, thicker lines, high contrast for the back of a hall",
        group: Group::View,
        control: Control::Select(|| vec![("light", "light"), ("dark", "dark"), ("projector", "projector")]),
        order: 6,
        touches: Touches::Backgrounds,
        read: |s| s.page.theme.key().into(),
        write: |s, v, _| {
            s.page.theme = choice(
                v,
                &[Theme::Light, Theme::Dark, Theme::Projector],
                Theme::key,
                "a theme",
            )?;
            Ok(())
        },
    },
    Setting {
        key: "fade",
        id: "fade",
        label: "Fade steps older than",
        help: "Steps of a path older than this many are drawn faint, so a long or wild path does not bury the bowl and the minimum (0: none)",
        group: Group::View,
        control: Control::Field { min: 0.0, step: 1.0 },
        order: 6,
        touches: Touches::View,
        read: |s| s.fade.to_string(),
        write: |s, v, _| {
            s.fade = whole(v, (0, 1_000_000), "")?;
            Ok(())
        },
    },
    Setting {
        key: "trail",
        id: "trail",
        label: "Trail",
        help: "Draw only the last steps of each path, so a long run does not bury the minimum (0: the whole path)",
        group: Group::View,
        control: Control::Field { min: 0.0, step: 1.0 },
        order: 6,
        touches: Touches::View,
        read: |s| s.page.trail.to_string(),
        write: |s, v, _| {
            s.page.trail = whole(v, (0, 1_000_000), "")?;
            Ok(())
        },
    },
];
