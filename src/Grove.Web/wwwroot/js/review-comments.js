// Comments on diff lines: keeps Esc in a comment editor from also closing the drawer around it
// (layout.js skips a handled Esc), and scrolls a comment into view ("Jump to").
export function guardEditor(textarea) {
  if (!textarea || textarea.dataset.guarded) { return; }
  textarea.dataset.guarded = 'true';
  textarea.addEventListener('keydown', (e) => {
    if (e.key === 'Escape') { e.preventDefault(); }
  });
}

export function scrollToComment(id) {
  const selector = `[data-comment="${CSS.escape(id)}"]`;
  const element = document.querySelector(`.diff ${selector}`) || document.querySelector(selector);
  if (element) {
    element.scrollIntoView({ block: 'center' });
  }
  return !!element;
}
