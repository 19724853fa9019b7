// Create and edit forms from the layout: client-side checks first, then the server's errors shown on
// the field they point at; an optimistic-lock conflict is explained with a reload option.
import { h, clear, toast } from '../dom.js';
import { get, post, patch, ApiError } from '../api.js';
import { t, label } from '../i18n.js';
import { entity, entityLabel, field, fieldLabel, sections, recordTitle } from '../meta.js';
import { input, editableType } from '../fields.js';
import { duplicatesCheck } from './processes.js';

export async function formPage(root, entityName, id, params) {
  const e = entity(entityName);
  const record = id ? await get(`/api/v1/records/${e.name}/${id}`) : {};
  // a new record started from a related list comes with its parent: ?account=<id>
  if (!id && params) for (const f of e.fields) if (params.get(f.name) && (f.type === 'lookup' || f.type === 'master_detail')) record[f.name] = params.get(f.name);
  const widgets = new Map();
  // what the form links so far, for lookups that narrow to it (a contact of the chosen account)
  const scope = () => {
    const out = { __entity: e.name, __id: id };
    for (const [name, w] of widgets) { try { out[name] = w.read(); } catch { out[name] = null; } }
    return out;
  };
  const banner = h('div', { class: 'banner', role: 'alert', hidden: true });
  const form = h('form', { class: 'record-form', novalidate: true, onsubmit: ev => { ev.preventDefault(); submit(false); } });
  for (const s of sections(e, true)) {
    const fields = s.fields.map(n => field(e, n)).filter(f => f && editableType(f));
    if (!fields.length) continue;
    form.append(h('fieldset', { class: `section cols-${s.columns || 2}` },
      s.label ? h('legend', null, label(s.label, '')) : null,
      fields.map(f => {
        const w = input(f, record[f.name] ?? (id ? null : f.default), `f-${f.name}`, scope);
        widgets.set(f.name, w);
        return h('div', { class: 'form-field', dataset: { field: f.name } },
          h('label', { for: `f-${f.name}` }, fieldLabel(f), f.required ? h('span', { class: 'req', 'aria-hidden': 'true' }, ' *') : null),
          w.el, h('p', { class: 'field-error', id: `f-${f.name}-err`, role: 'alert' }));
      })));
  }
  form.append(h('div', { class: 'buttons sticky' },
    h('button', { type: 'submit', class: 'primary', id: 'save' }, t('save')),
    h('a', { class: 'button', href: id ? `#/r/${e.name}/${id}` : `#/l/${e.name}` }, t('cancel'))));
  clear(root, h('div', { class: 'page-head' }, h('h1', null, id ? `${t('edit')}: ${recordTitle(e, record)}` : `${t('new')}: ${entityLabel(e)}`)), banner, form);
  const first = form.querySelector('input, select, textarea');
  if (first) first.focus();

  function showError(name, message) {
    const box = form.querySelector(`[data-field="${CSS.escape(name)}"]`);
    if (!box) return false;
    box.classList.add('invalid');
    box.querySelector('.field-error').textContent = message;
    const el = box.querySelector('input, select, textarea');
    if (el) el.setAttribute('aria-invalid', 'true');
    return true;
  }

  function clearErrors() {
    banner.hidden = true;
    for (const box of form.querySelectorAll('.form-field')) {
      box.classList.remove('invalid');
      box.querySelector('.field-error').textContent = '';
      const el = box.querySelector('[aria-invalid]');
      if (el) el.removeAttribute('aria-invalid');
    }
  }

  async function submit(checked = false) {
    clearErrors();
    const body = {};
    let bad = false;
    for (const [name, w] of widgets) {
      const f = field(e, name);
      const problem = w.check ? w.check() : null;
      let v;
      try { v = w.read(); } catch (err) { showError(name, err.message); bad = true; continue; }
      if (problem) { showError(name, problem); bad = true; continue; }
      if (f.required && (v === null || v === '' || (Array.isArray(v) && !v.length))) { showError(name, t('required')); bad = true; continue; }
      if (id && JSON.stringify(v ?? null) === JSON.stringify(record[name] ?? null)) continue;
      if (!id && v === null) continue;
      body[name] = v;
    }
    if (bad) { banner.hidden = false; clear(banner, t('fixErrors')); return; }
    if (!checked && !await duplicatesCheck(e, id, { ...record, ...body }, banner, () => submit(true))) return;
    try {
      const saved = id ? await patch(`/api/v1/records/${e.name}/${id}`, body, record.version) : await post(`/api/v1/records/${e.name}`, body);
      toast(id ? t('saved') : t('created'));
      location.hash = `#/r/${e.name}/${saved.id}`;
    } catch (err) {
      if (err instanceof ApiError && err.status === 409) {
        banner.hidden = false;
        clear(banner, t('conflict'), ' ', h('button', { type: 'button', onclick: () => formPage(root, entityName, id) }, t('reload')));
        return;
      }
      let placed = false;
      for (const x of err.errors || []) {
        if (x.pointer && x.pointer.length > 1 && showError(x.pointer.slice(1).split('/')[0], x.message)) placed = true;
      }
      banner.hidden = false;
      clear(banner, placed ? t('fixErrors') : err.message);
    }
  }
}
