// What happened to a record, in words: the timeline (its changes and its related records' creation in one
// stream) and the field history (who changed what from what to what). Labels and record names throughout,
// never column names or ids.
import { h } from '../dom.js';
import { get, q } from '../api.js';
import { t, fmtDateTime, locale } from '../i18n.js';
import { entity, entityLabel, field, fieldLabel, recordTitle, relatedLists } from '../meta.js';
import { display } from '../fields.js';

const LOOKUPS = new Set(['lookup', 'master_detail']);

/** The record's audit entries, each change grouped by field: a money amount and its currency are one change. */
async function entries(e, id) {
  const hist = await get(`/api/v1/records/${e.name}/${id}/history`).catch(() => ({ data: [] }));
  return hist.data.filter(x => x.action !== 'view').map(x => ({ ...x, fields: grouped(e, x.changes || {}) }));
}

function grouped(e, changes) {
  const byField = new Map();
  for (const [key, v] of Object.entries(changes)) {
    if (key.startsWith('_')) continue;
    const [name, part] = key.split('__');
    const f = field(e, name);
    if (!f) continue;
    const pair = Array.isArray(v) ? v : [v && v.old, v && v.new];
    const g = byField.get(name) || { f, parts: {} };
    g.parts[part || ''] = pair;
    byField.set(name, g);
  }
  // in the order of the entity's fields, as the record page shows them
  return [...byField.values()].sort((a, b) => e.fields.indexOf(a.f) - e.fields.indexOf(b.f))
    .map(({ f, parts }) => ({ f, old: value(f, parts, 0), now: value(f, parts, 1) }));
}

/** One side (0 old, 1 new) of a field's change, rebuilt from its column and sub-columns. */
function value(f, parts, side) {
  const main = parts[''] ? parts[''][side] : undefined;
  if (f.type === 'currency' || (f.returns === 'currency')) {
    const cur = parts.currency ? parts.currency[side] : undefined;
    if (main === null || main === undefined) return main;
    return cur ? { amount: main, currency: cur } : main;
  }
  if (main !== undefined) return main;
  // an address (or another type with parts) whose whole-value column did not change: its parts, on one line
  const rest = Object.entries(parts).filter(([k]) => k).map(([, p]) => p[side]).filter(v => v !== null && v !== undefined);
  return rest.length ? rest.join(', ') : null;
}

/** Titles of the related records a history names, fetched once per entity (only those the reader may see). */
async function titles(changes) {
  const wanted = new Map();
  for (const c of changes) {
    if (!LOOKUPS.has(c.f.type) || !entity(c.f.target)) continue;
    const ids = wanted.get(c.f.target) || new Set();
    for (const v of [c.old, c.now]) if (typeof v === 'string') ids.add(v);
    wanted.set(c.f.target, ids);
  }
  const out = new Map();
  await Promise.all([...wanted].map(async ([target, ids]) => {
    const list = [...ids].slice(0, 200);
    if (!list.length) return;
    const filter = `id in (${list.map(i => `'${i}'`).join(', ')})`;
    const page = await get(`/api/v1/records/${target}?limit=200&filter=${q(filter)}`).catch(() => ({ data: [] }));
    for (const r of page.data) out.set(r.id, recordTitle(entity(target), r));
  }));
  return out;
}

function shown(c, v, names) {
  if (v === null || v === undefined || v === '') return h('span', { class: 'muted' }, t('emptyValue'));
  if (LOOKUPS.has(c.f.type) && entity(c.f.target)) {
    return h('a', { href: `#/r/${c.f.target}/${v}` }, names.get(v) || t('hiddenRecord'));
  }
  return display(c.f, v, {});
}

function who(x) { return x.actorName || t('someone'); }

/** A sentence for an audit entry: "Ana Ruiz changed Amount and Stage". */
function sentence(x) {
  const fields = x.fields.map(c => fieldLabel(c.f));
  const list = new Intl.ListFormat(locale(), { type: 'conjunction' }).format(fields);
  if (x.action === 'create') return t('histCreated', { who: who(x) });
  if (x.action === 'update') return fields.length ? t('histChanged', { who: who(x), fields: list }) : null;
  if (x.action === 'delete') return t('histDeleted', { who: who(x) });
  if (x.action === 'restore') return t('histRestored', { who: who(x) });
  return `${who(x)}: ${actionLabel(x.action)}`;
}

/** An audit action in the reader's language ("merge" → "Merged"); an action the app does not know, as it is. */
export function actionLabel(action) {
  const key = `action_${action}`;
  const s = t(key);
  return s === key ? action : s;
}

/** The customer 360 stream: this record's changes and the related records' creation, newest first. */
export async function timelineView(e, id) {
  const items = [];
  for (const x of await entries(e, id)) {
    const text = sentence(x);
    if (text) items.push({ at: x.at, text, entity: e, id });
  }
  await Promise.all(relatedLists(e).map(async ({ entity: other, field: f }) => {
    const filter = q(`${f.name} = '${id}'`);
    const rows = await get(`/api/v1/records/${other.name}?limit=20&sort=-created_at&filter=${filter}`).catch(() => null);
    for (const x of rows ? rows.data : []) {
      items.push({ at: x.created_at, text: `${entityLabel(other)}: ${recordTitle(other, x)}`, entity: other, id: x.id });
    }
  }));
  items.sort((a, b) => String(b.at).localeCompare(String(a.at)));
  if (!items.length) return h('p', { class: 'empty' }, t('noRecords'));
  return h('ol', { class: 'timeline' }, items.slice(0, 100).map(i => h('li', null,
    h('time', { datetime: i.at }, fmtDateTime(i.at)), ' ',
    i.id === id ? i.text : h('a', { href: `#/r/${i.entity.name}/${i.id}` }, i.text))));
}

/** Every field change: when, who, which field, the old value and the new one, as the reader would see them. */
export async function historyView(e, id) {
  const list = (await entries(e, id)).filter(x => x.action === 'update' || x.action === 'create');
  const names = await titles(list.flatMap(x => x.fields));
  const rows = [];
  for (const x of list) {
    for (const c of x.fields) {
      if (x.action === 'create' && (c.now === null || c.now === undefined)) continue;
      rows.push(h('tr', null, h('td', { dataset: { label: t('when') } }, fmtDateTime(x.at)),
        h('td', { dataset: { label: t('changedBy') } }, who(x)),
        h('td', { dataset: { label: t('field') } }, fieldLabel(c.f)),
        h('td', { dataset: { label: t('oldValue') } }, x.action === 'create' ? h('span', { class: 'muted' }, t('emptyValue'))
          : shown(c, c.old, names)),
        h('td', { dataset: { label: t('newValue') } }, shown(c, c.now, names))));
    }
  }
  if (!rows.length) return h('p', { class: 'empty' }, t('noRecords'));
  return h('div', { class: 'table-wrap' }, h('table', { class: 'records history', id: 'field-history' },
    h('thead', null, h('tr', null, [t('when'), t('changedBy'), t('field'), t('oldValue'), t('newValue')].map(c => h('th', null, c)))),
    h('tbody', null, rows)));
}
