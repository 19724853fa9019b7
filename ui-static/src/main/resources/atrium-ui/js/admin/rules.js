// The rule editor: JavaScript with line numbers and a syntax check as you type, "test against a
// record", and deployment of the entity's rules.
import { h, clear, toast } from '../dom.js';
import { get, post } from '../api.js';
import { input } from '../fields.js';
import { t, label, locale } from '../i18n.js';
import { fullEntity, deployWithPlan } from './deploy.js';
import { highlighted } from './highlight.js';

const KINDS = ['validation', 'before_save', 'default', 'after_commit'];

export async function rulesPage(root, name) {
  const e = await fullEntity(name);
  const rules = structuredClone(e.rules || []);
  const list = h('div', { class: 'rules' });
  const render = () => clear(list, rules.map((r, i) => ruleEditor(e, r, () => { rules.splice(i, 1); render(); })));
  clear(root, h('div', { class: 'page-head' }, h('p', { class: 'crumb' }, h('a', { href: `#/admin/objects/${name}` }, label(e.label, name))), h('h1', null, t('rules'))),
    h('div', { class: 'toolbar' },
      h('button', { type: 'button', id: 'new-rule', onclick: () => { rules.push({ name: `rule_${rules.length + 1}`, kind: 'validation', source: 'return true;' }); render(); } }, t('newRule')),
      h('button', { type: 'button', class: 'primary', id: 'save-rules', onclick: async () => {
        const copy = structuredClone(e);
        copy.rules = rules.map(({ script, ...r }) => r);
        if (await deployWithPlan([copy])) toast(t('saved'));
      } }, t('deploy'))),
    list);
  render();
}

function ruleEditor(e, r, remove) {
  const name = h('input', { class: 'rule-name', 'aria-label': t('apiName'), value: r.name, oninput: ev => { r.name = ev.target.value; } });
  const kind = h('select', { class: 'rule-kind', 'aria-label': t('kind'), onchange: ev => { r.kind = ev.target.value; } }, KINDS.map(k => h('option', { value: k, selected: r.kind === k }, k)));
  const fieldSel = h('select', { class: 'rule-field', 'aria-label': t('field'), onchange: ev => { r.field = ev.target.value || undefined; } },
    h('option', { value: '' }, t('none')), e.fields.map(f => h('option', { value: f.name, selected: r.field === f.name }, label(f.label, f.name))));
  const message = h('input', { class: 'rule-message', 'aria-label': t('message'), value: label(r.message, ''),
    oninput: ev => { r.message = withLabel(r.message, ev.target.value); } });
  const code = h('textarea', { class: 'code rule-source', 'aria-label': t('source'), rows: '8', spellcheck: 'false' });
  code.value = r.source || '';
  const gutter = h('pre', { class: 'gutter', 'aria-hidden': 'true' });
  const status = h('p', { class: 'syntax', role: 'status' });
  let timer;
  const lines = () => { gutter.textContent = code.value.split('\n').map((_, i) => i + 1).join('\n'); };
  const check = () => {
    r.source = code.value;
    lines();
    clearTimeout(timer);
    timer = setTimeout(async () => {
      try {
        const res = await post('/api/v1/metadata/rules/test', { rule: { name: r.name, source: code.value }, checkOnly: true });
        status.className = res.ok ? 'syntax ok' : 'syntax error';
        status.textContent = res.ok ? t('scriptOk') : res.failure;
      } catch (err) { status.className = 'syntax error'; status.textContent = err.message; }
    }, 400);
  };
  code.addEventListener('input', check);
  code.addEventListener('scroll', () => { gutter.scrollTop = code.scrollTop; });
  const view = highlighted(code);
  code.addEventListener('keydown', ev => {
    if (ev.key === 'Tab' && !ev.shiftKey && !ev.ctrlKey) {
      ev.preventDefault();
      code.setRangeText('  ', code.selectionStart, code.selectionEnd, 'end');
      view.refresh();
      check();
    }
  });
  lines();
  const sample = h('textarea', { class: 'code', rows: '3', 'aria-label': t('testRule'), id: `sample-${r.name}` });
  sample.value = '{}';
  // a real record to test against: picked by name, its stored values fill the sample
  const picker = input({ name: `test_record_${r.name}`, type: 'lookup', target: e.name }, null, `test-record-${r.name}`);
  picker.el.addEventListener('change', async () => {
    const id = picker.read();
    if (!id) return;
    const rec = await get(`/api/v1/records/${e.name}/${id}`).catch(() => null);
    if (rec) sample.value = JSON.stringify(editable(e, rec), null, 2);
  });
  const out = h('div', { class: 'test-out', role: 'status' });
  return h('section', { class: 'rule' },
    h('div', { class: 'rule-head' }, name, kind, fieldSel, message, h('button', { type: 'button', class: 'small danger', onclick: remove }, t('remove'))),
    h('div', { class: 'editor' }, gutter, view.wrap), status, scriptHelp(e),
    h('details', null, h('summary', null, t('testRule')),
      h('label', { for: `test-record-${r.name}` }, t('testAgainst')), picker.el, h('label', { for: `sample-${r.name}` }, t('testValues')), sample,
      h('button', { type: 'button', class: 'small', onclick: async () => {
        let record;
        try { record = JSON.parse(sample.value || '{}'); } catch (err) { clear(out, h('p', { class: 'error' }, err.message)); return; }
        try {
          const res = await post('/api/v1/metadata/rules/test', { rule: { name: r.name, source: code.value }, record });
          clear(out, outcome(e, r, record, res));
        } catch (err) { clear(out, h('p', { class: 'error' }, err.message)); }
      } }, t('run')), out));
}

