// Browser notifications for finished turns and questions while the page is hidden. The bell
// button is handled here so the permission prompt comes straight from the click (a user gesture).
const prefKey = 'grove.notify';

export function state() {
  if (!('Notification' in window)) { return 'unsupported'; }
  if (Notification.permission === 'denied') { return 'denied'; }
  let pref = null;
  try { pref = localStorage.getItem(prefKey); } catch (e) { }
  return Notification.permission === 'granted' && pref !== 'off' ? 'on' : 'off';
}

export function init(button, dotnet) {
  const onClick = async () => {
    if (!('Notification' in window)) { return; }
    const current = state();
    try {
      if (current === 'on') {
        localStorage.setItem(prefKey, 'off');
      } else if (Notification.permission === 'default') {
        const answer = await Notification.requestPermission();
        localStorage.setItem(prefKey, answer === 'granted' ? 'on' : 'off');
      } else if (Notification.permission === 'granted') {
        localStorage.setItem(prefKey, 'on');
      }
    } catch (e) { /* storage unavailable */ }
    dotnet.invokeMethodAsync('OnStateChanged', state());
  };
  button.addEventListener('click', onClick);
  button._groveNotify = onClick;
  return state();
}

export function dispose(button) {
  if (button && button._groveNotify) {
    button.removeEventListener('click', button._groveNotify);
    delete button._groveNotify;
  }
}

// Shows a notification only while the page is hidden and the user turned them on.
export function notify(title, body, url, tag) {
  if (state() !== 'on' || document.visibilityState !== 'hidden') { return false; }
  const n = new Notification(title, { body, tag, renotify: true });
  n.onclick = () => {
    window.focus();
    if (url && url.startsWith('/')) {
      if (window.Blazor && window.Blazor.navigateTo) { window.Blazor.navigateTo(url); } else { window.location.assign(url); }
    }
    n.close();
  };
  return true;
}
