// Installed in every new document before the page's own scripts run. It reports
// the failure signals that exist only in the DOM (Livewire's error dialog,
// Filament's error notification) through the CDP binding, and tracks what a
// step's action can still cause, so the settle wait (settle below) ends exactly
// when that is done: Livewire updates in flight up to their morph, other
// requests and short timers the page started, a navigation, running
// animations. It never throws and never changes what the page does: the
// wrappers (fetch, response bodies, timers) call straight through. sel is the
// target profile's selectors (profile.Script).
((binding, timerWindow, sel) => {
  if (window.top !== window || window.__proofrun) return;
  const setTimeout0 = window.setTimeout.bind(window);
  const raf0 = window.requestAnimationFrame.bind(window);
  const state = {
    pending: 0,     // requests in flight (Livewire updates, and what the page started), up to what their answer changes
    mutations: 0,   // DOM mutation batches since the document began
    base: 0,        // mutations when the step began (mark)
    navigating: false,
    updateURI: '',
  };
  Object.defineProperty(window, '__proofrun', { value: state });
  const send = (kind, message) => {
    try {
      window[binding](JSON.stringify({ kind, message: String(message || ''), url: location.href }));
    } catch (e) { /* binding gone: the watcher is closed */ }
  };

  // Waiters woken by any change the settle wait looks at.
  let waiters = [];
  const wake = () => {
    const w = waiters;
    waiters = [];
    w.forEach((f) => f());
  };
  const changed = (ms) => new Promise((resolve) => {
    waiters.push(resolve);
    if (ms >= 0) setTimeout0(resolve, ms);
  });

  // A request counts until its answer has been read and the code awaiting
  // it has run (one task later): that code is what morphs the DOM.
  // Any other request counts for at most otherRequestMS: a long poll or a
  // stream must not hold every step.
  const otherRequestMS = 2000;
  const begin = () => { state.pending++; };
  const end = () => setTimeout0(() => { state.pending--; wake(); }, 0);
  const track = (p, capped) => {
    let done = false;
    const finish = () => { if (!done) { done = true; end(); } };
    begin();
    p.then(finish, finish);
    if (capped) setTimeout0(finish, otherRequestMS);
  };

  // Short timers the page sets are part of what a step causes (a debounce,
  // a deferred request, the end of a transition): the settle wait waits for
  // those due within timerWindow ms. Each timer's callback may set one more
  // (maxDepth), so a timer that re-arms itself forever (a poller) is
  // followed only so far; setInterval callbacks are never waited for.
  const maxDepth = 2;
  let depth = 0; // of the timer callback running; Infinity: one not followed
  const timers = new Set();
  const setTimeoutT = window.setTimeout;
  window.setTimeout = function (fn, ms, ...rest) {
    if (typeof fn !== 'function') return setTimeoutT.apply(this, arguments);
    const level = depth + 1;
    const follow = level <= maxDepth && (Number(ms) || 0) <= timerWindow;
    let id = 0;
    const run = function () {
      if (follow) timers.delete(id);
      const prev = depth;
      depth = follow ? level : Infinity;
      try {
        return fn.apply(this, arguments);
      } finally {
        depth = prev;
        if (follow) setTimeout0(wake, 0);
      }
    };
    id = setTimeoutT.call(window, run, ms, ...rest);
    if (follow) timers.add(id);
    return id;
  };
  const clearTimeoutT = window.clearTimeout;
  window.clearTimeout = function (id) {
    if (timers.delete(id)) setTimeout0(wake, 0);
    return clearTimeoutT.apply(this, arguments);
  };
  const setIntervalT = window.setInterval;
  window.setInterval = function (fn, ms, ...rest) {
    if (typeof fn !== 'function') return setIntervalT.apply(this, arguments);
    return setIntervalT.call(window, function () {
      const prev = depth;
      depth = Infinity;
      try { return fn.apply(this, arguments); } finally { depth = prev; }
    }, ms, ...rest);
  };

  // Livewire updates, counted when fetch is called so the settle wait cannot
  // miss a request CDP has not reported yet; other requests when the step
  // caused them (not from a timer or interval that is not followed).
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
  const answers = new WeakMap(); // response -> is a Livewire update: the page's reading of its body is tracked
  const fetch0 = window.fetch;
  if (fetch0) {
    window.fetch = function (input, init) {
      const p = fetch0.apply(this, arguments);
      try {
        const isReq = typeof Request !== 'undefined' && input instanceof Request;
        const headers = (init && init.headers) || (isReq ? input.headers : null);
        const update = isUpdate(isReq ? input.url : String(input), headers);
        if (update || depth !== Infinity) {
          track(p.then((res) => { answers.set(res, update); }), !update);
        }
      } catch (e) { /* never break the page's fetch */ }
      return p;
    };
    if (typeof Response !== 'undefined') {
      for (const name of ['text', 'json', 'arrayBuffer', 'blob', 'formData']) {
        const read0 = Response.prototype[name];
        if (typeof read0 !== 'function') continue;
        Response.prototype[name] = function () {
          const p = read0.apply(this, arguments);
          try {
            if (answers.has(this)) track(p, !answers.get(this));
          } catch (e) { /* never break the page's reading */ }
          return p;
        };
      }
    }
  }

  // Livewire 3 and 4: a commit runs from the request to the morph of its
  // answer; its succeed callbacks run before the morph, so the commit counts
  // until one task after them.
  const hookLivewire = () => {
    const lw = window.Livewire;
    if (!lw || typeof lw.hook !== 'function' || state.hooked) return;
    state.hooked = true;
    try {
      lw.hook('commit', ({ succeed, fail }) => {
        let finish;
        track(new Promise((resolve) => { finish = resolve; }), false);
        succeed(() => queueMicrotask(finish));
        fail(finish);
      });
    } catch (e) { /* another Livewire: the fetch count still holds */ }
  };
  for (const name of sel.initEvents) document.addEventListener(name, hookLivewire);

  // A navigation started in this document: it ends with a new document
  // (this one is gone) or, for a same-document one, with navigatesuccess.
  if (window.navigation) {
    navigation.addEventListener('navigate', () => { state.navigating = true; wake(); });
    const settled = () => { state.navigating = false; wake(); };
    navigation.addEventListener('navigatesuccess', settled);
    navigation.addEventListener('navigateerror', settled);
  }

  // settle resolves when what the page was doing has ended: no navigation,
  // the document parsed, no request or followed timer pending, and one
  // animation frame passed without a DOM change (the morph is done and
  // Alpine has reacted), after the entrance animations that started. A page
  // that changed nothing since the last settle resolves at once. A DOM that
  // keeps changing with nothing pending (a spinner, a clock) counts as
  // settled after maxChurnMS. It gives up after sliceMS so the caller can
  // look at its own side (CDP, its deadline) and ask again; when settled it
  // reports sync through the binding, so the caller can tell when it has
  // handled every event the page caused before.
  const maxChurnMS = 2000;
  // One animation frame, bounded: a page the browser does not paint (a
  // background tab) gets none.
  const frame = () => new Promise((resolve) => { raf0(() => resolve()); setTimeout0(resolve, 100); });
  // Entrance animations: CSS animations and script ones that end, and
  // transitions of what makes an element appear (a hover's colour
  // transition is not waited for).
  const appearing = /^(opacity|transform|translate|scale|visibility|display|all)$/;
  const animations = () => {
    if (!document.getAnimations) return [];
    return document.getAnimations().filter((a) => {
      try {
        if (a.playState !== 'running' || !isFinite(a.effect.getComputedTiming().endTime)) return false;
        return !(typeof CSSTransition !== 'undefined' && a instanceof CSSTransition) || appearing.test(a.transitionProperty);
      } catch (e) { return false; }
    });
  };
  state.settle = async (sliceMS, sync) => {
    const until = performance.now() + sliceMS;
    let churn = 0;
    let animated = false; // animations are waited for once, bounded by timerWindow
    for (;;) {
      const left = until - performance.now();
      if (left <= 0) return { status: 'busy', pending: state.pending, timers: timers.size, ready: document.readyState };
      if (state.navigating) return { status: 'navigating' };
      if (document.readyState === 'loading' || state.pending > 0 || timers.size > 0) {
        churn = 0;
        await changed(left);
        continue;
      }
      if (state.mutations !== state.base) {
        const seen = state.mutations;
        await frame();
        if (state.mutations !== seen) {
          churn = churn || performance.now();
          if (performance.now() - churn < maxChurnMS) continue;
        } else if (!animated) {
          animated = true;
          const running = animations();
          if (running.length) {
            await Promise.race([Promise.all(running.map((a) => a.finished.catch(() => {}))), changed(timerWindow)]);
            continue;
          }
        }
        if (state.pending > 0 || timers.size > 0 || state.navigating) continue;
        state.base = state.mutations;
      }
      // A DOM signal the last mutations raised is reported before sync, so
      // it belongs to the step that caused it (its scan task may still be
      // queued behind the frame).
      if (scheduled) scan();
      send('sync', sync);
      return { status: 'idle' };
    }
  };

  // changes resolves with the mutation count once it exceeds since, or after
  // ms: a check of the DOM waits on it instead of a clock.
  state.changes = async (since, ms) => {
    const until = performance.now() + ms;
    while (state.mutations <= since && performance.now() < until) await changed(until - performance.now());
    return state.mutations;
  };

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
    setTimeout0(scan, 0);
  };
  new MutationObserver(() => { state.mutations++; wake(); schedule(); })
    .observe(document, { subtree: true, childList: true, attributes: true, characterData: true });
  document.addEventListener('DOMContentLoaded', () => { wake(); schedule(); });
})
