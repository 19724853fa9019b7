// Dashboards: a grid of report charts under one set of filters (date range, owner), computed with the
// viewer's access (or the user the dashboard runs as), kept for a few minutes and refreshed on demand.
// Administrators arrange the components (order, size, remove) in place; the layout is metadata.
import { h, clear, toast } from '../dom.js';
import { get, q } from '../api.js';
import { t, label } from '../i18n.js';
import { entity, entityLabel, isAdmin } from '../meta.js';
import { directory } from '../fields.js';
import { renderChart } from '../charts.js';
import { drillTo, resultTable, zone } from './reports.js';
import { saveEntityUi, showProblems } from '../admin/deploy.js';

export async function dashboardsPage(root) {
  const list = await get('/api/v1/dashboards');
  clear(root, h('div', { class: 'page-head' }, h('h1', null, t('dashboards'))),
    h('div', { class: 'toolbar' }, h('a', { class: 'button', href: '#/reports' }, t('reports')),
      isAdmin() ? h('a', { class: 'button primary', href: '#/reports/new' }, t('newReport')) : null),
    list.data.length
      ? h('ul', { class: 'card-list', id: 'dashboard-list' }, list.data.map(d => h('li', null,
        h('a', { href: `#/dashboards/${d.entity}/${d.name}` }, label(d.label, d.name)),
        h('span', { class: 'muted' }, ` · ${entity(d.entity) ? entityLabel(entity(d.entity), true) : d.entity} · `,
          t('components', { n: (d.definition.components || []).length })))))
      : h('p', { class: 'empty' }, t('noDashboards')));
}

export async function dashboardPage(root, entityName, name, params) {
  const from = h('input', { type: 'date', id: 'dash-from', value: params.get('from') || '' });
  const to = h('input', { type: 'date', id: 'dash-to', value: params.get('to') || '' });
  const owner = h('select', { id: 'dash-owner' }, h('option', { value: '' }, t('everyone')));
  directory().then(people => {
    for (const p of people) owner.append(h('option', { value: p.id }, p.displayName || p.email));
    owner.value = params.get('owner') || '';
  });
  const team = h('select', { id: 'dash-team' }, h('option', { value: '' }, t('allTeams')));
  const apply = () => {
    const qs = [['from', from.value], ['to', to.value], ['owner', owner.value], ['team', team.value]].filter(([, v]) => v).map(([k, v]) => `${k}=${q(v)}`).join('&');
    location.hash = `#/dashboards/${entityName}/${name}${qs ? `?${qs}` : ''}`;
  };
  const grid = h('div', { class: 'dashboard-grid', id: 'dashboard-grid' });
  const stamp = h('span', { class: 'ran-at', id: 'dash-computed' });
  let editing = false;
  let answer = null;
  clear(root, h('div', { class: 'page-head' }, h('p', { class: 'crumb' }, h('a', { href: '#/dashboards' }, t('dashboards'))),
    h('h1', { id: 'dash-title' }, name)),
  h('form', { class: 'toolbar dash-filters', onsubmit: ev => { ev.preventDefault(); apply(); } },
    h('label', { for: 'dash-from' }, t('dateFrom')), from, h('label', { for: 'dash-to' }, t('dateTo')), to,
    h('label', { for: 'dash-owner' }, t('owner')), owner,
    h('label', { for: 'dash-team' }, t('team')), team,
    h('button', { type: 'submit', class: 'primary', id: 'dash-apply' }, t('apply')),
    h('button', { type: 'button', id: 'dash-refresh', onclick: () => load(true) }, t('refresh')),
    isAdmin() ? h('button', { type: 'button', id: 'dash-edit', onclick: () => { editing = !editing; draw(); } }, t('editLayout')) : null,
    stamp), grid);

  async function load(refresh) {
    const qs = ['from', 'to', 'owner', 'team'].filter(k => params.get(k)).map(k => `${k}=${q(params.get(k))}`);
    qs.push(`tz=${q(zone())}`);
    if (refresh) qs.push('refresh=true');
    try {
      answer = await get(`/api/v1/dashboards/${entityName}/${name}?${qs.join('&')}`);
    } catch (err) { clear(grid, h('p', { class: 'error', role: 'alert' }, err.message)); return; }
    root.querySelector('#dash-title').textContent = label(answer.label, name);
    if (team.options.length === 1) {
      for (const x of answer.teams || []) team.append(h('option', { value: x.id }, x.name));
      team.value = params.get('team') || '';
    }
    stamp.textContent = t('computedAt', { at: new Date(answer.computedAt).toLocaleString() });
    draw();
  }

  function draw() {
    const comps = answer.components;
    clear(grid, comps.map((c, i) => {
      const body = h('div', { class: 'component-body' });
      const title = label(c.title, '') || (c.result ? label(c.result.label, c.report) : c.report);
      const card = h('section', { class: `component size-${c.size}`, dataset: { report: c.report } },
        h('h2', null, h('a', { href: `#/reports/${c.entity}/${c.report.includes('.') ? c.report.split('.')[1] : c.report}` }, title)),
        editing ? h('div', { class: 'component-tools' },
          h('button', { type: 'button', class: 'small', 'aria-label': t('moveLeft'), disabled: i === 0, onclick: () => arrange(list => list.splice(i - 1, 0, list.splice(i, 1)[0])) }, '←'),
          h('button', { type: 'button', class: 'small', 'aria-label': t('moveRight'), disabled: i === comps.length - 1, onclick: () => arrange(list => list.splice(i + 1, 0, list.splice(i, 1)[0])) }, '→'),
          sizeSelect(c, i),
          h('button', { type: 'button', class: 'small danger', 'aria-label': t('remove'), onclick: () => arrange(list => list.splice(i, 1)) }, '×')) : null,
        body);
      if (c.problem) body.append(h('p', { class: 'error' }, c.problem.detail));
      else {
        const spec = { ...(c.result.chart || {}), ...(c.chart || {}) };
        if (spec.type === 'table' || c.result.type === 'tabular') body.append(resultTable(c.result, spec));
        else renderChart(body, c.result, spec, f => drillTo(c.result.entity, f)).catch(err => body.append(h('p', { class: 'error' }, err.message)));
      }
      return card;
    }));
  }

  function sizeSelect(c, i) {
    const s = h('select', { 'aria-label': t('size'), onchange: ev => arrange(list => { list[i] = { ...list[i], size: ev.target.value }; }) },
      ['small', 'medium', 'large'].map(x => h('option', { value: x }, t(`size_${x}`))));
    s.value = c.size || 'medium';
    return s;
  }

  async function arrange(change) {
    try {
      await saveEntityUi(entityName, ui => {
        const boards = structuredClone(ui.dashboards || []);
        const board = boards.find(b => b.name === name);
        change(board.components);
        return { ...ui, dashboards: boards };
      });
      toast(t('saved'));
      await load(false);
    } catch (err) { showProblems(err); }
  }

  await load(false);
}