/** A record's own values, without what the platform keeps (ids, versions, dates of the row). */
function editable(e, rec) {
  const out = {};
  for (const f of e.fields) if (rec[f.name] !== undefined && rec[f.name] !== null) out[f.name] = rec[f.name];
  return out;
}

/** What the script can use, beside the editor: the reference page in a sentence each. */
function scriptHelp(e) {
  const names = e.fields.slice(0, 6).map(f => `record.${f.name}`).join(', ');
  const rows = [['record', t('helpRecord', { names })], ['old', t('helpOld')], ['user', t('helpUser')], ['now', t('helpNow')],
    ['error(field, message)', t('helpError')], ['query(entity, filter, {sort, limit})', t('helpQuery')], ['plugins.<name>(...)', t('helpPlugins')]];
  return h('details', { class: 'script-help' }, h('summary', null, t('scriptHelp')),
    h('dl', null, rows.map(([k, v]) => [h('dt', null, h('code', null, k)), h('dd', null, v)])));
}

/** A test run in sentences: whether the save would go through, what the rule changed, what it returned. */
function outcome(e, r, before, res) {
  const label_ = name => { const f = e.fields.find(x => x.name === name); return f ? label(f.label, f.name) : name; };
  if (!res.ok) return h('p', { class: 'verdict no' }, t('testFailed', { reason: res.failure }));
  const changed = Object.entries(res.record || {}).filter(([k, v]) => JSON.stringify(v) !== JSON.stringify(before[k]) && e.fields.some(f => f.name === k));
  const refused = (res.errors || []).length || (r.kind === 'validation' && res.result === false);
  return h('div', null,
    h('p', { class: `verdict ${refused ? 'no' : 'yes'}` }, refused ? t('testRefused') : t('testPasses')),
    (res.errors || []).length ? h('ul', null, res.errors.map(x => h('li', null, `${label_(x.field)}: ${x.message}`))) : null,
    r.kind === 'validation' && res.result === false && !(res.errors || []).length ? h('p', null, label(r.message, '')) : null,
    changed.length ? [h('p', null, t('testChanged')), h('ul', null, changed.map(([k, v]) => h('li', null, `${label_(k)} → ${typeof v === 'object' ? JSON.stringify(v) : v}`)))] : null,
    r.kind === 'default' ? h('p', null, t('testReturned', { value: JSON.stringify(res.result) })) : null,
    h('p', { class: 'sub' }, t('testTook', { ms: (res.micros / 1000).toFixed(1) })));
}

/** A label object with the current language set; English is filled in when there is none yet. */
export function withLabel(labels, value) {
  const out = { ...(labels && typeof labels === 'object' ? labels : {}), [locale()]: value };
  if (locale() !== 'en' && !out.en) out.en = value;
  return out;
}
