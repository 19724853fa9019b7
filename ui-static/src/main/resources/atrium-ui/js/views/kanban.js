// A kanban board on a picklist: one column per value, each loading its own cards (25 at a time, "Load more"
// for the rest) with its count and the sum of the record's money in its header. Cards show the title and
// key fields; they move by dragging, or from the keyboard (Shift+← / Shift+→ on a focused card), through the
// normal write path: a move the rules refuse snaps back with their message.
import { h, clear, toast } from '../dom.js';
import { patch, post } from '../api.js';
import { t, label } from '../i18n.js';
import { field, recordTitle } from '../meta.js';
import { display, picklistLabel } from '../fields.js';
import { fmtAgg } from '../charts.js';

const PAGE = 25;

/** The picklist a board groups by: the layout's choice, else a stage or status, else the first picklist. */
export function kanbanField(e) {
  if (e.ui && e.ui.kanban && field(e, e.ui.kanban.field)) return e.ui.kanban.field;
  const p = e.fields.find(f => f.type === 'picklist' && (f.name === 'stage' || f.name === 'status'))
    || e.fields.find(f => f.type === 'picklist');
  return p && p.editable !== false ? p.name : null;
}

/** The money a column adds up: the first currency field among the list's columns, else the entity's. */
function sumField(e, columns) {
  const money = f => f && f.type === 'currency';
  return columns.map(n => field(e, n)).find(money) || e.fields.find(money) || null;
}

/**
 * Draws the board into body. ctx: {e, params, body, count, columns (the list's), filter (the list's current
 * filter, or ''), fetchPage(cursor, limit, extraFilter, extraFields)}.
 */
