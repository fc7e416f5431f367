//! Decks: the slides a lecturer steps through with Page Down and Page Up.
//! A slide is a view (its settings as a URL query) with a title and a
//! caption; the built-in deck is every scene of the lecture in order, and a
//! lecturer makes their own from any views.
//!
//! A deck travels as text, the same in a link's `deck=` and in a downloaded
//! file: a block of `title:`, `caption:` and `view:` lines per slide, blocks
//! apart by a blank line. People can read and edit it; the single-file
//! build opens it from disk. A deck of built-in scenes only is written
//! shorter: `lecture`, or the scenes' names separated by commas.

use super::read::Notice;
use super::scenes::{Scene, SCENES};

/// Most slides a deck holds.
pub const MAX_SLIDES: usize = 100;
/// Longest title kept, in characters.
pub const TITLE_CHARS: usize = 120;
/// Longest caption kept, in characters.
pub const CAPTION_CHARS: usize = 1200;
/// The first line of a deck file.
pub const HEADER: &str = "descent deck";

/// One slide: a view with a title and a caption.
#[derive(Clone, Debug, PartialEq)]
pub struct Slide {
    /// Shown in the deck's corner and above the caption.
    pub title: String,
    /// Read aloud, or read by the class.
    pub caption: String,
    /// The view's settings as a URL query over the defaults (never the
    /// page's own: theme, embed, deck...).
    pub view: String,
}

impl Slide {
    /// The slide of a built-in scene.
    pub fn of_scene(scene: &'static super::Scene) -> Slide {
        Slide {
            title: scene.title.into(),
            caption: scene.caption.into(),
            view: format!("scene={}", scene.key),
        }
    }

    /// The built-in scene this slide shows unchanged, if it is one.
    pub fn scene(&self) -> Option<&'static super::Scene> {
        let key = self.view.strip_prefix("scene=")?;
        SCENES.iter().find(|sc| sc.key == key)
    }

    /// True when the slide is a built-in scene with its own words.
    fn plain_scene(&self) -> bool {
        self.scene()
            .is_some_and(|sc| sc.title == self.title && sc.caption == self.caption)
    }
}

/// A slide's view as the URL reader reads it (given to [`parse`], which
/// cannot read settings itself: the settings hold decks).
pub struct ReadView {
    /// The query that reproduces the view, its bad values left out.
    pub query: String,
    /// The scene it starts from, if any.
    pub scene: Option<&'static Scene>,
    /// What was wrong with it.
    pub notices: Vec<Notice>,
}

/// A change the deck editor makes. Indices count from 0.
#[derive(Clone, Debug, PartialEq)]
pub enum Edit {
    /// Adds the current view as the last slide, with these words.
    Add {
        /// Its title (empty: "Slide k").
        title: String,
        /// Its caption.
        caption: String,
    },
    /// Renames a slide and rewrites its caption.
    Words {
        /// Which slide.
        index: usize,
        /// The new title (empty: kept).
        title: String,
        /// The new caption.
        caption: String,
    },
    /// Moves a slide to another place, the others closing up.
    Move {
        /// Which slide.
        index: usize,
        /// Its new place.
        to: usize,
    },
    /// Takes a slide out.
    Remove {
        /// Which slide.
        index: usize,
    },
}

