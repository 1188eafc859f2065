// The message list of an agent tab (TranscriptView): stick to the bottom while the user is there,
// a "jump to latest" button when they scrolled up, earlier events loaded near the top without
// moving what the user is reading, and copy buttons on code blocks. No inline handlers (CSP).
// Tells the server whether the user follows the latest messages: only then does it drop the
// oldest items of a long list (never while the top is in reach, where "load earlier" would
// bring them straight back).
const states = new WeakMap();
const NEAR_BOTTOM = 48;
const NEAR_TOP = 240;

export function attach(scroller, dotnet) {
  if (!scroller || states.has(scroller)) {
    return;
  }
  const wrap = scroller.parentElement;
  const state = { scroller, wrap, dotnet, stick: true, following: true, visible: true, loading: false, anchor: null };
  state.onScroll = () => {
    state.stick = isAtBottom(scroller);
    setScrolledUp(state, !state.stick);
    reportFollowing(state);
    if (scroller.scrollTop < NEAR_TOP) {
      maybeLoadEarlier(state);
    }
  };
  state.onClick = (event) => {
    const target = event.target instanceof Element ? event.target : null;
    if (!target) {
      return;
    }
    if (target.closest('[data-action="jump-latest"]')) {
      scrollToBottom(state);
    } else if (target.closest('[data-action="copy-code"]')) {
      copyCode(target.closest('[data-action="copy-code"]'));
    } else if (target.closest('[data-action="load-earlier"]')) {
      captureAnchor(state);
    }
  };
  // A hidden page (another browser tab in front) is not rendered by the server until it is shown again.
  state.onVisibility = () => reportVisible(state);
  document.addEventListener('visibilitychange', state.onVisibility);
  reportVisible(state);
  state.observer = new MutationObserver((records) => onMutation(state, records));
  state.observer.observe(scroller, { childList: true, subtree: true, characterData: true });
  scroller.addEventListener('scroll', state.onScroll, { passive: true });
  // Capture phase: runs before Blazor's own click handling, so the anchor is taken before the DOM changes.
  wrap.addEventListener('click', state.onClick, true);
  states.set(scroller, state);
  scrollToBottom(state);
  requestAnimationFrame(() => maybeLoadEarlier(state));
}

export function detach(scroller) {
  const state = scroller && states.get(scroller);
  if (!state) {
    return;
  }
  state.observer.disconnect();
  document.removeEventListener('visibilitychange', state.onVisibility);
  scroller.removeEventListener('scroll', state.onScroll);
  state.wrap.removeEventListener('click', state.onClick, true);
  states.delete(scroller);
}

export function jumpToLatest(scroller) {
  const state = scroller && states.get(scroller);
  if (state) {
    scrollToBottom(state);
  }
}

function reportFollowing(state) {
  const following = state.stick && state.scroller.scrollTop >= NEAR_TOP;
  if (following !== state.following) {
    state.following = following;
    state.dotnet.invokeMethodAsync('SetFollowingAsync', following).catch(() => { });
  }
}

function reportVisible(state) {
  const visible = document.visibilityState !== 'hidden';
  if (visible !== state.visible) {
    state.visible = visible;
    state.dotnet.invokeMethodAsync('SetVisibleAsync', visible).catch(() => { });
  }
}

function isAtBottom(scroller) {
  return scroller.scrollHeight - scroller.scrollTop - scroller.clientHeight < NEAR_BOTTOM;
}

function scrollToBottom(state) {
  state.scroller.scrollTop = state.scroller.scrollHeight;
  state.stick = true;
  setScrolledUp(state, false);
}

function setScrolledUp(state, up) {
  state.wrap.toggleAttribute('data-scrolled-up', up);
  if (!up) {
    state.wrap.removeAttribute('data-unread');
  }
}

function firstItem(scroller) {
  return scroller.querySelector(':scope > [data-kind]');
}

function offsetOf(element, scroller) {
  return element.getBoundingClientRect().top - scroller.getBoundingClientRect().top;
}

function captureAnchor(state) {
  const first = firstItem(state.scroller);
  state.anchor = first ? { element: first, offset: offsetOf(first, state.scroller) } : null;
}

function maybeLoadEarlier(state) {
  const { scroller } = state;
  if (state.loading || scroller.dataset.hasEarlier !== 'true' || scroller.scrollTop > NEAR_TOP) {
    return;
  }
  state.loading = true;
  captureAnchor(state);
  state.dotnet.invokeMethodAsync('LoadEarlierAsync')
    .then((loaded) => {
      if (!loaded) {
        state.anchor = null;
      }
    })
    .catch(() => {
      state.anchor = null;
    })
    .finally(() => {
      state.loading = false;
    });
}

function onMutation(state, records) {
  const { scroller } = state;
  const anchor = state.anchor;
  if (anchor) {
    if (!anchor.element.isConnected) {
      state.anchor = null;
    } else if (firstItem(scroller) !== anchor.element) {
      // Earlier items were inserted above: keep the item the user was looking at where it was.
      scroller.scrollTop += offsetOf(anchor.element, scroller) - anchor.offset;
      state.anchor = null;
      requestAnimationFrame(() => maybeLoadEarlier(state));
      return;
    }
  }
  const sentMessage = records.some((r) => r.target === scroller &&
    Array.from(r.addedNodes).some((n) => n instanceof Element && n.getAttribute('data-kind') === 'user'));
  if (state.stick || sentMessage) {
    scrollToBottom(state);
  } else if (records.some((r) => r.addedNodes.length > 0 || r.type === 'characterData')) {
    state.wrap.setAttribute('data-unread', 'true');
  }
}

function copyCode(button) {
  const code = button.closest('.code-block')?.querySelector('code');
  if (!code || !navigator.clipboard) {
    return;
  }
  navigator.clipboard.writeText(code.innerText).then(() => {
    button.textContent = 'Copied';
    setTimeout(() => { button.textContent = 'Copy'; }, 1200);
  }, () => { });
}
