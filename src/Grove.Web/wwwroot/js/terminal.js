// A workspace terminal in the page: xterm.js (wwwroot/lib/xterm, see src/Grove.Web/xterm/update.sh)
// on the server's terminal socket. Output arrives as binary frames (the scrollback first), the end
// as a text frame {"type":"exit","code":N}; keys go out as binary frames, the size as
// {"type":"resize","columns":C,"rows":R} whenever the panel (and so the fit) changes.
import { Terminal } from '../lib/xterm/xterm.mjs';
import { FitAddon } from '../lib/xterm/addon-fit.mjs';

const themes = {
  dark: {
    background: '#111316', foreground: '#e4e6ea', cursor: '#62c98a', cursorAccent: '#111316', selectionBackground: '#3b4a5c',
    black: '#1e2127', red: '#f47067', green: '#8ddb8c', yellow: '#d4a72c', blue: '#6cb6ff', magenta: '#dcbdfb', cyan: '#76e3ea', white: '#c5cad3',
    brightBlack: '#636e7b', brightRed: '#ff938a', brightGreen: '#b4f1b4', brightYellow: '#f2cc60', brightBlue: '#96d0ff', brightMagenta: '#eedcff', brightCyan: '#b3f0ff', brightWhite: '#ffffff',
  },
  light: {
    background: '#f6f8fa', foreground: '#1f2328', cursor: '#1a7f37', cursorAccent: '#f6f8fa', selectionBackground: '#b6d4f5',
    black: '#24292f', red: '#cf222e', green: '#116329', yellow: '#7d4e00', blue: '#0969da', magenta: '#8250df', cyan: '#1b7c83', white: '#6e7781',
    brightBlack: '#57606a', brightRed: '#a40e26', brightGreen: '#1a7f37', brightYellow: '#633c01', brightBlue: '#218bff', brightMagenta: '#a475f9', brightCyan: '#3192aa', brightWhite: '#8c959f',
  },
};

const theme = () => (document.documentElement.getAttribute('data-theme') === 'light' ? themes.light : themes.dark);

function ensureStylesheet() {
  if (!document.querySelector('link[data-xterm]')) {
    const link = document.createElement('link');
    link.rel = 'stylesheet';
    link.href = new URL('../lib/xterm/xterm.css', import.meta.url).href;
    link.dataset.xterm = '';
    document.head.appendChild(link);
  }
}

export function open(host, path, dotnet) {
  ensureStylesheet();
  const term = new Terminal({
    cursorBlink: true,
    fontFamily: 'ui-monospace, "SF Mono", Menlo, Consolas, "DejaVu Sans Mono", monospace',
    fontSize: 13,
    scrollback: 10000,
    theme: theme(),
  });
  const fit = new FitAddon();
  term.loadAddon(fit);
  term.open(host);
  const encoder = new TextEncoder();
  let disposed = false;
  let socket;

  const sendSize = () => {
    if (socket && socket.readyState === WebSocket.OPEN) {
      socket.send(JSON.stringify({ type: 'resize', columns: term.cols, rows: term.rows }));
    }
  };
  const refit = () => {
    if (!disposed && host.offsetWidth > 0 && host.offsetHeight > 0) {
      try { fit.fit(); } catch { /* not laid out yet */ }
    }
  };

  // Copy and paste without stealing Ctrl+C (the child's interrupt): Ctrl+Shift+C / Ctrl+Shift+V.
  term.attachCustomKeyEventHandler((e) => {
    if (e.type === 'keydown' && e.ctrlKey && e.shiftKey && e.code === 'KeyC') {
      const selection = term.getSelection();
      if (selection) { navigator.clipboard?.writeText(selection); }
      return false;
    }
    if (e.type === 'keydown' && e.ctrlKey && e.shiftKey && e.code === 'KeyV') {
      navigator.clipboard?.readText().then((text) => term.paste(text));
      return false;
    }
    return true;
  });

  refit();
  const url = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}${path}`;
  socket = new WebSocket(url);
  socket.binaryType = 'arraybuffer';
  socket.onopen = () => {
    sendSize();
    term.focus();
    dotnet.invokeMethodAsync('Connected');
  };
  socket.onmessage = (event) => {
    if (typeof event.data === 'string') {
      const message = JSON.parse(event.data);
      if (message.type === 'exit') {
        term.write(`\r\n\x1b[2m[shell exited with code ${message.code}]\x1b[0m\r\n`);
        dotnet.invokeMethodAsync('Exited', message.code);
      }
      return;
    }
    term.write(new Uint8Array(event.data));
  };
  socket.onclose = (event) => {
    if (!disposed && event.code !== 1000) {
      term.write(`\r\n\x1b[2m[disconnected${event.reason ? `: ${event.reason}` : ''}; reopen the tab to reattach]\x1b[0m\r\n`);
    }
  };

  const input = term.onData((data) => {
    if (socket.readyState === WebSocket.OPEN) { socket.send(encoder.encode(data)); }
  });
  const binary = term.onBinary((data) => {
    if (socket.readyState === WebSocket.OPEN) {
      socket.send(Uint8Array.from(data, (c) => c.charCodeAt(0) & 0xff));
    }
  });
  const resized = term.onResize(sendSize);
  const observer = new ResizeObserver(() => refit());
  observer.observe(host);
  const themeWatch = new MutationObserver(() => { term.options.theme = theme(); });
  themeWatch.observe(document.documentElement, { attributes: true, attributeFilter: ['data-theme'] });

  return {
    focus: () => term.focus(),
    dispose: () => {
      disposed = true;
      observer.disconnect();
      themeWatch.disconnect();
      input.dispose();
      binary.dispose();
      resized.dispose();
      socket.close(1000);
      term.dispose();
    },
  };
}