export async function renderKanban(ctx) {
  const { e, params, body, count } = ctx;
  const picklists = e.fields.filter(x => x.type === 'picklist' && x.editable !== false);
  const chosen = params.get('by') && picklists.some(x => x.name === params.get('by')) ? params.get('by') : kanbanField(e);
  const f = field(e, chosen);
  const bySelect = h('select', { id: 'kanban-by', 'aria-label': t('kanbanField'),
    onchange: ev => { location.hash = `#/l/${e.name}?mode=kanban&by=${encodeURIComponent(ev.target.value)}`; } },
    picklists.map(x => h('option', { value: x.name, selected: x.name === chosen }, label(x.label, x.name))));
  const money = sumField(e, ctx.columns);
  const keyFields = [money && money.name, ...ctx.columns]
    .filter((n, i, all) => n && n !== f.name && n !== e.titleField && all.indexOf(n) === i).slice(0, 3);
  const values = (f.values || []).filter(v => v.active !== false);
  const board = h('div', { class: 'kanban', role: 'list', 'aria-describedby': 'kanban-help' });
  const columns = new Map();

  for (const v of values) {
    const cards = h('div', { class: 'cards' });
    const more = h('button', { type: 'button', class: 'small more', hidden: true }, t('loadMore'));
    const col = { v, cards, more, total: 0, cursor: null,
      countEl: h('span', { class: 'col-count' }), sumEl: h('span', { class: 'col-sum' }) };
    more.addEventListener('click', () => load(col));
    columns.set(v.value, col);
    board.append(h('section', { class: 'column', role: 'listitem', dataset: { value: v.value }, 'aria-label': label(v.label, v.value) },
      h('h2', null, h('span', { class: 'col-name' }, label(v.label, v.value)), ' ', col.countEl), col.sumEl, cards, more));
  }
  clear(body, h('p', { class: 'kanban-by' },
    picklists.length > 1 ? [h('label', { for: 'kanban-by', class: 'check' }, t('kanbanField')), ' ', bySelect] : null,
    h('span', { id: 'kanban-help', class: 'hint' }, t('kanbanKeys'))), board);
  await Promise.all([...columns.values()].map(col => load(col)));
  showCounts();
  sums();

  async function load(col) {
    const value = String(col.v.value).replaceAll("'", "''");
    const page = await ctx.fetchPage(col.cursor, PAGE, `${f.name} = '${value}'`, [f.name, ...keyFields]);
    if (!col.cursor) col.total = page.total;
    col.cursor = page.nextCursor;
    for (const r of page.data) col.cards.append(card(r));
    col.more.hidden = !col.cursor;
  }

  function showCounts() {
    let all = 0;
    for (const col of columns.values()) { col.countEl.textContent = String(col.total); all += col.total; }
    count.textContent = t('records', { n: all });
  }

  /** Each column's sum in one grouped query, with the reader's access like every report. */
  async function sums() {
    if (!money) return;
    const report = { name: 'kanban', groupBy: [{ field: f.name }], aggregates: [{ name: 'sum', op: 'sum', field: money.name }] };
    if (ctx.filter) report.filter = ctx.filter;
    const result = await post('/api/v1/reports/run', { entity: e.name, report }).catch(() => null);
    if (!result) return;
    for (const col of columns.values()) {
      const row = result.rows.find(r => r.level === 1 && r.keys[0] === col.v.value);
      col.sumEl.textContent = fmtAgg(result.aggregates[0], row ? row.values.sum : 0);
    }
  }

  function card(r) {
    const el = h('article', { class: 'card', tabindex: '0', dataset: { id: r.id }, 'aria-label': recordTitle(e, r) },
      h('a', { href: `#/r/${e.name}/${r.id}` }, recordTitle(e, r)),
      keyFields.map(n => {
        const shown = display(field(e, n), r[n], r);
        return shown ? h('div', { class: n === (money && money.name) ? 'sub amount' : 'sub' }, shown) : null;
      }));
    el.addEventListener('keydown', ev => keys(ev, el, r));
    pointerDrag(el, board, to => move(el, r, to));
    return el;
  }

  /** Arrows walk the board (↑ ↓ within a column, ← → across); with Shift, ← → move the card itself. */
  function keys(ev, el, r) {
    if (ev.target !== el || !['ArrowLeft', 'ArrowRight', 'ArrowUp', 'ArrowDown'].includes(ev.key)) return;
    ev.preventDefault();
    const order = values.map(v => v.value);
    const at = order.indexOf(r[f.name]);
    if (ev.key === 'ArrowUp' || ev.key === 'ArrowDown') {
      const sibling = ev.key === 'ArrowUp' ? el.previousElementSibling : el.nextElementSibling;
      if (sibling) sibling.focus();
      return;
    }
    const next = order[at + (ev.key === 'ArrowLeft' ? -1 : 1)];
    if (next === undefined) return;
    if (ev.shiftKey) move(el, r, next).then(() => el.focus());
    else { const first = columns.get(next).cards.firstElementChild; if (first) first.focus(); }
  }

  async function move(el, r, to) {
    const from = r[f.name];
    if (to === from) return;
    const source = columns.get(from), target = columns.get(to);
    target.cards.prepend(el);
    source.total--; target.total++;
    showCounts();
    for (const old of el.querySelectorAll('.error')) old.remove();
    try {
      const updated = await patch(`/api/v1/records/${e.name}/${r.id}`, { [f.name]: to }, r.version);
      Object.assign(r, updated);
      toast(`${recordTitle(e, r)} → ${picklistLabel(f, to)}`);
      sums();
    } catch (err) {
      source.cards.prepend(el);
      source.total++; target.total--;
      showCounts();
      const msg = (err.errors && err.errors[0] && err.errors[0].message) || err.message;
      el.classList.add('rejected');
      el.append(h('p', { class: 'error', role: 'alert' }, msg));
      toast(msg, 'error');
      setTimeout(() => el.classList.remove('rejected'), 1500);
    }
  }
}

/** Drags el with the pointer (mouse, pen or finger) and calls onDrop with the value of the column it lands on. */
export function pointerDrag(el, container, onDrop) {
  el.addEventListener('pointerdown', ev => {
    if (ev.button !== 0 || ev.target.closest('a, select, button, input, option')) return;
    ev.preventDefault();
    const rect = el.getBoundingClientRect();
    const ghost = el.cloneNode(true);
    ghost.classList.add('ghost');
    ghost.style.width = `${rect.width}px`;
    document.body.append(ghost);
    const dx = ev.clientX - rect.left, dy = ev.clientY - rect.top;
    const place = e => { ghost.style.left = `${e.clientX - dx}px`; ghost.style.top = `${e.clientY - dy}px`; };
    place(ev);
    el.classList.add('dragging');
    const moveH = e => {
      place(e);
      for (const c of container.querySelectorAll('.column')) c.classList.toggle('over', c.contains(columnAt(e)));
    };
    const columnAt = e => {
      ghost.hidden = true;
      const under = document.elementFromPoint(e.clientX, e.clientY);
      ghost.hidden = false;
      return under && under.closest('.column');
    };
    const up = e => {
      document.removeEventListener('pointermove', moveH);
      document.removeEventListener('pointerup', up);
      const col = columnAt(e);
      ghost.remove();
      el.classList.remove('dragging');
      for (const c of container.querySelectorAll('.column')) c.classList.remove('over');
      if (col && container.contains(col)) onDrop(col.dataset.value);
    };
    document.addEventListener('pointermove', moveH);
    document.addEventListener('pointerup', up);
  });
}

