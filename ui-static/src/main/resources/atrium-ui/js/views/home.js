// Home: my open tasks with their reminders, and the notification inbox (live through SSE).
import { h, clear } from '../dom.js';
import { get, post, q } from '../api.js';
import { t, fmtDate, fmtDateTime } from '../i18n.js';
import { entity, recordTitle, session, field } from '../meta.js';
import { display } from '../fields.js';

export async function homePage(root) {
  const tasks = h('section', { class: 'card-block', id: 'my-tasks' }, h('h2', null, t('myTasks')));
  const inbox = h('section', { class: 'card-block', id: 'inbox' }, h('h2', null, t('notifications')));
  clear(root, h('div', { class: 'page-head' }, h('h1', null, t('home'))), h('div', { class: 'home-grid' }, tasks, inbox));
  await Promise.all([renderTasks(tasks), renderInbox(inbox)]);
}

export async function renderTasks(box) {
  const e = entity('task');
  if (!e) return;
  const status = field(e, 'status');
  const open = status ? (status.values || []).map(v => v.value).filter(v => !['done', 'completed', 'closed', 'cancelled'].includes(v)) : [];
  const filter = `owner_id = '${session.user.id}'` + (status && open.length ? ` and (status in (${open.map(v => `'${v}'`).join(', ')}) or status is null)` : '');
  const due = field(e, 'due_date') ? 'due_date' : null;
  const page = await get(`/api/v1/records/task?limit=50&filter=${q(filter)}${due ? '&sort=due_date' : ''}`).catch(() => ({ data: [] }));
  const today = new Date().toISOString().slice(0, 10);
  clear(box, h('h2', null, t('myTasks')), page.data.length ? h('ul', { class: 'tasks' }, page.data.map(r => h('li', {
    class: r.due_date && r.due_date < today ? 'overdue' : '' },
    h('a', { href: `#/r/task/${r.id}` }, recordTitle(e, r)),
    r.due_date ? h('span', { class: 'due' }, fmtDate(r.due_date)) : null,
    r.reminder_at ? h('span', { class: 'reminder', title: 'reminder' }, `⏰ ${fmtDateTime(r.reminder_at)}`) : null,
    status && r.status ? h('span', { class: 'sub' }, display(status, r.status)) : null))) : h('p', { class: 'empty' }, t('noRecords')));
}

export async function renderInbox(box) {
  const res = await get('/api/v1/notifications?limit=30').catch(() => ({ data: [] }));
  clear(box, h('h2', null, t('notifications')), res.data.length ? h('ul', { class: 'inbox' }, res.data.map(n => h('li', { class: n.readAt ? 'read' : 'unread' },
    h('strong', null, n.title), n.body ? h('p', null, n.body) : null,
    n.entity && n.recordId && entity(n.entity) ? h('a', { href: `#/r/${n.entity}/${n.recordId}` }, t('details')) : null,
    h('time', null, fmtDateTime(n.createdAt || n.at)),
    !n.readAt ? h('button', { type: 'button', class: 'small', onclick: async () => { await post(`/api/v1/notifications/${n.id}/read`); renderInbox(box); } }, t('markRead')) : null)))
    : h('p', { class: 'empty' }, t('noNotifications')));
}
