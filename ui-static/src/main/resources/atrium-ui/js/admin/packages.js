// Packages: what the organisation has installed and can install. Every install, upgrade and uninstall
// shows its plan first (the metadata it changes, the access it brings) and asks for a choice on each item
// that needs one: a property both sides changed, a removal that would take data. Nothing applies until
// every item is decided.
import { h, clear, toast, modal } from '../dom.js';
import { get, post, ApiError } from '../api.js';
import { t, label } from '../i18n.js';
import { showProblems } from './deploy.js';
import { reloadMeta } from '../meta.js';

export async function packagesPage(root) {
  const res = await get('/api/v1/packages');
  clear(root, h('div', { class: 'page-head' }, h('h1', null, t('packages'))),
    h('p', { class: 'help' }, t('packagesHelp')),
    h('div', { class: 'package-list' }, res.data.map(p => card(p))));

  function card(p) {
    const installed = p.installed;
    const sample = h('input', { type: 'checkbox', id: `sample-${p.id}` });
    return h('section', { class: 'card-block package', dataset: { package: p.id } },
      h('h2', null, label(p.label, p.id), ' ', h('small', null, p.id)),
      label(p.description, '') ? h('p', null, label(p.description, '')) : null,
      h('p', { class: 'sub' }, installed ? t('installedVersion', { v: installed.version }) : t('notInstalled')),
      h('div', { class: 'buttons' },
        installed ? null : [h('label', { class: 'check', for: `sample-${p.id}` }, sample, t('withSampleData')),
          h('button', { type: 'button', class: 'primary', dataset: { action: 'install' },
            onclick: () => operate(p, 'install', { sampleData: sample.checked }) }, t('install'))],
        installed && p.upgradeAvailable ? h('button', { type: 'button', class: 'primary', dataset: { action: 'upgrade' },
          onclick: () => operate(p, 'upgrade', {}) }, t('upgradeTo', { v: p.newest })) : null,
        installed ? h('button', { type: 'button', dataset: { action: 'customizations' }, onclick: () => customizations(p) }, t('yourChanges')) : null,
        installed ? h('button', { type: 'button', class: 'danger', dataset: { action: 'uninstall' },
          onclick: () => operate(p, 'uninstall', {}) }, t('uninstall')) : null,
        h('button', { type: 'button', dataset: { action: 'readme' }, onclick: () => readme(p) }, t('readme'))));
  }

  async function operate(p, action, extra) {
    let plan;
    try {
      plan = await post(`/api/v1/packages/${p.id}/${action}`, { ...extra, dryRun: true });
    } catch (err) { showProblems(err); return; }
    const decisions = await planDialog(p, plan);
    if (!decisions) return;
    try {
      await post(`/api/v1/packages/${p.id}/${action}`, { ...extra, decisions });
      const what = `${p.id} ${plan.package.to || ''}`.trim();
      await reloadMeta();
      toast(t('packageApplied', { what }));
      packagesPage(root);
    } catch (err) {
      if (err instanceof ApiError && err.body && err.body.decisions) toast(err.message, 'error');
      else showProblems(err);
    }
  }

  async function customizations(p) {
    const res = await get(`/api/v1/packages/${p.id}/customizations`);
    await modal(`${label(p.label, p.id)}: ${t('yourChanges')}`, close => h('div', { class: 'package-customizations' },
      res.data.length ? h('ul', { class: 'plan-changes' }, res.data.map(c => h('li', null,
        h('strong', null, c.kind), ' ', c.entity, ' ', h('code', null, c.path)))) : h('p', null, t('noCustomizations')),
      h('div', { class: 'buttons' }, h('button', { type: 'button', onclick: () => close(null) }, t('close')))));
  }

  async function readme(p) {
    const detail = await get(`/api/v1/packages/${p.id}`);
    await modal(label(p.label, p.id), close => h('div', null,
      h('pre', { class: 'readme' }, detail.readme || label(p.description, '')),
      h('div', { class: 'buttons' }, h('button', { type: 'button', onclick: () => close(null) }, t('close')))));
  }
}

/** The plan of an operation; resolves with the decisions by path, or null when cancelled. */
function planDialog(p, plan) {
  const what = `${p.id} ${plan.package.from ? `${plan.package.from} → ` : ''}${plan.package.to || ''}`;
  return modal(t('planFor', { what }), close => {
    const choices = new Map();
    const apply = h('button', { type: 'button', class: 'primary', dataset: { action: 'apply' } }, t('applyPlan'));
    const items = plan.decisions || [];
    const ready = () => { apply.disabled = items.some(d => !choices.has(d.path)); };
    apply.addEventListener('click', () => close(Object.fromEntries(choices)));
    const body = h('div', { class: 'package-plan' },
      h('p', null, t('changesN', { n: plan.changes.length })),
      h('ul', { class: 'plan-changes' }, plan.changes.slice(0, 200).map(c => h('li', null,
        h('strong', null, c.kind), ' ', c.entity, ' ', name(c), h('code', null, c.path)))),
      items.length ? [h('p', { class: 'help' }, t('decisionsHelp')),
        h('ul', { class: 'plan-decisions' }, items.map((d, i) => h('li', { dataset: { path: d.path } },
          h('p', null, h('strong', null, d.entity), ' ', d.what, ' ', h('code', null, d.path)),
          h('label', { class: 'check' }, radio(d, i, 'tenant'), t('keepMine'), d.kind === 'conflict' ? `: ${show(d.tenant)}` : ''),
          h('label', { class: 'check' }, radio(d, i, 'package'), t('takePackage'),
            d.kind === 'conflict' ? `: ${show(d.package)}` : ''))))] : null,
      (plan.access || []).length ? [h('h3', null, t('accessChanges')),
        h('ul', null, plan.access.map(a => h('li', null, `${a.action} ${a.kind} ${a.name}`)))] : null,
      h('div', { class: 'buttons' }, apply, h('button', { type: 'button', onclick: () => close(null) }, t('cancel'))));
    ready();
    return body;

    function radio(d, i, side) {
      const input = h('input', { type: 'radio', name: `decision-${i}`, value: side });
      input.addEventListener('change', () => { choices.set(d.path, side); ready(); });
      return input;
    }
  });
}

/** A value of a conflict as text: absent is a dash, an object its JSON. */
function show(v) {
  if (v === null || v === undefined) return t('none');
  return typeof v === 'object' ? JSON.stringify(v) : String(v);
}

function name(c) {
  const v = c.after || c.before;
  const n = v && typeof v === 'object' ? v.name || v.value : null;
  return n ? [n, ' '] : null;
}
