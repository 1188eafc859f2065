// The composer's browser side: keys Blazor cannot handle alone (Enter sends but Shift+Enter does
// not, and the default must be prevented only then), menu navigation, pasted or dropped images
// streamed to .NET, and the draft kept in localStorage per tab so it survives a reload.
const draftKey = (tabId) => 'grove.draft.' + tabId;
const maxImageBytes = 5 * 1024 * 1024;
const state = new WeakMap();

function saveDraft(tabId, text) {
  try {
    if (text) { localStorage.setItem(draftKey(tabId), text); } else { localStorage.removeItem(draftKey(tabId)); }
  } catch (e) { /* storage full or disabled: the in-memory draft still works */ }
}

function loadDraft(tabId) {
  try { return localStorage.getItem(draftKey(tabId)) || ''; } catch (e) { return ''; }
}

function autoSize(el) {
  el.style.height = 'auto';
  el.style.height = Math.min(el.scrollHeight, Math.round(window.innerHeight * 0.4)) + 'px';
}

// Asks once, from a key press (a user gesture), so finished turns can notify while the page is hidden.
function askNotificationPermissionOnce() {
  try {
    if (!('Notification' in window) || Notification.permission !== 'default') { return; }
    if (localStorage.getItem('grove.notify.asked')) { return; }
    localStorage.setItem('grove.notify.asked', '1');
    Notification.requestPermission().then((p) => {
      if (p === 'granted' && localStorage.getItem('grove.notify') === null) { localStorage.setItem('grove.notify', 'on'); }
    });
  } catch (e) { /* not supported */ }
}

async function thumbnail(blob) {
  try {
    const bitmap = await createImageBitmap(blob);
    const scale = Math.min(1, 160 / Math.max(bitmap.width, bitmap.height));
    const canvas = document.createElement('canvas');
    canvas.width = Math.max(1, Math.round(bitmap.width * scale));
    canvas.height = Math.max(1, Math.round(bitmap.height * scale));
    canvas.getContext('2d').drawImage(bitmap, 0, 0, canvas.width, canvas.height);
    bitmap.close();
    return canvas.toDataURL('image/png');
  } catch (e) {
    return null;
  }
}

async function sendImages(s, files) {
  for (const file of files) {
    if (!file.type || !file.type.startsWith('image/')) { continue; }
    const name = file.name || ('pasted-' + new Date().toISOString().replace(/[:.]/g, '-') + '.' + (file.type.split('/')[1] || 'png'));
    if (file.size > maxImageBytes) {
      await s.dotnet.invokeMethodAsync('OnImageRejected', name, file.size);
      continue;
    }
    const thumb = await thumbnail(file);
    await s.dotnet.invokeMethodAsync('OnImagePasted', name, file.type, file.size, thumb, DotNet.createJSStreamReference(file));
  }
}

export function attach(el, dotnet, tabId, text) {
  detach(el);
  const s = { dotnet, tabId, menuOpen: false, timer: 0 };
  let value = text === null || text === undefined ? loadDraft(tabId) : text;
  // Text typed before the box came alive (first attach to this element) is kept, not replaced.
  const fresh = el.dataset.groveAttached !== 'true';
  if (fresh && el.value && !value) {
    value = el.value;
  }
  el.value = value;
  el.dataset.groveAttached = 'true';
  autoSize(el);

  const report = () => dotnet.invokeMethodAsync('OnInput', el.value, el.selectionStart ?? el.value.length);
  s.onInput = () => {
    autoSize(el);
    clearTimeout(s.timer);
    s.timer = setTimeout(() => saveDraft(s.tabId, el.value), 250);
    report();
  };
  s.onKeyDown = (e) => {
    if (e.isComposing || e.keyCode === 229) { return; } // an IME is composing: Enter picks a candidate
    if (s.menuOpen && (e.key === 'ArrowDown' || e.key === 'ArrowUp' || e.key === 'Tab' || e.key === 'Escape' || (e.key === 'Enter' && !e.shiftKey))) {
      // The text goes along: .NET checks the menu still fits it (it may have closed meanwhile).
      e.preventDefault();
      dotnet.invokeMethodAsync('OnMenuKey', e.key, el.value);
      return;
    }
    if (e.key === 'Enter' && !e.shiftKey && !e.altKey && !e.ctrlKey && !e.metaKey) {
      e.preventDefault();
      askNotificationPermissionOnce();
      dotnet.invokeMethodAsync('OnEnter', el.value);
    } else if (e.key === 'Escape') {
      e.preventDefault();
      dotnet.invokeMethodAsync('OnEscape');
    }
  };
  s.onCaret = (e) => {
    if (e.type === 'click' || ['ArrowLeft', 'ArrowRight', 'Home', 'End'].includes(e.key)) { report(); }
  };
  s.onPaste = (e) => {
    const files = Array.from(e.clipboardData?.files || []).filter((f) => f.type.startsWith('image/'));
    if (files.length > 0) {
      e.preventDefault();
      sendImages(s, files);
    }
  };
  s.onDragOver = (e) => {
    if (Array.from(e.dataTransfer?.items || []).some((i) => i.kind === 'file')) { e.preventDefault(); }
  };
  s.onDrop = (e) => {
    const files = Array.from(e.dataTransfer?.files || []).filter((f) => f.type.startsWith('image/'));
    if (files.length > 0) {
      e.preventDefault();
      sendImages(s, files);
    }
  };

  el.addEventListener('input', s.onInput);
  el.addEventListener('keydown', s.onKeyDown);
  el.addEventListener('keyup', s.onCaret);
  el.addEventListener('click', s.onCaret);
  el.addEventListener('paste', s.onPaste);
  el.addEventListener('dragover', s.onDragOver);
  el.addEventListener('drop', s.onDrop);
  state.set(el, s);
  el.setAttribute('data-ready', 'true');
  return value;
}

export function detach(el) {
  const s = el && state.get(el);
  if (!s) { return; }
  clearTimeout(s.timer);
  saveDraft(s.tabId, el.value);
  el.removeEventListener('input', s.onInput);
  el.removeEventListener('keydown', s.onKeyDown);
  el.removeEventListener('keyup', s.onCaret);
  el.removeEventListener('click', s.onCaret);
  el.removeEventListener('paste', s.onPaste);
  el.removeEventListener('dragover', s.onDragOver);
  el.removeEventListener('drop', s.onDrop);
  state.delete(el);
}

export function setText(el, text, caret) {
  el.value = text;
  const at = Math.max(0, Math.min(caret ?? text.length, text.length));
  el.focus();
  el.setSelectionRange(at, at);
  autoSize(el);
  const s = state.get(el);
  if (s) { saveDraft(s.tabId, text); }
}

export function clear(el, tabId) {
  el.value = '';
  autoSize(el);
  saveDraft(tabId, '');
}

export function focus(el) {
  el.focus();
  const end = el.value.length;
  el.setSelectionRange(end, end);
}

export function setMenuOpen(el, open) {
  const s = state.get(el);
  if (s) { s.menuOpen = open; }
}

export function scrollMenuItem(menu, index) {
  const item = menu && menu.querySelectorAll('[data-item]')[index];
  if (item) { item.scrollIntoView({ block: 'nearest' }); }
}
