// Record processes in the app: converting a record (a lead into account, contact and opportunity; a quote
// into an order) after choosing, per target, a likely existing match or a new record; the likely-duplicate
// notice a form shows before saving; merging records chosen in a list.
import { h, toast, modal } from '../dom.js';
import { get, post } from '../api.js';
import { t, label } from '../i18n.js';
import { entity, entityLabel } from '../meta.js';

/** The conversion dialog; navigates to the first target's record when done. */
export async function convertDialog(e, id, c) {
  let preview;
  try { preview = await get(`/api/v1/records/${e.name}/${id}/conversions/${encodeURIComponent(c.name)}`); }
  catch (err) { toast(err.message, 'error'); return; }
  const title = label(c.label, c.name);
  const done = await modal(title, close => {
    const error = h('p', { class: 'error', role: 'alert', hidden: true });
    const choices = preview.targets.map(target => {
      const other = entity(target.entity);
      const name = `target-${target.as}`;
      const options = [];
      if (target.existing) for (const m of target.matches) {
        options.push({ value: m.id, text: t('useExisting', { title: m.title || m.id }), note: rules(other, m) });
      }
      options.push({ value: '', text: t('createNew'), note: summary(target.values) });
      if (target.optional) options.push({ value: 'skip', text: t('dontCreate') });
      const box = h('fieldset', { class: 'convert-target', dataset: { target: target.as } },
        h('legend', null, other ? entityLabel(other) : target.entity),
        options.map((o, i) => h('label', { class: 'choice' },
          h('input', { type: 'radio', name, value: o.value, checked: i === 0 }), ' ', o.text,
          o.note ? h('small', null, ` — ${o.note}`) : null)));
      return { target, box };
    });
    const form = h('form', { onsubmit: async ev => {
      ev.preventDefault();
      const body = { use: {}, skip: [] };
      for (const { target, box } of choices) {
        const v = box.querySelector('input:checked').value;
        if (v === 'skip') body.skip.push(target.as);
        else if (v) body.use[target.as] = v;
        else if (target.matches.length) body.allowDuplicates = true;
      }
      try { close(await post(`/api/v1/records/${e.name}/${id}/conversions/${encodeURIComponent(c.name)}`, body)); }
      catch (err) { error.hidden = false; error.textContent = err.message; }
    } }, choices.map(x => x.box), error,
      h('div', { class: 'buttons' }, h('button', { type: 'submit', class: 'primary', id: 'convert-go' }, title),
        h('button', { type: 'button', onclick: () => close(null) }, t('cancel'))));
    if (!preview.allowed) { error.hidden = false; error.textContent = t('notConvertible'); }
    return form;
  });
  if (!done) return;
  toast(t('converted'));
  const first = Object.values(done.records)[0];
  location.hash = first ? `#/r/${first.entity}/${first.id}` : `#/r/${e.name}/${id}`;
}

/**
 * Before a save: the likely duplicates of the values by the entity's duplicate rules. Resolves true to
 * save, false to stop (the notice stays, with the matches and a Save anyway button that calls `again`).
 */
export async function duplicatesCheck(e, id, values, banner, again) {
  if (!(e.duplicates || []).length) return true;
  let found;
  try { found = await post(`/api/v1/records/${e.name}/duplicates`, id ? { id, values } : { values }); }
  catch { return true; }
  if (!found.matches.length) return true;
  banner.hidden = false;
  banner.replaceChildren(h('div', { class: 'duplicates', id: 'duplicates' }, h('p', null, t('likelyDuplicates')),
    h('ul', null, found.matches.map(m => h('li', null, h('a', { href: `#/r/${e.name}/${m.id}` }, m.title || m.id),
      h('small', null, ` — ${rules(e, m)}`)))),
    h('button', { type: 'button', id: 'save-anyway', onclick: again }, t('saveAnyway'))));
  return false;
}

/** Merges the chosen records after the user picks the one to keep. */
export async function mergeDialog(e, rows, done) {
  const keep = await modal(t('mergeTitle', { n: rows.length }), close => h('form', {
    onsubmit: ev => { ev.preventDefault(); close(ev.target.querySelector('input:checked').value); },
  }, h('p', null, t('keepWhich')), rows.map((r, i) => h('label', { class: 'choice' },
    h('input', { type: 'radio', name: 'survivor', value: r.id, checked: i === 0 }), ' ', r.title)),
  h('div', { class: 'buttons' }, h('button', { type: 'submit', class: 'primary', id: 'merge-go' }, t('merge')),
    h('button', { type: 'button', onclick: () => close(null) }, t('cancel')))));
  if (!keep) return;
  try {
    await post(`/api/v1/records/${e.name}/merge`, { survivor: keep, duplicates: rows.map(r => r.id).filter(x => x !== keep) });
    toast(t('merged'));
    done(keep);
  } catch (err) { toast(err.message, 'error'); }
}

/** "matched by Same phone, Similar name": the rules' labels in the user's language. */
function rules(e, match) {
  const defs = (e && e.duplicates) || [];
  const names = match.rules.map(n => { const d = defs.find(x => x.name === n); return d ? label(d.label, n) : n; });
  return t('matchedBy', { rules: names.join(', ') });
}

function summary(values) {
  return Object.values(values || {}).filter(v => typeof v === 'string' && v && !/^[0-9a-f-]{36}$/.test(v)).slice(0, 3).join(', ');
}