/// Applies `edit` to the page's deck; `view` is the current view's query
/// (for `Add`). The slide showing stays the one showing, wherever it moves.
pub fn edit(page: &mut super::Page, edit: Edit, view: String) -> Result<(), String> {
    let count = page.deck.len();
    let check = |index: usize| match index < count {
        true => Ok(index),
        false => Err(format!(
            "there is no slide {index} (the deck has {count}, counted from 0)"
        )),
    };
    let mut ignored = Vec::new();
    match edit {
        Edit::Add { title, caption } => {
            if count == MAX_SLIDES {
                return Err(format!("a deck holds at most {MAX_SLIDES} slides"));
            }
            let title = cut(title.trim(), TITLE_CHARS, count + 1, "title", &mut ignored);
            page.deck.push(Slide {
                title: if title.is_empty() {
                    format!("Slide {}", count + 1)
                } else {
                    title
                },
                caption: cut(
                    caption.trim(),
                    CAPTION_CHARS,
                    count + 1,
                    "caption",
                    &mut ignored,
                ),
                view,
            });
            page.slide = Some(count);
        }
        Edit::Words {
            index,
            title,
            caption,
        } => {
            let slide = &mut page.deck[check(index)?];
            let title = cut(title.trim(), TITLE_CHARS, index + 1, "title", &mut ignored);
            if !title.is_empty() {
                slide.title = title;
            }
            slide.caption = cut(
                caption.trim(),
                CAPTION_CHARS,
                index + 1,
                "caption",
                &mut ignored,
            );
        }
        Edit::Move { index, to } => {
            let (index, to) = (check(index)?, check(to)?);
            let slide = page.deck.remove(index);
            page.deck.insert(to, slide);
            page.slide = page.slide.map(|at| match at {
                at if at == index => to,
                at if index < at && at <= to => at - 1,
                at if to <= at && at < index => at + 1,
                at => at,
            });
        }
        Edit::Remove { index } => {
            page.deck.remove(check(index)?);
            page.slide = match page.slide {
                Some(at) if at == index => None,
                Some(at) if at > index => Some(at - 1),
                at => at,
            };
        }
    }
    Ok(())
}

/// The built-in deck: every scene of the lecture, in order.
pub fn lecture() -> Vec<Slide> {
    SCENES.iter().map(Slide::of_scene).collect()
}

/// A deck as a link's `deck=` value: `lecture`, scene names, or the text.
pub fn to_value(slides: &[Slide]) -> String {
    if slides.is_empty() {
        return String::new();
    }
    if slides.iter().all(Slide::plain_scene) {
        if slides == lecture().as_slice() {
            return "lecture".into();
        }
        return (slides.iter())
            .filter_map(|s| s.scene().map(|sc| sc.key))
            .collect::<Vec<_>>()
            .join(",");
    }
    to_text(slides)
}

/// A deck as a file's text: the header, then a block per slide (a built-in
/// scene's own title and caption are left for the scene to give).
pub fn to_text(slides: &[Slide]) -> String {
    let mut text = String::from(HEADER);
    for slide in slides {
        text.push_str("\n\n");
        let scene = slide.scene();
        if scene.map(|sc| sc.title) != Some(slide.title.as_str()) {
            text.push_str(&format!("title: {}\n", slide.title));
        }
        let own_caption = match scene {
            Some(sc) => sc.caption != slide.caption,
            None => !slide.caption.is_empty(),
        };
        if own_caption {
            text.push_str(&format!("caption: {}\n", slide.caption));
        }
        text.push_str(&format!("view: {}", slide.view));
    }
    text.push('\n');
    text
}

/// Reads a deck from a `deck=` value or a file's text. Mistakes that leave
/// a usable slide (an unknown line, a bad value in a view, a long title)
/// come back as warnings naming the slide; a deck with no slide (an empty
/// or blank text, a header alone), or a scene name that is not one, is an
/// error. (An empty `deck=` in a link means no deck; `Settings` sees to
/// that before it gets here.) Each slide's view is read by `view` (the
/// URL reader, given since it reads through the settings table).
pub fn parse(value: &str, view: fn(&str) -> ReadView) -> Result<(Vec<Slide>, Vec<String>), String> {
    let value = value.trim();
    if value == "lecture" {
        return Ok((lecture(), Vec::new()));
    }
    // One line of names, not a file's text (nor nothing, nor a file's
    // header alone).
    let text = value.is_empty() || value.eq_ignore_ascii_case(HEADER);
    if !text && !value.contains([':', '\n', '#']) {
        return names(value).map(|slides| (slides, Vec::new()));
    }
    let mut warnings = Vec::new();
    let mut blocks: Vec<Vec<(usize, &str)>> = vec![Vec::new()];
    for (i, line) in value.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() {
            blocks.push(Vec::new());
        } else if !(line.starts_with('#') || (i == 0 && line.eq_ignore_ascii_case(HEADER))) {
            blocks
                .last_mut()
                .expect("one block at least")
                .push((i + 1, line));
        }
    }
    let mut slides = Vec::new();
    for block in blocks.iter().filter(|b| !b.is_empty()) {
        if slides.len() == MAX_SLIDES {
            warnings.push(format!(
                "a deck holds at most {MAX_SLIDES} slides; the rest were left out"
            ));
            break;
        }
        let k = slides.len() + 1;
        slides.push(slide(block, k, view, &mut warnings));
    }
    if slides.is_empty() {
        return Err(
            "has no slide (each slide is a view: line, with title: and caption: lines if wanted)"
                .into(),
        );
    }
    Ok((slides, warnings))
}

