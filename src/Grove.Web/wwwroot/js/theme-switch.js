// Theme switching for the settings page: dark, light, or follow the system. The choice is kept in
// localStorage under the same key theme.js reads before first paint ('grove.theme'; absent = system).
const storageKey = 'grove.theme';
const media = window.matchMedia ? window.matchMedia('(prefers-color-scheme: light)') : null;

function systemTheme() {
  return media && media.matches ? 'light' : 'dark';
}

export function current() {
  try {
    const theme = localStorage.getItem(storageKey);
    return theme === 'light' || theme === 'dark' ? theme : 'system';
  } catch (e) {
    return 'system';
  }
}

export function apply(theme) {
  if (theme === 'light' || theme === 'dark') {
    window.grove.setTheme(theme);
    return theme;
  }

  try { localStorage.removeItem(storageKey); } catch (e) { /* storage unavailable */ }
  document.documentElement.setAttribute('data-theme', systemTheme());
  return 'system';
}

// While following the system, follow its changes too.
if (media && media.addEventListener) {
  media.addEventListener('change', () => {
    if (current() === 'system') {
      document.documentElement.setAttribute('data-theme', systemTheme());
    }
  });
}
