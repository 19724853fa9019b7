// Reports: the list of saved reports, a report's page (parameters, chart, table with subtotals or a
// pivot, export to CSV and XLSX, print) and the pieces the builder and dashboards share. A click on a
// group, a cell or a chart segment opens the list of exactly its records.
import { h, clear, toast } from '../dom.js';
import { get, blob, q } from '../api.js';
import { t, label, timeZone } from '../i18n.js';
import { entity, entityLabel, isAdmin, recordTitle } from '../meta.js';
import { aggLabel, fmtAgg, groupLabel, keyLabel, renderChart } from '../charts.js';
import { display } from '../fields.js';

export const zone = () => timeZone();

export function drillTo(entityName, filter) {
  location.hash = `#/l/${entityName}?filter=${encodeURIComponent(filter)}`;
}

export async function reportsPage(root) {
  const [list, boards] = await Promise.all([get('/api/v1/reports'), get('/api/v1/dashboards')]);
  const rows = list.data.map(r => h('tr', null,
    h('td', null, h('a', { href: `#/reports/${r.entity}/${r.name}` }, label(r.label, r.name))),
    h('td', null, entity(r.entity) ? entityLabel(entity(r.entity), true) : r.entity),
    h('td', null, t(`reportType_${r.type}`)),
    h('td', null, t(`chart_${(r.chart && r.chart.type) || 'table'}`))));
  clear(root, h('div', { class: 'page-head' }, h('h1', null, t('reports')), h('span', { class: 'count' }, t('records', { n: list.data.length }))),
    h('div', { class: 'toolbar' }, isAdmin() ? h('a', { class: 'button primary', href: '#/reports/new', id: 'new-report' }, t('newReport')) : null,
      h('a', { class: 'button', href: '#/dashboards' }, t('dashboards'), ` (${boards.data.length})`)),
    list.data.length
      ? h('div', { class: 'table-wrap' }, h('table', { class: 'records', id: 'report-list' },
        h('thead', null, h('tr', null, h('th', null, t('name')), h('th', null, t('object')), h('th', null, t('type')), h('th', null, t('chart')))),
        h('tbody', null, rows)))
      : h('p', { class: 'empty' }, t('noReports')));
}

/** A saved report: its parameters, chart and table; reruns when a parameter changes. */
export async function reportPage(root, entityName, name) {
  const meta = (await get('/api/v1/reports')).data.find(r => r.entity === entityName && r.name === name);
  if (!meta) { clear(root, h('p', { class: 'error', role: 'alert' }, t('notFound'))); return; }
  const values = {};
  const paramBox = h('form', { class: 'report-params', onsubmit: ev => { ev.preventDefault(); load(); } },
    meta.parameters.map(p => {
      const input = h('input', { id: `param-${p.name}`, type: p.type === 'date' ? 'date' : p.type === 'number' ? 'number' : 'text',
        value: p.default != null && !/^[a-z_]+$/.test(String(p.default)) ? String(p.default) : '',
        onchange: ev => { values[p.name] = ev.target.value; } });
      return h('label', null, p.name, ' ', input);
    }), meta.parameters.length ? h('button', { type: 'submit', class: 'primary small' }, t('run')) : null);
  const body = h('div', { class: 'report-body' });
  const query = () => [`tz=${q(zone())}`, ...Object.entries(values).filter(([, v]) => v !== '').map(([k, v]) => `p.${q(k)}=${q(v)}`)].join('&');
  const download = async format => {
    try { saveBlob(await blob(`/api/v1/reports/${entityName}/${name}/export?format=${format}&${query()}`), `${name}.${format}`); }
    catch (err) { toast(err.message || t('exportFailed'), 'error'); }
  };
  clear(root, h('div', { class: 'page-head' }, h('p', { class: 'crumb' }, h('a', { href: '#/reports' }, t('reports'))),
    h('h1', null, label(meta.label, name))),
    h('div', { class: 'toolbar' },
      h('button', { type: 'button', id: 'export-xlsx', onclick: () => download('xlsx') }, t('exportXlsx')),
      h('button', { type: 'button', id: 'export-csv', onclick: () => download('csv') }, t('exportCsv')),
      h('button', { type: 'button', onclick: () => window.print() }, t('print')),
      isAdmin() ? h('a', { class: 'button', id: 'edit-report', href: `#/reports/edit/${entityName}/${name}` }, t('edit')) : null),
    paramBox, body);
  async function load() {
    clear(body, h('p', null, '…'));
    try {
      const result = await get(`/api/v1/reports/${entityName}/${name}?${query()}`);
      showResult(body, result, result.chart || {});
    } catch (err) {
      clear(body, h('p', { class: 'error', role: 'alert' }, err.message));
    }
  }
  await load();
}

