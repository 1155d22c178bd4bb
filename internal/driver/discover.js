function (sel) {
  const text = (el) => (el ? (el.innerText || el.textContent || '').replace(/\s+/g, ' ').trim() : '');
  const zoneOf = (a) => {
    if (a.closest(sel.sidebar)) return 'nav';
    if (a.closest(sel.topbar)) return 'topbar';
    if (a.closest(sel.tabs)) return 'tabs';
    if (a.closest(sel.pagination)) return 'pagination';
    if (a.closest(sel.row)) return 'row';
    if (a.closest(sel.breadcrumbs)) return 'breadcrumbs';
    return 'body';
  };
  const links = [];
  for (const a of document.querySelectorAll('a[href]')) {
    if (a.closest(`${sel.modalAny}, ${sel.partial}`)) continue;
    links.push({ href: a.href, zone: zoneOf(a), label: text(a).slice(0, 80) });
  }
  // Actions: header and page actions, row actions of the first rows, bulk
  // actions (present in the DOM even while their dropdown is closed).
  const actions = [];
  const seen = new Set();
  const add = (el, zone) => {
    const label = text(el.querySelector(sel.actionLabel)) ||
      el.getAttribute('aria-label') || text(el);
    if (!label) return;
    const key = zone + '|' + label;
    if (seen.has(key)) return;
    seen.add(key);
    const disabled = el.disabled || el.getAttribute('aria-disabled') === 'true' || el.classList.contains(sel.disabled);
    actions.push({ label: label.slice(0, 80), zone, disabled: !!disabled });
  };
  const actionSel = sel.actionButton;
  const within = (root) => actionSel.split(', ').map((s) => root + ' ' + s).join(', ');
  for (const el of document.querySelectorAll(within(sel.header))) add(el, 'header');
  for (const row of Array.from(document.querySelectorAll(sel.row)).slice(0, 3)) {
    for (const el of row.querySelectorAll(actionSel)) add(el, 'row');
  }
  for (const el of document.querySelectorAll(sel.bulkItem)) add(el, 'bulk');
  for (const el of document.querySelectorAll(within(sel.pageContent))) {
    if (!el.closest(`${sel.row}, ${sel.bulkArea}, ${sel.modalAny}`)) add(el, 'page');
  }
  const heading = text(document.querySelector(sel.heading)) || text(document.querySelector('h1'));
  const body = document.body ? text(document.body) : '';
  return { title: document.title, heading, text: body.slice(0, 20000), links, actions };
}
