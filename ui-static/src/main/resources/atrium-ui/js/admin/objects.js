// The object manager: entities and their fields of every type, picklist values with translations,
// formulas with a live check, roll-ups; every change shows the deployment plan before it applies.
import { h, clear, toast, modal } from '../dom.js';
import { get, post } from '../api.js';
import { t, label, LOCALES, locale } from '../i18n.js';
import { entityLabel, fieldLabel } from '../meta.js';
import { deployWithPlan, fullEntity } from './deploy.js';

/** Which flags each type takes (the metadata validator refuses the others). */
const FLAGS = {
  text: ['indexed', 'unique', 'searchable'], long_text: ['searchable'], rich_text: ['searchable'], email: ['indexed', 'unique', 'searchable'],
  phone: ['indexed', 'unique', 'searchable'], url: ['indexed', 'searchable'], integer: ['indexed', 'unique'], decimal: ['indexed', 'unique'],
  currency: ['indexed'], percent: ['indexed', 'unique'], date: ['indexed'], datetime: ['indexed'], picklist: ['indexed'], lookup: ['indexed'],
};

/** A field type in the reader's language ("Money" for currency); a plugin's own type, as it is named. */
function typeLabel(type) {
  const key = `type_${type}`;
  return t(key) === key ? type : t(key);
}

const TYPES = ['text', 'long_text', 'rich_text', 'email', 'phone', 'url', 'integer', 'decimal', 'currency', 'percent', 'boolean', 'date', 'datetime',
  'time', 'picklist', 'multi_picklist', 'lookup', 'master_detail', 'many_to_many', 'autonumber', 'file', 'json', 'formula', 'rollup'];

export async function objectsPage(root) {
  const res = await get('/api/v1/metadata/entities');
  clear(root, h('div', { class: 'page-head' }, h('h1', null, t('objects'))),
    h('div', { class: 'toolbar' }, h('button', { type: 'button', class: 'primary', id: 'new-entity', onclick: newEntity }, t('newEntity'))),
    h('table', { class: 'records' }, h('thead', null, h('tr', null, h('th', null, t('label')), h('th', null, t('apiName')), h('th', null, t('fields')))),
      h('tbody', null, res.data.map(e => h('tr', null, h('td', null, h('a', { href: `#/admin/objects/${e.name}` }, label(e.label, e.name))),
        h('td', null, h('code', null, e.name)), h('td', null, String(e.fields.length)))))));
}

async function newEntity() {
  const v = await modal(t('newEntity'), close => {
    const name = h('input', { id: 'entity-name', required: true, pattern: '[a-z][a-z0-9_]*', maxlength: '40' });
    const lbl = h('input', { id: 'entity-label', required: true });
    const plural = h('input', { id: 'entity-plural' });
    // the API name follows the label until the admin types one of their own
    lbl.addEventListener('input', () => { if (!name.dataset.touched) name.value = slug(lbl.value, 'object'); plural.placeholder = lbl.value; });
    name.addEventListener('input', () => { name.dataset.touched = '1'; });
    const others = Object.keys(LOCALES).filter(l => l !== locale());
    const translations = h('details', { id: 'entity-translations' }, h('summary', null, t('translations')),
      h('table', { class: 'compact' }, h('thead', null, h('tr', null, h('th', null, ''), h('th', null, t('label')), h('th', null, t('pluralLabel')))),
        h('tbody', null, others.map(l => h('tr', null, h('th', null, LOCALES[l]),
          h('td', null, h('input', { class: 'tr-label', dataset: { locale: l }, 'aria-label': `${t('label')} (${LOCALES[l]})` })),
          h('td', null, h('input', { class: 'tr-plural', dataset: { locale: l }, 'aria-label': `${t('pluralLabel')} (${LOCALES[l]})` })))))));
    const read = cls => Object.fromEntries([...translations.querySelectorAll(`input.${cls}`)]
      .filter(i => i.value.trim()).map(i => [i.dataset.locale, i.value.trim()]));
    return h('form', { onsubmit: ev => { ev.preventDefault(); close({ name: name.value.trim(), label: lbl.value.trim(), plural: plural.value.trim(),
      labels: read('tr-label'), plurals: read('tr-plural') }); } },
      h('label', { for: 'entity-label' }, t('label')), lbl, h('label', { for: 'entity-plural' }, t('pluralLabel')), plural,
      h('label', { for: 'entity-name' }, t('apiName')), name, h('p', { class: 'help' }, t('apiNameHelp')), translations,
      h('div', { class: 'buttons' }, h('button', { type: 'submit', class: 'primary' }, t('save')), h('button', { type: 'button', onclick: () => close(null) }, t('cancel'))));
  });
  if (!v) return;
  const one = { en: v.label, ...v.labels, [locale()]: v.label };
  const many = { en: v.plural || v.label, ...v.plurals, [locale()]: v.plural || v.label };
  // a language given a label but no plural uses its label for both
  for (const l of Object.keys(one)) if (!many[l]) many[l] = one[l];
  const doc = { name: v.name, label: one, pluralLabel: many,
    fields: [{ name: 'name', type: 'text', required: true, searchable: true, label: { en: 'Name', es: 'Nombre', 'zh-CN': '名称', ru: 'Название' } }], titleField: 'name' };
  if (await deployWithPlan([doc])) location.hash = `#/admin/objects/${v.name}`;
}

