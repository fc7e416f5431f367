// The loss as sound (off unless `sound` is on): while a run plays, a tone
// whose pitch the module sets from log(L − L*) of the first run (view
// `tone`), so falling is heard falling; a chime when a run converges and a
// low buzz when one diverges; and "hear the trace", the first run's whole
// trace in three seconds, as Desmos's Audio Trace plays a curve. Web Audio
// alone: nothing to download.

/** How loud the tone plays (of 1). */
const VOLUME = 0.08;

/** How quickly the pitch glides to the next step's, in seconds. */
const GLIDE = 0.03;

/** "Hear the trace": how many pitches, over how many seconds. */
const TRACE_TONES = 120;
const TRACE_SECONDS = 3;

/** Installs the sound; offers `hearTrace` and `toggle`. */
export function install(ctx) {
  const { $, app, doc, listen } = ctx;
  let audio = null;
  let tone = null;
  let statuses = [];

  /** The audio context and the tone's oscillator, made at the first sound (a browser allows it after a gesture). */
  function ready() {
    const Context = doc.defaultView.AudioContext ?? doc.defaultView.webkitAudioContext;
    if (!Context) return null;
    if (!audio) {
      audio = new Context();
      const oscillator = audio.createOscillator();
      const gain = audio.createGain();
      oscillator.type = 'triangle';
      gain.gain.value = 0;
      oscillator.connect(gain).connect(audio.destination);
      oscillator.start();
      tone = { oscillator, gain };
      ctx.onDestroy(() => audio.close());
    }
    if (audio.state === 'suspended') audio.resume().catch(() => {});
    return audio;
  }
  /** A short note: `frequencies` one after another from `at`, each `length` s. */
  function notes(frequencies, length, type = 'sine', volume = 0.12) {
    const a = ready();
    if (!a) return;
    let at = a.currentTime + 0.01;
    for (const frequency of frequencies) {
      const oscillator = a.createOscillator();
      const gain = a.createGain();
      oscillator.type = type;
      oscillator.frequency.setValueAtTime(frequency, at);
      gain.gain.setValueAtTime(volume, at);
      gain.gain.exponentialRampToValueAtTime(0.001, at + length);
      oscillator.connect(gain).connect(a.destination);
      oscillator.start(at);
      oscillator.stop(at + length);
      at += length;
    }
  }
  /** The tone follows the view: on while playing with sound on, silent otherwise; cues on a run's change. */
  function follow(s, v) {
    const on = v.tone !== null && v.tone !== undefined;
    const next = s.runs.map((run) => run.status);
    if (on) {
      const playing = s.running && ready();
      if (tone) {
        const now = audio.currentTime;
        if (playing) tone.oscillator.frequency.setTargetAtTime(v.tone, now, GLIDE);
        tone.gain.gain.setTargetAtTime(playing ? VOLUME : 0, now, GLIDE);
      }
      next.forEach((status, k) => {
        if (status === statuses[k] || statuses[k] === undefined) return;
        if (status === 'converged') notes([660, 990], 0.15);
        if (status === 'diverged') notes([110, 82], 0.25, 'sawtooth', 0.1);
      });
    } else if (tone) {
      tone.gain.gain.setTargetAtTime(0, audio.currentTime, GLIDE);
    }
    statuses = next;
  }
  ctx.hook('show', (s, v) => follow(s, v));

  /** The first run's trace, start to now, as a gliding tone over three seconds. */
  function hearTrace() {
    const a = ready();
    if (!a) return;
    const pitches = Array.from(app.trace_tones(TRACE_TONES));
    if (!pitches.length) return;
    const at = a.currentTime + 0.05;
    const step = TRACE_SECONDS / pitches.length;
    const oscillator = a.createOscillator();
    const gain = a.createGain();
    oscillator.type = 'triangle';
    pitches.forEach((frequency, k) => oscillator.frequency.setValueAtTime(frequency, at + k * step));
    gain.gain.setValueAtTime(0, at);
    gain.gain.linearRampToValueAtTime(VOLUME * 1.5, at + 0.05);
    gain.gain.setValueAtTime(VOLUME * 1.5, at + TRACE_SECONDS - 0.05);
    gain.gain.linearRampToValueAtTime(0, at + TRACE_SECONDS);
    oscillator.connect(gain).connect(a.destination);
    oscillator.start(at);
    oscillator.stop(at + TRACE_SECONDS);
  }
  /** Sound on or off (s), through the settings like every other change. */
  function toggle() {
    ctx.set({ sound: !ctx.state().page.sound });
    if (ctx.state().page.sound) ready();
  }
  listen($('hear-trace'), 'click', () => hearTrace());
  // A gesture lets the audio start: the sound checkbox is one.
  listen($('sound'), 'change', () => { if ($('sound').checked) ready(); });
  ctx.parts.sound = { hearTrace, toggle };
  return ctx.parts.sound;
}
