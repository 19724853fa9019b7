// The rule editor: JavaScript with line numbers and a syntax check as you type, "test against a
// record", and deployment of the entity's rules.
import { h, clear, toast } from '../dom.js';
import { post } from '../api.js';
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
  const sample = h('textarea', { class: 'code', rows: '3', 'aria-label': t('testRule') });
  sample.value = '{}';
  const out = h('pre', { class: 'test-out', role: 'status' });
  return h('section', { class: 'rule' },
    h('div', { class: 'rule-head' }, name, kind, fieldSel, message, h('button', { type: 'button', class: 'small danger', onclick: remove }, t('remove'))),
    h('div', { class: 'editor' }, gutter, view.wrap), status,
    h('details', null, h('summary', null, t('testRule')), sample,
      h('button', { type: 'button', class: 'small', onclick: async () => {
        try {
          const res = await post('/api/v1/metadata/rules/test', { rule: { name: r.name, source: code.value }, record: JSON.parse(sample.value || '{}') });
          out.textContent = JSON.stringify(res, null, 2);
        } catch (err) { out.textContent = err.message; }
      } }, t('run')), out));
}

/** A label object with the current language set; English is filled in when there is none yet. */
export function withLabel(labels, value) {
  const out = { ...(labels && typeof labels === 'object' ? labels : {}), [locale()]: value };
  if (locale() !== 'en' && !out.en) out.en = value;
  return out;
}
