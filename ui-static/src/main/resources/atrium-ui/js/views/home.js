// Home: what a salesperson needs today. My open deals by stage (count and amount, each a link to the
// deals), my tasks due today or overdue (the overdue ones counted, not a wall of red), the records I opened
// last, and the notification inbox (live through SSE).
import { h, clear } from '../dom.js';
import { get, post, q } from '../api.js';
import { t, label, fmtDate, fmtDateTime } from '../i18n.js';
import { entity, entityLabel, recordTitle, session, field } from '../meta.js';
import { display } from '../fields.js';
import { fmtAgg } from '../charts.js';

const CLOSED = ['won', 'lost', 'closed', 'closed_won', 'closed_lost', 'done', 'completed', 'cancelled'];
const RECENT = 12;

export async function homePage(root) {
  const block = (id, title) => h('section', { class: 'card-block', id }, h('h2', null, title));
  const deals = entity('opportunity') ? block('my-pipeline', t('myPipeline')) : null;
  const tasks = block('my-tasks', t('myTasks'));
  const recent = block('recent', t('recentRecords'));
  const inbox = block('inbox', t('notifications'));
  const hello = t('hello', { name: session.user.displayName });
  clear(root, h('div', { class: 'page-head' }, h('h1', null, hello)),
    h('div', { class: 'home-grid' }, deals, tasks, recent, inbox));
  await Promise.all([deals && renderPipeline(deals), renderTasks(tasks), renderRecent(recent), renderInbox(inbox)]);
}

/** My open deals grouped by stage in one report run (the reader's access applies), bars scaled to the amount. */
async function renderPipeline(box) {
  const e = entity('opportunity');
  const stage = field(e, 'stage');
  const amount = e.fields.find(f => f.type === 'currency');
  if (!stage) return box.remove();
  const open = (stage.values || []).filter(v => v.active !== false && !CLOSED.includes(v.value));
  const mine = `owner_id = '${session.user.id}'`;
  const filter = `${mine} and stage in (${open.map(v => `'${v.value}'`).join(', ')})`;
  const aggregates = [{ name: 'deals', op: 'count' }];
  if (amount) aggregates.push({ name: 'amount', op: 'sum', field: amount.name });
  const report = { name: 'my_pipeline', filter, groupBy: [{ field: 'stage' }], aggregates };
  const result = await post('/api/v1/reports/run', { entity: e.name, report }).catch(() => null);
  if (!result || !open.length) return clear(box, h('h2', null, t('myPipeline')), h('p', { class: 'empty' }, t('noRecords')));
  const row = v => result.rows.find(r => r.level === 1 && r.keys[0] === v.value);
  const money = r => (r && amount ? Number(r.values.amount) || 0 : 0);
  const widest = Math.max(1, ...open.map(v => money(row(v)) || (row(v) ? row(v).values.deals : 0)));
  const total = result.totals || {};
  clear(box, h('h2', null, t('myPipeline')),
    h('ul', { class: 'pipeline' }, open.map(v => {
      const r = row(v);
      const size = amount ? money(r) : (r ? r.values.deals : 0);
      const link = `#/l/${e.name}?filter=${q(`${mine} and stage = '${v.value}'`)}`;
      return h('li', { dataset: { stage: v.value } }, h('a', { href: link }, label(v.label, v.value)),
        bar(size / widest),
        h('span', { class: 'figures' }, t('nDeals', { n: r ? r.values.deals : 0 }),
          amount ? ` · ${fmtAgg(result.aggregates[1], r ? r.values.amount : 0)}` : ''));
    })),
    amount ? h('p', { class: 'total' }, t('total'), ': ', fmtAgg(result.aggregates[1], total.amount || 0)) : null);
}

/** A bar as wide as its share (the style property, not an attribute: the app's CSP allows no inline styles). */
function bar(share) {
  const el = h('span', { class: 'bar' });
  el.style.width = `${Math.round(share * 100)}%`;
  return el;
}

