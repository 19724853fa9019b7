// Every metadata change goes through one door: a dry run shows the plan (and data-loss warnings),
// the administrator confirms, then it is deployed and the app's metadata reloads.
import { h, modal, toast } from '../dom.js';
import { get, post, ApiError } from '../api.js';
import { t } from '../i18n.js';
import { reloadMeta } from '../meta.js';

/** Plan steps about how the database keeps the data fast and consistent, not about the data itself. */
const TECHNICAL = new Set(['CreateIndex', 'DropIndex', 'AddForeignKey', 'DropForeignKey']);

export const fullEntity = name => get(`/api/v1/metadata/entities/${encodeURIComponent(name)}`);

/** Shows the plan for `entities` (merge mode); applies on confirmation. Resolves with the result or null. */
export async function deployWithPlan(entities, { remove = [], scripts } = {}) {
  let plan;
  try {
    plan = await post('/api/v1/metadata/deployments', { entities, remove, dryRun: true, scripts });
  } catch (err) {
    await showProblems(err);
    return null;
  }
  // what the admin decides on first; indexes, constraints and the SQL itself are database details
  const visible = plan.changes.filter(c => !TECHNICAL.has(c.kind));
  const technical = plan.changes.filter(c => TECHNICAL.has(c.kind));
  const ok = await modal(t('plan'), close => h('div', { class: 'plan' },
    visible.length ? h('ol', { class: 'steps' }, visible.map(c => h('li', { class: c.dataLoss ? 'loss' : '' }, c.description)))
      : h('p', null, technical.length ? t('planOnlyTechnical') : t('planEmpty')),
    technical.length || plan.statements.length ? h('details', { id: 'plan-details' }, h('summary', null, t('databaseDetails')),
      technical.length ? h('ul', null, technical.map(c => h('li', null, c.description))) : null,
      plan.statements.length ? h('pre', null, plan.statements.join(';\n')) : null) : null,
    plan.dataLoss ? h('p', { class: 'warning', role: 'alert' }, t('dataLoss')) : null,
    h('div', { class: 'buttons' },
      h('button', { type: 'button', class: plan.dataLoss ? 'danger' : 'primary', id: 'apply-plan', onclick: () => close(true) }, plan.dataLoss ? t('confirmDataLoss') : t('deploy')),
      h('button', { type: 'button', onclick: () => close(false) }, t('cancel')))));
  if (!ok) return null;
  try {
    const result = await post('/api/v1/metadata/deployments', { entities, remove, confirmDataLoss: plan.dataLoss, scripts });
    await reloadMeta();
    toast(t('saved'));
    return result;
  } catch (err) {
    await showProblems(err);
    return null;
  }
}

/** Changes only how the app shows an entity (no database change): deployed without a plan dialog. */
export async function saveEntityUi(name, mutate) {
  const e = await fullEntity(name);
  e.ui = mutate(e.ui || {});
  const result = await post('/api/v1/metadata/deployments', { entities: [e] });
  await reloadMeta();
  return result;
}

export function showProblems(err) {
  const items = err instanceof ApiError && err.errors.length ? err.errors : [{ message: err.message }];
  return modal(err.message, close => h('div', null,
    h('ul', { class: 'problems', role: 'alert' }, items.map(x => h('li', null, x.pointer ? h('code', null, x.pointer) : null, x.pointer ? ' ' : null, x.message))),
    h('div', { class: 'buttons' }, h('button', { type: 'button', onclick: () => close(null) }, t('close')))));
}
