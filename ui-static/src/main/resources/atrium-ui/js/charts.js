// Charts of report results through Apache ECharts (served from its WebJar, loaded on first use). A chart
// is drawn on a canvas with tooltips rendered in the canvas too (no HTML is built from values); every
// chart has a text summary for screen readers and a table of the same numbers beside it.
import { h } from './dom.js';
import { fmtCurrency, fmtDate, fmtNumber, label, locale, t } from './i18n.js';
import { entity, fieldLabel } from './meta.js';
import { picklistLabel } from './fields.js';

let loading = null;

/** The ECharts global, loaded once through a script element (the page's policy allows only 'self'). */
export function loadECharts() {
  if (window.echarts) return Promise.resolve(window.echarts);
  if (!loading) {
    loading = new Promise((resolve, reject) => {
      const s = h('script', { src: '/vendor/echarts/echarts.min.js' });
      s.addEventListener('load', () => resolve(window.echarts));
      s.addEventListener('error', () => { loading = null; reject(new Error('charts could not be loaded')); });
      document.head.append(s);
    });
  }
  return loading;
}

function pathField(e, path) {
  let cur = e;
  const parts = path.split('.');
  for (let i = 0; i < parts.length; i++) {
    const f = cur && cur.fields.find(x => x.name === parts[i]);
    if (!f) return null;
    if (i === parts.length - 1) return f;
    cur = entity(f.target);
  }
  return null;
}

/** A bucket's start date as people name the period: "Mar 2026", "Q1 2026", "FY2027". */
export function bucketLabel(iso, bucket, fiscalStart = 1) {
  const d = new Date(`${iso}T00:00:00Z`);
  const y = d.getUTCFullYear();
  const m = d.getUTCMonth() + 1;
  switch (bucket) {
    case 'day': return fmtDate(iso);
    case 'week': return t('weekOf', { d: fmtDate(iso) });
    case 'month': return new Intl.DateTimeFormat(locale(), { month: 'short', year: 'numeric', timeZone: 'UTC' }).format(d);
    case 'quarter': return `Q${Math.floor((m - 1) / 3) + 1} ${y}`;
    case 'year': return String(y);
    case 'fiscal_year': return `FY${fiscalStart === 1 ? y : y + 1}`;
    case 'fiscal_quarter': {
      const fy = fiscalStart === 1 ? y : (m >= fiscalStart ? y + 1 : y);
      return `FY${fy} Q${Math.floor(((m - fiscalStart + 12) % 12) / 3) + 1}`;
    }
    default: return iso;
  }
}

/** The label of a group's key at one dimension: a name, a picklist label, a period, or "(empty)". */
export function keyLabel(result, i, row) {
  if (row.display && row.display[i]) return row.display[i];
  const key = row.keys[i];
  if (key === null || key === undefined) return t('emptyGroup');
  const g = result.groups[i];
  if (g.bucket) return bucketLabel(key, g.bucket, g.fiscalStart);
  const f = pathField(entity(result.entity), g.field);
  if (f && f.type === 'picklist') return picklistLabel(f, key);
  if (f && f.type === 'boolean') return key ? t('yes') : t('no');
  return typeof key === 'number' ? fmtNumber(key) : String(key);
}

/** An aggregate's heading: its label, else "Sum of Amount". */
export function aggLabel(result, a) {
  const own = label(a.label, '');
  if (own) return own;
  if (!a.field) return t('aggCount');
  const f = pathField(entity(result.entity), a.field);
  return t(`agg_${a.op}`, { f: f ? fieldLabel(f) : a.field });
}

const SYSTEM = { owner_id: 'owner', created_at: 'createdAt', updated_at: 'updatedAt', created_by: 'createdBy', updated_by: 'updatedBy' };

export function groupLabel(result, i) {
  const g = result.groups[i];
  const f = pathField(entity(result.entity), g.field);
  if (f) return fieldLabel(f);
  return SYSTEM[g.field] ? t(SYSTEM[g.field]) : g.field;
}

export function fmtAgg(a, v) {
  if (v === null || v === undefined) return '';
  if (a.currency && a.op !== 'count' && a.op !== 'count_distinct') return fmtCurrency(v, a.currency);
  return fmtNumber(v, { maximumFractionDigits: a.op === 'avg' ? 2 : 6 });
}

/** The rows a chart draws: first-level groups (for a matrix, its row keys). */
function topRows(result) {
  if (result.type === 'matrix') return result.rowKeys || [];
  return (result.rows || []).filter(r => r.level === 1);
}

