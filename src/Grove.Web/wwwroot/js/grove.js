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
