// Applies the saved theme before first paint (no flash). The setting lives in localStorage.
(function () {
  try {
    var theme = localStorage.getItem('grove.theme');
    if (theme === 'light' || theme === 'dark') {
      document.documentElement.setAttribute('data-theme', theme);
    } else if (window.matchMedia && window.matchMedia('(prefers-color-scheme: light)').matches) {
      document.documentElement.setAttribute('data-theme', 'light');
    }
  } catch (e) { /* storage unavailable: keep the default */ }
})();
