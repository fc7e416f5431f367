//! descent's server: the page (dist/, as `npm run bundle` writes it) and
//! the classroom (`/class/ws`, a WebSocket a page; `/class/qr.svg`, the join
//! link as a QR code) on one port. `npm start` runs it.
//!
//! Settings from the environment: `PORT` (8080), `HOST` (127.0.0.1;
//! 0.0.0.0 opens it to the local network and prints the join link there),
//! `DESCENT_ROOT` (the page's folder, dist/ beside the server's crate),
//! `DESCENT_DB` (the SQLite file, classroom.sqlite in the working folder),
//! `DESCENT_CSP` (the Content-Security-Policy sent with every file: a
//! strict one unless this says another, or empty for none), `DESCENT_ORIGINS` (other origins allowed to
//! open the classroom's WebSocket, comma-separated).

mod files;
mod protocol;
mod questions;
mod rooms;
mod store;

use axum::extract::ws::{Message, WebSocket, WebSocketUpgrade};
use axum::extract::{Query, State};
use axum::http::{header, HeaderMap, HeaderName, HeaderValue, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use futures_util::{SinkExt, StreamExt};
use rooms::{Classroom, Connection};
use std::collections::HashMap;
use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::mpsc;

/// The policy sent with every file unless `DESCENT_CSP` says another (or,
/// empty, none): the page's own scripts and WebAssembly, its own styles,
/// images from here or data: URLs; 'self' covers the classroom's WebSocket.
const STRICT_CSP: &str =
    "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data:";

/// What every request shares.
struct Shared {
    classroom: Arc<Classroom>,
    root: PathBuf,
    extra: Vec<(HeaderName, HeaderValue)>,
    origins: Vec<String>,
}

type App = Arc<Shared>;

/// The start of a link back to this server, from the request (`http://host:port/`).
fn base(headers: &HeaderMap) -> String {
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or("127.0.0.1");
    let scheme = match headers
        .get("x-forwarded-proto")
        .and_then(|h| h.to_str().ok())
    {
        Some("https") => "https",
        _ => "http",
    };
    format!("{scheme}://{host}/")
}

/// Whether the page asking for the WebSocket came from this server (or an allowed origin).
fn same_origin(app: &Shared, headers: &HeaderMap) -> bool {
    let Some(origin) = headers.get(header::ORIGIN).and_then(|o| o.to_str().ok()) else {
        return true; // not a browser: the messages are checked all the same
    };
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or("");
    let bare = origin.split_once("://").map_or(origin, |(_, rest)| rest);
    bare == host || app.origins.iter().any(|o| o == origin)
}

async fn websocket(
    State(app): State<App>,
    headers: HeaderMap,
    upgrade: WebSocketUpgrade,
) -> Response {
    if !same_origin(&app, &headers) {
        return files::status(
            StatusCode::FORBIDDEN,
            "the classroom answers pages of its own origin",
        );
    }
    let base = base(&headers);
    upgrade
        .max_message_size(protocol::MAX_MESSAGE + 64)
        .on_upgrade(move |socket| talk(app, socket, base))
        .into_response()
}

/// One page's connection: its messages in, the room's news out.
async fn talk(app: App, socket: WebSocket, base: String) {
    let (mut sink, mut stream) = socket.split();
    let (out, mut outbox) = mpsc::channel::<String>(256);
    let writer = tokio::spawn(async move {
        while let Some(text) = outbox.recv().await {
            if sink.send(Message::Text(text.into())).await.is_err() {
                break;
            }
        }
    });
    let mut connection = Connection::new(app.classroom.clone(), out, base);
    while let Some(Ok(message)) = stream.next().await {
        let keep = match message {
            Message::Text(text) => connection.receive(text.as_str()).await,
            Message::Binary(_) => connection.receive("binary").await,
            Message::Close(_) => false,
            _ => true,
        };
        if !keep {
            break;
        }
    }
    // What is queued for the page (a last error, say) still goes, briefly.
    drop(connection);
    let mut writer = writer;
    if tokio::time::timeout(Duration::from_millis(500), &mut writer)
        .await
        .is_err()
    {
        writer.abort();
    }
}

/// The join link as a QR code (SVG), for the projector: `/class/qr.svg?code=ABCDE`.
async fn qr(headers: HeaderMap, Query(query): Query<HashMap<String, String>>) -> Response {
    let code = query.get("code").map(String::as_str).unwrap_or("");
    if !protocol::valid_code(code) {
        return files::status(StatusCode::BAD_REQUEST, "code= must be a room code");
    }
    let link = format!("{}?class={code}", base(&headers));
    match qrcode::QrCode::new(link.as_bytes()) {
        Ok(symbol) => {
            let svg = symbol
                .render::<qrcode::render::svg::Color>()
                .min_dimensions(256, 256)
                .quiet_zone(true)
                .build();
            (
                [
                    (header::CONTENT_TYPE, "image/svg+xml"),
                    (header::CACHE_CONTROL, "no-cache"),
                ],
                svg,
            )
                .into_response()
        }
        Err(e) => files::status(StatusCode::INTERNAL_SERVER_ERROR, &e.to_string()),
    }
}

async fn page(State(app): State<App>, uri: Uri, headers: HeaderMap) -> Response {
    let path = files::page_path(&app.root, uri.path(), uri.query());
    files::serve(&app.root, &path, &headers, &app.extra).await
}

/// The address other machines of the local network reach this one at (no packet is sent).
fn lan_address() -> Option<IpAddr> {
    let socket = std::net::UdpSocket::bind("0.0.0.0:0").ok()?;
    socket.connect("10.255.255.255:1").ok()?;
    socket.local_addr().ok().map(|a| a.ip())
}

#[tokio::main]
async fn main() {
    let env = |name: &str| std::env::var(name).ok().filter(|v| !v.is_empty());
    let here = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let root = env("DESCENT_ROOT").map_or_else(|| here.join("..").join("dist"), PathBuf::from);
    let db = env("DESCENT_DB").map_or_else(|| PathBuf::from("classroom.sqlite"), PathBuf::from);
    let port: u16 = env("PORT").and_then(|p| p.parse().ok()).unwrap_or(8080);
    let host: IpAddr = env("HOST")
        .and_then(|h| h.parse().ok())
        .unwrap_or(IpAddr::from([127, 0, 0, 1]));
    let store = match store::Store::open(&db) {
        Ok(store) => store,
        Err(e) => {
            eprintln!(
                "descent-server: cannot open the classroom's database {}: {e}",
                db.display()
            );
            std::process::exit(1);
        }
    };
    let mut extra = Vec::new();
    let csp = std::env::var("DESCENT_CSP").unwrap_or_else(|_| STRICT_CSP.into());
    if !csp.is_empty() {
        match HeaderValue::from_str(&csp) {
            Ok(value) => extra.push((header::CONTENT_SECURITY_POLICY, value)),
            Err(_) => {
                eprintln!("descent-server: DESCENT_CSP is not a header value; sending no policy")
            }
        }
    }
    let origins = env("DESCENT_ORIGINS")
        .map(|o| o.split(',').map(|s| s.trim().to_string()).collect())
        .unwrap_or_default();
    let classroom = Classroom::new(store);
    let sweeper = classroom.clone();
    tokio::spawn(async move {
        loop {
            sweeper.expire();
            tokio::time::sleep(Duration::from_secs(3600)).await;
        }
    });
    let app = Arc::new(Shared {
        classroom,
        root,
        extra,
        origins,
    });
    let router = Router::new()
        .route("/class/ws", get(websocket))
        .route("/class/qr.svg", get(qr))
        .fallback(get(page))
        .with_state(app);
    let listener = match tokio::net::TcpListener::bind(SocketAddr::new(host, port)).await {
        Ok(listener) => listener,
        Err(e) => {
            eprintln!(
                "descent-server: could not listen on {host}:{port} ({e}). Try PORT=8081 npm start."
            );
            std::process::exit(1);
        }
    };
    let bound = listener.local_addr().map_or(port, |a| a.port());
    println!("descent is running at http://127.0.0.1:{bound}/  (Ctrl+C stops it)");
    if host.is_unspecified() {
        if let Some(lan) = lan_address() {
            let link = format!("http://{lan}:{bound}/");
            println!("on the local network: {link} (open it there and press Start a class; students scan its code)");
            if let Ok(symbol) = qrcode::QrCode::new(link.as_bytes()) {
                println!(
                    "{}",
                    symbol
                        .render::<qrcode::render::unicode::Dense1x2>()
                        .quiet_zone(true)
                        .build()
                );
            }
        }
    }
    let shutdown = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    if let Err(e) = axum::serve(listener, router)
        .with_graceful_shutdown(shutdown)
        .await
    {
        eprintln!("descent-server: {e}");
    }
}
