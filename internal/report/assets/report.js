// proofrun report: client-side filters kept in the URL, deep links, attempt
// tabs and the screenshot lightbox.
(function () {
  'use strict';
  var list = Array.prototype.slice.call(document.querySelectorAll('details.scenario'));
  var f = {
    domain: document.getElementById('f-domain'),
    result: document.getElementById('f-result'),
    actor: document.getElementById('f-actor'),
    tag: document.getElementById('f-tag'),
    q: document.getElementById('f-q')
  };
  var problems = document.getElementById('f-problems'); // absent without requirements
  var map = document.getElementById('proof-map');
  var count = document.getElementById('f-count');
  var texts = null; // lower-cased text of each scenario, built on the first search

  function matches(el, i, q) {
    var d = el.dataset;
    if (f.domain.value && d.domain !== f.domain.value) return false;
    if (f.result.value && d.result !== f.result.value) return false;
    if (f.actor.value && d.actor !== f.actor.value) return false;
    if (f.tag.value && d.tags.split('|').indexOf(f.tag.value) < 0) return false;
    return !q || texts[i].indexOf(q) >= 0;
  }

  function apply() {
    var q = f.q.value.trim().toLowerCase();
    if (q && !texts) texts = list.map(function (el) { return (el.id + ' ' + el.textContent).toLowerCase(); });
    var shown = 0;
    list.forEach(function (el, i) {
      var ok = matches(el, i, q);
      el.hidden = !ok;
      if (ok) shown++;
    });
    count.textContent = shown + ' of ' + list.length + ' scenarios';
    map.classList.toggle('problems-only', !!(problems && problems.checked));
  }

  // The view lives in the query string (?domain=backup&q=run+now&problems=1)
  // so it can be shared, survives a reload and the back button returns to
  // the previous one; the fragment stays the deep link to a scenario.
  function fromURL() {
    var p = new URLSearchParams(location.search);
    Object.keys(f).forEach(function (k) {
      var v = p.get(k) || '';
      f[k].value = v;
      if (f[k].value !== v) f[k].value = ''; // a value this run does not offer
    });
    if (problems) problems.checked = p.get('problems') === '1';
    apply();
  }

  var typing = false; // a search edit replaces the entry its first keystroke pushed
  function toURL(push) {
    var p = new URLSearchParams();
    Object.keys(f).forEach(function (k) { if (f[k].value) p.set(k, f[k].value); });
    if (problems && problems.checked) p.set('problems', '1');
    var query = p.toString();
    var url = location.pathname + (query ? '?' + query : '') + location.hash;
    if (url === location.pathname + location.search + location.hash) return;
    history[push ? 'pushState' : 'replaceState'](null, '', url);
  }

  function changed() {
    typing = false;
    apply();
    toURL(true);
  }

  function reset() {
    Object.keys(f).forEach(function (k) { f[k].value = ''; });
    if (problems) problems.checked = false;
    apply();
    toURL(false);
  }

  // reveal opens and scrolls to what a #id link names, clearing filters that
  // would hide it and opening the sections around it.
  function reveal() {
    var id;
    try { id = decodeURIComponent(location.hash.slice(1)); } catch (e) { return; }
    var el = id && document.getElementById(id);
    if (!el) return;
    if (el.classList.contains('scenario')) {
      if (el.hidden) reset();
      el.open = true;
      list.forEach(function (s) { s.classList.toggle('target', s === el); });
    } else if (el.offsetParent === null && problems && problems.checked && map.contains(el)) {
      reset();
    }
    for (var p = el.parentElement; p; p = p.parentElement) {
      if (p.tagName === 'DETAILS') p.open = true;
    }
    el.scrollIntoView({ block: 'start' });
  }

  // selectTab shows one attempt of a retried scenario.
  function selectTab(tab) {
    var tabs = Array.prototype.slice.call(tab.parentElement.children);
    var panels = tab.closest('.attempts').querySelectorAll('[role=tabpanel]');
    tabs.forEach(function (t, i) {
      t.setAttribute('aria-selected', String(t === tab));
      panels[i].hidden = t !== tab;
    });
  }

  var box = document.getElementById('lightbox');
  var boxImg = document.getElementById('lightbox-img');
  var boxCap = document.getElementById('lightbox-cap');
  function closeBox() { box.hidden = true; boxImg.removeAttribute('src'); }

  document.addEventListener('click', function (e) {
    if (!e.target.closest) return;
    var tab = e.target.closest('[role=tab]');
    if (tab) {
      selectTab(tab);
      return;
    }
    var a = e.target.closest('a.shot');
    if (!a) return;
    e.preventDefault();
    boxImg.src = a.getAttribute('href');
    boxImg.alt = a.dataset.name;
    boxCap.textContent = a.dataset.name;
    box.hidden = false;
  });
  box.addEventListener('click', closeBox);
  document.addEventListener('keydown', function (e) { if (e.key === 'Escape') closeBox(); });

  ['domain', 'result', 'actor', 'tag'].forEach(function (k) { f[k].addEventListener('change', changed); });
  if (problems) problems.addEventListener('change', changed);
  f.q.addEventListener('input', function () {
    apply();
    toURL(!typing);
    typing = true;
  });
  document.getElementById('filters').addEventListener('submit', function (e) { e.preventDefault(); });
  window.addEventListener('hashchange', reveal);
  window.addEventListener('popstate', function () {
    typing = false;
    fromURL();
  });
  fromURL();
  reveal();
})();
