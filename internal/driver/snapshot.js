// The page's DOM after a step, for a screenshot rebuilt only if the scenario
// fails (trace on-failure), evaluated by snapshot.go. op 'take' serializes
// the page as it is shown: form state copied into attributes; scripts,
// frames' content and the components' state (arg.state) left out; URLs kept
// resolvable by a <base>. The copy is made in an inert document, so nothing
// in it loads or runs on the live page. op 'ready', in the page the snapshot
// is rebuilt in (scripts off, so this runs in an isolated world), waits for
// its stylesheets, the images in view and fonts, bounded by wait ms, then
// focuses what had the focus and scrolls to where the page was.
(op, arg) => {
  if (op === 'ready') {
    const loaded = (els) => Promise.all(els.map((el) => new Promise((done) => {
      el.addEventListener('load', done, { once: true });
      el.addEventListener('error', done, { once: true });
    })));
    // Stylesheets first: the page's height, and so where it can scroll to,
    // depends on them. Then the images in view: a lazy one out of view
    // never loads.
    const inView = (el) => { const r = el.getBoundingClientRect(); return r.bottom > 0 && r.top < innerHeight; };
    const sheets = [...document.querySelectorAll('link[rel~="stylesheet"]')].filter((el) => !el.sheet);
    return Promise.race([
      loaded(sheets).then(() => {
        scrollTo(arg.x, arg.y);
        const images = [...document.images].filter((el) => !el.complete && (el.loading !== 'lazy' || inView(el)));
        return loaded(images).then(() => document.fonts.ready);
      }),
      new Promise((done) => setTimeout(done, arg.wait)),
    ]).then(() => {
      const focus = document.querySelector('[data-proofrun-focus]');
      if (focus) {
        const [ring, start, end] = focus.getAttribute('data-proofrun-focus').split(',');
        focus.focus({ preventScroll: true, focusVisible: ring === 'ring' });
        if (focus.setSelectionRange && end) focus.setSelectionRange(+start, +end);
      }
      scrollTo(arg.x, arg.y);
      return true;
    });
  }
  const inert = document.implementation.createHTMLDocument('');
  const root = inert.importNode(document.documentElement, true);
  // The focused element may show a focus ring and a caret: mark it, with
  // both, to focus it again.
  const active = document.activeElement;
  const at = [...document.documentElement.querySelectorAll('*')].indexOf(active);
  if (at >= 0 && active !== document.body) {
    let sel = ',';
    try { if (active.selectionEnd != null) sel = active.selectionStart + ',' + active.selectionEnd; } catch { /* no selection */ }
    const ring = active.matches(':focus-visible') ? 'ring' : '';
    root.querySelectorAll('*')[at].setAttribute('data-proofrun-focus', ring + ',' + sel);
  }
  // Form state lives in properties, not attributes: copy it over, field by
  // field (the copy's elements are in the same order).
  const fields = 'input, textarea, select';
  const copies = root.querySelectorAll(fields);
  document.documentElement.querySelectorAll(fields).forEach((el, i) => {
    const c = copies[i];
    if (el.localName === 'textarea') {
      c.textContent = el.value;
    } else if (el.localName === 'select') {
      [...el.options].forEach((o, j) => c.options[j] && c.options[j].toggleAttribute('selected', o.selected));
    } else if (el.type === 'checkbox' || el.type === 'radio') {
      c.toggleAttribute('checked', el.checked);
    } else if (el.type === 'password') {
      // The typed password never enters the copy: the field shows dots.
      el.value ? c.setAttribute('value', '********') : c.removeAttribute('value');
    } else if (el.type !== 'file') {
      c.setAttribute('value', el.value);
    }
  });
  // Stylesheets built by script are not in the markup.
  for (const sheet of document.adoptedStyleSheets || []) {
    const style = inert.createElement('style');
    style.textContent = [...sheet.cssRules].map((r) => r.cssText).join('\n');
    root.querySelector('head')?.append(style);
  }
  // Nothing that runs, navigates or fetches more than the page shows:
  // <noscript> would render with scripts off.
  root.querySelectorAll('script, noscript, base, meta[http-equiv], link[rel~="preload"], link[rel~="modulepreload"], link[rel~="prefetch"]')
    .forEach((el) => el.remove());
  root.querySelectorAll('iframe, frame, object, embed').forEach((el) => {
    el.removeAttribute('srcdoc');
    el.setAttribute(el.localName === 'object' ? 'data' : 'src', 'about:blank');
  });
  // The components' state (the profile's attribute) is not shown, and is
  // most of a page's size.
  if (arg.state) root.querySelectorAll('*').forEach((el) => el.removeAttribute(arg.state));
  const base = inert.createElement('base');
  base.setAttribute('href', document.baseURI);
  root.querySelector('head')?.prepend(base);
  return { html: '<!DOCTYPE html>' + root.outerHTML, x: scrollX, y: scrollY };
}
