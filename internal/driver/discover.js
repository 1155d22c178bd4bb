function () {
  const text = (el) => (el ? (el.innerText || el.textContent || '').replace(/\s+/g, ' ').trim() : '');
  const zoneOf = (a) => {
    if (a.closest('.fi-sidebar-nav, .fi-sidebar')) return 'nav';
    if (a.closest('.fi-topbar')) return 'topbar';
    if (a.closest('.fi-tabs')) return 'tabs';
    if (a.closest('.fi-pagination')) return 'pagination';
    if (a.closest('tr.fi-ta-row, .fi-ta-record')) return 'row';
    if (a.closest('.fi-breadcrumbs')) return 'breadcrumbs';
    return 'body';
  };
  const links = [];
  for (const a of document.querySelectorAll('a[href]')) {
    if (a.closest('.fi-modal, [wire\\:partial]')) continue;
    links.push({ href: a.href, zone: zoneOf(a), label: text(a).slice(0, 80) });
  }
  // Actions: header and page actions, row actions of the first rows, bulk
  // actions (present in the DOM even while their dropdown is closed).
  const actions = [];
  const seen = new Set();
  const add = (el, zone) => {
    const label = text(el.querySelector('.fi-btn-label, .fi-dropdown-list-item-label, .fi-link-label')) ||
      el.getAttribute('aria-label') || text(el);
    if (!label) return;
    const key = zone + '|' + label;
    if (seen.has(key)) return;
    seen.add(key);
    const disabled = el.disabled || el.getAttribute('aria-disabled') === 'true' || el.classList.contains('fi-disabled');
    actions.push({ label: label.slice(0, 80), zone, disabled: !!disabled });
  };
  const actionSel = '.fi-ac-action, .fi-ac > button, .fi-ac > a, .fi-ac-btn-action, .fi-ac-icon-btn-action, .fi-ac-link-action';
  const within = (root) => actionSel.split(', ').map((s) => root + ' ' + s).join(', ');
  for (const el of document.querySelectorAll(within('.fi-header'))) add(el, 'header');
  for (const row of Array.from(document.querySelectorAll('tr.fi-ta-row, .fi-ta-record')).slice(0, 3)) {
    for (const el of row.querySelectorAll(actionSel)) add(el, 'row');
  }
  for (const el of document.querySelectorAll('.fi-ta-bulk-actions .fi-dropdown-list-item')) add(el, 'bulk');
  for (const el of document.querySelectorAll(within('.fi-page-content'))) {
    if (!el.closest('tr.fi-ta-row, .fi-ta-record, .fi-ta-bulk-actions, .fi-modal')) add(el, 'page');
  }
  const heading = text(document.querySelector('.fi-header-heading')) || text(document.querySelector('h1'));
  const body = document.body ? text(document.body) : '';
  return { title: document.title, heading, text: body.slice(0, 20000), links, actions };
}
