// The top bar's search: suggestions as you type (the ARIA combobox pattern, like the record pickers), each
// with its object, its name and why it matched; Enter on a suggestion opens it, Enter otherwise shows all
// results. Only the newest answer is shown, so a slow early one never replaces a later one.
import { h } from './dom.js';
import { get, q } from './api.js';
import { t } from './i18n.js';
import { entity, entityLabel, field, fieldLabel } from './meta.js';

/** Wires suggestions onto the search input; returns the list element to place beside it. */
export function suggestions(input, onDone) {
  const list = h('ul', { class: 'suggestions search-suggestions', role: 'listbox', id: 'global-search-list' });
  input.setAttribute('role', 'combobox');
  input.setAttribute('aria-autocomplete', 'list');
  input.setAttribute('aria-controls', list.id);
  input.setAttribute('aria-expanded', 'false');
  input.autocomplete = 'off';
  let seq = 0, timer = null, active = -1, shown = [];
  const close = () => { seq++; shown = []; active = -1; list.replaceChildren(); input.setAttribute('aria-expanded', 'false'); input.removeAttribute('aria-activedescendant'); };
  const highlight = i => {
    active = i;
    [...list.children].forEach((li, k) => li.setAttribute('aria-selected', String(k === i)));
    if (i >= 0) input.setAttribute('aria-activedescendant', list.children[i].id); else input.removeAttribute('aria-activedescendant');
  };
  const open = x => { close(); onDone(); location.hash = `#/r/${x.entity}/${x.id}`; };
  const fetchNow = async () => {
    const mine = ++seq;
    const text = input.value.trim();
    if (text.length < 2) { close(); return; }
    const res = await get(`/api/v1/search?q=${q(text)}&limit=8`).catch(() => null);
    if (mine !== seq || !res || document.activeElement !== input) return;
    shown = res.results || [];
    list.replaceChildren(...shown.map((x, i) => {
      const e = entity(x.entity);
      const why = whyMatched(x, e);
      return h('li', { role: 'option', id: `global-search-opt-${i}`, 'aria-selected': 'false',
        onmousedown: ev => { ev.preventDefault(); open(x); } },
        h('span', { class: 'pill' }, e ? entityLabel(e) : x.entity), ' ', h('span', { class: 'option-title' }, x.title || ''),
        why ? h('small', { class: 'option-sub' }, why) : null);
    }));
    input.setAttribute('aria-expanded', String(shown.length > 0));
    highlight(-1);
  };
  input.addEventListener('input', () => { clearTimeout(timer); seq++; timer = setTimeout(fetchNow, 200); });
  input.addEventListener('keydown', ev => {
    if ((ev.key === 'ArrowDown' || ev.key === 'ArrowUp') && shown.length) {
      ev.preventDefault();
      const n = shown.length;
      highlight(ev.key === 'ArrowDown' ? (active + 1) % n : (active - 1 + n) % n);
    } else if (ev.key === 'Enter' && active >= 0 && shown[active]) {
      ev.preventDefault();
      open(shown[active]);
    } else if (ev.key === 'Escape') close();
  });
  input.addEventListener('blur', () => { clearTimeout(timer); close(); });
  return list;
}

/** "Description: …the words around the match…", unless the match is the name already shown. */
export function whyMatched(x, e) {
  if (!x.snippet || !x.matched) return '';
  if (e && x.matched === e.titleField) return '';
  const f = e && field(e, x.matched);
  return `${f ? fieldLabel(f) : x.matched}: ${x.snippet}`;
}