/// A deck of built-in scenes by name.
fn names(list: &str) -> Result<Vec<Slide>, String> {
    list.split(',')
        .map(|key| {
            let key = key.trim();
            SCENES.iter().find(|sc| sc.key == key).map(Slide::of_scene).ok_or_else(|| {
                let short: String = key.chars().take(40).collect();
                let all: Vec<&str> = SCENES.iter().map(|sc| sc.key).collect();
                format!(
                    "names \"{short}\", which is not a scene (use lecture, scenes among {}, or a deck's text)",
                    all.join(", ")
                )
            })
        })
        .collect()
}

/// One slide from its block of lines.
fn slide(
    block: &[(usize, &str)],
    k: usize,
    read: fn(&str) -> ReadView,
    warnings: &mut Vec<String>,
) -> Slide {
    let (mut title, mut caption, mut view) = (None, None, String::new());
    for &(line, text) in block {
        match text
            .split_once(':')
            .map(|(key, rest)| (key.trim(), rest.trim()))
        {
            Some(("title", rest)) => title = Some(cut(rest, TITLE_CHARS, k, "title", warnings)),
            Some(("caption", rest)) => {
                caption = Some(cut(rest, CAPTION_CHARS, k, "caption", warnings))
            }
            Some(("view", rest)) => view = rest.to_string(),
            _ => {
                let short: String = text.chars().take(40).collect();
                warnings.push(format!(
                    "slide {k}, line {line}: \"{short}\" is not a title:, caption: or view: line; it was ignored"
                ));
            }
        }
    }
    let read = read(&view);
    for notice in read.notices {
        // Warnings are joined by "; " into one sentence.
        let message = notice.message.trim_end_matches('.');
        warnings.push(format!("slide {k}: {message}"));
    }
    let mut slide = Slide {
        title: String::new(),
        caption: String::new(),
        view: read.query,
    };
    // A scene gives its title to a view of it, and its caption when the
    // view is the scene as it is.
    let plain = slide.scene();
    slide.title = (title.filter(|t| !t.is_empty()))
        .or_else(|| read.scene.map(|sc| sc.title.to_string()))
        .unwrap_or_else(|| format!("Slide {k}"));
    slide.caption =
        (caption.or_else(|| plain.map(|sc| sc.caption.to_string()))).unwrap_or_default();
    slide
}

