// Grove's page helpers, called from Blazor through window.grove.*.
window.grove = window.grove || {};
window.grove.setTheme = function (theme) {
  document.documentElement.setAttribute('data-theme', theme);
  try { localStorage.setItem('grove.theme', theme); } catch (e) { }
};
window.grove.getTheme = function () {
  return document.documentElement.getAttribute('data-theme') || 'dark';
};
window.grove.markInteractive = function () {
  document.body.setAttribute('data-interactive', 'true');
};

// Update check when the page regains focus (issue 15): the server keeps a one-minute cooldown and
// tells the sidebar when something new is found; this only says "look again".
(function () {
  var last = 0;
  function check() {
    if (document.visibilityState !== 'visible' || Date.now() - last < 5000) { return; }
    last = Date.now();
    fetch('api/updates/check', { method: 'POST', credentials: 'same-origin' }).catch(function () { });
  }
  document.addEventListener('visibilitychange', check);
  window.addEventListener('focus', check);
})();
