// Global search results across every searchable field the user may see.
import { h, clear } from '../dom.js';
import { get, q } from '../api.js';
import { t } from '../i18n.js';
import { entity, entityLabel, recordTitle } from '../meta.js';
import { whyMatched } from '../searchbox.js';

export async function searchPage(root, text) {
  clear(root, h('div', { class: 'page-head' }, h('h1', null, `${t('search')}: ${text}`)));
  const res = await get(`/api/v1/search?q=${q(text)}&limit=50`).catch(err => ({ results: [], error: err.message }));
  if (res.error) { root.append(h('p', { class: 'error' }, res.error)); return; }
  root.append((res.results || []).length ? h("ul", { class: "search-results" }, res.results.map(x => {
    const e = entity(x.entity);
    const title = x.title || (x.record && e ? recordTitle(e, x.record) : x.id);
    return h('li', null, h('span', { class: 'pill' }, e ? entityLabel(e) : x.entity), ' ', h('a', { href: `#/r/${x.entity}/${x.id}` }, title),
      whyMatched(x, e) ? h('p', { class: 'sub snippet' }, whyMatched(x, e)) : null);
  })) : h('p', { class: 'empty' }, t('noRecords')));
}
