//! The loss as sound: a tone whose pitch follows log(L − L*) of the first
//! run, so a falling loss is heard falling and an oscillating one as an
//! alternation; and a finished run's whole trace played in a few seconds,
//! as Desmos's Audio Trace plays a curve. The page only turns these
//! frequencies into Web Audio.

use crate::model::run::Run;
use crate::session::Session;

/// The lowest and highest pitch, in Hz: two octaves from A3.
pub const PITCH: (f64, f64) = (220.0, 880.0);

/// The smallest gap above the minimum the pitch tells apart: below it the
/// tone stays at its lowest (a converged run hums at 220 Hz).
const FLOOR_GAP: f64 = 1e-6;

/// The loss above the floor the colours count from (the minimum, or 0 when
/// there is none), never below [`FLOOR_GAP`].
fn gap(session: &Session, loss: f64) -> f64 {
    (loss - session.landscape().floor).max(FLOOR_GAP)
}

/// The pitch of a loss for a run that started at `start`: log(L − L*) mapped
/// linearly from [`FLOOR_GAP`] (lowest pitch) to the start's gap (highest),
/// and capped there, so a diverging run pins the top.
fn pitch(session: &Session, start: f64, loss: f64) -> f64 {
    let top = gap(session, start).max(FLOOR_GAP * 10.0).ln();
    let bottom = FLOOR_GAP.ln();
    let share = ((gap(session, loss).ln() - bottom) / (top - bottom)).clamp(0.0, 1.0);
    PITCH.0 * (PITCH.1 / PITCH.0).powf(share)
}

/// The tone for the first run now, in Hz; `None` unless sound is on.
pub fn tone(session: &Session) -> Option<f64> {
    let run: &Run = session.run();
    session
        .settings()
        .page
        .sound
        .then(|| pitch(session, run.start_loss(), run.loss()))
}

/// The first run's trace as `count` pitches, start to now (each the pitch of
/// the loss at an evenly spaced entry), for "hear the trace".
pub fn trace_tones(session: &Session, count: usize) -> Vec<f64> {
    let run = session.run();
    let points = run.trace().points();
    if points.is_empty() || count == 0 {
        return Vec::new();
    }
    let last = points.len() - 1;
    (0..count)
        .map(|i| points[(i * last) / (count - 1).max(1)].loss)
        .map(|loss| pitch(session, run.start_loss(), loss))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn session(query: &str) -> Session {
        let pairs = query.split('&').filter_map(|kv| kv.split_once('='));
        Session::from_url(pairs).0
    }

    #[test]
    fn the_pitch_falls_with_the_loss_and_follows_its_log() {
        let mut s = session("dataset=cancer&standardize=true&lr=1&sound=true");
        let start = tone(&s).expect("sound is on");
        assert!(
            (start - PITCH.1).abs() < 1e-9,
            "the start is the top: {start}"
        );
        s.step(5);
        let five = tone(&s).unwrap();
        s.step(200);
        let late = tone(&s).unwrap();
        assert!(late < five && five < start, "{start} {five} {late}");
        // log(L − L*) exactly: equal ratios of the gap are equal intervals of pitch.
        let floor = s.landscape().floor;
        let run_start = s.run().start_loss();
        let expect = |loss: f64| {
            let share = ((loss - floor).max(FLOOR_GAP).ln() - FLOOR_GAP.ln())
                / ((run_start - floor).ln() - FLOOR_GAP.ln());
            PITCH.0 * 4f64.powf(share.clamp(0.0, 1.0))
        };
        assert!((late - expect(s.run().loss())).abs() < 1e-9);
        assert_eq!(tone(&session("sound=false")), None);
        assert_eq!(tone(&session("")), None);
    }

    #[test]
    fn an_oscillating_run_is_heard_alternating_and_the_trace_plays_start_to_end() {
        let mut s = session("dataset=cancer&standardize=true&lr=36&sound=true");
        s.step(40);
        let tones = trace_tones(&s, 41);
        assert_eq!(tones.len(), 41);
        assert!((tones[0] - PITCH.1).abs() < 1e-9);
        let turns = tones
            .windows(3)
            .filter(|w| (w[1] - w[0]) * (w[2] - w[1]) < 0.0)
            .count();
        assert!(turns >= 4, "up and down: {turns} turns");
        assert!(tones.iter().all(|f| (PITCH.0..=PITCH.1).contains(f)));
    }
}
