// The state machine and approval process designers of one entity: which moves of a picklist are
// allowed (a matrix from -> to, plus the values a record may start in), and multi-step approvals
// (approver: a role, users or the owner's manager; any or all must approve).
import { h, clear, toast } from '../dom.js';
import { get } from '../api.js';
import { t, label } from '../i18n.js';
import { fullEntity, deployWithPlan } from './deploy.js';

export async function processesPage(root, name) {
  const e = await fullEntity(name);
  const roles = (await get('/api/v1/access/roles').catch(() => ({ data: [] }))).data;
  const machines = structuredClone(e.stateMachines || []);
  const approvals = structuredClone(e.approvals || []);
  const picklists = e.fields.filter(f => f.type === 'picklist');
  const smBox = h('div');
  const apBox = h('div');

  const renderMachines = () => clear(smBox, machines.map((m, i) => {
    const f = picklists.find(x => x.name === m.field) || picklists[0];
    const values = (f.values || []).map(v => v.value);
    m.transitions = m.transitions || {};
    const fieldSel = h('select', { class: 'sm-field', 'aria-label': t('field') }, picklists.map(p => h('option', { value: p.name, selected: p.name === m.field }, label(p.label, p.name))));
    fieldSel.addEventListener('change', () => { m.field = fieldSel.value; m.transitions = {}; m.initial = []; renderMachines(); });
    const grid = h('table', { class: 'records matrix sm-matrix' }, h('thead', null, h('tr', null, h('th', null, `${t('moveTo')} →`),
      values.map(v => h('th', null, label((f.values.find(x => x.value === v) || {}).label, v))))),
      h('tbody', null, values.map(from => h('tr', null, h('th', null, label((f.values.find(x => x.value === from) || {}).label, from)),
        values.map(to => h('td', null, from === to ? '—' : h('input', { type: 'checkbox', class: 'sm-cell', dataset: { from, to }, 'aria-label': `${from} → ${to}`,
          checked: (m.transitions[from] || []).includes(to),
          onchange: ev => {
            const list = new Set(m.transitions[from] || []);
            ev.target.checked ? list.add(to) : list.delete(to);
            m.transitions[from] = [...list];
          } })))))));
    const initial = h('div', { class: 'checks' }, values.map(v => h('label', { class: 'check' }, h('input', { type: 'checkbox', class: 'sm-initial',
      checked: (m.initial || []).includes(v), onchange: ev => {
        const s = new Set(m.initial || []);
        ev.target.checked ? s.add(v) : s.delete(v);
        m.initial = [...s];
      } }), label((f.values.find(x => x.value === v) || {}).label, v))));
    return h('section', { class: 'rule' }, h('div', { class: 'rule-head' }, fieldSel,
      h('button', { type: 'button', class: 'small danger', onclick: () => { machines.splice(i, 1); renderMachines(); } }, t('remove'))),
      h('h3', null, t('initialValues')), initial, grid);
  }));

  const renderApprovals = () => clear(apBox, approvals.map((a, i) => h('section', { class: 'rule' },
    h('div', { class: 'rule-head' }, h('input', { class: 'ap-name', 'aria-label': t('apiName'), value: a.name, oninput: ev => { a.name = ev.target.value; } }),
      h('button', { type: 'button', class: 'small danger', onclick: () => { approvals.splice(i, 1); renderApprovals(); } }, t('remove'))),
    h('ol', null, a.steps.map((s, j) => h('li', { class: 'value-row' },
      h('input', { class: 'ap-step', 'aria-label': t('step'), value: s.name || '', placeholder: t('step'), oninput: ev => { s.name = ev.target.value; } }),
      h('select', { 'aria-label': t('approver'), onchange: ev => {
        const v = ev.target.value;
        delete s.role; delete s.manager; delete s.users;
        if (v === 'manager') s.manager = true; else if (v) s.role = v;
      } }, h('option', { value: 'manager', selected: !!s.manager }, t('ownersManager')), roles.map(r => h('option', { value: r.name, selected: s.role === r.name }, r.name))),
      h('select', { 'aria-label': 'mode', onchange: ev => { s.mode = ev.target.value; } }, ['any', 'all'].map(m => h('option', { value: m, selected: (s.mode || 'any') === m }, m))),
      h('label', { class: 'check' }, t('remindAfter'), h('input', { type: 'number', min: '1', class: 'hours', value: s.remindAfterHours ?? '',
        oninput: ev => { if (ev.target.value) s.remindAfterHours = Number(ev.target.value); else delete s.remindAfterHours; } })),
      h('label', { class: 'check' }, t('escalateAfter'), h('input', { type: 'number', min: '1', class: 'hours', value: s.escalateAfterHours ?? '',
        oninput: ev => { if (ev.target.value) s.escalateAfterHours = Number(ev.target.value); else delete s.escalateAfterHours; } })),
      h('select', { 'aria-label': t('escalateTo'), onchange: ev => { if (ev.target.value) s.escalateTo = ev.target.value; else delete s.escalateTo; } },
        h('option', { value: '' }, `${t('escalateTo')}…`), roles.map(r => h('option', { value: r.name, selected: s.escalateTo === r.name }, r.name))),
      h('button', { type: 'button', class: 'small', onclick: () => { a.steps.splice(j, 1); renderApprovals(); } }, '×')))),
    h('button', { type: 'button', class: 'small', onclick: () => { a.steps.push({ name: `step_${a.steps.length + 1}`, manager: true }); renderApprovals(); } }, t('add')))));

  clear(root, h('div', { class: 'page-head' }, h('p', { class: 'crumb' }, h('a', { href: `#/admin/objects/${name}` }, label(e.label, name))), h('h1', null, t('processes'))),
    h('h2', null, t('stateMachines')),
    picklists.length ? h('button', { type: 'button', id: 'new-machine', onclick: () => { machines.push({ field: picklists[0].name, initial: [], transitions: {} }); renderMachines(); } }, t('add')) : h('p', { class: 'empty' }, t('needPicklist')),
    smBox,
    h('h2', null, t('approvals')),
    h('button', { type: 'button', id: 'new-approval', onclick: () => { approvals.push({ name: `approval_${approvals.length + 1}`, steps: [{ name: 'manager', manager: true }] }); renderApprovals(); } }, t('add')),
    apBox,
    h('div', { class: 'buttons' }, h('button', { type: 'button', class: 'primary', id: 'save-processes', onclick: async () => {
      const copy = structuredClone(e);
      copy.stateMachines = machines;
      copy.approvals = approvals;
      copy.rules = (copy.rules || []).map(({ script, ...r }) => r);
      if (await deployWithPlan([copy])) toast(t('saved'));
    } }, t('deploy'))));
  renderMachines();
  renderApprovals();
}
