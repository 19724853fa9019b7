// The audit log viewer (filters, CSV export, chain verification) and the deployment history with the
// changes of each version and rollback.
import { h, clear, toast } from '../dom.js';
import { get, post, q } from '../api.js';
import { t, fmtDateTime } from '../i18n.js';
import { confirmDialog } from '../views/list.js';
import { showProblems } from './deploy.js';
import { reloadMeta, entity as entityOf, entityLabel, field, fieldLabel } from '../meta.js';
import { actionLabel } from '../views/history.js';

export async function auditPage(root, params) {
  const entity = h('input', { id: 'audit-entity', placeholder: 'account', value: params.get('entity') || '' });
  const action = h('select', { id: 'audit-action' }, ['', 'create', 'update', 'delete', 'view', 'export', 'login', 'deploy', 'access'].map(a => h('option', { value: a }, a ? actionLabel(a) : '—')));
  action.value = params.get('action') || '';
  const from = h('input', { id: 'audit-from', type: 'date', value: params.get('from') || '' });
  const table = h('div');
  const query = () => [['entity', entity.value], ['action', action.value], ['from', from.value ? `${from.value}T00:00:00Z` : '']]
    .filter(([, v]) => v).map(([k, v]) => `${k}=${q(v)}`).join('&');
  const users = await get('/api/v1/users').catch(() => ({ data: [] }));
  const who = new Map(users.data.map(u => [u.id, u.email]));
  who.set('00000000-0000-0000-0000-00000000f10f', t('workflows'));
  const actor = id => who.get(id) || (id ? id.slice(0, 8) : '');
  const load = async () => {
    try {
      const res = await get(`/api/v1/audit?limit=200&${query()}`);
      clear(table, h('table', { class: 'records' }, h('thead', null, h('tr', null, h('th', null, t('when')), h('th', null, t('who')), h('th', null, t('what')),
        h('th', null, t('object')), h('th', null, t('fields')))),
        h('tbody', null, res.data.map(x => {
          const e = x.entity ? entityOf(x.entity) : null;
          const fields = Object.keys(x.changes || {}).filter(k => !k.startsWith('_')).map(k => k.split('__')[0]);
          const labels = [...new Set(fields)].map(n => (e && field(e, n) ? fieldLabel(field(e, n)) : n));
          return h('tr', null, h('td', null, fmtDateTime(x.at)), h('td', null, x.actorName || actor(x.actor)),
            h('td', null, actionLabel(x.action)),
            h('td', null, x.entity ? [e ? entityLabel(e) : x.entity, ' ',
              x.recordId ? h('a', { href: `#/r/${x.entity}/${x.recordId}` }, t('openLink')) : null] : ''),
            h('td', null, labels.join(', ')));
        }))));
    } catch (err) { clear(table, h('p', { class: 'error' }, err.message)); }
  };
  clear(root, h('div', { class: 'page-head' }, h('h1', null, t('audit'))),
    h('form', { class: 'toolbar', onsubmit: ev => { ev.preventDefault(); load(); } },
      h('label', { for: 'audit-entity' }, t('object')), entity, h('label', { for: 'audit-action' }, t('what')), action, h('label', { for: 'audit-from' }, t('when')), from,
      h('button', { type: 'submit', class: 'primary' }, t('apply')),
      h('button', { type: 'button', onclick: async () => { const v = await get('/api/v1/audit/verify'); toast(v.valid ? `✓ ${t('chainIntact')} (${v.checked})` : `✗ ${v.problem} (#${v.brokenAt})`, v.valid ? 'info' : 'error'); } }, t('verifyChain')),
      h('a', { class: 'button', href: '/api/v1/audit/export' }, t('exportCsv'))),
    table);
  load();
}

export async function deploymentsPage(root) {
  const res = await get('/api/v1/metadata/deployments');
  clear(root, h('div', { class: 'page-head' }, h('h1', null, t('deployments'))),
    h('ol', { class: 'deployments', reversed: true }, res.data.map(d => h('li', null,
      h('strong', null, `v${d.version}`), ' ', h('time', null, fmtDateTime(d.deployedAt)),
      h('ul', null, (d.changes || []).map(c => h('li', { class: c.dataLoss ? 'loss' : '' }, c.description))),
      h('button', { type: 'button', class: 'small', onclick: () => rollback(d.version) }, t('rollback'))))));

  async function rollback(version) {
    try {
      const plan = await post('/api/v1/metadata/rollback', { version, dryRun: true });
      const steps = (plan.changes || []).map(c => c.description).join('\n');
      if (!await confirmDialog(`${t('rollback')} v${version}?\n${steps || t('noChange')}${plan.dataLoss ? `\n${t('dataLoss')}` : ''}`)) return;
      await post('/api/v1/metadata/rollback', { version, confirmDataLoss: plan.dataLoss });
      await reloadMeta();
      toast(t('saved'));
      deploymentsPage(root);
    } catch (err) { showProblems(err); }
  }
}
