// The workflow designer: when (create, update, delete, a button), an optional condition in the filter
// language, and actions: create a record (e.g. a follow-up task), update this record, notify the owner.
import { h, clear, toast } from '../dom.js';
import { get } from '../api.js';
import { t, label } from '../i18n.js';
import { fullEntity, deployWithPlan } from './deploy.js';

export async function workflowsPage(root, name) {
  const e = await fullEntity(name);
  const all = (await get('/api/v1/metadata/entities')).data;
  const workflows = structuredClone(e.workflows || []);
  const list = h('div', { class: 'workflows' });
  const render = () => clear(list, workflows.map((w, i) => editor(w, all, e, () => { workflows.splice(i, 1); render(); })));
  clear(root, h('div', { class: 'page-head' }, h('p', { class: 'crumb' }, h('a', { href: `#/admin/objects/${name}` }, label(e.label, name))), h('h1', null, t('workflows'))),
    h('div', { class: 'toolbar' },
      h('button', { type: 'button', id: 'new-workflow', onclick: () => { workflows.push({ name: `workflow_${workflows.length + 1}`, on: ['create'], actions: [] }); render(); } }, t('newWorkflow')),
      h('button', { type: 'button', class: 'primary', id: 'save-workflows', onclick: async () => {
        const copy = structuredClone(e);
        copy.workflows = workflows.map(w => ({ ...w, actions: w.actions.filter(a => a.type) }));
        copy.rules = (copy.rules || []).map(({ script, ...r }) => r);
        if (await deployWithPlan([copy])) toast(t('saved'));
      } }, t('deploy'))),
    list);
  render();
}

function editor(w, all, e, remove) {
  const name = h('input', { class: 'wf-name', 'aria-label': t('apiName'), value: w.name, oninput: ev => { w.name = ev.target.value; } });
  const triggers = [['create', t('onCreate')], ['update', t('onUpdate')], ['delete', t('onDelete')], ['manual', t('manual')]];
  const on = h('div', { class: 'checks', role: 'group', 'aria-label': t('trigger') }, triggers.map(([k, text]) => h('label', { class: 'check' },
    h('input', { type: 'checkbox', class: `wf-on-${k}`, checked: (w.on || []).includes(k), onchange: ev => {
      w.on = ev.target.checked ? [...new Set([...(w.on || []), k])] : (w.on || []).filter(x => x !== k);
    } }), text)));
  const condition = h('input', { class: 'wf-condition', 'aria-label': t('condition'), value: w.condition || '', placeholder: "stage = 'won'",
    oninput: ev => { w.condition = ev.target.value || undefined; } });
  const actions = h('ol', { class: 'actions' });
  const renderActions = () => clear(actions, w.actions.map((a, i) => h('li', null, actionEditor(a, all, e), h('button', { type: 'button', class: 'small',
    onclick: () => { w.actions.splice(i, 1); renderActions(); } }, t('remove')))));
  renderActions();
  const addSel = h('select', { class: 'wf-add', 'aria-label': t('add') }, h('option', { value: '' }, `${t('add')}…`),
    h('option', { value: 'create' }, t('createRecord')), h('option', { value: 'update' }, t('updateRecord')), h('option', { value: 'notify' }, t('notify')));
  addSel.addEventListener('change', () => {
    if (!addSel.value) return;
    w.actions.push(addSel.value === 'create' ? { type: 'create', entity: all.some(x => x.name === 'task') ? 'task' : all[0].name, values: {} }
      : addSel.value === 'notify' ? { type: 'notify', values: { title: w.name } } : { type: 'update', values: {} });
    addSel.value = '';
    renderActions();
  });
  return h('section', { class: 'workflow' }, h('div', { class: 'rule-head' }, name, h('button', { type: 'button', class: 'small danger', onclick: remove }, t('remove'))),
    h('fieldset', null, h('legend', null, t('trigger')), on), h('label', null, t('condition'), condition),
    h('h3', null, t('actions')), actions, addSel);
}

/** Values as field = value rows; "{{field}}" takes the triggering record's field, "{{today+3}}" a date. */
function actionEditor(a, all, e) {
  const box = h('div', { class: 'action' });
  const render = () => {
    const target = a.type === 'create' ? all.find(x => x.name === a.entity) : a.type === 'update' ? e : null;
    const rows = Object.entries(a.values || {});
    const valueRows = target ? h('div', { class: 'values' }, rows.map(([k, v], i) => {
      const fSel = h('select', { class: 'wf-value-field', 'aria-label': t('field') }, target.fields.map(f => h('option', { value: f.name, selected: f.name === k }, label(f.label, f.name))));
      const val = h('input', { class: 'wf-value', 'aria-label': t('value'), value: typeof v === 'string' ? v : JSON.stringify(v) });
      const sync = () => {
        const entries = Object.entries(a.values);
        entries[i] = [fSel.value, parse(val.value)];
        a.values = Object.fromEntries(entries);
      };
      fSel.addEventListener('change', sync);
      val.addEventListener('input', sync);
      return h('div', { class: 'value-row' }, fSel, h('span', null, t('to')), val);
    }), h('button', { type: 'button', class: 'small wf-add-value', onclick: () => {
      const free = target.fields.find(f => !(f.name in (a.values || {})));
      if (free) { a.values = { ...(a.values || {}), [free.name]: '' }; render(); }
    } }, t('add'))) : null;
    if (a.type === 'create') {
      const ent = h('select', { class: 'wf-entity', 'aria-label': t('createRecord') }, all.map(x => h('option', { value: x.name, selected: x.name === a.entity }, label(x.label, x.name))));
      ent.addEventListener('change', () => { a.entity = ent.value; a.values = {}; render(); });
      clear(box, h('strong', null, t('createRecord')), ' ', ent, valueRows);
    } else if (a.type === 'update') {
      clear(box, h('strong', null, t('updateRecord')), valueRows);
    } else if (a.type === 'notify') {
      const title = h('input', { class: 'wf-notify-title', 'aria-label': t('message'), value: (a.values || {}).title || '',
        oninput: ev => { a.values = { ...(a.values || {}), title: ev.target.value }; } });
      clear(box, h('strong', null, t('notify')), ' ', title);
    } else {
      clear(box, h('strong', null, a.type), ' ', h('code', null, JSON.stringify(a)));
    }
  };
  render();
  return box;
}

function parse(v) {
  if (/^-?\d+(\.\d+)?$/.test(v)) return Number(v);
  if (v === 'true' || v === 'false') return v === 'true';
  return v;
}
