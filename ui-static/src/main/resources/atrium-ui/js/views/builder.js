// The report builder: pick the entity, the groupings (dates by period), the aggregates or the columns,
// a filter and a chart, and see the result as you go (the draft runs on the server with your access).
// Saving writes the report into the entity's metadata (ui.reports), like every other customization;
// a saved report can be put on a dashboard from here.
import { h, clear, toast, debounce } from '../dom.js';
import { get, post } from '../api.js';
import { t, label } from '../i18n.js';
import { allEntities, entity, entityLabel, fieldLabel } from '../meta.js';
import { saveEntityUi, showProblems } from '../admin/deploy.js';
import { showResult, exportDraft, zone } from './reports.js';

const BUCKETS = ['', 'day', 'week', 'month', 'quarter', 'year', 'fiscal_quarter', 'fiscal_year'];
const OPS = ['count', 'count_distinct', 'sum', 'avg', 'min', 'max'];
const CHARTS = ['bar', 'column', 'line', 'pie', 'donut', 'funnel', 'pareto', 'kpi', 'gauge', 'table'];
const GROUPABLE = ['picklist', 'text', 'lookup', 'master_detail', 'user', 'boolean', 'date', 'datetime', 'email', 'phone', 'integer'];
const NUMERIC = ['integer', 'decimal', 'currency', 'percent', 'rollup'];
const isDate = f => f && (f.type === 'date' || f.type === 'datetime' || (f.type === 'formula' && f.returns === 'date'));
const isNumber = f => f && (NUMERIC.includes(f.type) || (f.type === 'formula' && ['number', 'currency', 'percent'].includes(f.returns)));

