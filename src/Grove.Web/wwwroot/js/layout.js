// The narrow layout: reports whether the window is narrow (the changes panel becomes a drawer) and
// closes open drawers on Esc. MainLayout imports it.
let state = null;

export function init(dotnet, query) {
  dispose();
  const media = window.matchMedia(query);
  const report = () => dotnet.invokeMethodAsync('OnNarrowChanged', media.matches);
  const keydown = (e) => {
    if (e.key !== 'Escape' || e.defaultPrevented || document.querySelector('[role="dialog"]')) { return; }
    const open = document.querySelector('.shell.sidebar-open') || (media.matches && document.querySelector('.workspace-view.with-changes'));
    if (open) {
      dotnet.invokeMethodAsync('ClosePanels');
    }
  };
  media.addEventListener('change', report);
  document.addEventListener('keydown', keydown);
  state = { media, report, keydown };
  return media.matches;
}

export function dispose() {
  if (state) {
    state.media.removeEventListener('change', state.report);
    document.removeEventListener('keydown', state.keydown);
    state = null;
  }
}