/// `text` cut to `most` characters, with a warning when it was longer.
fn cut(text: &str, most: usize, k: usize, what: &str, warnings: &mut Vec<String>) -> String {
    if text.chars().count() <= most {
        return text.to_string();
    }
    warnings.push(format!(
        "slide {k}: the {what} was cut to {most} characters"
    ));
    text.chars().take(most).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::settings::url::read_deck as parse;
    use crate::settings::Settings;

    #[test]
    fn the_lecture_is_every_scene_and_reads_back_as_one_word() {
        let (slides, warnings) = parse("lecture").unwrap();
        assert!(warnings.is_empty());
        assert_eq!(slides.len(), SCENES.len());
        assert_eq!(to_value(&slides), "lecture");
        let (again, warnings) = parse(&to_text(&slides)).unwrap();
        assert!(warnings.is_empty(), "{warnings:?}");
        assert_eq!(again, slides);
    }

    #[test]
    fn every_lecture_slide_opens_its_scene() {
        for (slide, scene) in lecture().iter().zip(SCENES) {
            assert_eq!(Settings::of_slide(slide).scene, Some(scene));
            assert_eq!(slide.scene(), Some(scene));
        }
    }

    #[test]
    fn a_deck_of_own_slides_round_trips_through_its_text() {
        let text = "descent deck\n\n# a comment\ntitle: Too large\ncaption: It overshoots: watch the path.\nview: dataset=cancer&standardize=true&lr=30\n\n\nview: scene=trace\n\ntitle: Mine\nview: scene=scaling&lr=0.1\n";
        let (slides, warnings) = parse(text).unwrap();
        assert!(warnings.is_empty(), "{warnings:?}");
        assert_eq!(slides.len(), 3);
        assert_eq!(slides[0].title, "Too large");
        assert_eq!(slides[0].caption, "It overshoots: watch the path.");
        assert_eq!(Settings::of_slide(&slides[0]).learning_rate, 30.0);
        assert_eq!(slides[1].title, SCENES[4].title, "a scene gives its title");
        assert_eq!(Settings::of_slide(&slides[2]).learning_rate, 0.1);
        assert!(
            slides[2].caption.is_empty(),
            "a changed scene is the lecturer's own"
        );
        let value = to_value(&slides);
        assert!(value.starts_with(HEADER), "{value}");
        assert_eq!(parse(&value).unwrap().0, slides);
    }

    #[test]
    fn mistakes_are_named_and_the_rest_is_kept() {
        let (slides, warnings) =
            parse("title: A\nview: lr=banana&dataset=cancer\nwhat: no\n\ntitle: B\n").unwrap();
        assert_eq!(slides.len(), 2);
        assert_eq!(
            Settings::of_slide(&slides[0]).dataset,
            crate::model::data::Preset::Cancer
        );
        assert!(warnings[0].contains("slide 1, line 3"), "{warnings:?}");
        assert!(
            warnings.iter().any(|w| w.starts_with("slide 1: lr")),
            "{warnings:?}"
        );
        assert_eq!(slides[1].view, "", "no view is the defaults");
        assert!(parse("trace,nope").unwrap_err().contains("\"nope\""));
        assert!(parse("# only a comment: nothing else").is_err());
        assert!(parse("# no colon").unwrap_err().contains("has no slide"));
    }

    #[test]
    fn an_empty_or_blank_text_holds_no_slide() {
        for text in ["", "   \n ", "\n\n", "\t", HEADER, "descent deck\n\n\n"] {
            let error = parse(text).unwrap_err();
            assert!(error.starts_with("has no slide"), "{text:?}: {error}");
        }
    }

    #[test]
    fn edits_keep_the_slide_showing() {
        let mut page = super::super::Page {
            deck: lecture()[..4].to_vec(),
            slide: Some(1),
            ..Default::default()
        };
        let key = |page: &super::super::Page| page.deck[page.slide.unwrap()].title.clone();
        let showing = key(&page);
        edit(&mut page, Edit::Move { index: 1, to: 3 }, String::new()).unwrap();
        assert_eq!((page.slide, key(&page)), (Some(3), showing.clone()));
        edit(&mut page, Edit::Move { index: 0, to: 3 }, String::new()).unwrap();
        assert_eq!((page.slide, key(&page)), (Some(2), showing.clone()));
        edit(&mut page, Edit::Remove { index: 0 }, String::new()).unwrap();
        assert_eq!((page.slide, key(&page)), (Some(1), showing));
        edit(&mut page, Edit::Remove { index: 1 }, String::new()).unwrap();
        assert_eq!(page.slide, None);
        assert!(edit(&mut page, Edit::Remove { index: 7 }, String::new()).is_err());
        let add = Edit::Add {
            title: " ".into(),
            caption: "Mine.".into(),
        };
        edit(&mut page, add, "lr=2".into()).unwrap();
        assert_eq!(page.slide, Some(2));
        assert_eq!(page.deck[2].title, "Slide 3");
        let words = Edit::Words {
            index: 2,
            title: "Big".into(),
            caption: "x".repeat(5000),
        };
        edit(&mut page, words, String::new()).unwrap();
        assert_eq!(page.deck[2].title, "Big");
        assert_eq!(page.deck[2].caption.chars().count(), CAPTION_CHARS);
    }

    #[test]
    fn page_settings_stay_out_of_a_slide() {
        let (slides, _) = parse("view: theme=dark&lr=0.7&embed=true").unwrap();
        assert_eq!(slides[0].view, "lr=0.7");
    }
}
