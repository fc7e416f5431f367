//! The page's settings: one object that reads from and writes to the URL
//! query string, that the JavaScript API's `set()` changes, and that the
//! controls show.
//!
//! Every setting is one row of [`table::TABLE`]: its key, its control, its
//! help line, how it is read and how it is written. The URL parser, the
//! API, the copied link and the controls on the page are all driven from
//! that one table (TensorFlow Playground's `State` is the model), so a new
//! setting is one new row.
//!
//! Two ways in, one parser. [`Settings::with_url`] is lenient: a bad URL value
//! never breaks the page; it becomes a [`Notice`] naming the parameter, what
//! was wrong, and the value used instead. [`Settings::with_api`] is strict: a
//! bad value is an error and nothing changes.

pub mod challenge;
pub mod deck;
pub mod display;
pub mod read;
pub mod scenes;
pub mod table;
pub mod url;
pub mod values;

pub use deck::Slide;
pub use display::{PlotSet, SurfaceDisplay};
pub use read::{boolean, number, ranged, refuse, whole, Notice, Refusal};
pub use scenes::{Scene, SCENES};
pub use url::keys;
#[cfg(test)]
pub(crate) use url::query_pairs;
pub use values::*;

#[cfg(test)]
mod tests;