function option(result, spec) {
  const type = spec.type || 'bar';
  const agg = result.aggregates.find(a => a.name === spec.aggregate) || result.aggregates[0];
  const rows = topRows(result);
  const names = rows.map(r => keyLabel(result, 0, r));
  const values = rows.map(r => Number(r.values[agg.name] ?? 0));
  const tooltip = { renderMode: 'richText', trigger: type === 'pie' || type === 'donut' || type === 'funnel' ? 'item' : 'axis' };
  const fmt = v => fmtAgg(agg, v);
  if (type === 'pie' || type === 'donut') {
    return { tooltip, series: [{ type: 'pie', radius: type === 'donut' ? ['45%', '70%'] : '70%',
      data: rows.map((r, i) => ({ name: names[i], value: values[i] })), label: { formatter: p => `${p.name}: ${fmt(p.value)}` } }] };
  }
  if (type === 'funnel') {
    // a stage "reached" counts the records in it and in every later stage, when the report asks for it
    const shown = spec.cumulative ? values.map((_, i) => values.slice(i).reduce((s, v) => s + v, 0)) : values;
    return { tooltip, series: [{ type: 'funnel', sort: 'none', minSize: '10%', data: rows.map((r, i) => ({ name: names[i], value: shown[i] })),
      label: { formatter: p => {
        const prev = p.dataIndex > 0 ? shown[p.dataIndex - 1] : null;
        return prev ? `${p.name}: ${fmt(p.value)} (${Math.round((p.value / prev) * 100)}%)` : `${p.name}: ${fmt(p.value)}`;
      } } }] };
  }
  if (type === 'gauge') {
    const v = Number(result.totals[agg.name] ?? 0);
    return { series: [{ type: 'gauge', max: spec.target || Math.max(v, 1), detail: { formatter: x => fmt(x) }, data: [{ value: v }] }] };
  }
  if (type === 'pareto') {
    const sorted = rows.map((r, i) => [names[i], values[i]]).sort((a, b) => b[1] - a[1]);
    const total = sorted.reduce((s, x) => s + x[1], 0) || 1;
    let run = 0;
    const share = sorted.map(x => { run += x[1]; return Math.round((run / total) * 1000) / 10; });
    return { tooltip, xAxis: { type: 'category', data: sorted.map(x => x[0]) },
      yAxis: [{ type: 'value', axisLabel: { formatter: v => fmt(v) } }, { type: 'value', max: 100, axisLabel: { formatter: '{value} %' } }],
      series: [{ type: 'bar', name: aggLabel(result, agg), data: sorted.map(x => x[1]) },
        { type: 'line', name: '%', yAxisIndex: 1, data: share }] };
  }
  const horizontal = type === 'bar';
  const series = [];
  if (result.type === 'matrix' || result.groups.length > 1) {
    // a second grouping becomes stacked series: one per value of it
    const cols = result.type === 'matrix' ? result.columnKeys : [];
    const cells = result.type === 'matrix' ? result.cells
      : (result.rows || []).filter(r => r.level === 2).map(r => ({ ...r, r: rows.findIndex(x => x.keys[0] === r.keys[0]) }));
    const seriesKeys = result.type === 'matrix' ? cols.map(c => c.keys[1]) : [...new Set(cells.map(c => c.keys[1]))];
    seriesKeys.forEach((k, si) => {
      const sample = result.type === 'matrix' ? cols[si] : cells.find(c => c.keys[1] === k);
      const data = rows.map((_, ri) => {
        const cell = cells.find(c => c.r === ri && c.keys[1] === k);
        return cell ? Number(cell.values[agg.name] ?? 0) : 0;
      });
      series.push({ type: type === 'line' ? 'line' : 'bar', name: keyLabel(result, 1, sample), stack: spec.stacked === false ? undefined : 'all', data });
    });
  } else {
    series.push({ type: type === 'line' ? 'line' : 'bar', name: aggLabel(result, agg), data: values });
  }
  const cat = { type: 'category', data: names };
  const val = { type: 'value', axisLabel: { formatter: v => fmt(v) } };
  return { tooltip, legend: series.length > 1 ? { type: 'scroll', bottom: 0 } : undefined,
    grid: { containLabel: true, left: 8, right: 16, top: 16, bottom: series.length > 1 ? 32 : 8 },
    xAxis: horizontal ? val : cat, yAxis: horizontal ? { ...cat, inverse: true } : val, series };
}

/**
 * Draws `result` into `el` as `spec` says; a click on a bar, slice or stage calls `onDrill` with the
 * filter that lists its records. KPI and table need no library.
 */
export async function renderChart(el, result, spec, onDrill) {
  const type = spec.type || 'bar';
  const agg = result.aggregates.find(a => a.name === spec.aggregate) || result.aggregates[0];
  if (!agg || type === 'table' || result.type === 'tabular') return null;
  if (type === 'kpi') {
    const v = result.totals[agg.name];
    el.replaceChildren(h('div', { class: 'kpi' }, h('span', { class: 'kpi-value' }, fmtAgg(agg, v)),
      h('span', { class: 'kpi-label' }, aggLabel(result, agg)),
      spec.target ? h('span', { class: 'kpi-target' }, t('ofTarget', { n: Math.round((Number(v || 0) / spec.target) * 100) })) : null));
    return null;
  }
  const echarts = await loadECharts();
  el.classList.add('chart');
  el.setAttribute('role', 'img');
  const rows = topRows(result);
  el.setAttribute('aria-label', `${aggLabel(result, agg)}: ${rows.slice(0, 12).map(r => `${keyLabel(result, 0, r)} ${fmtAgg(agg, r.values[agg.name])}`).join(', ')}`);
  const chart = echarts.getInstanceByDom(el) || echarts.init(el, null, { renderer: 'canvas', locale: locale().startsWith('zh') ? 'ZH' : 'EN' });
  chart.setOption(option(result, spec), true);
  chart.off('click');
  chart.on('click', p => {
    const sorted = type === 'pareto' ? [...rows].sort((a, b) => Number(b.values[agg.name] ?? 0) - Number(a.values[agg.name] ?? 0)) : rows;
    let row = sorted[p.dataIndex];
    if (row && (result.type === 'matrix' || result.groups.length > 1) && p.seriesIndex !== undefined && type !== 'pie' && type !== 'donut' && type !== 'funnel') {
      const cells = result.type === 'matrix' ? result.cells : (result.rows || []).filter(r => r.level === 2);
      const key = result.type === 'matrix' ? (result.columnKeys[p.seriesIndex] || {}).keys?.[1] : [...new Set(cells.map(c => c.keys[1]))][p.seriesIndex];
      row = cells.find(c => c.keys[0] === row.keys[0] && c.keys[1] === key) || row;
    }
    if (row && onDrill) onDrill(row.drill);
  });
  if (!el._observed && window.ResizeObserver) {
    new ResizeObserver(() => chart.resize()).observe(el);
    el._observed = true;
  }
  return chart;
}
