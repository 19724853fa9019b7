// A record page: sections from the layout, actions (edit, delete, workflow buttons, approval), related
// lists, the timeline (changes and related activity in one stream), field history and approvals.
import { attachmentsPanel } from './attachments.js';
import { timelineView, historyView } from './history.js';
import { rememberRecent } from './home.js';
import { recordHeader, relatedTable } from './recordhead.js';
import { h, clear, toast, modal, icon } from '../dom.js';
import { get, post, del, q } from '../api.js';
import { t, label, fmtDateTime } from '../i18n.js';
import { entity, entityLabel, field, fieldLabel, sections, recordTitle, relatedLists, allEntities, titleField } from '../meta.js';
import { display } from '../fields.js';
import { confirmDialog } from './list.js';
import { convertDialog } from './processes.js';

export async function recordPage(root, entityName, id) {
  const e = entity(entityName);
  const lookups = e.fields.filter(f => (f.type === 'lookup' || f.type === 'master_detail') && entity(f.target)).map(f => f.name);
  const page = await get(`/api/v1/records/${e.name}?filter=${q(`id = '${id}'`)}&limit=1${lookups.length ? `&include=${lookups.join(',')}` : ''}`).catch(() => null);
  const r = page && page.data[0] ? page.data[0] : await get(`/api/v1/records/${e.name}/${id}`);
  rememberRecent(e.name, id, recordTitle(e, r));
  const manual = (e.workflows || []).filter(w => (w.on || []).includes('manual'));
  const actions = h('div', { class: 'toolbar' },
    e.access && e.access.edit ? h('a', { class: 'button primary', href: `#/r/${e.name}/${id}/edit`, id: 'edit' }, icon('pencil'), t('edit')) : null,
    manual.map(w => h('button', { type: 'button', onclick: async () => {
      await post(`/api/v1/records/${e.name}/${id}/workflows/${encodeURIComponent(w.name)}`);
      toast(`${w.name}: ${t('ok')}`);
    } }, w.name)),
    e.access && e.access.edit ? (e.conversions || []).map(c => conversionButton(e, id, c)) : null,
    (e.approvals || []).map(a => h('button', { type: 'button', onclick: async () => {
      const comment = await askComment(t('submitApproval'));
      if (comment === null) return;
      try { await post(`/api/v1/records/${e.name}/${id}/approvals`, { process: a.name, comment }); toast(t('saved')); recordPage(root, entityName, id); }
      catch (err) { toast(err.message, 'error'); }
    } }, `${t('submitApproval')}: ${a.name}`)),
    h('button', { type: 'button', id: 'print', onclick: () => window.print() }, icon('printer'), t('print')),
    e.access && e.access.delete ? h('button', { type: 'button', class: 'danger', id: 'delete', onclick: async () => {
      if (!await confirmDialog(t('confirmDelete'))) return;
      await del(`/api/v1/records/${e.name}/${id}`);
      toast(t('deleted'));
      location.hash = `#/l/${e.name}`;
    } }, icon('trash'), t('delete')) : null);

  const details = h('div', { class: 'details' }, sections(e).map(s => h('section', { class: `section cols-${s.columns || 2}` },
    s.label ? h('h2', null, label(s.label, '')) : null,
    h('dl', null, s.fields.map(n => field(e, n)).filter(Boolean).map(f => h('div', { class: 'pair', dataset: { field: f.name } },
      h('dt', null, fieldLabel(f)), h('dd', null, display(f, r[f.name], r))))))));

  const suggest = e.ui && e.ui.suggest && entity(e.ui.suggest.entity) && r[e.ui.suggest.from] ? e.ui.suggest : null;
  const tabs = [['details', t('details')], ['related', t('related')], ['attachments', t('attachments')], ['timeline', t('timeline')],
    ['history', t('history')]];
  if (suggest) tabs.splice(1, 0, ['suggested', t('suggested')]);
  // a lookup to the entity itself (an account's parent account) gives the record a hierarchy
  const parent = e.fields.find(f => f.type === 'lookup' && f.target === e.name);
  if (parent) tabs.splice(1, 0, ['hierarchy', t('hierarchy')]);
  if ((e.approvals || []).length) tabs.push(['approvals', t('approvals')]);
  const panel = h('div', { class: 'tab-panel', role: 'tabpanel' });
  const tabBar = h('div', { class: 'tabs', role: 'tablist' }, tabs.map(([key, text]) => h('button', { type: 'button', role: 'tab', id: `tab-${key}`,
    onclick: () => show(key) }, text)));
  clear(root, h('div', { class: 'page-head' }, recordHeader(e, r, () => recordPage(root, entityName, id))), actions, tabBar, panel);
  show('details');

  async function show(key) {
    for (const b of tabBar.children) b.setAttribute('aria-selected', String(b.id === `tab-${key}`));
    if (key === 'details') return clear(panel, details);
    clear(panel, h('p', null, '…'));
    if (key === 'related') return clear(panel, await related());
    if (key === 'timeline') return clear(panel, await timelineView(e, id));
    if (key === 'history') return clear(panel, await historyView(e, id));
    if (key === 'approvals') return clear(panel, await approvals());
    if (key === 'suggested') return clear(panel, await suggested());
    if (key === 'hierarchy') return clear(panel, await hierarchy());
    if (key === 'attachments') return clear(panel, await attachmentsPanel(e, id));
  }

  /** The record's ancestors up to the top, then the record and its descendants, two levels deep. */
  async function hierarchy() {
    const chain = [];
    let up = r[parent.name];
    for (let i = 0; up && i < 10; i++) {
      const above = await get(`/api/v1/records/${e.name}/${up}`).catch(() => null);
      if (!above) break;
      chain.unshift(above);
      up = above[parent.name];
    }
    const children = async (id, depth) => {
      const rows = await get(`/api/v1/records/${e.name}?limit=50&sort=${q(titleField(e) || 'created_at')}&filter=${q(`${parent.name} = '${id}'`)}`)
        .catch(() => ({ data: [] }));
      if (!rows.data.length) return null;
      return h('ul', null, await Promise.all(rows.data.map(async x => h('li', null,
        h('a', { href: `#/r/${e.name}/${x.id}` }, recordTitle(e, x)), depth < 2 ? await children(x.id, depth + 1) : null))));
    };
    let tree = h('li', { class: 'current', 'aria-current': 'true' }, h('strong', null, recordTitle(e, r)), await children(id, 1));
    for (let i = chain.length - 1; i >= 0; i--) {
      tree = h('li', null, h('a', { href: `#/r/${e.name}/${chain[i].id}` }, recordTitle(e, chain[i])), h('ul', null, tree));
    }
    return h('ul', { class: 'hierarchy', id: 'hierarchy' }, tree);
  }

  /** Records of another entity whose text matches one of this record's fields (articles for a case). */
  async function suggested() {
    const other = entity(suggest.entity);
    const found = await get(`/api/v1/records/${e.name}/${id}/suggestions`).catch(() => ({ data: [] }));
    return found.data.length ? h('ul', { class: 'suggestions' }, found.data.map(x => h('li', null,
      h('a', { href: `#/r/${other.name}/${x.id}` }, x.title || x.id))))
      : h('p', { class: 'empty' }, t('noRecords'));
  }

  async function related() {
    const blocks = await Promise.all(relatedLists(e).map(({ entity: other, field: f }) => relatedTable(e, id, other, f)));
    const shown = blocks.filter(Boolean);
    return h('div', { class: 'related-lists' }, shown.length ? shown : h('p', { class: 'empty' }, t('noRecords')));
  }

  async function approvals() {
    const list = await get(`/api/v1/records/${e.name}/${id}/approvals`).catch(() => ({ data: [] }));
    const mine = await get('/api/v1/approvals').catch(() => ({ data: [] }));
    const decidable = new Set(mine.data.map(a => a.id));
    return h('div', null, list.data.length ? list.data.map(a => h('section', { class: 'approval' },
      h('h3', null, `${a.process} — ${a.status}`),
      h('ul', null, (a.decisions || []).map(d => h('li', null, `${fmtDateTime(d.at)} ${d.decision}${d.comment ? `: ${d.comment}` : ''}`))),
      decidable.has(a.id) ? h('div', { class: 'buttons' },
        h('button', { type: 'button', class: 'primary', onclick: () => decide(a.id, 'approve') }, t('approve')),
        h('button', { type: 'button', class: 'danger', onclick: () => decide(a.id, 'reject') }, t('reject'))) : null))
      : h('p', { class: 'empty' }, t('noRecords')));
  }

  async function decide(approvalId, how) {
    const comment = await askComment(how === 'approve' ? t('approve') : t('reject'));
    if (comment === null) return;
    try { await post(`/api/v1/approvals/${approvalId}/${how}`, { comment }); toast(t('saved')); }
    catch (err) { toast(err.message, 'error'); }
    show('approvals');
  }
}

/** A conversion's button, disabled (with the reason) while the record does not meet the conversion's condition. */
function conversionButton(e, id, c) {
  const b = h('button', { type: 'button', class: 'primary', dataset: { conversion: c.name }, onclick: () => convertDialog(e, id, c) },
    label(c.label, c.name));
  get(`/api/v1/records/${e.name}/${id}/conversions/${encodeURIComponent(c.name)}`).then(p => {
    if (!p.allowed) { b.disabled = true; b.title = t('notConvertible'); }
  }).catch(() => {});
  return b;
}

function askComment(title) {
  return modal(title, close => {
    const c = h('textarea', { id: 'comment', rows: '3' });
    return h('form', { onsubmit: ev => { ev.preventDefault(); close(c.value); } }, h('label', { for: 'comment' }, t('comment')), c,
      h('div', { class: 'buttons' }, h('button', { type: 'submit', class: 'primary' }, t('ok')), h('button', { type: 'button', onclick: () => close(null) }, t('cancel'))));
  });
}
