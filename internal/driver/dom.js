// Filament-aware DOM lookups the step executors share. Evaluated as an
// expression; the driver calls lib[name](...args) in the page.
(() => {
  const norm = (s) => String(s || '').replace(/\s+/g, ' ').trim();
  // A label's text without Filament's required-field asterisk.
  const labelText = (el) => norm(el.textContent).replace(/\s*\*$/, '');

  const visible = (el) => {
    if (!el || !el.isConnected) return false;
    const r = el.getBoundingClientRect();
    if (r.width === 0 && r.height === 0) return false;
    if (el.checkVisibility) return el.checkVisibility({ checkOpacity: true, visibilityProperty: true });
    const s = getComputedStyle(el);
    return s.display !== 'none' && s.visibility !== 'hidden';
  };

  // The open Filament modal on top: its root has zero height, so its window
  // is what must be visible.
  const openModal = () => {
    const modals = [...document.querySelectorAll('.fi-modal.fi-modal-open[role=dialog]')]
      .map((m) => ({ root: m, win: m.querySelector('.fi-modal-window') }))
      .filter((m) => visible(m.win));
    return modals.length ? modals[modals.length - 1] : null;
  };

  const row = (text) => {
    const rows = [...document.querySelectorAll('.fi-ta-row')];
    const pick = (list) => list.find((r) => visible(r) && norm(r.innerText).includes(text));
    return pick(rows) || pick([...document.querySelectorAll('tr')]) || null;
  };

  const query = (root, selector) => {
    try { return [...root.querySelectorAll(selector)]; } catch (e) { return null; }
  };

  // Elements whose name (text, value, aria-label, title) is text: exact
  // matches first, then containing ones.
  const byName = (candidates, text) => {
    const want = norm(text);
    const names = (el) => [norm(el.textContent), norm(el.innerText), norm(el.value), norm(el.getAttribute('aria-label')), norm(el.getAttribute('title'))];
    const exact = candidates.filter((el) => names(el).includes(want));
    if (exact.length) return exact;
    return candidates.filter((el) => names(el).some((n) => n.includes(want)));
  };

  const clickables = 'button, a, [role=button], [role=menuitem], [role=tab], [role=link], input[type=submit], input[type=button], summary, label, [wire\\:click], [x-on\\:click], [onclick]';

  const lib = {};

  lib.modal = () => {
    const m = openModal();
    if (!m) return { open: false, heading: '' };
    const h = m.win.querySelector('.fi-modal-heading');
    return { open: true, heading: h ? norm(h.innerText) : '' };
  };

  // click: by selector or text, inside a table row when asked, inside the
  // open modal first.
  lib.clickable = (text, selector, rowText) => {
    let roots;
    if (rowText) {
      const r = row(rowText);
      if (!r) return null;
      roots = [r];
    } else {
      const m = openModal();
      roots = m ? [m.win, document] : [document];
    }
    for (const root of roots) {
      let found;
      if (selector) {
        found = (query(root, selector) || []).filter(visible);
        if (text) found = byName(found, text);
      } else {
        found = byName((query(root, clickables) || []).filter(visible), text);
        if (!found.length) {
          // Any element showing the text: the innermost one.
          found = [...root.querySelectorAll('body *, :scope *')]
            .filter((el) => visible(el) && norm(el.innerText) === norm(text))
            .filter((el, _, all) => !all.some((o) => o !== el && el.contains(o)));
        }
      }
      if (found.length) return found[0];
    }
    return null;
  };

  // A form field by its label (or aria-label, placeholder), else by
  // selector; inside the open modal first.
  lib.field = (name, selector) => {
    const m = openModal();
    const roots = m ? [m.win, document] : [document];
    for (const root of roots) {
      if (name) {
        const want = norm(name).toLowerCase();
        const labels = [...root.querySelectorAll('label')];
        const match = labels.filter((l) => labelText(l).toLowerCase() === want)
          .concat(labels.filter((l) => labelText(l).toLowerCase().includes(want)));
        for (const l of match) {
          const target = (l.htmlFor && document.getElementById(l.htmlFor)) || l.querySelector('input, select, textarea, [role=switch], [role=checkbox]');
          if (target) return target;
        }
        const named = [...root.querySelectorAll('input, select, textarea, [role=switch], [role=checkbox]')]
          .find((el) => [el.getAttribute('aria-label'), el.getAttribute('placeholder')].some((a) => norm(a).toLowerCase() === want));
        if (named) return named;
      }
      const sel = selector || name;
      const bySel = sel && query(root, sel);
      if (bySel && bySel.length) return bySel[0];
    }
    return null;
  };

  // Navigation (sidebar, top bar, breadcrumbs) often repeats an action's
  // label as a link ("Repair workspace owners"): an action is looked for
  // there only when the page has no other element of that name.
  const navigation = '.fi-sidebar, .fi-topbar, .fi-breadcrumbs, nav';

  // The elements named label that can be a Filament action, in a table row
  // when rowText is given: page elements first, navigation links last.
  const actionCandidates = (root, label) => {
    const found = byName([...root.querySelectorAll('button, a, [role=button], [role=menuitem]')], label);
    const inNav = (el) => !!el.closest(navigation);
    return found.filter((el) => !inNav(el)).concat(found.filter(inNav));
  };

  // A Filament action button and its state: enabled, disabled or hidden.
  lib.action = (label, rowText) => {
    let root = document;
    if (rowText) {
      root = row(rowText);
      if (!root) return { state: 'hidden', why: `no table row contains "${rowText}"` };
    }
    const found = actionCandidates(root, label);
    const shown = found.filter(visible);
    if (!shown.length) return { state: 'hidden', why: found.length ? 'present in the DOM but not visible' : 'not in the DOM' };
    const el = shown[0];
    const disabled = el.disabled || el.getAttribute('aria-disabled') === 'true' || el.classList.contains('fi-disabled') || !!el.closest('fieldset[disabled]');
    return { state: disabled ? 'disabled' : 'enabled', why: '' };
  };

  // The checkbox that selects rowText's record, or Filament's select-all
  // checkbox when rowText is empty; null when the table has no selection.
  lib.selectionCheckbox = (rowText) => {
    if (rowText) {
      const r = row(rowText);
      return (r && r.querySelector('.fi-ta-record-checkbox, input[type=checkbox]')) || null;
    }
    return [...document.querySelectorAll('.fi-ta-page-checkbox, thead input[type=checkbox]')].find(visible) || null;
  };

  // The trigger of the bulk actions dropdown, while label is not shown yet.
  lib.bulkTrigger = (label) => {
    if (actionCandidates(document, label).some(visible)) return null;
    const triggers = [...document.querySelectorAll('.fi-ta-bulk-actions button, .fi-ta-bulk-actions [role=button]')]
      .concat(byName([...document.querySelectorAll('button, [role=button]')], 'Bulk actions'));
    return triggers.find(visible) || null;
  };

  lib.actionElement = (label, rowText) => {
    const root = rowText ? row(rowText) : document;
    if (!root) return null;
    return actionCandidates(root, label).filter(visible)[0] || null;
  };

  // The open modal's footer buttons: the submit one (confirm, whatever its
  // label) or the one that closes the modal (cancel).
  lib.footerButton = (which) => {
    const m = openModal();
    if (!m) return null;
    const buttons = [...m.win.querySelectorAll('.fi-modal-footer-actions button, .fi-modal-footer-actions a')].filter(visible);
    if (which === 'submit') return buttons.find((b) => b.type === 'submit') || null;
    const others = buttons.filter((b) => b.type !== 'submit');
    const closes = (b) => /close|unmount|cancel/i.test([...b.attributes].map((a) => a.name + '=' + a.value).join(' ') + ' ' + norm(b.innerText));
    return others.find(closes) || others[0] || null;
  };

  lib.text = () => norm(document.body ? document.body.innerText : '');

  lib.textIn = (selector) => {
    const els = query(document, selector);
    if (els === null) return { error: `bad selector ${selector}` };
    return { texts: els.map((el) => norm(el.innerText || el.textContent)) };
  };

  lib.count = (selector) => {
    const els = query(document, selector);
    return els === null ? -1 : els.length;
  };

  // Where the page stands, to tell whether a click changed anything visible:
  // the location, the open modal and dialogs, a hash of the visible text.
  lib.mark = () => {
    let h = 0;
    for (const c of lib.text()) h = (h * 31 + c.charCodeAt(0)) | 0;
    return { href: location.href, modal: !!openModal(), dialogs: document.querySelectorAll('dialog[open]').length, text: h };
  };

  // The first validation or notification message, for a failed login.
  lib.errorMessage = () => {
    const sel = '[data-validation-error], .fi-fo-field-wrp-error-message, .fi-no-notification-title, .fi-no-notification, [role=alert], .invalid-feedback';
    const el = [...document.querySelectorAll(sel)].find((e) => norm(e.innerText));
    return el ? norm(el.innerText) : '';
  };

  // Replaces every secret in the page's text and form values (same-origin
  // frames too) by the mask, for a screenshot; unmask puts them back. A
  // secret split across elements is not found: redaction is by text.
  lib.mask = (secrets, mask) => {
    const undo = [];
    const swap = (s) => secrets.reduce((acc, x) => acc.split(x).join(mask), s);
    const frames = [...document.querySelectorAll('iframe')].map((f) => {
      try { return f.contentDocument; } catch (e) { return null; }
    });
    for (const doc of [document, ...frames].filter(Boolean)) {
      const walk = doc.createTreeWalker(doc, NodeFilter.SHOW_TEXT);
      for (let n = walk.nextNode(); n; n = walk.nextNode()) {
        const v = swap(n.nodeValue);
        if (v !== n.nodeValue) { undo.push([n, 'nodeValue', n.nodeValue]); n.nodeValue = v; }
      }
      for (const el of doc.querySelectorAll('input, textarea')) {
        const v = swap(el.value);
        if (v !== el.value) { undo.push([el, 'value', el.value]); el.value = v; }
      }
    }
    window.__proofrunUnmask = () => {
      for (const [o, k, v] of undo.reverse()) o[k] = v;
      delete window.__proofrunUnmask;
    };
    return undo.length;
  };

  lib.unmask = () => {
    if (window.__proofrunUnmask) window.__proofrunUnmask();
    return true;
  };

  return lib;
})()
