// The list's filter editor: conditions with operators that fit each field's type, in words ("is",
// "before", "is empty"), and a value picker that fits too: a picklist's values by label, yes/no, a date or
// a relative period (this month, the last 30 days), a person, a related record found by name. What it
// builds is the API's filter language, every value written as a literal the parser checks.
import { h, clear } from '../dom.js';
import { t } from '../i18n.js';
import { field, fieldLabel } from '../meta.js';
import { input } from '../fields.js';

const NULLS = ['is null', 'is not null'];
const NUMERIC = new Set(['integer', 'decimal', 'percent', 'currency', 'rollup', 'autonumber']);
const CHOICE = new Set(['picklist', 'multi_picklist', 'lookup', 'master_detail', 'user', 'boolean']);
const DATES = new Set(['date', 'datetime']);
const RELATIVE = ['today', 'yesterday', 'tomorrow', 'this_week', 'this_month', 'last_month', 'this_year',
  'last_n_days:7', 'last_n_days:30', 'next_n_days:30'];
const OWNER = { name: 'owner_id', type: 'user', label: null };

/** The operators a field's type makes sense with, in the order people reach for them. */
function operators(f) {
  if (!f) return ['=', ...NULLS];
  if (f.type === 'formula') {
    const as = { number: 'decimal', currency: 'decimal', percent: 'decimal' }[f.returns] || f.returns || 'text';
    return operators({ type: as });
  }
  if (NUMERIC.has(f.type)) return ['=', '!=', '>', '>=', '<', '<=', ...NULLS];
  if (DATES.has(f.type)) return ['=', '<', '>', '<=', '>=', ...NULLS];
  if (f.type === 'boolean') return ['='];
  if (CHOICE.has(f.type)) return ['=', '!=', ...NULLS];
  return ['contains', '=', '!=', ...NULLS];
}

/** An operator in words: "before" for dates where numbers say "less than". */
function opLabel(f, op) {
  const dated = f && DATES.has(f.type);
  const key = { contains: 'opContains', '=': dated ? 'opOn' : 'opIs', '!=': 'opIsNot', '>': dated ? 'opAfter' : 'opGt',
    '<': dated ? 'opBefore' : 'opLt', '>=': dated ? 'opOnOrAfter' : 'opGe', '<=': dated ? 'opOnOrBefore' : 'opLe',
    'is null': 'opEmpty', 'is not null': 'opNotEmpty' }[op];
  return key ? t(key) : op;
}

/** The fields a list can be filtered on: the entity's (not many-to-many) and its owner. */
export function filterFields(e) {
  const own = e.fields.filter(f => f.type !== 'many_to_many' && f.type !== 'json');
  return own.some(f => f.name === 'owner_id') ? own : [...own, OWNER];
}

function fieldOf(e, name) { return name === 'owner_id' && !field(e, name) ? OWNER : field(e, name); }

/** Each condition as a clause of the filter language; conditions without a value are left out. */
export function filterString(e, rows) {
  return rows.filter(r => r.field && r.op).map(r => {
    const f = fieldOf(e, r.field);
    if (NULLS.includes(r.op)) return `${r.field} ${r.op}`;
    const v = r.read ? r.read() : r.value;
    if (v === null || v === undefined || v === '') return null;
    const quoted = s => `'${String(s).replace(/'/g, "''")}'`;
    if (r.op === 'contains') return `${r.field} like ${quoted(`%${String(v).replace(/[%_]/g, '')}%`)}`;
    if (f && DATES.has(f.type)) return /^\d{4}-\d{2}-\d{2}$/.test(v) || RELATIVE.includes(v) ? `${r.field} ${r.op} ${v}` : null;
    if (f && f.type === 'boolean') return `${r.field} = ${v === true || v === 'true' ? 'true' : 'false'}`;
    const numeric = f && (NUMERIC.has(f.type) || (f.type === 'formula' && ['number', 'currency', 'percent'].includes(f.returns)));
    if (numeric) return Number.isFinite(Number(v)) ? `${r.field} ${r.op} ${Number(v)}` : null;
    return `${r.field} ${r.op} ${quoted(v)}`;
  }).filter(Boolean).join(' and ');
}

