// An entity's records as a list (columns, sort, filter builder, saved views, inline edit, bulk
// actions, CSV export, keyset paging), a kanban board on a picklist or a month calendar on a date.
import { mergeDialog } from './processes.js';
import { h, clear, toast, modal, icon } from '../dom.js';
import { get, patch, del, post, q, ApiError } from '../api.js';
import { t, label } from '../i18n.js';
import { entity, entityLabel, field, fieldLabel, listColumns, recordTitle, titleField, session, isAdmin } from '../meta.js';
import { display, input, editableType, picklistLabel } from '../fields.js';
import { saveEntityUi } from '../admin/deploy.js';
import { renderKanban, kanbanField } from './kanban.js';
import { renderFilterEditor, filterString } from './filters.js';
export { filterString };


function viewsKey(e) { return `atrium.views.${session.user.id}.${e.name}`; }
function personalViews(e) { try { return JSON.parse(localStorage.getItem(viewsKey(e)) || '[]'); } catch { return []; } }

export async function listPage(root, entityName, params) {
  const e = entity(entityName);
  if (!e) { clear(root, h('p', null, t('noRecords'))); return; }
  const mode = params.get('mode') || 'list';
  const state = { filterRows: [], sort: (e.ui && e.ui.list && e.ui.list.sort) || '', columns: listColumns(e), selected: new Set(), cursor: null, rows: [] };
  if (params.get('filter')) state.rawFilter = params.get('filter');

  const title = h('h1', null, entityLabel(e, true));
  const count = h('span', { class: 'count', 'aria-live': 'polite' });
  const body = h('div', { class: 'list-body' });
  const filterBox = h('div', { class: 'filters', hidden: true });
  const bulkBar = h('div', { class: 'bulk', hidden: true });
  const modes = h('div', { class: 'modes', role: 'tablist' },
    ['list', 'kanban', 'calendar'].filter(m => m === 'list' || (m === 'kanban' ? kanbanField(e) : calendarField(e)))
      .map(m => h('a', { href: `#/l/${e.name}?mode=${m}`, role: 'tab', 'aria-selected': String(m === mode), class: m === mode ? 'active' : '' }, icon({ list: 'list', kanban: 'kanban', calendar: 'calendar3' }[m]), t(m))));
  const toolbar = h('div', { class: 'toolbar' },
    e.access && e.access.create ? h('a', { class: 'button primary', href: `#/r/${e.name}/new` }, icon('plus-lg'), t('new')) : null,
    h('button', { type: 'button', onclick: () => { filterBox.hidden = !filterBox.hidden; if (!filterBox.hidden) renderFilters(); } }, icon('funnel'), t('filter')),
    viewsMenu(),
    e.access && e.access.create ? h('a', { class: 'button', id: 'import', href: `#/import/${e.name}` }, icon('upload'), t('import')) : null,
    e.access && e.access.export ? h('button', { type: 'button', onclick: exportCsv }, icon('download'), t('exportCsv')) : null,
    e.access && e.access.export ? h('button', { type: 'button', id: 'export-xlsx', onclick: exportXlsx }, icon('download'), t('exportXlsx')) : null,
    modes);
  clear(root, h('div', { class: 'page-head' }, title, count), toolbar, filterBox, bulkBar, body);

  function currentFilter() { return state.rawFilter || filterString(e, state.filterRows); }

  function viewsMenu() {
    const all = () => [...(e.ui && e.ui.views || []), ...personalViews(e)];
    const apply = v => {
      state.rawFilter = v ? v.filter || '' : '';
      state.sort = v && v.sort ? v.sort : state.sort;
      if (v && v.columns) state.columns = v.columns.filter(n => field(e, n));
    };
    const sel = h('select', { 'aria-label': t('savedView'), id: 'saved-views', onchange: () => {
      apply(all().find(x => x.name === sel.value));
      reload();
    } }, h('option', { value: '' }, t('savedView')),
      (e.ui && e.ui.views || []).map(v => h('option', { value: v.name }, `${v.name} (${t('shared')})`)),
      personalViews(e).map(v => h('option', { value: v.name }, v.name)));
    // a view named in the address (after saving it, or a bookmark) is the one selected and applied
    const named = params.get('view') && all().find(x => x.name === params.get('view'));
    if (named) { sel.value = named.name; apply(named); }
    const save = h('button', { type: 'button', onclick: saveView }, t('saveView'));
    return h('span', { class: 'views' }, sel, save);
  }

  async function saveView() {
    const result = await modal(t('saveView'), close => {
      const name = h('input', { id: 'view-name', required: true, maxlength: '80' });
      const shared = h('input', { type: 'checkbox', id: 'view-shared' });
      return h('form', { onsubmit: ev => { ev.preventDefault(); close({ name: name.value.trim(), shared: shared.checked }); } },
        h('label', { for: 'view-name' }, t('viewName')), name,
        isAdmin() ? h('label', { class: 'check' }, shared, t('shared')) : null,
        h('div', { class: 'buttons' }, h('button', { type: 'submit', class: 'primary' }, t('save')), h('button', { type: 'button', onclick: () => close(null) }, t('cancel'))));
    });
    if (!result || !result.name) return;
    const view = { name: result.name, filter: currentFilter(), sort: state.sort, columns: state.columns };
    if (result.shared) {
      await saveEntityUi(e.name, ui => ({ ...ui, views: [...(ui.views || []).filter(v => v.name !== view.name), view] }));
    } else {
      localStorage.setItem(viewsKey(e), JSON.stringify([...personalViews(e).filter(v => v.name !== view.name), view]));
    }
    toast(t('saved'));
    location.hash = `#/l/${e.name}?view=${encodeURIComponent(view.name)}&v=${Date.now()}`;
  }

  function renderFilters() {
    renderFilterEditor(filterBox, e, state.filterRows, () => { state.rawFilter = null; reload(); },
      () => { state.filterRows.length = 0; state.rawFilter = null; filterBox.hidden = true; reload(); });
  }

  // A page asks only for what it shows: the columns, the title (a person's first and last name) and what
  // a board or calendar adds; an entity with hundreds of fields then lists as fast as a narrow one.
  function pageFields(extraFields) {
    const shown = [...state.columns, titleField(e), 'first_name', 'last_name', ...extraFields];
    // a money formula without a currency of its own shows in the currency of the record's amounts
    const money = shown.some(n => field(e, n) && field(e, n).returns === 'currency')
      ? e.fields.filter(f => f.type === 'currency').map(f => f.name) : [];
    return [...new Set([...shown, ...money])].filter(n => field(e, n));
  }

  async function fetchPage(cursor, limit = 50, extraFilter, extraFields = []) {
    const filter = [currentFilter(), extraFilter].filter(Boolean).join(' and ');
    const fields = pageFields(extraFields);
    const lookups = fields.map(n => field(e, n)).filter(f => (f.type === 'lookup' || f.type === 'master_detail') && entity(f.target)).map(f => f.name);
    const url = `/api/v1/records/${e.name}?limit=${limit}&count=${cursor ? 'false' : 'true'}${filter ? `&filter=${q(filter)}` : ''}`
      + `${state.sort ? `&sort=${q(state.sort)}` : ''}${cursor ? `&cursor=${q(cursor)}` : ''}${fields.length ? `&fields=${fields.join(',')}` : ''}`
      + `${lookups.length ? `&include=${lookups.join(',')}` : ''}`;
    return get(url);
  }

  async function reload() {
    state.selected.clear();
    renderBulk();
    try {
      if (mode === 'kanban') return await renderKanban({ e, params, body, count, columns: state.columns, filter: currentFilter(), fetchPage });
      if (mode === 'calendar') return await renderCalendar(new Date());
      const page = await fetchPage(null);
      state.rows = page.data;
      state.cursor = page.nextCursor;
      count.textContent = t('records', { n: page.total });
      renderTable();
    } catch (err) {
      clear(body, h('p', { class: 'error', role: 'alert' }, err.message));
    }
  }

  function renderBulk() {
    bulkBar.hidden = state.selected.size === 0;
    clear(bulkBar, h('span', null, t('selected', { n: state.selected.size })),
      e.access && e.access.edit ? h('button', { type: 'button', onclick: bulkEdit }, t('bulkEdit')) : null,
      e.access && e.access.edit && e.access.delete && state.selected.size >= 2 && state.selected.size <= 10
        ? h('button', { type: 'button', id: 'merge', onclick: merge }, t('merge')) : null,
      e.access && e.access.delete ? h('button', { type: 'button', class: 'danger', onclick: bulkDelete }, t('deleteSelected')) : null);
  }

  function merge() {
    const rows = state.rows.filter(r => state.selected.has(r.id)).map(r => ({ id: r.id, title: recordTitle(e, r) }));
    mergeDialog(e, rows, keep => { location.hash = `#/r/${e.name}/${keep}`; });
  }

  async function bulkDelete() {
    const n = state.selected.size;
    if (!await confirmDialog(t('confirmDeleteN', { n }))) return;
    for (const id of state.selected) await del(`/api/v1/records/${e.name}/${id}`);
    toast(t('deleted'));
    reload();
  }

  async function bulkEdit() {
    const editable = e.fields.filter(editableType);
    const chosen = await modal(t('bulkEdit'), close => {
      const fSel = h('select', { id: 'bulk-field' }, editable.map(f => h('option', { value: f.name }, fieldLabel(f))));
      let widget = input(editable[0], null);
      const slot = h('div', null, widget.el);
      fSel.addEventListener('change', () => { widget = input(field(e, fSel.value), null); clear(slot, widget.el); });
      return h('form', { onsubmit: ev => { ev.preventDefault(); close({ field: fSel.value, value: widget.read() }); } },
        h('label', { for: 'bulk-field' }, t('setField')), fSel, slot,
        h('div', { class: 'buttons' }, h('button', { type: 'submit', class: 'primary' }, t('apply')), h('button', { type: 'button', onclick: () => close(null) }, t('cancel'))));
    });
    if (!chosen) return;
    const records = [...state.selected].map(id => ({ id, [chosen.field]: chosen.value }));
    try {
      await post(`/api/v1/records/${e.name}/bulk`, { operation: 'update', records });
      toast(t('saved'));
    } catch (err) { toast(err.message, 'error'); }
    reload();
  }

  function renderTable() {
    const cols = state.columns.map(n => field(e, n)).filter(Boolean);
    if (!state.rows.length) { clear(body, h('p', { class: 'empty' }, t('noRecords'))); return; }
    const sortBy = name => {
      state.sort = state.sort === name ? `-${name}` : name;
      reload();
    };
    const all = h('input', { type: 'checkbox', 'aria-label': 'select all', onchange: () => {
      for (const r of state.rows) all.checked ? state.selected.add(r.id) : state.selected.delete(r.id);
      renderTable(); renderBulk();
    } });
    all.checked = state.rows.length > 0 && state.rows.every(r => state.selected.has(r.id));
    const table = h('table', { class: 'records' },
      h('thead', null, h('tr', null, h('th', { class: 'sel' }, all),
        cols.map(f => h('th', { 'aria-sort': state.sort === f.name ? 'ascending' : state.sort === `-${f.name}` ? 'descending' : 'none' },
          h('button', { type: 'button', class: 'link', onclick: () => sortBy(f.name) }, fieldLabel(f),
            state.sort === f.name ? ' ▲' : state.sort === `-${f.name}` ? ' ▼' : ''))))),
      h('tbody', null, state.rows.map(r => h('tr', { dataset: { id: r.id } },
        h('td', { class: 'sel' }, h('input', { type: 'checkbox', 'aria-label': recordTitle(e, r), checked: state.selected.has(r.id),
          onchange: ev => { ev.target.checked ? state.selected.add(r.id) : state.selected.delete(r.id); renderBulk(); } })),
        cols.map((f, i) => {
          const content = display(f, r[f.name], r);
          const td = h('td', { dataset: { field: f.name, label: fieldLabel(f) } }, i === 0 ? h('a', { href: `#/r/${e.name}/${r.id}` }, f.type === 'lookup' ? recordTitle(e, r) : (content || recordTitle(e, r))) : content);
          if (i > 0 && editableType(f) && e.access && e.access.edit) {
            td.tabIndex = 0;
            td.title = t('edit');
            const start = () => inlineEdit(td, f, r);
            td.addEventListener('dblclick', start);
            // only on the cell itself (Enter inside the editor bubbles here and must not restart it); the
            // default is prevented so the same Enter does not go on to submit the editor it just opened
            td.addEventListener('keydown', ev => {
              if (ev.target === td && (ev.key === 'Enter' || ev.key === 'F2')) { ev.preventDefault(); start(); }
            });
          }
          return td;
        })))));
    clear(body, h('div', { class: 'table-wrap' }, table),
      state.cursor ? h('button', { type: 'button', class: 'more', onclick: loadMore }, t('loadMore')) : null);
  }

  async function loadMore() {
    const page = await fetchPage(state.cursor);
    state.rows.push(...page.data);
    state.cursor = page.nextCursor;
    renderTable();
  }

  function inlineEdit(td, f, r) {
    const w = input(f, r[f.name]);
    let saving = false;
    const back = () => {
      renderTable();
      const cell = body.querySelector(`tr[data-id="${CSS.escape(r.id)}"] td[data-field="${CSS.escape(f.name)}"]`);
      if (cell) cell.focus();
    };
    const save = async () => {
      if (saving) return;
      const problem = w.check ? w.check() : null;
      if (problem) { toast(problem, 'error'); return; }
      let value;
      try { value = w.read(); } catch (err) { toast(err.message, 'error'); return; }
      saving = true;
      try {
        const updated = await patch(`/api/v1/records/${e.name}/${r.id}`, { [f.name]: value }, r.version);
        Object.assign(r, updated);
        toast(t('saved'));
      } catch (err) {
        toast(err instanceof ApiError && err.status === 409 ? t('conflict') : (err.errors && err.errors[0] && err.errors[0].message) || err.message, 'error');
      }
      back();
    };
    clear(td, h('form', { class: 'inline', onsubmit: ev => { ev.preventDefault(); save(); },
      onkeydown: ev => { if (ev.key === 'Escape') { ev.preventDefault(); ev.stopPropagation(); back(); } } }, w.el,
      h('button', { type: 'submit', class: 'primary small' }, t('save')),
      h('button', { type: 'button', class: 'small', onclick: back }, t('cancel'))));
    const focusable = td.querySelector('input, select, textarea');
    if (focusable) focusable.focus();
  }

  async function exportXlsx() {
    const filter = currentFilter();
    const res = await fetch(`/api/v1/records/${e.name}/export?format=xlsx${filter ? `&filter=${q(filter)}` : ''}`, { credentials: 'same-origin' });
    if (!res.ok) { toast(t('exportFailed'), 'error'); return; }
    const a = h('a', { download: `${e.name}.xlsx` });
    a.href = URL.createObjectURL(await res.blob());
    document.body.append(a);
    a.click();
    a.remove();
  }

  async function exportCsv() {
    const filter = currentFilter();
    const res = await fetch(`/api/v1/records/${e.name}/export?${filter ? `filter=${q(filter)}` : ''}`, { credentials: 'same-origin' });
    const blob = await res.blob();
    const a = h('a', { download: `${e.name}.csv` });
    a.href = URL.createObjectURL(blob);
    document.body.append(a);
    a.click();
    a.remove();
  }

  async function renderCalendar(month) {
    const f = field(e, calendarField(e)) || { name: calendarField(e), type: 'datetime' };
    const first = new Date(Date.UTC(month.getUTCFullYear(), month.getUTCMonth(), 1));
    const next = new Date(Date.UTC(month.getUTCFullYear(), month.getUTCMonth() + 1, 1));
    const iso = d => d.toISOString().slice(0, 10);
    const page = await fetchPage(null, 500, `${f.name} >= ${iso(first)} and ${f.name} < ${iso(next)}`, [f.name]);
    count.textContent = t('records', { n: page.total });
    const byDay = new Map();
    for (const r of page.data) {
      const day = String(r[f.name]).slice(0, 10);
      if (!byDay.has(day)) byDay.set(day, []);
      byDay.get(day).push(r);
    }
    const startOffset = (first.getUTCDay() + 6) % 7;
    const cells = [];
    for (let i = 0; i < startOffset; i++) cells.push(h('div', { class: 'day empty' }));
    for (let d = new Date(first); d < next; d.setUTCDate(d.getUTCDate() + 1)) {
      const key = iso(d);
      cells.push(h('div', { class: 'day', dataset: { date: key } }, h('span', { class: 'num' }, String(d.getUTCDate())),
        (byDay.get(key) || []).map(r => h('a', { class: 'event', href: `#/r/${e.name}/${r.id}` }, recordTitle(e, r)))));
    }
    const fmt = new Intl.DateTimeFormat(document.documentElement.lang, { month: 'long', year: 'numeric', timeZone: 'UTC' });
    clear(body, h('div', { class: 'calendar-head' },
      h('button', { type: 'button', onclick: () => renderCalendar(new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth() - 1, 1))) }, `‹ ${t('prev')}`),
      h('h2', null, fmt.format(first)),
      h('button', { type: 'button', onclick: () => renderCalendar(next) }, `${t('next')} ›`)),
      h('div', { class: 'calendar' }, cells));
  }

  await reload();
}


function calendarField(e) {
  if (e.ui && e.ui.calendar) return e.ui.calendar.field;
  const d = e.fields.find(f => f.type === 'date' || f.type === 'datetime');
  return d ? d.name : null;
}

/**
 * Drag with pointer events (mouse, touch, pen): the card follows the pointer and drops on the column
 * under it. HTML5 drag-and-drop is not used: it is unreliable on touch and in automation; the select
 * on each card does the same with the keyboard.
 */
export function confirmDialog(text) {
  return modal(text, close => h('div', { class: 'buttons' },
    h('button', { type: 'button', class: 'danger', id: 'confirm-yes', onclick: () => close(true) }, t('yes')),
    h('button', { type: 'button', onclick: () => close(false) }, t('no'))));
}
