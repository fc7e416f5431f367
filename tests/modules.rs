//! No module of src/ depends, through any chain of others, on itself: data
//! flows one way (settings, then the session, then the view, then the
//! plots and the page; see docs/design.md). A module here is a file; one
//! depends on another when it names an item of it (`use crate::…`,
//! `super::…`, a child module's name, or a path written inline). Items a
//! parent re-exports (`pub use child::Item`) count as the child's. Test
//! code (`#[cfg(test)]`) is left out: tests may look anywhere.
//!
//! `cargo test --test modules` prints each cycle with the places that make
//! it; `scripts/check.sh` runs it.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

/// A module's path in the crate, e.g. `["model", "csv"]`; `[]` for the crate root.
type ModPath = Vec<String>;

fn module_path(src: &Path, file: &Path) -> ModPath {
    let rel = file.strip_prefix(src).unwrap();
    let mut parts: Vec<String> = rel
        .iter()
        .map(|p| p.to_string_lossy().into_owned())
        .collect();
    let last = parts.pop().unwrap();
    let stem = last.trim_end_matches(".rs");
    if stem != "mod" && stem != "lib" {
        parts.push(stem.to_string());
    }
    parts
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The text with comments, string and char literals blanked out, and test
/// code (an item after `#[cfg(test)]`) removed.
fn code_of(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let next = chars.get(i + 1).copied();
        if c == '/' && next == Some('/') {
            while i < chars.len() && chars[i] != '\n' {
                i += 1;
            }
        } else if c == '/' && next == Some('*') {
            i += 2;
            while i + 1 < chars.len() && !(chars[i] == '*' && chars[i + 1] == '/') {
                i += 1;
            }
            i += 2;
        } else if c == 'r'
            && (next == Some('"') || next == Some('#'))
            && !chars
                .get(i.wrapping_sub(1))
                .is_some_and(|p| p.is_alphanumeric() || *p == '_')
        {
            // A raw string r"…" or r#"…"#.
            let mut j = i + 1;
            let mut hashes = 0;
            while chars.get(j) == Some(&'#') {
                hashes += 1;
                j += 1;
            }
            if chars.get(j) != Some(&'"') {
                out.push(c);
                i += 1;
                continue;
            }
            j += 1;
            loop {
                if j >= chars.len() {
                    break;
                }
                if chars[j] == '"' && (0..hashes).all(|k| chars.get(j + 1 + k) == Some(&'#')) {
                    j += 1 + hashes;
                    break;
                }
                j += 1;
            }
            out.push_str("\"\"");
            i = j;
        } else if c == '"' {
            i += 1;
            while i < chars.len() && chars[i] != '"' {
                if chars[i] == '\\' {
                    i += 1;
                }
                i += 1;
            }
            i += 1;
            out.push_str("\"\"");
        } else if c == '\''
            && (chars.get(i + 2) == Some(&'\'')
                || (next == Some('\\') && chars[i..].iter().take(12).skip(2).any(|&d| d == '\'')))
        {
            // A char literal ('x', '\n', '\u{1F600}'), not a lifetime.
            i += 1;
            while i < chars.len() && chars[i] != '\'' {
                i += 1;
            }
            i += 1;
            out.push_str("' '");
        } else {
            out.push(c);
            i += 1;
        }
    }
    drop_tests(&out)
}

/// Removes each item that follows `#[cfg(test)]` (a `mod tests { … }` or `mod tests;`).
fn drop_tests(code: &str) -> String {
    let mut out = String::new();
    let mut rest = code;
    while let Some(at) = rest.find("#[cfg(test)]") {
        out.push_str(&rest[..at]);
        let after = &rest[at..];
        let end = match (after.find('{'), after.find(';')) {
            (Some(brace), semi) if semi.is_none_or(|s| brace < s) => {
                let mut depth = 0;
                let mut close = after.len();
                for (k, ch) in after[brace..].char_indices() {
                    match ch {
                        '{' => depth += 1,
                        '}' => {
                            depth -= 1;
                            if depth == 0 {
                                close = brace + k + 1;
                                break;
                            }
                        }
                        _ => {}
                    }
                }
                close
            }
            (_, Some(semi)) => semi + 1,
            _ => after.len(),
        };
        rest = &after[end..];
    }
    out.push_str(rest);
    out
}

