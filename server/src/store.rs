//! Rooms, questions and answers in SQLite, so a server restarted in the
//! middle of a question loses nothing: the rooms come back as their pages
//! reconnect. Write-ahead logging; one connection behind a lock (each
//! statement takes microseconds).

use rusqlite::{params, Connection, OptionalExtension};
use serde_json::Value;
use std::path::Path;
use std::sync::Mutex;

/// The database.
pub struct Store {
    db: Mutex<Connection>,
}

/// A room as stored.
#[derive(Debug, Clone)]
pub struct StoredRoom {
    pub host: String,
    pub follow: Option<String>,
    pub closed: bool,
}

/// A question as stored.
#[derive(Debug, Clone)]
pub struct StoredQuestion {
    pub id: u64,
    pub spec: String,
    pub asked: f64,
    pub revealed: bool,
}

/// Seconds since the Unix epoch.
pub fn now() -> f64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0.0, |d| d.as_secs_f64())
}

impl Store {
    /// Opens (or makes) the database at `path`.
    pub fn open(path: &Path) -> rusqlite::Result<Store> {
        let db = Connection::open(path)?;
        db.pragma_update(None, "journal_mode", "WAL")?;
        db.pragma_update(None, "synchronous", "NORMAL")?;
        db.execute_batch(
            "CREATE TABLE IF NOT EXISTS rooms (code TEXT PRIMARY KEY, host TEXT NOT NULL, created REAL NOT NULL,
                touched REAL NOT NULL, follow TEXT, closed INTEGER NOT NULL DEFAULT 0);
             CREATE TABLE IF NOT EXISTS questions (id INTEGER PRIMARY KEY AUTOINCREMENT, code TEXT NOT NULL,
                spec TEXT NOT NULL, asked REAL NOT NULL, revealed INTEGER NOT NULL DEFAULT 0);
             CREATE TABLE IF NOT EXISTS members (code TEXT NOT NULL, client TEXT NOT NULL, nickname TEXT,
                joined REAL NOT NULL, PRIMARY KEY (code, client));
             CREATE TABLE IF NOT EXISTS answers (question INTEGER NOT NULL, client TEXT NOT NULL, value TEXT NOT NULL,
                at REAL NOT NULL, PRIMARY KEY (question, client));",
        )?;
        Ok(Store { db: Mutex::new(db) })
    }

    fn db(&self) -> std::sync::MutexGuard<'_, Connection> {
        self.db
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// A new room; false if the code is taken.
    pub fn create(&self, code: &str, host: &str) -> rusqlite::Result<bool> {
        let t = now();
        let n = self.db().execute(
            "INSERT OR IGNORE INTO rooms (code, host, created, touched) VALUES (?1, ?2, ?3, ?3)",
            params![code, host, t],
        )?;
        Ok(n == 1)
    }

    /// The room `code`, if it is there.
    pub fn room(&self, code: &str) -> rusqlite::Result<Option<StoredRoom>> {
        self.db()
            .query_row(
                "SELECT host, follow, closed FROM rooms WHERE code = ?1",
                [code],
                |r| {
                    Ok(StoredRoom {
                        host: r.get(0)?,
                        follow: r.get(1)?,
                        closed: r.get::<_, i64>(2)? != 0,
                    })
                },
            )
            .optional()
    }

    /// The room was used now.
    pub fn touch(&self, code: &str) -> rusqlite::Result<()> {
        self.db().execute(
            "UPDATE rooms SET touched = ?2 WHERE code = ?1",
            params![code, now()],
        )?;
        Ok(())
    }

    /// What the students following see.
    pub fn follow(&self, code: &str, view: &str) -> rusqlite::Result<()> {
        self.db().execute(
            "UPDATE rooms SET follow = ?2, touched = ?3 WHERE code = ?1",
            params![code, view, now()],
        )?;
        Ok(())
    }

    /// The room ends.
    pub fn close(&self, code: &str) -> rusqlite::Result<()> {
        self.db()
            .execute("UPDATE rooms SET closed = 1 WHERE code = ?1", [code])?;
        Ok(())
    }

    /// Rooms untouched for `seconds` go, with their questions, members and answers.
    pub fn expire(&self, seconds: f64) -> rusqlite::Result<usize> {
        let before = now() - seconds;
        let db = self.db();
        db.execute("DELETE FROM answers WHERE question IN (SELECT q.id FROM questions q JOIN rooms r ON q.code = r.code WHERE r.touched < ?1)", [before])?;
        db.execute(
            "DELETE FROM questions WHERE code IN (SELECT code FROM rooms WHERE touched < ?1)",
            [before],
        )?;
        db.execute(
            "DELETE FROM members WHERE code IN (SELECT code FROM rooms WHERE touched < ?1)",
            [before],
        )?;
        db.execute("DELETE FROM rooms WHERE touched < ?1", [before])
    }

    /// A student joined (again).
    pub fn join(&self, code: &str, client: &str, nickname: Option<&str>) -> rusqlite::Result<()> {
        self.db().execute(
            "INSERT INTO members (code, client, nickname, joined) VALUES (?1, ?2, ?3, ?4)
             ON CONFLICT (code, client) DO UPDATE SET nickname = COALESCE(excluded.nickname, members.nickname)",
            params![code, client, nickname, now()],
        )?;
        Ok(())
    }

    /// How many students have joined the room.
    pub fn members(&self, code: &str) -> rusqlite::Result<usize> {
        self.db()
            .query_row(
                "SELECT COUNT(*) FROM members WHERE code = ?1",
                [code],
                |r| r.get::<_, i64>(0),
            )
            .map(|n| n as usize)
    }

    /// Sets (or, `None`, clears) a member's nickname.
    pub fn rename(&self, code: &str, client: &str, nickname: Option<&str>) -> rusqlite::Result<()> {
        self.db().execute(
            "UPDATE members SET nickname = ?3 WHERE code = ?1 AND client = ?2",
            params![code, client, nickname],
        )?;
        Ok(())
    }

    /// The students' nicknames, by client (for the host only).
    pub fn nicknames(&self, code: &str) -> rusqlite::Result<Vec<(String, String)>> {
        let db = self.db();
        let mut q = db.prepare(
            "SELECT client, nickname FROM members WHERE code = ?1 AND nickname IS NOT NULL",
        )?;
        let rows = q.query_map([code], |r| Ok((r.get(0)?, r.get(1)?)))?;
        rows.collect()
    }

    /// A new question in the room; its id.
    pub fn ask(&self, code: &str, spec: &str) -> rusqlite::Result<u64> {
        let db = self.db();
        db.execute(
            "INSERT INTO questions (code, spec, asked) VALUES (?1, ?2, ?3)",
            params![code, spec, now()],
        )?;
        Ok(db.last_insert_rowid() as u64)
    }

    /// The room's last question.
    pub fn question(&self, code: &str) -> rusqlite::Result<Option<StoredQuestion>> {
        self.db()
            .query_row(
                "SELECT id, spec, asked, revealed FROM questions WHERE code = ?1 ORDER BY id DESC LIMIT 1",
                [code],
                |r| Ok(StoredQuestion { id: r.get::<_, i64>(0)? as u64, spec: r.get(1)?, asked: r.get(2)?, revealed: r.get::<_, i64>(3)? != 0 }),
            )
            .optional()
    }

    /// The question was revealed.
    pub fn reveal(&self, question: u64) -> rusqlite::Result<()> {
        self.db().execute(
            "UPDATE questions SET revealed = 1 WHERE id = ?1",
            [question as i64],
        )?;
        Ok(())
    }

    /// A student's answer (a later one replaces it).
    pub fn answer(&self, question: u64, client: &str, value: &Value) -> rusqlite::Result<()> {
        self.db().execute(
            "INSERT INTO answers (question, client, value, at) VALUES (?1, ?2, ?3, ?4)
             ON CONFLICT (question, client) DO UPDATE SET value = excluded.value, at = excluded.at",
            params![question as i64, client, value.to_string(), now()],
        )?;
        Ok(())
    }

    /// Every answer to a question, by client, in the order they came.
    pub fn answers(&self, question: u64) -> rusqlite::Result<Vec<(String, Value)>> {
        let db = self.db();
        let mut q =
            db.prepare("SELECT client, value FROM answers WHERE question = ?1 ORDER BY at")?;
        let rows = q.query_map([question as i64], |r| {
            let text: String = r.get(1)?;
            Ok((
                r.get::<_, String>(0)?,
                serde_json::from_str(&text).unwrap_or(Value::Null),
            ))
        })?;
        rows.collect()
    }
}
