//! The page's files, served as scripts/serve.mjs serves them: the
//! precompressed `.br` or `.gz` sibling when the browser takes it, an ETag
//! and Last-Modified with 304 for an unchanged file, a year's cache for
//! content-hashed names and revalidation for the rest.

use axum::body::Body;
use axum::http::{header, HeaderMap, HeaderValue, Response, StatusCode};
use std::path::{Component, Path, PathBuf};

/// The type of a file by its extension.
fn content_type(path: &Path) -> &'static str {
    match path.extension().and_then(|e| e.to_str()).unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "wasm" => "application/wasm",
        "json" => "application/json",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "csv" => "text/csv; charset=utf-8",
        "txt" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

/// A content-hashed name, `style.0a606ddf3a.css` or `boot.PICXEFXH.js`: cached for good.
fn hashed(path: &Path) -> bool {
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
    let parts: Vec<&str> = name.split('.').collect();
    parts.len() >= 3
        && ["js", "css", "wasm"].contains(&parts[parts.len() - 1])
        && (8..=12).contains(&parts[parts.len() - 2].len())
        && parts[parts.len() - 2]
            .chars()
            .all(|c| c.is_ascii_alphanumeric())
}

/// Which encodings the browser takes: (brotli, gzip).
fn accepts(headers: &HeaderMap) -> (bool, bool) {
    let accept = headers
        .get(header::ACCEPT_ENCODING)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let takes = |name: &str| {
        accept.split(',').any(|part| {
            let mut bits = part.trim().split(';');
            bits.next()
                .is_some_and(|n| n.trim().eq_ignore_ascii_case(name))
                && !bits.any(|p| p.trim().replace(' ', "") == "q=0")
        })
    };
    (takes("br"), takes("gzip"))
}

/// Whether a query opens the page with settings: any key but a class's code.
fn has_settings(query: Option<&str>) -> bool {
    (query.unwrap_or("").split('&'))
        .filter(|pair| !pair.is_empty())
        .any(|pair| pair.split('=').next() != Some("class"))
}

/// The path to serve for a request: the page opened with settings gets
/// `view.html` where the bundle wrote one (it preloads the page's module
/// rather than the first-frame module, which only the page opened with no
/// settings uses); everything else as asked.
pub fn page_path(root: &Path, path: &str, query: Option<&str>) -> String {
    let page = path == "/" || path == "/index.html";
    if page && has_settings(query) && root.join("view.html").is_file() {
        "/view.html".into()
    } else {
        path.into()
    }
}

/// The file at the request's `path` under `root`, as a response.
pub async fn serve(
    root: &Path,
    path: &str,
    headers: &HeaderMap,
    extra: &[(header::HeaderName, HeaderValue)],
) -> Response<Body> {
    let mut file = PathBuf::from(root);
    for part in Path::new(path.trim_start_matches('/')).components() {
        match part {
            Component::Normal(p) => file.push(p),
            Component::CurDir => {}
            _ => return status(StatusCode::FORBIDDEN, "forbidden"),
        }
    }
    if path.ends_with('/') || file.is_dir() {
        file.push("index.html");
    }
    let Ok(meta) = tokio::fs::metadata(&file).await else {
        return status(StatusCode::NOT_FOUND, &format!("not found: {path}"));
    };
    let modified = meta
        .modified()
        .ok()
        .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
        .map_or(0, |d| d.as_secs());
    let etag = format!("\"{:x}-{:x}\"", meta.len(), modified);
    let mut response = Response::builder()
        .header(header::CONTENT_TYPE, content_type(&file))
        .header(header::ETAG, &etag)
        .header(header::LAST_MODIFIED, http_date(modified))
        .header(header::VARY, "Accept-Encoding")
        .header(
            header::CACHE_CONTROL,
            if hashed(&file) {
                "public, max-age=31536000, immutable"
            } else {
                "no-cache"
            },
        );
    for (name, value) in extra {
        response = response.header(name, value);
    }
    if headers
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        == Some(etag.as_str())
    {
        return response
            .status(StatusCode::NOT_MODIFIED)
            .body(Body::empty())
            .unwrap_or_default();
    }
    let (br, gzip) = accepts(headers);
    for (takes, extension, encoding) in [(br, "br", "br"), (gzip, "gz", "gzip")] {
        let sibling = PathBuf::from(format!("{}.{extension}", file.display()));
        if takes {
            if let Ok(bytes) = tokio::fs::read(&sibling).await {
                return response
                    .header(header::CONTENT_ENCODING, encoding)
                    .body(Body::from(bytes))
                    .unwrap_or_default();
            }
        }
    }
    match tokio::fs::read(&file).await {
        Ok(bytes) => response.body(Body::from(bytes)).unwrap_or_default(),
        Err(_) => status(StatusCode::NOT_FOUND, &format!("not found: {path}")),
    }
}

