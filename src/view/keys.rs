//! Every key the page answers, in words, for its keyboard help (`?`). The
//! page's keyboard module answers these keys; this list is what it says.

use serde::Serialize;

/// A key (or keys) and what it does.
#[derive(Serialize, Debug, Clone, PartialEq)]
pub struct Key {
    pub keys: &'static str,
    pub what: &'static str,
}

/// Keys that belong together, under a heading.
#[derive(Serialize, Debug, Clone, PartialEq)]
pub struct KeyGroup {
    pub title: &'static str,
    pub keys: Vec<Key>,
}

const fn key(keys: &'static str, what: &'static str) -> Key {
    Key { keys, what }
}

/// The keyboard help: its title and the keys, group by group.
#[derive(Serialize, Debug, Clone, PartialEq)]
pub struct KeysHelp {
    pub title: &'static str,
    pub groups: Vec<KeyGroup>,
}

/// The keyboard help.
pub fn keys() -> KeysHelp {
    KeysHelp {
        title: "Keys",
        groups: groups(),
    }
}

fn groups() -> Vec<KeyGroup> {
    vec![
        KeyGroup {
            title: "The run",
            keys: vec![
                key("Space", "play or pause"),
                key("→", "one step"),
                key("e", "steps to the end of the epoch"),
                key("r", "back to the start"),
            ],
        },
        KeyGroup {
            title: "The contour plot, once it has focus (Tab to it)",
            keys: vec![
                key("arrows", "move the start (with Shift, ten times as far)"),
                key(", and .", "step back and forward along the first run's path, each step read out: parameters, loss, gradient (with Shift, ten steps)"),
                key("Home and End", "the path's first and last step"),
                key("arrows on the 3-D view", "turn it (with Shift, five times as far)"),
            ],
        },
        KeyGroup {
            title: "Hearing and reading the plots",
            keys: vec![
                key("d", "say what the plots show now"),
                key("s", "sound on or off: a tone follows the loss"),
                key("h", "hear the first run's trace, start to now, in three seconds"),
                key("t", "the plots' data as tables: each run's path and loss, the data's points"),
                key("?", "this list of keys"),
            ],
        },
        KeyGroup {
            title: "A deck of slides, and presenting",
            keys: vec![
                key("Page Down, → or ↓", "the next slide (a clicker sends Page Down)"),
                key("Page Up, ← or ↑", "the slide before"),
                key("Home and End", "the first and the last slide"),
                key("b", "blank the screen, and back"),
                key("p", "a presenter window with notes and the next slide"),
                key("c", "while presenting: the controls beside the plots, or not"),
                key("Esc", "leave presenting, or close a dialog"),
            ],
        },
        KeyGroup {
            title: "Everywhere",
            keys: vec![
                key("Tab and Shift+Tab", "move between the controls; Space or Enter presses a button"),
                key("arrows on a slider", "change its value"),
                key("the single-letter keys", "can be turned off: \"single-letter keys\" under Views, or shortcuts=false in the address"),
            ],
        },
    ]
}
