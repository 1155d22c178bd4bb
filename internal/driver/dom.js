// Filament-aware DOM lookups the step executors share. Evaluated as an
// expression of a function that takes the target profile's selectors
// (profile.Script: every kit-specific name comes from there) and returns the
// lib; the driver calls lib[name](...args) in the page.
((sel) => {
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
    const modals = [...document.querySelectorAll(sel.modal)]
      .map((m) => ({ root: m, win: m.querySelector(sel.modalWindow) }))
      .filter((m) => visible(m.win));
    return modals.length ? modals[modals.length - 1] : null;
  };

  // How a step's text picks a target: exactly (whitespace-normalised) by
  // default; contains or regex only when the step opts in.
  const matcher = (want, mode) => {
    const w = norm(want);
    if (mode === 'contains') return (s) => norm(s).includes(w);
    if (mode === 'regex') {
      // The loader checked the pattern as Go syntax; one JavaScript cannot
      // read matches nothing rather than anything.
      let re = null;
      try { re = new RegExp(want); } catch (e) { return () => false; }
      return (s) => re.test(norm(s));
    }
    return (s) => norm(s) === w;
  };

  const clipped = (s, n) => (s.length > n ? s.slice(0, n) + '…' : s);

  // A table row is named by one of its cells (or one element inside a
  // cell, such as a column's title above its description). Only a single
  // match is a row: {el} or {why} naming what was seen.
  const row = (text, mode) => {
    let rows = [...document.querySelectorAll(sel.row)].filter(visible);
    if (!rows.length) rows = [...document.querySelectorAll(sel.rowFallback)].filter(visible);
    const match = matcher(text, mode);
    const cellsOf = (r) => [...r.querySelectorAll(sel.cell)];
    const named = (r) => cellsOf(r).some((c) => [c, ...c.querySelectorAll('*')].some((e) => match(e.innerText || e.textContent)));
    const found = rows.filter(named);
    // A row is shown by the first line of its first cell with text: its
    // name in Filament's usual layout.
    const firstLine = (el) => (String(el.innerText || '').split('\n').map(norm).find(Boolean) || '');
    const describe = (r) => clipped(cellsOf(r).map(firstLine).find(Boolean) || norm(r.innerText), 60);
    const how = mode && mode !== 'exact' ? ` (${mode})` : '';
    if (found.length === 1) return { el: found[0] };
    if (found.length > 1) return { why: `${found.length} rows named "${text}"${how}: ${found.slice(0, 5).map(describe).join('; ')}` };
    if (!rows.length) return { why: `no row named "${text}"${how}: the page shows no table rows` };
    const seen = rows.slice(0, 10).map(describe).join('; ');
    return { why: `no row named "${text}"${how}; rows seen: ${seen}${rows.length > 10 ? `; and ${rows.length - 10} more` : ''}` };
  };

  const query = (root, selector) => {
    try { return [...root.querySelectorAll(selector)]; } catch (e) { return null; }
  };

  // Elements whose name (text, value, aria-label, title) matches text:
  // exactly unless the step opted in to contains or regex. When none is so
  // named, those holding an element whose text matches (a search result's
  // heading above its details). Of nested matches the innermost is the
  // target: a click on it reaches the outer ones too.
  const byName = (candidates, text, mode) => {
    const match = matcher(text, mode);
    const names = (el) => [el.textContent, el.innerText, el.value, el.getAttribute('aria-label'), el.getAttribute('title')].filter((n) => n != null && n !== '');
    let found = candidates.filter((el) => names(el).some(match));
    if (!found.length) found = candidates.filter((el) => [...el.querySelectorAll('*')].some((d) => match(d.innerText || '')));
    return found.filter((el) => !found.some((o) => o !== el && el.contains(o)));
  };

  // The one element of list, or why not: none, or several (named, so the
  // step can be made precise).
  const single = (list, what) => {
    if (list.length === 1) return list[0];
    if (!list.length) return `no ${what}`;
    const names = list.slice(0, 5).map((el) => `"${clipped(norm(el.innerText || el.value || el.getAttribute('aria-label')), 40)}"`);
    return `${list.length} elements match ${what}: ${names.join(', ')}`;
  };

  const clickables = `${sel.clickable}, ${sel.tab}`;

  const lib = {};

  lib.modal = () => {
    const m = openModal();
    if (!m) return { open: false, heading: '' };
    const h = m.win.querySelector(sel.modalHeading);
    return { open: true, heading: h ? norm(h.innerText) : '' };
  };

  // click: by selector or text, inside a table row when asked, inside the
  // open modal first. An element, or why there is none to click.
  lib.clickable = (text, selector, rowText, mode, rowMode) => {
    let roots;
    if (rowText) {
      const r = row(rowText, rowMode);
      if (!r.el) return r.why;
      roots = [r.el];
    } else {
      const m = openModal();
      roots = m ? [m.win, document] : [document];
    }
    const what = (selector ? selector + ' ' : '') + (text ? `named "${text}"` : '');
    let last = `nothing to click matches ${what}`;
    for (const root of roots) {
      let found;
      if (selector) {
        found = query(root, selector);
        if (found === null) return `bad selector ${selector}`;
        found = found.filter(visible);
        if (text) found = byName(found, text, mode);
      } else {
        found = byName((query(root, clickables) || []).filter(visible), text, mode);
        if (!found.length) {
          // Any element showing the text: the innermost one.
          const match = matcher(text, mode);
          found = [...root.querySelectorAll('body *, :scope *')]
            .filter((el) => visible(el) && match(el.innerText))
            .filter((el, _, all) => !all.some((o) => o !== el && el.contains(o)));
        }
      }
      if (found.length) return single(found, `"${text}"`);
    }
    return last;
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
        const match = labels.filter((l) => labelText(l).toLowerCase() === want);
        for (const l of match) {
          const target = (l.htmlFor && document.getElementById(l.htmlFor)) || l.querySelector(sel.field);
          if (target) return target;
        }
        const named = [...root.querySelectorAll(sel.field)]
          .find((el) => [el.getAttribute('aria-label'), el.getAttribute('placeholder')].some((a) => norm(a).toLowerCase() === want));
        if (named) return named;
      }
      const sel = selector || name;
      const bySel = sel && query(root, sel);
      if (bySel && bySel.length) return bySel[0];
    }
    return null;
  };

  // The elements named label that can be a Filament action: page elements
  // first. Navigation (sidebar, top bar, breadcrumbs) often repeats an
  // action's label as a link ("Repair workspace owners"): its links count
  // only when the page has no other element of that name.
  const actionCandidates = (root, label, mode) => {
    const found = byName([...root.querySelectorAll(sel.action)], label, mode);
    const inNav = (el) => !!el.closest(sel.navigation);
    const page = found.filter((el) => !inNav(el));
    return page.length ? page : found;
  };

  // Where an action is looked for: the document, or the one row named
  // rowText. {root} or {why}.
  const actionRoot = (rowText, rowMode) => {
    if (!rowText) return { root: document };
    const r = row(rowText, rowMode);
    return r.el ? { root: r.el } : { why: r.why };
  };

  // A Filament action button and its state: enabled, disabled or hidden;
  // 'unknown' when it cannot be told (no such row, several buttons of that
  // name), which is never taken for hidden.
  lib.action = (label, rowText, mode, rowMode) => {
    const at = actionRoot(rowText, rowMode);
    if (!at.root) return { state: 'unknown', why: at.why };
    const found = actionCandidates(at.root, label, mode);
    const shown = found.filter(visible);
    if (!shown.length) return { state: 'hidden', why: found.length ? 'present in the DOM but not visible' : 'not in the DOM' };
    const el = single(shown, `the action "${label}"`);
    if (typeof el === 'string') return { state: 'unknown', why: el };
    const disabled = el.disabled || el.getAttribute('aria-disabled') === 'true' || el.classList.contains(sel.disabled) || !!el.closest('fieldset[disabled]');
    return { state: disabled ? 'disabled' : 'enabled', why: '' };
  };

  // The checkbox that selects rowText's record, or Filament's select-all
  // checkbox when rowText is empty; why not, when there is none.
  lib.selectionCheckbox = (rowText, rowMode) => {
    if (rowText) {
      const r = row(rowText, rowMode);
      if (!r.el) return r.why;
      return r.el.querySelector(sel.recordCheckbox) || `the row named "${rowText}" has no selection checkbox`;
    }
    return [...document.querySelectorAll(sel.pageCheckbox)].find(visible) || 'the table offers no record selection';
  };

  // The trigger of the bulk actions dropdown, while label is not shown yet.
  lib.bulkTrigger = (label, mode) => {
    if (actionCandidates(document, label, mode).some(visible)) return null;
    const triggers = [...document.querySelectorAll(sel.bulkTrigger)]
      .concat(byName([...document.querySelectorAll(sel.bulkNamed)], sel.bulkLabel));
    return triggers.find(visible) || null;
  };

  lib.actionElement = (label, rowText, mode, rowMode) => {
    const at = actionRoot(rowText, rowMode);
    if (!at.root) return at.why;
    return single(actionCandidates(at.root, label, mode).filter(visible), `the action "${label}"`);
  };

  // The open modal's footer buttons: the submit one (confirm, whatever its
  // label) or the one that closes the modal (cancel).
  lib.footerButton = (which) => {
    const m = openModal();
    if (!m) return null;
    const buttons = [...m.win.querySelectorAll(sel.modalFooter)].filter(visible);
    if (which === 'submit') return buttons.find((b) => b.type === 'submit') || null;
    const others = buttons.filter((b) => b.type !== 'submit');
    const closes = (b) => new RegExp(sel.modalClose, 'i').test([...b.attributes].map((a) => a.name + '=' + a.value).join(' ') + ' ' + norm(b.innerText));
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
    const el = [...document.querySelectorAll(sel.errorMessage)].find((e) => norm(e.innerText));
    return el ? norm(el.innerText) : '';
  };

  return lib;
})