export async function builderPage(root, entityName, name) {
  const saved = entityName && name ? (await get('/api/v1/reports')).data.find(r => r.entity === entityName && r.name === name) : null;
  const start = allEntities()[0];
  const def = structuredClone(saved ? saved.definition : { groupBy: [{ field: '' }], aggregates: [{ op: 'count' }], chart: { type: 'bar' } });
  const state = { entity: saved ? saved.entity : (entityName || (start && start.name)), def };
  if (!state.def.chart) state.def.chart = { type: 'bar' };
  const form = h('form', { class: 'builder', onsubmit: ev => ev.preventDefault() });
  const preview = h('div', { class: 'builder-preview', id: 'rb-preview', 'aria-live': 'polite' });
  const refresh = debounce(run, 300);

  function fields() {
    const e = entity(state.entity);
    return e ? e.fields : [];
  }

  function fieldSelect(id, value, filter, withSystem, onchange) {
    const options = fields().filter(filter).map(f => h('option', { value: f.name }, fieldLabel(f)));
    if (withSystem) options.push(h('option', { value: 'owner_id' }, t('owner')), h('option', { value: 'created_at' }, t('createdAt')));
    const s = h('select', { id, onchange: ev => { onchange(ev.target.value); render(); refresh(); } },
      h('option', { value: '' }, '—'), options);
    s.value = value || '';
    return s;
  }

  function render() {
    const d = state.def;
    const type = d.type || 'summary';
    const maxGroups = type === 'matrix' ? 2 : 3;
    if (type === 'matrix') while ((d.groupBy || []).length < 2) (d.groupBy = d.groupBy || []).push({ field: '' });
    const entitySel = h('select', { id: 'rb-entity', onchange: ev => {
      state.entity = ev.target.value;
      state.def = { groupBy: [{ field: '' }], aggregates: [{ op: 'count' }], chart: d.chart, type: d.type };
      render(); refresh();
    } }, allEntities().map(x => h('option', { value: x.name }, entityLabel(x, true))));
    entitySel.value = state.entity;
    entitySel.disabled = !!saved;
    const typeSel = h('select', { id: 'rb-type', onchange: ev => { d.type = ev.target.value; if (d.type !== 'matrix' && d.groupBy) d.groupBy = d.groupBy.filter(g => g.field); render(); refresh(); } },
      ['summary', 'matrix', 'tabular'].map(x => h('option', { value: x }, t(`reportType_${x}`))));
    typeSel.value = type;
    const groups = type === 'tabular' ? [] : (d.groupBy || []).slice(0, maxGroups).map((g, i) => {
      const f = fields().find(x => x.name === g.field);
      const bucket = h('select', { id: `rb-bucket-${i}`, hidden: !isDate(f) && g.field !== 'created_at',
        onchange: ev => { g.bucket = ev.target.value || undefined; refresh(); } },
        BUCKETS.map(b => h('option', { value: b }, b ? t(`bucket_${b}`) : '—')));
      bucket.value = g.bucket || '';
      return h('div', { class: 'builder-row' },
        h('label', { for: `rb-group-${i}` }, type === 'matrix' ? t(i === 0 ? 'matrixRows' : 'matrixColumns') : t('groupBy', { n: i + 1 })),
        fieldSelect(`rb-group-${i}`, g.field, f2 => GROUPABLE.includes(f2.type) || isDate(f2), true, v => { g.field = v; if (!isDate(fields().find(x => x.name === v))) delete g.bucket; }),
        bucket,
        type !== 'matrix' ? h('button', { type: 'button', class: 'small', 'aria-label': t('remove'), onclick: () => { d.groupBy.splice(i, 1); render(); refresh(); } }, '×') : null);
    });
    const aggs = type === 'tabular' ? [] : (d.aggregates || []).map((a, i) => {
      const op = h('select', { id: `rb-agg-op-${i}`, onchange: ev => { a.op = ev.target.value; if (a.op === 'count') delete a.field; render(); refresh(); } },
        OPS.map(o => h('option', { value: o }, t(`op_${o}`))));
      op.value = a.op;
      return h('div', { class: 'builder-row' }, h('label', { for: `rb-agg-op-${i}` }, t('aggregate')), op,
        a.op === 'count' ? null : fieldSelect(`rb-agg-field-${i}`, a.field, f => a.op === 'count_distinct' || (a.op === 'min' || a.op === 'max' ? isNumber(f) || isDate(f) : isNumber(f)), false, v => { a.field = v; delete a.name; }),
        h('button', { type: 'button', class: 'small', 'aria-label': t('remove'), onclick: () => { d.aggregates.splice(i, 1); render(); refresh(); } }, '×'));
    });
    const columns = type === 'tabular' ? h('select', { id: 'rb-columns', multiple: true, size: '6', onchange: ev => { d.columns = [...ev.target.selectedOptions].map(o => o.value); refresh(); } },
      fields().map(f => h('option', { value: f.name, selected: (d.columns || []).includes(f.name) }, fieldLabel(f)))) : null;
    const filter = h('input', { id: 'rb-filter', value: d.filter || '', placeholder: "stage = 'won' and close_date = this_year",
      oninput: ev => { d.filter = ev.target.value || undefined; refresh(); } });
    const chart = h('select', { id: 'rb-chart', onchange: ev => { d.chart = { ...(d.chart || {}), type: ev.target.value }; refresh(); } },
      CHARTS.map(c => h('option', { value: c }, t(`chart_${c}`))));
    chart.value = (d.chart && d.chart.type) || 'bar';
    const sort = h('select', { id: 'rb-sort', onchange: ev => { d.sort = ev.target.value || undefined; refresh(); } },
      h('option', { value: '' }, t('sortByGroup')), aggNames(d).flatMap(n => [h('option', { value: `-${n}` }, `${n} ↓`), h('option', { value: n }, `${n} ↑`)]));
    sort.value = d.sort || '';
    const limit = h('input', { id: 'rb-limit', type: 'number', min: '1', max: '2000', value: d.limit || '', oninput: ev => { d.limit = ev.target.value ? Number(ev.target.value) : undefined; refresh(); } });
    clear(form,
      h('div', { class: 'builder-row' }, h('label', { for: 'rb-entity' }, t('object')), entitySel, h('label', { for: 'rb-type' }, t('type')), typeSel),
      groups,
      type !== 'tabular' && type !== 'matrix' && groups.length < maxGroups
        ? h('button', { type: 'button', id: 'rb-add-group', class: 'small', onclick: () => { (d.groupBy = d.groupBy || []).push({ field: '' }); render(); } }, t('addGrouping')) : null,
      aggs,
      type !== 'tabular' ? h('button', { type: 'button', id: 'rb-add-agg', class: 'small', onclick: () => { (d.aggregates = d.aggregates || []).push({ op: 'count' }); render(); refresh(); } }, t('addAggregate')) : null,
      columns ? h('div', { class: 'builder-row' }, h('label', { for: 'rb-columns' }, t('columns')), columns) : null,
      h('div', { class: 'builder-row' }, h('label', { for: 'rb-filter' }, t('filter')), filter),
      h('div', { class: 'builder-row' }, h('label', { for: 'rb-sort' }, t('sort')), sort, h('label', { for: 'rb-limit' }, t('topN')), limit),
      h('div', { class: 'builder-row' }, h('label', { for: 'rb-chart' }, t('chart')), chart));
  }

  function aggNames(d) {
    return (d.aggregates || []).map(a => a.name || (a.field ? `${a.op}_${a.field.replace(/\./g, '_')}` : a.op));
  }

  /** The definition as the server takes it: unfinished rows left out, aggregates named. */
  function clean() {
    const d = structuredClone(state.def);
    const type = d.type || 'summary';
    if (type === 'tabular') { delete d.groupBy; delete d.aggregates; }
    else {
      d.groupBy = (d.groupBy || []).filter(g => g.field);
      d.aggregates = (d.aggregates || []).filter(a => a.op === 'count' || a.field).map((a, i) => ({ ...a, name: a.name || aggNames(state.def)[i] }));
      delete d.columns;
    }
    if (type !== 'matrix') delete d.type;
    Object.keys(d).forEach(k => (d[k] === undefined || d[k] === '') && delete d[k]);
    return d;
  }

  let runs = 0;
  async function run() {
    // only the newest draft's answer is shown: an earlier, slower one never replaces it
    const mine = ++runs;
    const report = clean();
    if ((report.type === 'matrix' && report.groupBy.length < 2) || (!report.groupBy?.length && !report.aggregates?.length && !report.columns?.length)) {
      clear(preview, h('p', { class: 'hint' }, t('builderHint')));
      return;
    }
    try {
      const result = await post('/api/v1/reports/run', { entity: state.entity, report, tz: zone() });
      if (mine !== runs) return;
      showResult(preview, result, report.chart || {});
    } catch (err) {
      if (mine !== runs) return;
      clear(preview, h('p', { class: 'error', role: 'alert' }, (err.errors && err.errors[0] && `${err.errors[0].pointer || ''} ${err.errors[0].message}`) || err.message));
    }
  }

  const nameInput = h('input', { id: 'rb-name', pattern: '[a-z][a-z0-9_]*', value: saved ? saved.name : '', readonly: !!saved, placeholder: 'won_by_owner' });
  const labelInput = h('input', { id: 'rb-label', value: saved ? label(saved.label, '') : '' });
  async function save() {
    const name2 = nameInput.value.trim();
    if (!/^[a-z][a-z0-9_]{0,62}$/.test(name2)) { toast(t('apiNameHint'), 'error'); nameInput.focus(); return false; }
    const report = { ...clean(), name: name2, label: { ...(state.def.label || {}), en: labelInput.value.trim() || name2 } };
    try {
      await saveEntityUi(state.entity, ui => ({ ...ui, reports: [...(ui.reports || []).filter(r => r.name !== name2), report] }));
      toast(t('saved'));
      return name2;
    } catch (err) { showProblems(err); return false; }
  }
  const dashSelect = h('select', { id: 'rb-dashboard' });
  async function fillDashboards() {
    const boards = (await get('/api/v1/dashboards')).data.filter(b => b.entity === state.entity);
    clear(dashSelect, boards.map(b => h('option', { value: b.name }, label(b.label, b.name))), h('option', { value: '' }, t('newDashboard')));
  }
  const dashName = h('input', { id: 'rb-dashboard-name', placeholder: 'sales_overview' });
  async function addToDashboard() {
    const saved2 = await save();
    if (!saved2) return;
    const target = dashSelect.value || dashName.value.trim();
    if (!/^[a-z][a-z0-9_]{0,62}$/.test(target)) { toast(t('apiNameHint'), 'error'); dashName.focus(); return; }
    try {
      await saveEntityUi(state.entity, ui => {
        const boards = ui.dashboards || [];
        const board = boards.find(b => b.name === target) || { name: target, label: { en: target }, filters: ['date', 'owner'], components: [] };
        board.components = [...board.components.filter(c => c.report !== saved2), { report: saved2 }];
        return { ...ui, dashboards: [...boards.filter(b => b.name !== target), board] };
      });
      location.hash = `#/dashboards/${state.entity}/${target}`;
    } catch (err) { showProblems(err); }
  }

  clear(root, h('div', { class: 'page-head' }, h('p', { class: 'crumb' }, h('a', { href: '#/reports' }, t('reports'))),
    h('h1', null, saved ? `${t('edit')}: ${label(saved.label, saved.name)}` : t('newReport'))),
  h('div', { class: 'builder-layout' }, h('div', null, form,
    h('fieldset', { class: 'builder-save' }, h('legend', null, t('save')),
      h('label', { for: 'rb-name' }, t('apiName')), nameInput, h('label', { for: 'rb-label' }, t('label')), labelInput,
      h('div', { class: 'buttons' },
        h('button', { type: 'button', class: 'primary', id: 'rb-save', onclick: async () => { const n = await save(); if (n) location.hash = `#/reports/${state.entity}/${n}`; } }, t('saveReport')),
        h('button', { type: 'button', id: 'rb-export', onclick: () => exportDraft({ entity: state.entity, report: { ...clean(), name: nameInput.value || 'report' }, tz: zone() }, 'xlsx') }, t('exportXlsx'))),
      h('label', { for: 'rb-dashboard' }, t('dashboard')), dashSelect, dashName,
      h('button', { type: 'button', id: 'rb-add-dashboard', onclick: addToDashboard }, t('addToDashboard')))), preview));
  render();
  fillDashboards();
  run();
}
