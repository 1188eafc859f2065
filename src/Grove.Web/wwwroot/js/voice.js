// Hold-to-talk for the composer: the mic button (pointer held) or Ctrl+Shift+Space (held) records
// with MediaRecorder, a level meter follows the microphone (AnalyserNode), Esc cancels, and on
// release the recording is streamed to .NET (which transcribes it and puts the text at the caret).
// The microphone is released as soon as the recording ends.
const maxBytes = 25 * 1024 * 1024;
const types = ['audio/webm;codecs=opus', 'audio/webm', 'audio/ogg;codecs=opus', 'audio/mp4'];
const state = new WeakMap();

function pickType() {
  if (typeof MediaRecorder === 'undefined') { return null; }
  return types.find((t) => MediaRecorder.isTypeSupported(t)) || '';
}

function isTalkKey(e) {
  return e.code === 'Space' && e.ctrlKey && e.shiftKey && !e.altKey && !e.metaKey;
}

function setMeter(s, level) {
  if (!s.meter) { return; }
  s.meter.style.setProperty('--level', level.toFixed(3));
  if (level > s.peak) {
    s.peak = level;
    s.meter.dataset.peak = level.toFixed(3);
  }
}

function follow(s) {
  const data = new Uint8Array(s.analyser.fftSize);
  const tick = () => {
    if (!s.analyser) { return; }
    s.analyser.getByteTimeDomainData(data);
    let sum = 0;
    for (const v of data) { const x = (v - 128) / 128; sum += x * x; }
    setMeter(s, Math.min(1, Math.sqrt(sum / data.length) * 4));
    s.frame = requestAnimationFrame(tick);
  };
  s.frame = requestAnimationFrame(tick);
}

function release(s) {
  cancelAnimationFrame(s.frame);
  s.analyser = null;
  if (s.audio) { s.audio.close().catch(() => {}); s.audio = null; }
  if (s.stream) { s.stream.getTracks().forEach((t) => t.stop()); s.stream = null; }
  s.recorder = null;
  setMeter(s, 0);
}

async function start(s, how) {
  if (s.recorder || s.starting) { return; }
  if (s.button.disabled) {
    s.dotnet.invokeMethodAsync('OnVoiceUnavailable');
    return;
  }
  const type = pickType();
  if (type === null || !navigator.mediaDevices?.getUserMedia) {
    s.dotnet.invokeMethodAsync('OnVoiceFailed', 'This browser cannot record audio (no MediaRecorder or microphone access; Grove must be opened as http://127.0.0.1 or localhost).');
    return;
  }
  s.starting = true;
  s.stopWanted = false;
  s.cancelled = false;
  s.how = how;
  s.peak = 0;
  if (s.meter) { delete s.meter.dataset.peak; }
  try {
    s.stream = await navigator.mediaDevices.getUserMedia({ audio: true });
  } catch (e) {
    s.starting = false;
    s.dotnet.invokeMethodAsync('OnVoiceFailed', 'The microphone is not available: ' + (e && e.message ? e.message : e) + '. Allow microphone access for this page.');
    return;
  }
  const chunks = [];
  const recorder = type ? new MediaRecorder(s.stream, { mimeType: type }) : new MediaRecorder(s.stream);
  s.recorder = recorder;
  s.caret = s.textarea ? (s.textarea.selectionStart ?? s.textarea.value.length) : 0;
  recorder.ondataavailable = (e) => { if (e.data && e.data.size > 0) { chunks.push(e.data); } };
  recorder.onstop = async () => { try { await finish(); } catch (e) { /* the page or its circuit went away */ } };
  const finish = async () => {
    const mediaType = recorder.mimeType || type || 'audio/webm';
    const cancelled = s.cancelled;
    release(s);
    s.button.dataset.recording = 'false';
    if (cancelled) {
      await s.dotnet.invokeMethodAsync('OnVoiceState', 'cancelled');
      return;
    }
    const blob = new Blob(chunks, { type: mediaType });
    if (blob.size > maxBytes) {
      await s.dotnet.invokeMethodAsync('OnVoiceFailed', 'The recording is over 25 MB; record a shorter clip.');
      return;
    }
    if (blob.size === 0) {
      await s.dotnet.invokeMethodAsync('OnVoiceFailed', 'Nothing was recorded: hold the button (or Ctrl+Shift+Space) while you speak.');
      return;
    }
    await s.dotnet.invokeMethodAsync('OnVoiceRecorded', mediaType, blob.size, s.caret, DotNet.createJSStreamReference(blob));
  };
  try {
    s.audio = new AudioContext();
    if (s.audio.state === 'suspended') { s.audio.resume().catch(() => {}); }
    const source = s.audio.createMediaStreamSource(s.stream);
    s.analyser = s.audio.createAnalyser();
    s.analyser.fftSize = 1024;
    source.connect(s.analyser);
    follow(s);
  } catch (e) {
    // No level meter; the recording still works.
  }
  recorder.start(250);
  s.starting = false;
  s.button.dataset.recording = 'true';
  await s.dotnet.invokeMethodAsync('OnVoiceState', 'recording');
  if (s.stopWanted) { stop(s); }
}

function stop(s) {
  if (s.starting) { s.stopWanted = true; return; }
  if (s.recorder && s.recorder.state === 'recording') { s.recorder.stop(); }
}

function cancel(s) {
  s.cancelled = true;
  stop(s);
}

export function attach(button, meter, textarea, dotnet) {
  detach(button);
  const s = { button, meter, textarea, dotnet, recorder: null, stream: null, audio: null, analyser: null, frame: 0, peak: 0 };
  s.onPointerDown = (e) => {
    if (e.button !== 0) { return; }
    e.preventDefault(); // keep the caret (and focus) in the message box
    try { button.setPointerCapture(e.pointerId); } catch (err) { /* synthetic events */ }
    start(s, 'button');
  };
  s.onPointerUp = () => { if (s.how === 'button') { stop(s); } };
  s.onKeyDown = (e) => {
    if (isTalkKey(e)) {
      e.preventDefault();
      if (!e.repeat) { start(s, 'key'); }
    } else if (e.key === 'Escape' && (s.recorder || s.starting)) {
      e.preventDefault();
      e.stopPropagation(); // Esc cancels the recording, it does not stop the agent
      cancel(s);
    }
  };
  s.onKeyUp = (e) => {
    if (s.how === 'key' && (e.code === 'Space' || e.key === 'Control' || e.key === 'Shift')) { stop(s); }
  };
  s.onBlur = () => { if (s.recorder || s.starting) { cancel(s); } };
  button.addEventListener('pointerdown', s.onPointerDown);
  button.addEventListener('pointerup', s.onPointerUp);
  button.addEventListener('pointercancel', s.onPointerUp);
  document.addEventListener('keydown', s.onKeyDown, true);
  document.addEventListener('keyup', s.onKeyUp, true);
  window.addEventListener('blur', s.onBlur);
  state.set(button, s);
  button.dataset.voiceReady = 'true';
}

export function detach(button) {
  const s = button && state.get(button);
  if (!s) { return; }
  s.cancelled = true;
  if (s.recorder && s.recorder.state === 'recording') { s.recorder.stop(); }
  release(s);
  button.removeEventListener('pointerdown', s.onPointerDown);
  button.removeEventListener('pointerup', s.onPointerUp);
  button.removeEventListener('pointercancel', s.onPointerUp);
  document.removeEventListener('keydown', s.onKeyDown, true);
  document.removeEventListener('keyup', s.onKeyUp, true);
  window.removeEventListener('blur', s.onBlur);
  state.delete(button);
}