export async function objectPage(root, name) {
  const e = await fullEntity(name);
  const fieldRows = e.fields.map((f, i) => h('tr', { dataset: { field: f.name } },
    h('td', null, label(f.label, f.name)), h('td', null, h('code', null, f.name)), h('td', null, typeLabel(f.type)),
    h('td', null, h('button', { type: 'button', class: 'small', onclick: () => editField(e, i) }, t('edit')),
      h('button', { type: 'button', class: 'small danger', onclick: () => removeField(e, i) }, t('remove')))));
  clear(root, h('div', { class: 'page-head' }, h('p', { class: 'crumb' }, h('a', { href: '#/admin/objects' }, t('objects'))),
    h('h1', null, label(e.label, e.name))),
    h('div', { class: 'toolbar' },
      h('button', { type: 'button', class: 'primary', id: 'new-field', onclick: () => editField(e, -1) }, t('newField')),
      h('a', { class: 'button', href: `#/admin/layout/${e.name}`, id: 'edit-layout' }, t('layout')),
      h('a', { class: 'button', href: `#/admin/rules/${e.name}`, id: 'edit-rules' }, t('rules')),
      h('a', { class: 'button', href: `#/admin/workflows/${e.name}`, id: 'edit-workflows' }, t('workflows')),
      h('a', { class: 'button', href: `#/admin/processes/${e.name}`, id: 'edit-processes' }, t('processes')),
      h('a', { class: 'button', href: `#/l/${e.name}` }, t('list'))),
    h('h2', null, t('fields')),
    h('table', { class: 'records', id: 'field-table' }, h('thead', null, h('tr', null, h('th', null, t('label')), h('th', null, t('apiName')),
      h('th', null, t('type')), h('th', null, ''))), h('tbody', null, fieldRows)));

  async function removeField(entity, i) {
    const copy = structuredClone(entity);
    const [gone] = copy.fields.splice(i, 1);
    // the field leaves the layout, the hidden list and the list columns with it
    const ui = copy.ui || {};
    for (const sec of (ui.layout && ui.layout.sections) || []) sec.fields = sec.fields.filter(n => n !== gone.name);
    if (ui.layout && ui.layout.hidden) ui.layout.hidden = ui.layout.hidden.filter(n => n !== gone.name);
    if (ui.list && ui.list.columns) ui.list.columns = ui.list.columns.filter(n => n !== gone.name);
    if (await deployWithPlan([copy])) objectPage(root, name);
  }

  async function editField(entity, i) {
    const f = i >= 0 ? structuredClone(entity.fields[i]) : { name: '', type: 'text', label: {} };
    const result = await fieldDialog(entity, f, i < 0);
    if (!result) return;
    const copy = structuredClone(entity);
    if (i >= 0) copy.fields[i] = result; else copy.fields.push(result);
    if (await deployWithPlan([copy])) objectPage(root, name);
  }
}