/// A plain text answer with a status.
pub fn status(code: StatusCode, text: &str) -> Response<Body> {
    Response::builder()
        .status(code)
        .header(header::CONTENT_TYPE, "text/plain; charset=utf-8")
        .body(Body::from(text.to_string()))
        .unwrap_or_default()
}

/// An HTTP date (RFC 9110's IMF-fixdate) of seconds since the epoch.
fn http_date(seconds: u64) -> String {
    const DAYS: [&str; 7] = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"];
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let days = seconds / 86400;
    let (hh, mm, ss) = (
        (seconds % 86400) / 3600,
        (seconds % 3600) / 60,
        seconds % 60,
    );
    // Civil date from days since 1970-01-01 (Howard Hinnant's algorithm).
    let z = days as i64 + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!(
        "{}, {d:02} {} {y} {hh:02}:{mm:02}:{ss:02} GMT",
        DAYS[(days % 7) as usize],
        MONTHS[(m - 1) as usize]
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_page_with_settings_is_the_view_page() {
        let root = std::env::temp_dir().join(format!("descent-files-{}", std::process::id()));
        std::fs::create_dir_all(&root).expect("a folder");
        assert_eq!(
            page_path(&root, "/", Some("lr=0.1")),
            "/",
            "no view.html: index.html"
        );
        std::fs::write(root.join("view.html"), "<!doctype html>").expect("written");
        assert_eq!(page_path(&root, "/", Some("lr=0.1")), "/view.html");
        assert_eq!(
            page_path(&root, "/index.html", Some("deck=lecture&slide=2")),
            "/view.html"
        );
        assert_eq!(
            page_path(&root, "/", Some("class=ABCD")),
            "/",
            "a class's join link has no settings"
        );
        assert_eq!(page_path(&root, "/", None), "/");
        assert_eq!(page_path(&root, "/", Some("")), "/");
        assert_eq!(
            page_path(&root, "/www/main.js", Some("lr=1")),
            "/www/main.js"
        );
        let _ = std::fs::remove_dir_all(&root);
    }

    #[test]
    fn dates_names_and_encodings() {
        assert_eq!(http_date(0), "Thu, 01 Jan 1970 00:00:00 GMT");
        assert_eq!(http_date(1_796_601_600), "Mon, 07 Dec 2026 00:00:00 GMT");
        assert!(
            hashed(Path::new("www/style.0a606ddf3a.css"))
                && hashed(Path::new("www/boot.PICXEFXH.js"))
        );
        assert!(!hashed(Path::new("www/main.js")) && !hashed(Path::new("index.html")));
        let mut h = HeaderMap::new();
        h.insert(
            header::ACCEPT_ENCODING,
            HeaderValue::from_static("gzip, deflate, br"),
        );
        assert_eq!(accepts(&h), (true, true));
        h.insert(
            header::ACCEPT_ENCODING,
            HeaderValue::from_static("gzip, br;q=0"),
        );
        assert_eq!(accepts(&h), (false, true));
    }
}
