// Page-wide keyboard shortcuts: matches keys against the table .NET passes in (Shortcuts.All)
// and reports the command; components subscribed to UiCommands act on it.
let listener = null;

function isTyping(target) {
  if (!target || !(target instanceof Element)) { return false; }
  if (target.isContentEditable) { return true; }
  const tag = target.tagName;
  return tag === 'TEXTAREA' || tag === 'SELECT' || (tag === 'INPUT' && !['button', 'checkbox', 'radio', 'submit'].includes(target.type));
}

export function init(dotnet, shortcuts) {
  dispose();
  listener = (e) => {
    if (e.defaultPrevented || e.repeat && e.code !== 'ArrowDown' && e.code !== 'ArrowUp' && e.code !== 'ArrowLeft' && e.code !== 'ArrowRight') { return; }
    for (const s of shortcuts) {
      const chord = s.code && e.altKey && e.shiftKey && !e.ctrlKey && !e.metaKey && e.code === s.code;
      const single = s.key && !e.altKey && !e.ctrlKey && !e.metaKey && e.key === s.key && !isTyping(e.target)
        && !document.querySelector('[role="dialog"]');
      if (chord || single) {
        e.preventDefault();
        dotnet.invokeMethodAsync('OnShortcut', s.command);
        return;
      }
    }
  };
  document.addEventListener('keydown', listener);
}

export function dispose() {
  if (listener) {
    document.removeEventListener('keydown', listener);
    listener = null;
  }
}
