// A small Livewire-shaped client for the proofrun fixture app (not Livewire):
// wire:click / wire:submit -> POST {_token, components:[{snapshot, updates,
// calls}]} with X-Livewire; applies effects.html, partials, redirect and
// notifications; 419 -> Livewire's "page expired" confirm; other failures ->
// the #livewire-error dialog (debug) or Filament's "Error while loading page",
// sent through the notifications component in a second update.
(() => {
  const script = document.currentScript;
  const updateUri = script.dataset.updateUri;
  const csrf = script.dataset.csrf;
  const debug = script.dataset.debug !== 'false';

  const rootOf = (el) => el.closest('[wire\\:id]');

  // "mountAction('runNow', {}, {table: true, recordKey: '41'})" -> call.
  function parseCall(expr) {
    const m = /^\s*([\w$]+)\s*(?:\(([\s\S]*)\))?\s*$/.exec(expr);
    if (!m) return null;
    const args = (m[2] || '').trim();
    const params = args ? Function('"use strict"; return [' + args + '];')() : [];
    return { path: '', method: m[1], params };
  }

  function collectUpdates(root) {
    const updates = {};
    root.querySelectorAll('[wire\\:model]').forEach((el) => {
      updates[el.getAttribute('wire:model')] = el.type === 'checkbox' ? el.checked : el.value;
    });
    // Filament entangles the table selection as selectedTableRecords.
    const boxes = [...root.querySelectorAll('.fi-ta-record-checkbox')];
    if (boxes.length) updates.selectedTableRecords = boxes.filter((b) => b.checked).map((b) => b.value);
    return updates;
  }

  // Table selection: the page checkbox selects every row; the bulk actions
  // trigger shows while a record is selected and opens its dropdown.
  document.addEventListener('change', (e) => {
    const table = e.target.closest('.fi-ta');
    if (!table || !e.target.matches('.fi-ta-page-checkbox, .fi-ta-record-checkbox')) return;
    const boxes = [...table.querySelectorAll('.fi-ta-record-checkbox')];
    if (e.target.matches('.fi-ta-page-checkbox')) boxes.forEach((b) => { b.checked = e.target.checked; });
    const bulk = table.querySelector('.fi-ta-bulk-actions');
    if (bulk) bulk.hidden = !boxes.some((b) => b.checked);
  });

  async function send(root, call) {
    const body = {
      _token: csrf,
      components: [{ snapshot: root.getAttribute('wire:snapshot'), updates: collectUpdates(root), calls: [call] }],
    };
    root.setAttribute('aria-busy', 'true');
    let res;
    try {
      res = await fetch(updateUri, {
        method: 'POST',
        credentials: 'same-origin',
        headers: { 'Content-Type': 'application/json', Accept: 'text/html, application/xhtml+xml', 'X-Livewire': '1' },
        body: JSON.stringify(body),
      });
    } catch {
      root.removeAttribute('aria-busy');
      return; // network failure or aborted by a navigation: nothing to apply
    }
    try {
      if (res.status === 419) {
        if (confirm('This page has expired.\nWould you like to refresh the page?')) location.reload();
        return;
      }
      if (!res.ok) {
        const html = await res.text();
        if (debug) showError(html);
        else if (root.id !== 'notifications') pushNotification({ title: 'Error while loading page', status: 'danger' });
        return;
      }
      const json = await res.json();
      apply(root, json.components[0]);
    } catch {
      // the body was cut off by a navigation
    } finally {
      root.removeAttribute('aria-busy');
    }
  }

  function apply(root, comp) {
    const fx = comp.effects || {};
    (fx.dispatches || []).forEach((d) => {
      if (d.name === 'notificationSent') notify(d.params.notification);
    });
    if (fx.redirect) {
      location.href = fx.redirect;
      return;
    }
    let target = root;
    if (fx.html) {
      const tpl = document.createElement('template');
      tpl.innerHTML = fx.html.trim();
      target = tpl.content.firstElementChild;
      root.replaceWith(target);
    }
    target.setAttribute('wire:snapshot', comp.snapshot);
    for (const [name, html] of Object.entries(fx.partials || {})) {
      const slot = target.querySelector('[wire\\:partial="' + name + '"]');
      if (slot) slot.innerHTML = html;
    }
    const input = target.querySelector('.fi-modal-open input');
    if (input) input.focus();
  }

  // Filament 4/5 with debug off: a failed update's error notification reaches
  // the page through the notifications component, in an update of its own
  // (FilamentNotification.send -> pushNotification, answered 200).
  function pushNotification(n) {
    const root = document.getElementById('notifications');
    if (root) send(root, { path: '', method: 'pushNotification', params: [n] });
  }

  function showError(html) {
    document.getElementById('livewire-error')?.remove();
    const dialog = document.createElement('dialog');
    dialog.id = 'livewire-error';
    dialog.style.cssText = 'width:90vw;height:90vh;padding:0;border:0;border-radius:8px';
    const frame = document.createElement('iframe');
    frame.style.cssText = 'width:100%;height:100%;border:0';
    frame.srcdoc = html;
    dialog.appendChild(frame);
    document.body.appendChild(dialog);
    dialog.addEventListener('click', () => dialog.close());
    dialog.showModal();
  }

  function notify(n) {
    const el = document.createElement('div');
    el.className = 'fi-no-notification fi-color-' + n.status + ' fi-status-' + n.status;
    el.setAttribute('role', 'status');
    const text = document.createElement('div');
    text.className = 'fi-no-notification-text';
    const title = document.createElement('h3');
    title.className = 'fi-no-notification-title';
    title.textContent = n.title;
    text.appendChild(title);
    if (n.body) {
      const body = document.createElement('div');
      body.className = 'fi-no-notification-body';
      body.textContent = n.body;
      text.appendChild(body);
    }
    el.appendChild(text);
    document.getElementById('notifications').appendChild(el);
  }

  document.addEventListener('click', (e) => {
    const close = e.target.closest('[data-close-notification]');
    if (close) {
      close.closest('.fi-no-notification').remove();
      return;
    }
    // An open dropdown closes on a click outside it or on one of its items.
    document.querySelectorAll('.fi-dropdown-panel:not([hidden])').forEach((panel) => {
      if (!panel.parentElement.contains(e.target) || e.target.closest('.fi-dropdown-list-item')) panel.hidden = true;
    });
    const trigger = e.target.closest('[data-dropdown-trigger]');
    if (trigger) {
      const panel = trigger.parentElement.querySelector('.fi-dropdown-panel');
      if (panel) panel.hidden = !panel.hidden;
      return;
    }
    const el = e.target.closest('[wire\\:click]');
    if (!el || el.disabled) return;
    const root = rootOf(el);
    const call = root && parseCall(el.getAttribute('wire:click'));
    if (!call) return;
    e.preventDefault();
    if (call.method === 'unmountAction') el.closest('.fi-modal')?.remove(); // Filament closes at once
    send(root, call);
  });

  document.addEventListener('submit', (e) => {
    const form = e.target.closest('form[wire\\:submit]');
    if (!form) return;
    e.preventDefault();
    const root = rootOf(form);
    const call = root && parseCall(form.getAttribute('wire:submit'));
    if (call) send(root, call);
  });

  document.addEventListener('keydown', (e) => {
    if (e.key !== 'Escape') return;
    document.querySelector('.fi-modal-open [wire\\:click="unmountAction"]')?.click();
  });

  const search = document.querySelector('[data-global-search]');
  if (search) {
    const out = search.parentElement.querySelector('.fi-global-search-results-ctn');
    let timer;
    search.addEventListener('input', () => {
      clearTimeout(timer);
      timer = setTimeout(async () => {
        const q = search.value.trim();
        if (!q) {
          out.innerHTML = '';
          return;
        }
        try {
          const res = await fetch(search.dataset.globalSearch + '?fragment=1&q=' + encodeURIComponent(q), { credentials: 'same-origin' });
          out.innerHTML = await res.text();
        } catch {
          // aborted by a navigation
        }
      }, 300);
    });
    search.addEventListener('keydown', (e) => {
      if (e.key === 'Enter') location.href = search.dataset.globalSearch + '?q=' + encodeURIComponent(search.value);
    });
  }
})();