/** The field editor: type-specific settings, translations of the label and picklist values. */
function fieldDialog(entity, f, isNew) {
  return modal(isNew ? t('newField') : `${t('edit')}: ${f.name}`, close => {
    const form = h('form', { class: 'field-editor' });
    const lbl = h('input', { id: 'field-label', required: true, value: label(f.label, '') });
    const name = h('input', { id: 'field-name', required: true, pattern: '[a-z][a-z0-9_]*', value: f.name, readonly: !isNew });
    lbl.addEventListener('input', () => { if (isNew && !name.dataset.touched) name.value = slug(lbl.value); });
    name.addEventListener('input', () => { name.dataset.touched = '1'; });
    const type = h('select', { id: 'field-type', disabled: !isNew }, TYPES.map(x => h('option', { value: x }, typeLabel(x))));
    type.value = f.type;
    const required = h('input', { type: 'checkbox', id: 'field-required', checked: !!f.required });
    const flags = ['indexed', 'unique', 'searchable'].map(k => h('label', { class: 'check' },
      h('input', { type: 'checkbox', id: `field-${k}`, dataset: { flag: k }, checked: !!f[k] }), t(k)));
    const extra = h('div', { class: 'type-settings' });
    const translations = h('details', null, h('summary', null, LOCALES[locale()] ? `${t('label')} · ${Object.values(LOCALES).join(' / ')}` : t('label')),
      Object.keys(LOCALES).map(l => h('label', null, LOCALES[l], h('input', { class: 'tr', dataset: { locale: l }, value: (f.label || {})[l] || '' }))));
    let readExtra = () => ({});
    const renderExtra = () => { readExtra = typeSettings(extra, type.value, f, entity); };
    type.addEventListener('change', renderExtra);
    renderExtra();
    const error = h('p', { class: 'error', role: 'alert' });
    form.append(h('label', { for: 'field-label' }, t('label')), lbl, h('label', { for: 'field-name' }, t('apiName')), name,
      h('label', { for: 'field-type' }, t('type')), type, h('label', { class: 'check' }, required, t('required')), h('div', { class: 'checks flags' }, flags), translations, extra, error,
      h('div', { class: 'buttons' }, h('button', { type: 'submit', class: 'primary', id: 'field-save' }, t('save')),
        h('button', { type: 'button', onclick: () => close(null) }, t('cancel'))));
    form.addEventListener('submit', ev => {
      ev.preventDefault();
      const labels = { ...(f.label || {}) };
      for (const input of translations.querySelectorAll('input.tr')) if (input.value.trim()) labels[input.dataset.locale] = input.value.trim();
      labels[locale()] = lbl.value.trim();
      if (!labels.en) labels.en = lbl.value.trim();
      try {
        const out = { ...stripTypeKeys(f), name: name.value.trim(), type: type.value, label: labels, ...readExtra() };
        if (required.checked) out.required = true; else delete out.required;
        const allowed = FLAGS[type.value] || [];
        for (const box of form.querySelectorAll('[data-flag]')) {
          if (box.checked && allowed.includes(box.dataset.flag)) out[box.dataset.flag] = true; else delete out[box.dataset.flag];
        }
        close(out);
      } catch (err) { error.textContent = err.message; }
    });
    return form;
  });
}

function stripTypeKeys(f) {
  const { values, target, targets, expression, returns, rollup, currency, maxLength, prefix, digits, precision, scale, ...rest } = f;
  return rest;
}

const CYRILLIC = { а: 'a', б: 'b', в: 'v', г: 'g', д: 'd', е: 'e', ё: 'e', ж: 'zh', з: 'z', и: 'i', й: 'y', к: 'k', л: 'l', м: 'm',
  н: 'n', о: 'o', п: 'p', р: 'r', с: 's', т: 't', у: 'u', ф: 'f', х: 'kh', ц: 'ts', ч: 'ch', ш: 'sh', щ: 'shch', ъ: '', ы: 'y', ь: '',
  э: 'e', ю: 'yu', я: 'ya' };

/** An API name from a label: accents dropped, Cyrillic transliterated, anything else an underscore. */
function slug(s, fallback = 'field') {
  const latin = s.toLowerCase().replace(/[а-яё]/g, c => CYRILLIC[c]).normalize('NFKD').replace(/[\u0300-\u036f]/g, '');
  return latin.replace(/[^a-z0-9]+/g, '_').replace(/^_+|_+$/g, '').replace(/^([0-9])/, 'f_$1').slice(0, 40) || fallback;
}

