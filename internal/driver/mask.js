// Screenshot masking, evaluated by mask.go in an isolated world of one frame:
// the page's scripts share the DOM but not this world's built-ins or DOM
// wrappers, so they cannot disable it. op 'mask' replaces every match of
// pattern (redact.Pattern: every encoded form of every secret) in the
// frame's text, open shadow roots, form values and attributes, then lists
// what it could not mask; 'settle' waits until the frame has rendered (a
// frame in another process paints on its own: the capture must not take its
// frame from before the mask); 'check', after the capture, lists whether the
// masking still holds; 'unmask' puts the page back.
(op, pattern, mask, settleWait) => {
  const state = globalThis.__proofrunMask || (globalThis.__proofrunMask = { undo: [] });
  if (op === 'settle') {
    // A frame not displayed has no size and renders nothing.
    if (innerWidth * innerHeight === 0) return { frames: 0, problems: [] };
    // The second animation frame starts after the first one's paint.
    return new Promise((done) => {
      requestAnimationFrame(() => requestAnimationFrame(() => done({ frames: 0, problems: [] })));
      setTimeout(() => done({ frames: 0, problems: ['a frame did not render its masked text in time'] }), settleWait);
    });
  }
  if (op === 'unmask') {
    for (const u of state.undo.reverse()) u.restore();
    state.undo = [];
    return { frames: 0, problems: [] };
  }
  const re = new RegExp(pattern);
  const all = new RegExp(pattern, 'g');
  const hit = (s) => typeof s === 'string' && re.test(s);
  const swap = (s) => s.replace(all, mask);
  // Attributes that load something when changed, and are not shown (a
  // frame's content is masked in its own world).
  const fixed = (el, name) => ['src', 'srcset', 'srcdoc', 'data', 'poster'].includes(name) ||
    (name === 'href' && ['link', 'base'].includes(el.localName));
  const shown = (el) => { const r = el.getBoundingClientRect(); return r.width > 0 && r.height > 0; };

  const problems = new Set();
  const back = 'the page put a secret back after it was masked';
  const set = (get, put) => {
    const old = get();
    if (!hit(old)) return;
    const v = swap(old);
    put(v);
    state.undo.push({ restore: () => put(old), holds: () => get() === v });
  };
  // walk visits every node of the frame, open shadow roots included, and
  // masks (fix) or reports what still shows a secret.
  const walk = (fix) => {
    let frames = 0;
    const roots = [document];
    for (let i = 0; i < roots.length; i++) {
      const root = roots[i];
      let shows = false; // a text node of root shows a secret whole
      const w = document.createTreeWalker(root, NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT);
      for (let n = w.nextNode(); n; n = w.nextNode()) {
        if (n.nodeType === Node.TEXT_NODE) {
          if (fix) set(() => n.nodeValue, (v) => { n.nodeValue = v; });
          else if (hit(n.nodeValue)) { problems.add(back); shows = true; }
          continue;
        }
        if (n.shadowRoot) roots.push(n.shadowRoot);
        const tag = n.localName;
        if (tag === 'iframe' || tag === 'frame') frames++;
        if (tag === 'canvas' && shown(n)) problems.add('the page shows a canvas, whose pixels cannot be masked');
        if (tag === 'input' || tag === 'textarea') {
          if (fix) set(() => n.value, (v) => { n.value = v; });
          else if (hit(n.value)) problems.add(back);
        }
        for (const a of [...n.attributes]) {
          if (fixed(n, a.name)) continue;
          if (fix) set(() => n.getAttribute(a.name), (v) => n.setAttribute(a.name, v));
          else if (hit(a.value)) problems.add(back);
        }
        if (!fix) {
          for (const p of ['::before', '::after']) {
            if (hit(getComputedStyle(n, p).content)) problems.add('a secret is in CSS generated content, which cannot be masked');
          }
        }
      }
      // What is left after masking every node is a secret split across
      // nodes (<b>pass</b>word): it cannot be masked node by node.
      const text = root === document ? document.documentElement && document.documentElement.textContent : root.textContent;
      if (!fix && !shows && hit(text)) problems.add('a secret is split across elements, which cannot be masked');
    }
    return frames;
  };
  if (op === 'mask') {
    walk(true);
    return { frames: walk(false), problems: [...problems] };
  }
  // op === 'check': the capture is valid only if nothing undid the mask.
  const frames = walk(false);
  if (state.undo.some((u) => !u.holds())) problems.add(back);
  return { frames, problems: [...problems] };
}
