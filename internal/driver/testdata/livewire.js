// A Livewire-shaped client for the driver's tests, after Livewire 3/4's
// protocol: wire:click and wire:submit send {_token, components:[{snapshot,
// updates, calls}]} to [data-update-uri] with an X-Livewire header; the
// answer's effects replace the component's HTML or redirect. A failed update
// shows <dialog id="livewire-error"> with the error page in an iframe; a 419
// asks confirm("This page has expired...").
(() => {
  const script = document.querySelector('[data-update-uri]');
  const uri = script.getAttribute('data-update-uri');
  const token = script.getAttribute('data-csrf');

  const showError = (html) => {
    let d = document.getElementById('livewire-error');
    if (!d) {
      d = document.createElement('dialog');
      d.id = 'livewire-error';
      document.body.prepend(d);
    }
    d.innerHTML = '';
    const f = document.createElement('iframe');
    d.appendChild(f);
    f.contentWindow.document.open();
    f.contentWindow.document.write(html);
    f.contentWindow.document.close();
    if (!d.open) d.showModal();
  };

  const send = async (root, method, params, updates) => {
    const res = await fetch(uri, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Livewire': '' },
      body: JSON.stringify({ _token: token, components: [{ snapshot: root.getAttribute('wire:snapshot'), updates, calls: [{ path: '', method, params }] }] }),
    });
    const text = await res.text();
    if (res.status === 419) {
      confirm('This page has expired.\nWould you like to refresh the page?');
      return;
    }
    if (!res.ok) {
      showError(text);
      return;
    }
    const c = JSON.parse(text).components[0];
    root.setAttribute('wire:snapshot', c.snapshot);
    if (c.effects.redirect) {
      location.href = c.effects.redirect;
      return;
    }
    if (c.effects.html !== undefined) root.innerHTML = c.effects.html;
  };

  document.addEventListener('click', (e) => {
    const el = e.target.closest('[wire\\:click]');
    if (!el || el.disabled) return;
    e.preventDefault();
    const m = el.getAttribute('wire:click').match(/^(\w+)(?:\((.*)\))?$/);
    const params = m[2] ? JSON.parse('[' + m[2].replace(/'/g, '"') + ']') : [];
    // Deferred like Livewire's request bundling.
    setTimeout(() => send(el.closest('[wire\\:snapshot]'), m[1], params, {}), 5);
  });

  document.addEventListener('submit', (e) => {
    const form = e.target.closest('form[wire\\:submit]');
    if (!form) return;
    e.preventDefault();
    const updates = {};
    for (const input of form.querySelectorAll('[wire\\:model]')) updates[input.getAttribute('wire:model')] = input.value;
    send(form.closest('[wire\\:snapshot]'), form.getAttribute('wire:submit'), [], updates);
  });
})();