/** The value picker for a condition; returns {el, read}. */
function valueInput(f, r, i) {
  const id = `flt-${i}`;
  const labelled = el => { el.setAttribute('aria-label', t('value')); return el; };
  if (NULLS.includes(r.op)) return { el: null, read: () => null };
  if (f && DATES.has(f.type)) {
    const when = labelled(h('select', { id }, h('option', { value: '' }, t('aDate')),
      RELATIVE.map(k => h('option', { value: k }, t(`rel_${k.replace(':', '_')}`)))));
    const date = h('input', { type: 'date', 'aria-label': t('aDate') });
    if (RELATIVE.includes(r.value)) when.value = r.value; else date.value = r.value || '';
    const sync = () => { date.hidden = when.value !== ''; };
    when.addEventListener('change', sync);
    sync();
    return { el: h('span', { class: 'date-value' }, when, date), read: () => when.value || date.value || null };
  }
  if (f && f.type === 'boolean') {
    const el = labelled(h('select', { id }, h('option', { value: 'true' }, t('yes')), h('option', { value: 'false' }, t('no'))));
    el.value = r.value === false || r.value === 'false' ? 'false' : 'true';
    return { el, read: () => el.value };
  }
  if (f && CHOICE.has(f.type)) {
    const single = f.type === 'multi_picklist' ? { ...f, type: 'picklist' } : f;
    const widget = input(single, r.value || null, id);
    if (widget.el.tagName === 'SELECT') labelled(widget.el);
    return widget;
  }
  const numeric = f && (NUMERIC.has(f.type) || (f.type === 'formula' && f.returns === 'number'));
  const el = labelled(h('input', { id, type: numeric ? 'number' : 'text', step: 'any', value: r.value ?? '' }));
  return { el, read: () => el.value };
}

/**
 * Draws the editor into box for rows (the list's conditions, changed in place) and calls onApply or onClear.
 */
export function renderFilterEditor(box, e, rows, onApply, onClear) {
  const fields = filterFields(e);
  const draw = () => {
    if (!rows.length) rows.push({ field: fields[0] && fields[0].name, op: operators(fields[0])[0], value: '' });
    clear(box, rows.map((r, i) => {
      const f = fieldOf(e, r.field);
      const fSel = h('select', { 'aria-label': t('field'), class: 'flt-field', onchange: () => {
        r.field = fSel.value;
        r.op = operators(fieldOf(e, r.field))[0];
        r.value = '';
        draw();
      } }, fields.map(x => h('option', { value: x.name }, x === OWNER ? t('owner') : fieldLabel(x))));
      fSel.value = r.field;
      const oSel = h('select', { 'aria-label': t('operator'), class: 'flt-op', onchange: () => {
        r.value = r.read ? r.read() : r.value;
        r.op = oSel.value;
        draw();
      } }, operators(f).map(o => h('option', { value: o }, opLabel(f, o))));
      oSel.value = r.op;
      const widget = valueInput(f, r, i);
      r.read = widget.read;
      return h('div', { class: 'filter-row' }, fSel, oSel, widget.el,
        h('button', { type: 'button', 'aria-label': t('remove'), onclick: () => { rows.splice(i, 1); draw(); } }, '×'));
    }), h('div', { class: 'buttons' },
      h('button', { type: 'button', onclick: () => {
        for (const r of rows) r.value = r.read ? r.read() : r.value;
        rows.push({ field: fields[0].name, op: operators(fields[0])[0], value: '' });
        draw();
      } }, t('addCondition')),
      h('button', { type: 'button', class: 'primary', id: 'filter-apply', onclick: onApply }, t('apply')),
      h('button', { type: 'button', onclick: onClear }, t('clearFilter'))));
  };
  draw();
}
