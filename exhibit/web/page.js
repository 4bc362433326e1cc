// The exhibit's page script (served by exhibit.server, loaded before textual.js).
//
// - The websocket goes back to the host the page came from, whatever name
//   or address the visitor used.
// - Keys: xterm.js already sends every key to the exhibit and cancels the
//   browser's use of it (F5 reload, F11 full screen, F12 tools, Backspace
//   and Alt+Left back, Ctrl+P print...) while its terminal has the keyboard.
//   This script keeps the keyboard there, and if a key arrives anywhere else
//   on the page it cancels the browser's use of it too and gives the
//   terminal the keyboard back. Chromium's reserved chords (Ctrl+W, Ctrl+T,
//   Ctrl+N, ...) cannot be cancelled by any page: see exhibit/browser.py.
// - Touch: a tap is a click (CSS in page.html); on a kiosk a long press or
//   a right click opens no menu.
// - When the session ends (the app quit, the server restarted), a kiosk
//   page waits for the server and starts a new visit by itself.
// - exhibitPage.screenText() reads the screen from xterm.js's buffer.
"use strict";

(function () {
  const FULL = 4001; // exhibit.server closes with this when every session is taken

  // Keys the exhibit or its machines use that a browser would otherwise take.
  const FUNCTION_KEYS = /^F([1-9]|1[0-2])$/;
  const NAMED = new Set(["Backspace", "Tab", "Escape", "Enter", "PageUp", "PageDown",
    "Home", "End", "ArrowUp", "ArrowDown", "ArrowLeft", "ArrowRight", " "]);

  function isExhibitKey(e) {
    if (FUNCTION_KEYS.test(e.key) || NAMED.has(e.key)) return true;
    if (e.altKey && (e.key === "ArrowLeft" || e.key === "ArrowRight")) return true;
    // Ctrl+letter is a control character for the machine (Ctrl+Shift+V pastes).
    return e.ctrlKey && !e.shiftKey && e.key.length === 1;
  }

  function textarea() {
    return document.querySelector(".xterm-helper-textarea");
  }

  function giveKeyboard() {
    const t = textarea();
    if (t && document.activeElement !== t) t.focus({ preventScroll: true });
  }

  // Remember the session's websocket, and notice when it closes.
  const NativeWebSocket = window.WebSocket;
  class ExhibitWebSocket extends NativeWebSocket {
    constructor(url, protocols) {
      super(url, protocols);
      page.socket = this;
      this.addEventListener("message", () => {
        if (!page.started) { page.started = true; giveKeyboard(); }
      });
      this.addEventListener("close", (e) => page.closed(e));
    }
  }
  window.WebSocket = ExhibitWebSocket;

  const page = {
    socket: null,
    started: false,
    closeCode: null,

    screenText() {
      const session = window.exhibitTerminal;
      if (!session) return "";
      const term = session.terminal;
      const buffer = term.buffer.active;
      const lines = [];
      for (let y = 0; y < term.rows; y++) {
        const line = buffer.getLine(buffer.viewportY + y);
        lines.push(line ? line.translateToString(true) : "");
      }
      return lines.join("\n");
    },

    closed(e) {
      page.closeCode = e.code;
      if (e.code === FULL) {
        document.getElementById("ended-text").textContent =
          "Every place at the exhibit is taken just now.";
        setTimeout(() => location.reload(), 5000);
      } else if (document.body.dataset.kiosk === "yes") {
        page.restart();
      }
    },

    // Start a new visit once the server answers (it may be restarting).
    async restart() {
      for (;;) {
        try {
          const r = await fetch(location.pathname, { cache: "no-store" });
          if (r.ok || r.status === 503) { location.reload(); return; }
        } catch (err) { /* not up yet */ }
        await new Promise((ok) => setTimeout(ok, 2000));
      }
    },
  };
  window.exhibitPage = page;

  document.addEventListener("DOMContentLoaded", () => {
    const scheme = location.protocol === "https:" ? "wss:" : "ws:";
    document.getElementById("terminal").dataset.sessionWebsocketUrl =
      scheme + "//" + location.host + "/ws";
  });

  window.addEventListener("keydown", (e) => {
    if (e.target === textarea()) return; // xterm.js sends it and cancels the browser's use
    if (isExhibitKey(e)) e.preventDefault();
    giveKeyboard();
  }, true);

  // The terminal keeps the keyboard: nothing else on the page wants it.
  document.addEventListener("focusout", (e) => {
    if (e.target === textarea()) setTimeout(() => { if (page.started) giveKeyboard(); }, 0);
  });
  document.addEventListener("contextmenu", (e) => {
    if (document.body.dataset.kiosk === "yes") e.preventDefault();
  });
})();
