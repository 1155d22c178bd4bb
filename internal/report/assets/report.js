// proofrun report: client-side filters, deep links and the screenshot lightbox.
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
  }

  function reset() {
    Object.keys(f).forEach(function (k) { f[k].value = ''; });
    apply();
  }

  // reveal opens and scrolls to the scenario a #id link names, clearing
  // filters that would hide it.
  function reveal() {
    var id;
    try { id = decodeURIComponent(location.hash.slice(1)); } catch (e) { return; }
    var el = id && document.getElementById(id);
    if (!el) return;
    if (el.classList.contains('scenario')) {
      if (el.hidden) reset();
      el.open = true;
      list.forEach(function (s) { s.classList.toggle('target', s === el); });
    }
    el.scrollIntoView({ block: 'start' });
  }

  var box = document.getElementById('lightbox');
  var boxImg = document.getElementById('lightbox-img');
  var boxCap = document.getElementById('lightbox-cap');
  function closeBox() { box.hidden = true; boxImg.removeAttribute('src'); }

  document.addEventListener('click', function (e) {
    var a = e.target.closest && e.target.closest('a.shot');
    if (!a) return;
    e.preventDefault();
    boxImg.src = a.getAttribute('href');
    boxImg.alt = a.dataset.name;
    boxCap.textContent = a.dataset.name;
    box.hidden = false;
  });
  box.addEventListener('click', closeBox);
  document.addEventListener('keydown', function (e) { if (e.key === 'Escape') closeBox(); });

  ['domain', 'result', 'actor', 'tag'].forEach(function (k) { f[k].addEventListener('change', apply); });
  f.q.addEventListener('input', apply);
  document.getElementById('filters').addEventListener('submit', function (e) { e.preventDefault(); });
  window.addEventListener('hashchange', reveal);
  apply();
  reveal();
})();