/** My open tasks due today or before (overdue counted), then the next few; all of them one click away. */
export async function renderTasks(box) {
  const e = entity('task');
  if (!e) return box.remove();
  const status = field(e, 'status');
  const open = status ? (status.values || []).map(v => v.value).filter(v => !CLOSED.includes(v)) : [];
  const mine = `owner_id = '${session.user.id}'` + (status && open.length
    ? ` and (status in (${open.map(v => `'${v}'`).join(', ')}) or status is null)` : '');
  const due = field(e, 'due_date') ? 'due_date' : null;
  const today = new Date().toISOString().slice(0, 10);
  const overdueFilter = due ? `${mine} and due_date < today` : null;
  const [page, overdue] = await Promise.all([
    get(`/api/v1/records/task?limit=8&filter=${q(due ? `${mine} and (due_date >= today or due_date is null)` : mine)}${due ? '&sort=due_date' : ''}`)
      .catch(() => ({ data: [] })),
    overdueFilter ? get(`/api/v1/records/task?limit=3&count=true&sort=due_date&filter=${q(overdueFilter)}`)
      .catch(() => ({ data: [], total: 0 })) : { data: [], total: 0 }]);
  const item = r => h('li', { class: r.due_date && r.due_date < today ? 'overdue' : r.due_date === today ? 'today' : '' },
    h('a', { href: `#/r/task/${r.id}` }, recordTitle(e, r)),
    r.due_date ? h('span', { class: 'due' }, r.due_date === today ? t('today') : fmtDate(r.due_date)) : null,
    r.reminder_at ? h('span', { class: 'reminder', title: t('reminder') }, fmtDateTime(r.reminder_at)) : null,
    status && r.status ? h('span', { class: 'sub' }, display(status, r.status)) : null);
  const rows = [...overdue.data, ...page.data];
  clear(box, h('h2', null, t('myTasks')),
    overdue.total ? h('p', { class: 'overdue-note' },
      h('a', { href: `#/l/task?filter=${q(overdueFilter)}` }, t('nOverdue', { n: overdue.total }))) : null,
    rows.length ? h('ul', { class: 'tasks' }, rows.map(item)) : h('p', { class: 'empty' }, t('nothingDue')),
    h('a', { class: 'more-link', href: `#/l/task?filter=${q(mine)}` }, t('allMyTasks')));
}

/** Remembers that the signed-in person opened a record (in this browser), for "Recent records" on Home. */
export function rememberRecent(entityName, id, title) {
  const key = `atrium.recent.${session.user.id}`;
  let list = [];
  try { list = JSON.parse(localStorage.getItem(key) || '[]'); } catch { list = []; }
  list = [{ entity: entityName, id, title }, ...list.filter(x => x.id !== id)].slice(0, RECENT);
  try { localStorage.setItem(key, JSON.stringify(list)); } catch { /* storage full or disabled: nothing to keep */ }
}

function renderRecent(box) {
  const key = `atrium.recent.${session.user.id}`;
  let list = [];
  try { list = JSON.parse(localStorage.getItem(key) || '[]'); } catch { list = []; }
  list = list.filter(x => entity(x.entity));
  clear(box, h('h2', null, t('recentRecords')), list.length ? h('ul', { class: 'recent' }, list.map(x => h('li', null,
    h('a', { href: `#/r/${x.entity}/${x.id}` }, x.title || entityLabel(entity(x.entity))),
    h('span', { class: 'sub' }, entityLabel(entity(x.entity))))))
    : h('p', { class: 'empty' }, t('noRecent')));
}

export async function renderInbox(box) {
  const res = await get('/api/v1/notifications?limit=10').catch(() => ({ data: [] }));
  clear(box, h('h2', null, t('notifications')), res.data.length ? h('ul', { class: 'inbox' }, res.data.map(n => h('li', { class: n.readAt ? 'read' : 'unread' },
    h('strong', null, n.title), n.body ? h('p', null, n.body) : null,
    n.entity && n.recordId && entity(n.entity) ? h('a', { href: `#/r/${n.entity}/${n.recordId}` }, t('details')) : null,
    h('time', null, fmtDateTime(n.createdAt || n.at)),
    !n.readAt ? h('button', { type: 'button', class: 'small', onclick: async () => { await post(`/api/v1/notifications/${n.id}/read`); renderInbox(box); } }, t('markRead')) : null)))
    : h('p', { class: 'empty' }, t('noNotifications')));
}
