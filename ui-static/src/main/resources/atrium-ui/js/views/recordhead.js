// The top of a record page: the object, the record's name, its key fields at a glance, and, for a picklist
// with a state machine (an opportunity's stage, a case's status), the path through its values: where the
// record is, the steps behind it, and a click on an allowed next step to move there. Related lists as
// compact tables with their own "New" and "View all".
import { h, toast } from '../dom.js';
import { get, patch, q } from '../api.js';
import { t, label } from '../i18n.js';
import { entityLabel, field, fieldLabel, listColumns, recordTitle, sections, titleField } from '../meta.js';
import { display, picklistLabel } from '../fields.js';

const LONG = new Set(['long_text', 'rich_text', 'json', 'many_to_many', 'address']);

/** Up to four fields worth seeing first: the list's columns on the layout, minus the title and the path's field. */
function keyFields(e, skip) {
  // only fields the layout shows: one an administrator took off the layout stays off the whole page
  const onLayout = new Set(sections(e).flatMap(s => s.fields));
  return listColumns(e).map(n => field(e, n))
    .filter(f => f && onLayout.has(f.name) && f.name !== titleField(e) && f.name !== skip && !LONG.has(f.type)).slice(0, 4);
}

export function recordHeader(e, r, onMoved) {
  const machine = (e.stateMachines || []).find(m => field(e, m.field));
  const highlights = keyFields(e, machine && machine.field);
  return h('div', { class: 'record-head' },
    h('p', { class: 'crumb' }, h('a', { href: `#/l/${e.name}` }, entityLabel(e, true))),
    h('h1', null, recordTitle(e, r)),
    highlights.length ? h('dl', { class: 'highlights' }, highlights.map(f => h('div', { dataset: { field: f.name } },
      h('dt', null, fieldLabel(f)), h('dd', null, display(f, r[f.name], r) || '—')))) : null,
    machine ? stagePath(e, r, machine, onMoved) : null);
}

/** The path: done steps, the current one, and the next allowed ones as buttons (others shown, not clickable). */
function stagePath(e, r, machine, onMoved) {
  const f = field(e, machine.field);
  const values = (f.values || []).filter(v => v.active !== false || v.value === r[f.name]);
  const at = values.findIndex(v => v.value === r[f.name]);
  const allowed = new Set(r[f.name] ? (machine.transitions || {})[r[f.name]] || [] : machine.initial || []);
  const editable = e.access && e.access.edit;
  const path = h('ol', { class: 'path', 'aria-label': fieldLabel(f) }, values.map((v, i) => {
    const state = i === at ? 'current' : i < at ? 'done' : 'todo';
    const can = editable && i !== at && allowed.has(v.value);
    const text = label(v.label, v.value);
    return h('li', { class: state, dataset: { value: v.value }, 'aria-current': i === at ? 'step' : null },
      can ? h('button', { type: 'button', title: t('moveTo'), onclick: () => move(v.value) }, text) : h('span', null, text));
  }));
  // on a narrow screen the path scrolls: bring the current step into view once it is on the page
  requestAnimationFrame(() => { const c = path.querySelector('.current'); if (c && path.scrollWidth > path.clientWidth) path.scrollLeft = c.offsetLeft - 16; });
  return path;

  async function move(to) {
    try {
      await patch(`/api/v1/records/${e.name}/${r.id}`, { [f.name]: to }, r.version);
      toast(`${recordTitle(e, r)} → ${picklistLabel(f, to)}`);
      onMoved();
    } catch (err) {
      toast((err.errors && err.errors[0] && err.errors[0].message) || err.message, 'error');
    }
  }
}

/** One related list: the first records as a table with the other object's key columns, New and View all. */
export async function relatedTable(e, id, other, via) {
  const filter = `${via.name} = '${id}'`;
  const rows = await get(`/api/v1/records/${other.name}?limit=5&count=true&sort=-created_at&filter=${q(filter)}`)
    .catch(() => null);
  if (!rows) return null;
  const tf = titleField(other);
  const cols = listColumns(other).map(n => field(other, n))
    .filter(f => f && f.name !== via.name && f.name !== tf && !LONG.has(f.type)).slice(0, 3);
  const create = other.access && other.access.create
    ? h('a', { class: 'button small', href: `#/r/${other.name}/new?${encodeURIComponent(via.name)}=${encodeURIComponent(id)}` }, t('new'))
    : null;
  return h('section', { class: 'related', dataset: { entity: other.name } },
    h('div', { class: 'related-head' }, h('h2', null, entityLabel(other, true), ' ', h('span', { class: 'col-count' }, String(rows.total))),
      create),
    rows.data.length ? h('div', { class: 'table-wrap' }, h('table', { class: 'compact' },
      h('thead', null, h('tr', null, h('th', null, tf && field(other, tf) ? fieldLabel(field(other, tf)) : t('name')),
        cols.map(c => h('th', null, fieldLabel(c))))),
      h('tbody', null, rows.data.map(x => h('tr', null,
        h('td', null, h('a', { href: `#/r/${other.name}/${x.id}` }, recordTitle(other, x))),
        cols.map(c => h('td', { dataset: { label: fieldLabel(c) } }, display(c, x[c.name], x))))))))
      : h('p', { class: 'empty' }, t('noRecords')),
    rows.total > rows.data.length
      ? h('a', { class: 'view-all', href: `#/l/${other.name}?filter=${q(filter)}` }, t('viewAll', { n: rows.total })) : null);
}
