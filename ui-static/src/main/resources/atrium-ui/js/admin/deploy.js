// Every metadata change goes through one door: a dry run shows the plan (and data-loss warnings),
// the administrator confirms, then it is deployed and the app's metadata reloads.
import { h, modal, toast } from '../dom.js';
import { get, post, ApiError } from '../api.js';
import { t } from '../i18n.js';
import { reloadMeta } from '../meta.js';

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
  const ok = await modal(t('plan'), close => h('div', { class: 'plan' },
    plan.changes.length ? h('ol', { class: 'steps' }, plan.changes.map(c => h('li', { class: c.dataLoss ? 'loss' : '' }, c.description))) : h('p', null, t('planEmpty')),
    plan.statements.length ? h('details', null, h('summary', null, 'SQL'), h('pre', null, plan.statements.join(';\n'))) : null,
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
