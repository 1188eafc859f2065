// When the connection to Grove is lost (the server stopped), shows "Grove stopped" and comes back
// by itself: it polls the server with backoff and, once it answers, rejoins the circuit or, when
// the server no longer knows it (it was restarted), reloads the page. Blazor reports its
// reconnection states as events on #components-reconnect-modal.
const modal = document.getElementById('components-reconnect-modal');
const status = modal?.querySelector('.reconnect-status');
let polling = false;

function show(text) {
  modal.classList.add('reconnect-visible');
  document.body.removeAttribute('data-interactive');
  if (status && text) { status.textContent = text; }
}

function hide() {
  modal.classList.remove('reconnect-visible');
  polling = false;
}

async function serverAnswers() {
  try {
    // A public file: answers as soon as the server is up, signed in or not.
    const response = await fetch('_content/Grove.Web/favicon.svg', { cache: 'no-store' });
    return response.ok;
  } catch {
    return false;
  }
}

// True when the page is back (rejoined, or reloading because the server no longer knows it);
// false when the server went away again (e.g. it answered while shutting down): keep polling.
async function rejoin() {
  let rejoined;
  try {
    rejoined = await window.Blazor.reconnect();
  } catch {
    return false;
  }

  if (!rejoined) {
    location.reload();
  }

  return true;
}

async function pollUntilBack() {
  if (polling) { return; }
  polling = true;
  let delay = 500;
  while (polling) {
    if (await serverAnswers()) {
      show('Grove is back: reconnecting…');
      if (await rejoin()) {
        polling = false;
        return;
      }
    }

    show(`Waiting for Grove… (next try in ${Math.ceil(delay / 1000)} s)`);
    await new Promise(resolve => setTimeout(resolve, delay));
    delay = Math.min(delay * 2, 8000);
  }
}

async function reloadWhenBack() {
  // Blazor says the server no longer knows this page; reload once it answers (not while it is down).
  while (!(await serverAnswers())) {
    show('Waiting for Grove…');
    await new Promise(resolve => setTimeout(resolve, 1000));
  }

  show('Grove is back: reloading…');
  location.reload();
}

if (modal) {
  modal.addEventListener('components-reconnect-state-changed', (e) => {
    switch (e.detail?.state) {
      case 'show':
      case 'retrying':
      case 'failed':
      case 'paused':
        show();
        pollUntilBack();
        break;
      case 'hide':
        hide();
        document.body.setAttribute('data-interactive', 'true');
        break;
      case 'rejected':
      case 'resume-failed':
        // The server no longer knows this page's session (it was restarted).
        polling = false;
        reloadWhenBack();
        break;
    }
  });
}
