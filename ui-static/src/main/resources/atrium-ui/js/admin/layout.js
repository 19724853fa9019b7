// The layout designer: sections of fields, arranged by dragging (pointer events) or with the buttons
// on each field (keyboard); list columns, kanban and calendar fields. Saved as the entity's ui metadata.
import { h, clear, toast } from '../dom.js';
import { t, label, locale } from '../i18n.js';
import { fullEntity, saveEntityUi, showProblems } from './deploy.js';
import { withLabel } from './rules.js';

export async function layoutPage(root, name) {
  const e = await fullEntity(name);
  const ui = structuredClone(e.ui || {});
  const byName = new Map(e.fields.map(f => [f.name, f]));
  let secs = (ui.layout && ui.layout.sections ? structuredClone(ui.layout.sections) : [{ label: { en: t('details') }, columns: 2, fields: e.fields.map(f => f.name) }]);
  const board = h('div', { class: 'layout-board' });
  const listCols = new Set(ui.list && ui.list.columns ? ui.list.columns : []);
  const picklists = e.fields.filter(f => f.type === 'picklist');
  const dates = e.fields.filter(f => f.type === 'date' || f.type === 'datetime');
  const kanban = h('select', { id: 'kanban-field' }, h('option', { value: '' }, t('none')), picklists.map(f => h('option', { value: f.name }, label(f.label, f.name))));
  kanban.value = ui.kanban ? ui.kanban.field : '';
  const calendar = h('select', { id: 'calendar-field' }, h('option', { value: '' }, t('none')), dates.map(f => h('option', { value: f.name }, label(f.label, f.name))));
  calendar.value = ui.calendar ? ui.calendar.field : '';

  function unplaced() {
    const placed = new Set(secs.flatMap(s => s.fields));
    return e.fields.map(f => f.name).filter(n => !placed.has(n));
  }

  function move(name, toSection, toIndex) {
    for (const s of secs) s.fields = s.fields.filter(n => n !== name);
    if (toSection >= 0) {
      const list = secs[toSection].fields;
      list.splice(Math.max(0, Math.min(toIndex, list.length)), 0, name);
    }
    render();
    const again = board.querySelector(`[data-field="${CSS.escape(name)}"] button`);
    if (again) again.focus();
  }

  function fieldChip(n, si, fi) {
    const f = byName.get(n);
    const chip = h('li', { class: 'chip', dataset: { field: n }, tabindex: '-1' },
      h('span', { class: 'grip', 'aria-hidden': 'true' }, '⋮⋮'), h('span', { class: 'name' }, f ? label(f.label, n) : n),
      si >= 0 ? [
        h('button', { type: 'button', class: 'small', 'aria-label': `${t('moveUp')}: ${n}`, onclick: () => move(n, si, fi - 1) }, '↑'),
        h('button', { type: 'button', class: 'small', 'aria-label': `${t('moveDown')}: ${n}`, onclick: () => move(n, si, fi + 1) }, '↓'),
        si > 0 ? h('button', { type: 'button', class: 'small', 'aria-label': `${t('moveLeft')}: ${n}`, onclick: () => move(n, si - 1, 999) }, '←') : null,
        si < secs.length - 1 ? h('button', { type: 'button', class: 'small', 'aria-label': `${t('moveRight')}: ${n}`, onclick: () => move(n, si + 1, 999) }, '→') : null,
        h('button', { type: 'button', class: 'small', 'aria-label': `${t('remove')}: ${n}`, onclick: () => move(n, -1, 0) }, '×'),
      ] : h('button', { type: 'button', class: 'small', 'aria-label': `${t('add')}: ${n}`, onclick: () => move(n, secs.length - 1, 999) }, '+'),
      h('label', { class: 'check col' }, h('input', { type: 'checkbox', checked: listCols.has(n), 'aria-label': `${t('columns')}: ${n}`,
        onchange: ev => { ev.target.checked ? listCols.add(n) : listCols.delete(n); } }), t('list')));
    dragChip(chip, n);
    return chip;
  }

  function dragChip(chip, n) {
    chip.addEventListener('pointerdown', ev => {
      if (ev.target.closest('button, input, label')) return;
      ev.preventDefault();
      chip.classList.add('dragging');
      const ghost = chip.cloneNode(true);
      ghost.classList.add('ghost');
      document.body.append(ghost);
      const place = p => { ghost.style.left = `${p.clientX + 4}px`; ghost.style.top = `${p.clientY + 4}px`; };
      place(ev);
      const target = p => {
        ghost.hidden = true;
        const under = document.elementFromPoint(p.clientX, p.clientY);
        ghost.hidden = false;
        return under;
      };
      const mv = p => place(p);
      const up = p => {
        document.removeEventListener('pointermove', mv);
        document.removeEventListener('pointerup', up);
        ghost.remove();
        chip.classList.remove('dragging');
        const under = target(p);
        const sec = under && under.closest('[data-section]');
        if (!sec) return;
        const si = Number(sec.dataset.section);
        const before = under.closest('[data-field]');
        const idx = before ? secs[si] ? secs[si].fields.indexOf(before.dataset.field) : 0 : 999;
        if (si < 0) move(n, -1, 0); else move(n, si, idx < 0 ? 999 : idx);
      };
      document.addEventListener('pointermove', mv);
      document.addEventListener('pointerup', up);
    });
  }

  function render() {
    clear(board, secs.map((s, si) => h('section', { class: 'layout-section', dataset: { section: String(si) } },
      h('div', { class: 'section-head' },
        h('input', { class: 'section-label', 'aria-label': t('section'), value: label(s.label, ''), oninput: ev => { s.label = withLabel(s.label, ev.target.value); } }),
        h('select', { 'aria-label': t('columns'), onchange: ev => { s.columns = Number(ev.target.value); } }, [1, 2].map(c => h('option', { value: String(c), selected: (s.columns || 2) === c }, `${c}`))),
        secs.length > 1 ? h('button', { type: 'button', class: 'small', onclick: () => { secs.splice(si, 1); render(); } }, t('remove')) : null),
      h('ul', { class: 'chips' }, s.fields.map((n, fi) => fieldChip(n, si, fi))))),
      h('section', { class: 'layout-section unplaced', dataset: { section: '-1' } }, h('h3', null, t('unplaced')),
        h('ul', { class: 'chips' }, unplaced().map(n => fieldChip(n, -1, 0)))));
  }

  async function save() {
    try {
      await saveEntityUi(name, current => {
        // what the admin left out stays out; fields added later show under "More fields" until placed
        const hidden = unplaced();
        const next = { ...current, layout: { sections: secs.filter(s => s.fields.length), ...(hidden.length ? { hidden } : {}) } };
        const cols = e.fields.map(f => f.name).filter(n => listCols.has(n));
        if (cols.length) next.list = { ...(current.list || {}), columns: cols }; else delete next.list;
        if (kanban.value) next.kanban = { field: kanban.value }; else delete next.kanban;
        if (calendar.value) next.calendar = { field: calendar.value }; else delete next.calendar;
        return next;
      });
      toast(t('saved'));
    } catch (err) { showProblems(err); }
  }

  clear(root, h('div', { class: 'page-head' }, h('p', { class: 'crumb' }, h('a', { href: `#/admin/objects/${name}` }, label(e.label, name))),
    h('h1', null, t('layout'))),
    h('div', { class: 'toolbar' },
      h('button', { type: 'button', id: 'add-section', onclick: () => { secs.push({ label: { en: t('section') }, columns: 2, fields: [] }); render(); } }, t('addSection')),
      h('label', { for: 'kanban-field' }, t('kanbanField')), kanban, h('label', { for: 'calendar-field' }, t('calendarField')), calendar,
      h('button', { type: 'button', class: 'primary', id: 'save-layout', onclick: save }, t('saveLayout'))),
    board);
  render();
}