/// Expands a `use` tree (`a::{b, c::{d, e as f}}`) into its paths.
fn use_paths(tree: &str) -> Vec<Vec<String>> {
    fn expand(prefix: &[String], tree: &str, out: &mut Vec<Vec<String>>) {
        let tree = tree.trim();
        if let Some(open) = tree.find('{') {
            let head: Vec<String> = split_path(&tree[..open]);
            let inner = &tree[open + 1..tree.rfind('}').unwrap_or(tree.len())];
            let mut base = prefix.to_vec();
            base.extend(head);
            let mut depth = 0;
            let mut start = 0;
            for (k, ch) in inner.char_indices() {
                match ch {
                    '{' => depth += 1,
                    '}' => depth -= 1,
                    ',' if depth == 0 => {
                        expand(&base, &inner[start..k], out);
                        start = k + 1;
                    }
                    _ => {}
                }
            }
            expand(&base, &inner[start..], out);
        } else {
            let item = tree.split(" as ").next().unwrap_or("").trim();
            if item.is_empty() {
                return;
            }
            let mut path = prefix.to_vec();
            path.extend(split_path(item));
            out.push(path);
        }
    }
    let mut out = Vec::new();
    expand(&[], tree, &mut out);
    out
}

fn split_path(s: &str) -> Vec<String> {
    s.split("::")
        .map(|p| p.trim().to_string())
        .filter(|p| !p.is_empty())
        .collect()
}

/// What one file says: the paths it names, its child modules, its re-exports.
struct Parsed {
    /// Every path it names, with the line it is on.
    paths: Vec<(Vec<String>, usize)>,
    /// Child modules it declares (`mod x;`).
    children: BTreeSet<String>,
    /// `pub use` re-exports: the name, and the path it stands for.
    exports: Vec<(String, Vec<String>)>,
}

fn parse(code: &str) -> Parsed {
    let mut paths = Vec::new();
    let mut children = BTreeSet::new();
    let mut exports = Vec::new();
    let line_of = |at: usize| code[..at].matches('\n').count() + 1;
    // Declarations: `mod x;` and `use …;` (also `pub use`, `pub(crate) use`).
    let bytes = code.as_bytes();
    let word_at = |at: usize, word: &str| {
        code[at..].starts_with(word)
            && (at == 0 || !(bytes[at - 1].is_ascii_alphanumeric() || bytes[at - 1] == b'_'))
            && code[at + word.len()..].starts_with(|c: char| c.is_whitespace())
    };
    let mut uses = Vec::new();
    let mut at = 0;
    while at < code.len() {
        if word_at(at, "mod") {
            let rest = &code[at + 3..];
            let name: String = rest
                .trim_start()
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            if rest.trim_start()[name.len()..]
                .trim_start()
                .starts_with(';')
            {
                children.insert(name);
            }
        } else if word_at(at, "use") {
            let end = code[at..].find(';').map_or(code.len(), |e| at + e);
            let public =
                code[..at].trim_end().ends_with("pub") || code[..at].trim_end().ends_with(')');
            for path in use_paths(&code[at + 3..end]) {
                if public {
                    let alias = code[at + 3..end]
                        .rsplit(" as ")
                        .next()
                        .filter(|_| code[at + 3..end].contains(" as "));
                    let name = alias
                        .map(|a| a.trim().trim_end_matches('}').trim().to_string())
                        .unwrap_or_else(|| path.last().cloned().unwrap_or_default());
                    exports.push((name, path.clone()));
                }
                paths.push((path, line_of(at)));
            }
            uses.push(at..end);
            at = end;
        }
        at += code[at..].chars().next().map_or(1, char::len_utf8);
    }
    // Paths written inline: crate::…, super::…, self::…, or a child's name
    // (outside the `use` declarations, read above).
    let mut inline = code.to_string();
    for range in uses.iter().rev() {
        inline.replace_range(range.clone(), &" ".repeat(range.len()));
    }
    let code = inline.as_str();
    let mut k = 0;
    while let Some(found) = code[k..].find("::") {
        let colon = k + found;
        let start = code[..colon]
            .rfind(|c: char| !(c.is_alphanumeric() || c == '_' || c == ':'))
            .map_or(0, |s| s + 1);
        let end = colon
            + 2
            + code[colon + 2..]
                .find(|c: char| !(c.is_alphanumeric() || c == '_' || c == ':'))
                .unwrap_or(code.len() - colon - 2);
        let path = split_path(&code[start..end]);
        if let Some(first) = path.first() {
            if first == "crate" || first == "super" || first == "self" || children.contains(first) {
                paths.push((path, line_of(start)));
            }
        }
        k = end.max(colon + 2);
    }
    Parsed {
        paths,
        children,
        exports,
    }
}

/// The module a path names from module `here`, through re-exports, if it is one of ours.
fn resolve(
    here: &ModPath,
    path: &[String],
    modules: &BTreeSet<ModPath>,
    exports: &BTreeMap<(ModPath, String), ModPath>,
    children: &BTreeSet<String>,
) -> Option<ModPath> {
    let mut base: ModPath;
    let mut rest = path;
    match path.first().map(String::as_str) {
        Some("crate") => {
            base = Vec::new();
            rest = &path[1..];
        }
        Some("super") => {
            base = here.clone();
            while rest.first().map(String::as_str) == Some("super") {
                base.pop();
                rest = &rest[1..];
            }
        }
        Some("self") => {
            base = here.clone();
            rest = &path[1..];
        }
        Some(first) if children.contains(first) => base = here.clone(),
        _ => return None,
    }
    for segment in rest {
        let mut next = base.clone();
        next.push(segment.clone());
        if modules.contains(&next) {
            base = next;
        } else if let Some(target) = exports.get(&(base.clone(), segment.clone())) {
            return Some(target.clone());
        } else {
            break;
        }
    }
    modules.contains(&base).then_some(base)
}