export function saveBlob(data, file) {
  const a = h('a', { download: file });
  a.href = URL.createObjectURL(data);
  document.body.append(a);
  a.click();
  a.remove();
}

/** A result as chart and table into `box`. */
export function showResult(box, result, spec) {
  const chartBox = h('div', { class: 'chart-box' });
  clear(box, h('p', { class: 'ran-at' }, t('ranAt', { at: new Date(result.ranAt).toLocaleString() })),
    spec.type !== 'table' && result.type !== 'tabular' ? chartBox : null, resultTable(result, spec));
  if (spec.type !== 'table' && result.type !== 'tabular') {
    renderChart(chartBox, result, spec, f => drillTo(result.entity, f)).catch(err => clear(chartBox, h('p', { class: 'error' }, err.message)));
  }
}

/** The numbers of a result as a table: groups with subtotals, a pivot for a matrix, or records. */
export function resultTable(result, spec = {}) {
  const aggs = result.aggregates;
  const drill = row => h('a', { href: `#/l/${result.entity}?filter=${encodeURIComponent(row.drill)}`, class: 'drill' });
  if (result.type === 'tabular') {
    const e = entity(result.entity);
    return h('div', { class: 'table-wrap' }, h('table', { class: 'records report-table' },
      h('thead', null, h('tr', null, result.columns.map(c => {
        const f = e && e.fields.find(x => x.name === c.path);
        return h('th', null, f ? label(f.label, f.name) : c.path);
      }))),
      h('tbody', null, result.records.map(r => h('tr', null, r.values.map((v, i) => {
        const f = e && e.fields.find(x => x.name === result.columns[i].path);
        const shown = r.display[i] ?? (f ? display(f, v, {}) : v);
        return h('td', null, i === 0 ? h('a', { href: `#/r/${result.entity}/${r.id}` }, shown || (e ? recordTitle(e, { id: r.id }) : r.id)) : shown);
      }))))));
  }
  if (result.type === 'matrix') {
    const agg = aggs.find(a => a.name === spec.aggregate) || aggs[0];
    const cell = (ri, ci) => result.cells.find(c => c.r === ri && c.c === ci);
    return h('div', { class: 'table-wrap' }, h('table', { class: 'records report-table matrix-table' },
      h('thead', null, h('tr', null, h('th', null, `${groupLabel(result, 0)} \\ ${groupLabel(result, 1)}`),
        result.columnKeys.map(c => h('th', { class: 'num' }, keyLabel(result, 1, c))), h('th', { class: 'num' }, t('total')))),
      h('tbody', null, result.rowKeys.map((r, ri) => h('tr', null,
        h('th', null, Object.assign(drill(r), { textContent: keyLabel(result, 0, r) })),
        result.columnKeys.map((_, ci) => {
          const x = cell(ri, ci);
          return h('td', { class: 'num' }, x ? Object.assign(drill(x), { textContent: fmtAgg(agg, x.values[agg.name]) }) : '');
        }),
        h('td', { class: 'num subtotal' }, fmtAgg(agg, r.values[agg.name]))))),
      h('tfoot', null, h('tr', null, h('th', null, t('total')),
        result.columnKeys.map(c => h('td', { class: 'num' }, fmtAgg(agg, c.values[agg.name]))),
        h('td', { class: 'num' }, fmtAgg(agg, result.totals[agg.name]))))));
  }
  const n = result.groups.length;
  return h('div', { class: 'table-wrap' }, h('table', { class: 'records report-table' },
    h('thead', null, h('tr', null, result.groups.map((_, i) => h('th', null, groupLabel(result, i))),
      aggs.map(a => h('th', { class: 'num' }, aggLabel(result, a))))),
    h('tbody', null, result.rows.map(r => h('tr', { class: r.level < n ? `subtotal level-${r.level}` : `level-${r.level}` },
      result.groups.map((_, i) => h('td', null, i === r.level - 1
        ? Object.assign(drill(r), { textContent: keyLabel(result, i, r) }) : '')),
      aggs.map(a => h('td', { class: 'num' }, fmtAgg(a, r.values[a.name])))))),
    h('tfoot', null, h('tr', null, n ? h('th', { colspan: String(n) }, t('total')) : null,
      aggs.map(a => h('td', { class: 'num' }, fmtAgg(a, result.totals[a.name])))))));
}

/** Downloads a draft report (the builder) as CSV or XLSX. */
export async function exportDraft(body, format) {
  try { saveBlob(await blob(`/api/v1/reports/export?format=${format}`, body), `${(body.report && body.report.name) || 'report'}.${format}`); }
  catch (err) { toast(err.message || t('exportFailed'), 'error'); }
}
