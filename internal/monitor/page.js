// Installed in every new document before the page's own scripts run. It reports
// the failure signals that exist only in the DOM (Livewire's error dialog,
// Filament's error notification) through the CDP binding, and keeps the
// counters the Livewire idle wait reads. It never throws and never changes what
// the page does: the one wrapper (fetch) calls straight through. sel is the
// target profile's selectors (profile.Script).
((binding, sel) => {
  if (window.top !== window || window.__proofrun) return;
  const state = { pending: 0, last: performance.now(), updateURI: '' };
  Object.defineProperty(window, '__proofrun', { value: state });
  const touch = () => { state.last = performance.now(); };
  const send = (kind, message) => {
    try {
      window[binding](JSON.stringify({ kind, message: String(message || ''), url: location.href }));
    } catch (e) { /* binding gone: the watcher is closed */ }
  };

  // Livewire update requests in flight, counted when fetch is called, so the
  // idle wait cannot miss a request CDP has not reported yet.
  const headerNames = (h) => {
    if (!h) return [];
    if (typeof Headers !== 'undefined' && h instanceof Headers) return [...h.keys()];
    if (Array.isArray(h)) return h.map((p) => String(p[0]));
    return Object.keys(h);
  };
  const isUpdate = (url, headers) => {
    if (headerNames(headers).some((n) => n.toLowerCase() === sel.updateHeader.toLowerCase())) return true;
    if (!state.updateURI) return false;
    try {
      const u = new URL(url, location.href);
      return u.origin + u.pathname === state.updateURI;
    } catch (e) { return false; }
  };
  const fetch0 = window.fetch;
  if (fetch0) {
    window.fetch = function (input, init) {
      const p = fetch0.apply(this, arguments);
      try {
        const isReq = typeof Request !== 'undefined' && input instanceof Request;
        const headers = (init && init.headers) || (isReq ? input.headers : null);
        if (isUpdate(isReq ? input.url : String(input), headers)) {
          state.pending++;
          touch();
          const done = () => { state.pending--; touch(); };
          p.then(done, done);
        }
      } catch (e) { /* never break the page's fetch */ }
      return p;
    };
  }

  const readUpdateURI = () => {
    const el = document.querySelector(sel.updateURI);
    if (!el) return;
    try {
      const u = new URL(el.getAttribute(sel.updateURIAttr), location.href);
      const uri = u.origin + u.pathname;
      if (uri !== state.updateURI) {
        state.updateURI = uri;
        send('update-uri', uri);
      }
    } catch (e) { /* a malformed attribute is the page's problem */ }
  };

  const text = (el) => (el.innerText || el.textContent || '').replace(/\s+/g, ' ').trim();
  // Livewire writes the error page into an iframe of the dialog and reuses the
  // dialog for the next error, so each new iframe is a new report.
  const reported = new WeakSet();
  const scan = () => {
    scheduled = false;
    readUpdateURI();
    const dialog = document.getElementById(sel.errorDialog);
    if (dialog) {
      const frame = dialog.querySelector('iframe') || dialog;
      if (!reported.has(frame)) {
        reported.add(frame);
        let msg = '';
        try {
          const body = frame.contentDocument && frame.contentDocument.body;
          if (body) msg = text(body);
        } catch (e) { /* cross-origin frame: fall back to the dialog */ }
        send('livewire-error', msg || text(dialog) || 'Livewire error dialog appeared');
      }
    }
    const failed = new RegExp(sel.notificationError, 'i');
    for (const n of document.querySelectorAll(sel.notification)) {
      if (reported.has(n)) continue;
      const t = text(n);
      if (failed.test(t)) {
        reported.add(n);
        send('notification', t);
      }
    }
  };
  let scheduled = false;
  const schedule = () => {
    if (scheduled) return;
    scheduled = true;
    setTimeout(scan, 0);
  };
  new MutationObserver(() => { touch(); schedule(); })
    .observe(document, { subtree: true, childList: true, attributes: true, characterData: true });
  document.addEventListener('DOMContentLoaded', schedule);
})
