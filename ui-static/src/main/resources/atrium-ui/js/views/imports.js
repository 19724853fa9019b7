// Importing a CSV or XLSX file into an entity: upload, check the column mapping and the way the file is
// read (encoding, delimiter, dates, numbers) against a preview of the first rows as they would be stored,
// start, follow the progress live, download the rows that failed (with the reason in an extra column) to
// fix and import again, and undo a whole import.
import { h, clear, toast } from '../dom.js';
import { api, get, patch, post, blob, q } from '../api.js';
import { t, label } from '../i18n.js';
import { entity, entityLabel, isAdmin } from '../meta.js';
import { saveBlob } from './reports.js';

const DELIMITERS = [[',', ','], [';', ';'], ['\\t', 'Tab'], ['|', '|']];

export async function importPage(root, entityName) {
  const e = entity(entityName);
  if (!e) { clear(root, h('p', { class: 'error' }, t('notFound'))); return; }
  const file = h('input', { type: 'file', id: 'import-file', accept: '.csv,.txt,.xlsx,text/csv' });
  const work = h('div', { class: 'import-work', id: 'import-work' });
  const recent = h('div', { class: 'import-recent' });
  file.addEventListener('change', async () => {
    const f = file.files[0];
    if (!f) return;
    clear(work, h('p', null, '…'));
    try {
      const imp = await api(`/api/v1/imports?entity=${q(e.name)}&name=${q(f.name)}`, { method: 'POST', body: f, raw: true,
        headers: { 'Content-Type': f.type || 'application/octet-stream' } });
      show(imp);
    } catch (err) { clear(work, h('p', { class: 'error', role: 'alert' }, err.message)); }
  });
  clear(root, h('div', { class: 'page-head' }, h('p', { class: 'crumb' }, h('a', { href: `#/l/${e.name}` }, entityLabel(e, true))),
    h('h1', null, `${t('importInto')} ${entityLabel(e, true)}`)),
  h('p', { class: 'hint' }, t('importHelp')),
  h('label', { for: 'import-file' }, t('chooseFile')), ' ', file, work, recent);
  listRecent();

  async function listRecent() {
    const list = (await get('/api/v1/imports')).data.filter(x => x.entity === e.name);
    clear(recent, list.length ? [h('h2', null, t('recentImports')), h('ul', { class: 'card-list' }, list.map(x => h('li', null,
      h('button', { type: 'button', class: 'link', onclick: async () => show(await get(`/api/v1/imports/${x.id}`)) }, x.fileName),
      ` · ${t(`importStatus_${x.status}`)} · ${t('importCounts', { c: x.created, u: x.updated, e: x.errors })}`)))] : null);
  }

  function show(imp) {
    const s = imp.settings;
    const select = (id, options, value, onchange) => {
      const el = h('select', { id, onchange: ev => onchange(ev.target.value) }, options.map(([v, text]) => h('option', { value: v }, text)));
      el.value = value ?? '';
      return el;
    };
    const change = async body => {
      try { show(await patch(`/api/v1/imports/${imp.id}`, body)); }
      catch (err) { toast((err.errors[0] && err.errors[0].message) || err.message, 'error'); }
    };
    const draft = imp.status === 'draft';
    const fieldOptions = [['', t('doNotImport')], ['id', 'id'], ...imp.fields.map(f => [f.name, label(f.label, f.name)])];
    const mapping = h('table', { class: 'records import-mapping', id: 'import-mapping' },
      h('thead', null, h('tr', null, h('th', null, t('column')), h('th', null, t('example')), h('th', null, t('field')))),
      h('tbody', null, imp.headers.map((head, i) => h('tr', null, h('td', null, head),
        h('td', { class: 'muted' }, (imp.preview[0] && imp.preview[0].cells[i]) || ''),
        h('td', null, select(`map-${i}`, fieldOptions, s.fields[i], v => {
          const fields = [...s.fields];
          while (fields.length < imp.headers.length) fields.push(null);
          fields[i] = v || null;
          change({ fields });
        }))))));
    const unique = imp.fields.filter(f => f.unique);
    const settings = h('div', { class: 'builder-row import-settings' },
      h('label', { for: 'imp-mode' }, t('importMode')),
      select('imp-mode', [['create', t('modeCreate')], ['update', t('modeUpdate')], ['upsert', t('modeUpsert')]], s.mode, v => change({ mode: v })),
      s.mode !== 'create' ? [h('label', { for: 'imp-match' }, t('matchBy')),
        select('imp-match', [['', '—'], ['id', 'id'], ...unique.map(f => [f.name, label(f.label, f.name)])], s.match, v => change({ match: v || null }))] : null,
      h('label', { for: 'imp-encoding' }, t('encoding')), select('imp-encoding', imp.encodings.map(x => [x, x]), s.encoding, v => change({ encoding: v })),
      h('label', { for: 'imp-delimiter' }, t('delimiter')), select('imp-delimiter', DELIMITERS, s.delimiter, v => change({ delimiter: v })),
      h('label', { for: 'imp-dates' }, t('dateFormat')), select('imp-dates', imp.dateFormats.map(x => [x, x.toUpperCase()]), s.dateFormat, v => change({ dateFormat: v })),
      h('label', { for: 'imp-decimal' }, t('decimalSeparator')), select('imp-decimal', [['.', '1,234.5'], [',', '1.234,5']], s.decimal, v => change({ decimal: v })),
      // a data migration switches workflows off (administrators only; each change is marked in the audit trail)
      isAdmin() ? h('label', { class: 'check', title: t('importWorkflowsHint') },
        h('input', { type: 'checkbox', id: 'imp-workflows', checked: s.workflows !== false, onchange: ev => change({ workflows: ev.target.checked }) }),
        ' ', t('importWorkflows')) : null);
    const mapped = imp.headers.map((_, i) => s.fields[i]).filter(Boolean);
    const preview = h('div', { class: 'table-wrap' }, h('table', { class: 'records import-preview', id: 'import-preview' },
      h('thead', null, h('tr', null, h('th', null, '#'), mapped.map(f => h('th', null, f)), h('th', null, t('problems')))),
      h('tbody', null, imp.preview.map(r => h('tr', { class: r.problems.length ? 'invalid' : '' }, h('td', null, String(r.row)),
        mapped.map(f => h('td', null, f === 'id' ? '' : format(r.values[f]))),
        h('td', { class: 'field-error' }, r.problems.join('; ')))))));
    const progress = h('div', { class: 'import-progress', id: 'import-progress' });
    clear(work, h('h2', null, imp.fileName), draft ? [settings, mapping, h('h3', null, t('preview')), preview,
      h('div', { class: 'buttons' }, h('button', { type: 'button', class: 'primary', id: 'import-start', onclick: start }, t('startImport')))] : null,
    progress);
    if (!draft) follow(imp, progress);

    async function start() {
      try {
        await post(`/api/v1/imports/${imp.id}/start`);
        show(await get(`/api/v1/imports/${imp.id}`));
      } catch (err) { toast((err.errors[0] && err.errors[0].message) || err.message, 'error'); }
    }
  }

  /** Progress from server-sent events until the import is finished; then its outcome and actions. */
  function follow(imp, box) {
    const bar = h('progress', { max: '100', id: 'import-bar' });
    const text = h('p', { 'aria-live': 'polite', id: 'import-status' });
    clear(box, bar, text);
    const render = p => {
      text.textContent = `${t(`importStatus_${p.status}`)} · ${t('importCounts', { c: p.created, u: p.updated, e: p.errors })}`;
      if (p.status === 'running') return;
      bar.value = 100;
      box.append(h('div', { class: 'buttons' },
        p.errors ? h('button', { type: 'button', id: 'import-errors', onclick: async () => saveBlob(await blob(`/api/v1/imports/${imp.id}/errors`), `errors-${imp.fileName.replace(/\.[^.]*$/, '')}.csv`) }, t('downloadErrors')) : null,
        p.status === 'done' ? h('button', { type: 'button', class: 'danger', id: 'import-undo', onclick: async () => {
          const r = await post(`/api/v1/imports/${imp.id}/undo`);
          toast(t('importUndone', { n: r.removed + r.restored }));
          show(await get(`/api/v1/imports/${imp.id}`));
          listRecent();
        } }, t('undoImport')) : null,
        h('a', { class: 'button', href: `#/l/${e.name}` }, t('list'))));
      listRecent();
    };
    const events = new EventSource(`/api/v1/imports/${imp.id}/progress`);
    events.addEventListener('progress', ev => {
      const p = JSON.parse(ev.data);
      if (p.status !== 'running') { events.close(); render(p); }
      else {
        if (p.total) bar.value = Math.round((100 * p.processed) / p.total);
        text.textContent = `${t('importStatus_running')} · ${t('importCounts', { c: p.created, u: p.updated, e: p.errors })}`;
      }
    });
    events.onerror = () => events.close();
  }
}

function format(v) {
  if (v === null || v === undefined) return '';
  if (typeof v === 'object') return v.amount !== undefined ? `${v.amount} ${v.currency || ''}` : JSON.stringify(v);
  return String(v);
}