/** Settings for the chosen type; returns a reader of the extra keys. */
function typeSettings(box, type, f, entity) {
  box.replaceChildren();
  if (type === 'picklist' || type === 'multi_picklist') {
    const rows = h('div', { class: 'picklist-editor' });
    const addRow = v => {
      const value = h('input', { class: 'pv-value', 'aria-label': t('value'), value: v.value || '', required: true });
      const trs = Object.keys(LOCALES).map(l => h('input', { class: 'pv-label', dataset: { locale: l }, 'aria-label': `${t('label')} ${LOCALES[l]}`,
        placeholder: LOCALES[l], value: (v.label || {})[l] || '' }));
      const row = h('div', { class: 'pv-row' }, value, trs, h('button', { type: 'button', class: 'small', 'aria-label': t('remove'), onclick: () => row.remove() }, '×'));
      rows.append(row);
    };
    for (const v of f.values || []) addRow(v);
    if (!(f.values || []).length) addRow({});
    box.append(h('h3', null, t('values')), rows, h('button', { type: 'button', class: 'small', id: 'add-value', onclick: () => addRow({}) }, t('add')));
    return () => ({ values: [...rows.querySelectorAll('.pv-row')].map(r => {
      const v = { value: r.querySelector('.pv-value').value.trim() };
      const labels = {};
      for (const i of r.querySelectorAll('.pv-label')) if (i.value.trim()) labels[i.dataset.locale] = i.value.trim();
      if (Object.keys(labels).length) v.label = labels;
      return v;
    }).filter(v => v.value) });
  }
  if (type === 'lookup' || type === 'master_detail' || type === 'many_to_many') {
    const target = h('select', { id: 'field-target' });
    get('/api/v1/metadata/entities').then(res => {
      target.replaceChildren(...res.data.map(x => h('option', { value: x.name }, label(x.label, x.name))));
      if (f.target) target.value = f.target;
    });
    box.append(h('label', { for: 'field-target' }, t('target')), target);
    return () => ({ target: target.value });
  }
  if (type === 'currency') {
    const code = h('input', { id: 'field-currency', maxlength: '3', value: f.currency || 'EUR' });
    box.append(h('label', { for: 'field-currency' }, t('currency')), code);
    return () => ({ currency: code.value.toUpperCase() });
  }
  if (type === 'text') {
    const max = h('input', { id: 'field-max', type: 'number', min: '1', value: f.maxLength || '' });
    box.append(h('label', { for: 'field-max' }, 'maxLength'), max);
    return () => (max.value ? { maxLength: Number(max.value) } : {});
  }
  if (type === 'formula') {
    const expr = h('textarea', { id: 'field-expression', rows: '3', spellcheck: 'false' });
    expr.value = f.expression || '';
    const returns = h('select', { id: 'field-returns' }, ['text', 'number', 'currency', 'percent', 'date', 'datetime', 'boolean'].map(x => h('option', { value: x }, x)));
    returns.value = f.returns || 'number';
    const status = h('p', { class: 'syntax', id: 'formula-status', role: 'status' });
    let timer;
    const check = () => {
      clearTimeout(timer);
      timer = setTimeout(async () => {
        if (!expr.value.trim()) { status.textContent = ''; return; }
        const probe = structuredClone(entity);
        probe.fields = probe.fields.filter(x => x.name !== (f.name || '__probe'));
        probe.fields.push({ name: f.name || 'formula_probe', type: 'formula', expression: expr.value, returns: returns.value });
        try {
          await post('/api/v1/metadata/deployments', { entities: [probe], dryRun: true });
          status.className = 'syntax ok';
          status.textContent = t('syntaxOk');
        } catch (err) {
          status.className = 'syntax error';
          status.textContent = (err.errors && err.errors[0] && err.errors[0].message) || err.message;
        }
      }, 350);
    };
    expr.addEventListener('input', check);
    returns.addEventListener('change', check);
    check();
    box.append(h('label', { for: 'field-expression' }, t('expression')), expr, status, h('label', { for: 'field-returns' }, t('returns')), returns);
    return () => ({ expression: expr.value, returns: returns.value });
  }
  if (type === 'rollup') {
    const child = h('input', { id: 'rollup-entity', value: (f.rollup || {}).entity || '', placeholder: 'order' });
    const via = h('input', { id: 'rollup-via', value: (f.rollup || {}).via || '', placeholder: 'account' });
    const fn = h('select', { id: 'rollup-fn' }, ['count', 'sum', 'min', 'max', 'avg'].map(x => h('option', { value: x }, x)));
    fn.value = (f.rollup || {}).function || 'count';
    const of = h('input', { id: 'rollup-of', value: (f.rollup || {}).field || '', placeholder: 'total' });
    box.append(h('label', { for: 'rollup-entity' }, 'entity'), child, h('label', { for: 'rollup-via' }, 'via'), via,
      h('label', { for: 'rollup-fn' }, 'function'), fn, h('label', { for: 'rollup-of' }, 'field'), of);
    return () => ({ rollup: Object.fromEntries(Object.entries({ entity: child.value, via: via.value, function: fn.value, field: of.value }).filter(([, v]) => v)) });
  }
  return () => ({});
}