fn name(m: &ModPath) -> String {
    if m.is_empty() {
        "crate".into()
    } else {
        m.join("::")
    }
}

/// Strongly connected components of more than one module (Tarjan).
fn cycles(graph: &BTreeMap<ModPath, BTreeMap<ModPath, Vec<String>>>) -> Vec<Vec<ModPath>> {
    struct Walk<'a> {
        graph: &'a BTreeMap<ModPath, BTreeMap<ModPath, Vec<String>>>,
        index: BTreeMap<ModPath, usize>,
        low: BTreeMap<ModPath, usize>,
        stack: Vec<ModPath>,
        on: BTreeSet<ModPath>,
        out: Vec<Vec<ModPath>>,
    }
    fn visit(w: &mut Walk<'_>, v: &ModPath) {
        let k = w.index.len();
        w.index.insert(v.clone(), k);
        w.low.insert(v.clone(), k);
        w.stack.push(v.clone());
        w.on.insert(v.clone());
        for u in w
            .graph
            .get(v)
            .map(|e| e.keys().cloned().collect::<Vec<_>>())
            .unwrap_or_default()
        {
            if !w.index.contains_key(&u) {
                visit(w, &u);
                let low = w.low[v].min(w.low[&u]);
                w.low.insert(v.clone(), low);
            } else if w.on.contains(&u) {
                let low = w.low[v].min(w.index[&u]);
                w.low.insert(v.clone(), low);
            }
        }
        if w.low[v] == w.index[v] {
            let mut part = Vec::new();
            while let Some(u) = w.stack.pop() {
                w.on.remove(&u);
                let done = &u == v;
                part.push(u);
                if done {
                    break;
                }
            }
            if part.len() > 1 {
                w.out.push(part);
            }
        }
    }
    let mut w = Walk {
        graph,
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        stack: Vec::new(),
        on: BTreeSet::new(),
        out: Vec::new(),
    };
    for v in graph.keys() {
        if !w.index.contains_key(v) {
            visit(&mut w, v);
        }
    }
    w.out
}

#[test]
fn no_module_depends_on_itself() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    files.sort();
    let parsed: Vec<(ModPath, PathBuf, Parsed)> = files
        .iter()
        .map(|f| {
            (
                module_path(&src, f),
                f.clone(),
                parse(&code_of(&fs::read_to_string(f).unwrap())),
            )
        })
        .collect();
    let modules: BTreeSet<ModPath> = parsed.iter().map(|(m, _, _)| m.clone()).collect();
    // Re-exports first, resolved to the module that defines the item.
    let mut exports = BTreeMap::new();
    for (m, _, p) in &parsed {
        for (alias, path) in &p.exports {
            if let Some(target) = resolve(m, path, &modules, &BTreeMap::new(), &p.children) {
                if &target != m {
                    exports.insert((m.clone(), alias.clone()), target);
                }
            }
        }
    }
    let mut graph: BTreeMap<ModPath, BTreeMap<ModPath, Vec<String>>> = BTreeMap::new();
    for (m, file, p) in &parsed {
        let entry = graph.entry(m.clone()).or_default();
        for (path, line) in &p.paths {
            let Some(target) = resolve(m, path, &modules, &exports, &p.children) else {
                continue;
            };
            // A re-export is the parent's own business, not a dependency on its child's users.
            if &target == m || p.exports.iter().any(|(_, e)| e == path) {
                continue;
            }
            let place = format!(
                "{}:{line} ({})",
                file.strip_prefix(&src).unwrap().display(),
                path.join("::")
            );
            entry.entry(target).or_default().push(place);
        }
    }
    let found = cycles(&graph);
    let mut report = String::new();
    for part in &found {
        let members: BTreeSet<&ModPath> = part.iter().collect();
        report.push_str(&format!(
            "cycle: {}\n",
            part.iter().rev().map(name).collect::<Vec<_>>().join(", ")
        ));
        for from in part.iter().rev() {
            for (to, places) in &graph[from] {
                if members.contains(to) {
                    report.push_str(&format!(
                        "  {} -> {}: {}\n",
                        name(from),
                        name(to),
                        places.first().unwrap()
                    ));
                }
            }
        }
    }
    assert!(
        found.is_empty(),
        "{} module cycles in src/:\n{report}",
        found.len()
    );
}
