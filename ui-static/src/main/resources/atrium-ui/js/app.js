// The Atrium app: sign-in, the shell (navigation from metadata, global search, live notifications,
// language switch) and a hash router over the screens. Everything is rendered from the user's metadata.
import { reportsPage, reportPage } from './views/reports.js';
import { builderPage } from './views/builder.js';
import { importPage } from './views/imports.js';
import { dashboardsPage, dashboardPage } from './views/dashboards.js';
import { icon, h, clear, toast, modal } from './dom.js';
import { get, post, patch, setCsrf, ApiError } from './api.js';
import { t, label, LOCALES, locale, setLocale, setTimeZone, timeZone } from './i18n.js';
import { suggestions } from './searchbox.js';
import { loadMeta, reloadMeta, metadataChanged, allEntities, entityLabel, setSession, session, isAdmin } from './meta.js';
import { listPage } from './views/list.js';
import { recordPage } from './views/record.js';
import { formPage } from './views/form.js';
import { homePage, renderInbox } from './views/home.js';
import { searchPage } from './views/search.js';
import { objectsPage, objectPage } from './admin/objects.js';
import { layoutPage } from './admin/layout.js';
import { rulesPage } from './admin/rules.js';
import { workflowsPage } from './admin/workflows.js';
import { usersPage, permissionsPage } from './admin/access.js';
import { auditPage, deploymentsPage } from './admin/audit.js';
import { pluginsPage } from './admin/plugins.js';
import { packagesPage } from './admin/packages.js';
import { processesPage } from './admin/processes.js';

const app = document.getElementById('app');
let pluginNav = [];
let events = null;

function loginPage(message) {
  document.body.classList.add('signed-out');
  const params = new URLSearchParams(location.search);
  const tenant = h('input', { id: 'login-tenant', name: 'tenant', required: true, autocomplete: 'organization', value: params.get('tenant') || localStorage.getItem('atrium.tenant') || '' });
  const email = h('input', { id: 'login-email', name: 'email', type: 'text', inputmode: 'email', autocapitalize: 'off', spellcheck: 'false', required: true, autocomplete: 'username' });
  const password = h('input', { id: 'login-password', name: 'password', type: 'password', required: true, autocomplete: 'current-password' });
  const error = h('p', { class: 'error', role: 'alert', id: 'login-error' }, message || '');
  const lang = languageSelect(() => loginPage(message));
  clear(app, h('form', { class: 'login card-block', onsubmit: async ev => {
    ev.preventDefault();
    try {
      const s = await post('/api/v1/auth/login', { tenant: tenant.value.trim(), email: email.value.trim(), password: password.value });
      localStorage.setItem('atrium.tenant', tenant.value.trim());
      await start(s);
    } catch (err) {
      error.textContent = err.message;
      password.value = '';
      password.focus();
    }
  } }, h('h1', null, 'Atrium'), h('label', { for: 'login-tenant' }, t('tenant')), tenant, h('label', { for: 'login-email' }, t('email')), email,
    h('label', { for: 'login-password' }, t('password')), password, h('button', { type: 'submit', class: 'primary', id: 'login-submit' }, t('signIn')), error, lang));
  (tenant.value ? email : tenant).focus();
}

/** The person's own settings: language and time zone, saved on their profile. */
async function preferences() {
  const zones = Intl.supportedValuesOf ? Intl.supportedValuesOf('timeZone') : [timeZone()];
  const saved = await modal(t('preferences'), close => {
    const lang = h('select', { id: 'pref-locale' }, Object.entries(LOCALES).map(([k, v]) => h('option', { value: k, selected: k === locale() }, v)));
    const tz = h('select', { id: 'pref-zone' }, h('option', { value: '' }, t('browserZone')), zones.map(z => h('option', { value: z }, z)));
    tz.value = session.user.timeZone || '';
    return h('form', { onsubmit: ev => { ev.preventDefault(); close({ locale: lang.value, timeZone: tz.value || null }); } },
      h('label', { for: 'pref-locale' }, t('language')), lang, h('label', { for: 'pref-zone' }, t('timeZone')), tz,
      h('div', { class: 'buttons' }, h('button', { type: 'submit', class: 'primary', id: 'pref-save' }, t('save')),
        h('button', { type: 'button', onclick: () => close(null) }, t('cancel'))));
  });
  if (!saved) return;
  try {
    await patch(`/api/v1/users/${session.user.id}`, saved);
    session.user.locale = saved.locale;
    session.user.timeZone = saved.timeZone;
    setLocale(saved.locale);
    setTimeZone(saved.timeZone);
    shell();
    route();
    toast(t('saved'));
  } catch (err) { toast((err.errors[0] && err.errors[0].message) || err.message, 'error'); }
}

function languageSelect(onChange) {
  const sel = h('select', { id: 'language', 'aria-label': t('language') }, Object.entries(LOCALES).map(([k, v]) => h('option', { value: k, selected: k === locale() }, v)));
  sel.addEventListener('change', () => { setLocale(sel.value); onChange(); });
  return sel;
}

async function start(s) {
  setSession(s);
  setCsrf(s.csrfToken);
  if (s.user.locale && !localStorage.getItem('atrium.locale') && LOCALES[s.user.locale]) setLocale(s.user.locale);
  setTimeZone(s.user.timeZone);
  await loadMeta();
  pluginNav = (await get('/api/v1/plugins/navigation').catch(() => ({ data: [] }))).data;
  document.body.classList.remove('signed-out');
  shell();
  listen();
  route();
}

function shell() {
  const search = h('input', { type: 'search', id: 'global-search', 'aria-label': t('search'), placeholder: t('search') });
  const bell = h('a', { href: '#/', class: 'bell', id: 'bell', 'aria-label': t('notifications') }, icon('bell'), h('span', { class: 'bell-label' }, t('notifications')), ' ', h('span', { class: 'badge', id: 'unread' }));
  const menu = h('button', { type: 'button', class: 'menu-toggle', 'aria-label': 'menu', 'aria-expanded': 'false', onclick: () => {
    const open = document.body.classList.toggle('nav-open');
    menu.setAttribute('aria-expanded', String(open));
  } }, '☰');
  const signOut = async () => { await post('/api/v1/auth/logout').catch(() => null); if (events) events.close(); setSession(null); loginPage(); };
  // on a phone the search box opens over the header (full width) instead of being squeezed into it
  const searchForm = h('form', { class: 'search', role: 'search', onsubmit: ev => {
    ev.preventDefault();
    document.body.classList.remove('search-open');
    if (search.value.trim()) location.hash = `#/search?q=${encodeURIComponent(search.value.trim())}`;
  } }, search, suggestions(search, () => document.body.classList.remove('search-open')), h('button', { type: 'button', class: 'search-close', 'aria-label': t('close'), onclick: () => document.body.classList.remove('search-open') }, '×'));
  const searchOpen = h('button', { type: 'button', class: 'search-open', id: 'search-open', 'aria-label': t('search'), onclick: () => {
    document.body.classList.add('search-open');
    search.focus();
  } }, icon('search'));
  const header = h('header', { class: 'top' }, menu, h('a', { href: '#/', class: 'brand' }, 'Atrium'),
    searchForm, searchOpen, bell, languageSelect(() => { shell(); route(); }),
    h('button', { type: 'button', class: 'link who', id: 'who', onclick: preferences }, session.user.displayName),
    h('button', { type: 'button', class: 'link', id: 'sign-out', onclick: signOut }, icon('box-arrow-right'), t('signOut')));
  const nav = h('nav', { class: 'side', 'aria-label': 'main' },
    h('a', { href: '#/', dataset: { route: 'home' } }, icon('house'), t('home')),
    h('a', { href: '#/reports', id: 'nav-reports', dataset: { route: 'reports' } }, icon('bar-chart'), t('reports')),
    h('a', { href: '#/dashboards', id: 'nav-dashboards', dataset: { route: 'dashboards' } }, icon('speedometer2'), t('dashboards')),
    appGroups().map(([name, list]) => [h('h2', null, name),
      list.map(e => h('a', { href: `#/l/${e.name}`, dataset: { route: `l/${e.name}` } }, icon(entityIcon(e)), entityLabel(e, true)))]),
    pluginNav.length ? [h('h2', null, t('plugins')), pluginNav.map(n => h('a', { href: n.path }, label({ en: n.label, ...(n.labels || {}) }, n.label)))] : null,
    isAdmin() ? [h('h2', null, t('admin')),
      h('a', { href: '#/admin/objects', dataset: { route: 'admin/objects' } }, icon('boxes'), t('objects')),
      h('a', { href: '#/admin/users', dataset: { route: 'admin/users' } }, icon('people'), t('users')),
      h('a', { href: '#/admin/permissions', dataset: { route: 'admin/permissions' } }, icon('shield-lock'), t('permissionSets')),
      h('a', { href: '#/admin/audit', dataset: { route: 'admin/audit' } }, icon('clock-history'), t('audit')),
      h('a', { href: '#/admin/deployments', dataset: { route: 'admin/deployments' } }, icon('rocket-takeoff'), t('deployments')),
      h('a', { href: '#/admin/packages', dataset: { route: 'admin/packages' } }, icon('box-seam'), t('packages')),
      h('a', { href: '#/admin/plugins', dataset: { route: 'admin/plugins' } }, icon('puzzle'), t('plugins'))] : null,
    // the person's own menu, in the drawer on a phone (the header has no room for it there)
    h('div', { class: 'nav-user' }, h('h2', null, session.user.displayName),
      h('button', { type: 'button', class: 'link', id: 'nav-preferences', onclick: () => { document.body.classList.remove('nav-open'); preferences(); } }, t('preferences')),
      h('button', { type: 'button', class: 'link', id: 'nav-sign-out', onclick: signOut }, t('signOut'))));
  const main = document.getElementById('main') || h('main', { id: 'main', tabindex: '-1' });
  document.getElementById('shell').replaceChildren(header, nav, main);
  app.replaceChildren();
  refreshUnread();
}

/** An object's icon in the navigation: its metadata's `ui.icon` (a Bootstrap Icons name), else by kind. */
const KNOWN_ICONS = { account: 'building', contact: 'person', lead: 'person-plus', opportunity: 'graph-up-arrow', case: 'life-preserver',
  task: 'check2-square', activity: 'calendar-event', campaign: 'megaphone', product: 'box', quote: 'file-earmark-text',
  order: 'cart', invoice: 'receipt', payment: 'cash-coin', contract: 'file-earmark-check', knowledge_article: 'journal-text' };
function entityIcon(e) {
  const own = e.ui && e.ui.icon;
  return own && /^[a-z0-9-]+$/.test(own) ? own : KNOWN_ICONS[e.name] || 'journal-text';
}

/** Entities grouped by their app (ui.app, translated); entities without one under "Objects", last. */
function appGroups() {
  const groups = new Map();
  for (const e of allEntities()) {
    const name = e.ui && e.ui.app ? label(e.ui.app, t('navObjects')) : t('navObjects');
    if (!groups.has(name)) groups.set(name, []);
    groups.get(name).push(e);
  }
  const other = t('navObjects');
  return [...groups.entries()].sort((a, b) => (a[0] === other) - (b[0] === other));
}

async function refreshUnread() {
  const res = await get('/api/v1/notifications?unread=true&limit=1').catch(() => null);
  const badge = document.getElementById('unread');
  if (badge && res) badge.textContent = res.unread ? String(res.unread) : '';
}

function listen() {
  if (events) events.close();
  events = new EventSource('/api/v1/notifications/stream');
  events.addEventListener('notification', ev => {
    try {
      const n = JSON.parse(ev.data);
      toast(n.title);
    } catch { /* a malformed event changes nothing */ }
    refreshUnread();
    const inbox = document.getElementById('inbox');
    if (inbox) renderInbox(inbox);
  });
}

async function route() {
  const main = document.getElementById('main');
  if (!main || !session) return;
  document.body.classList.remove('nav-open');
  const raw = location.hash.replace(/^#\/?/, '');
  const [path, query] = raw.split('?');
  const params = new URLSearchParams(query || '');
  const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
  for (const a of document.querySelectorAll('nav.side a')) a.toggleAttribute('aria-current', a.dataset.route === (parts.length ? parts.slice(0, 2).join('/') : 'home') || (['reports', 'dashboards'].includes(parts[0]) && a.dataset.route === parts[0]));
  try {
    if (await metadataChanged()) await reloadMeta();
    if (!parts.length) await homePage(main);
    else if (parts[0] === 'l') await listPage(main, parts[1], params);
    else if (parts[0] === 'r' && parts[2] === 'new') await formPage(main, parts[1], null, params);
    else if (parts[0] === 'r' && parts[3] === 'edit') await formPage(main, parts[1], parts[2]);
    else if (parts[0] === 'r') await recordPage(main, parts[1], parts[2]);
    else if (parts[0] === 'import') await importPage(main, parts[1]);
    else if (parts[0] === 'reports' && parts[1] === 'new') await builderPage(main);
    else if (parts[0] === 'reports' && parts[1] === 'edit') await builderPage(main, parts[2], parts[3]);
    else if (parts[0] === 'reports' && parts.length === 3) await reportPage(main, parts[1], parts[2]);
    else if (parts[0] === 'reports') await reportsPage(main);
    else if (parts[0] === 'dashboards' && parts.length === 3) await dashboardPage(main, parts[1], parts[2], params);
    else if (parts[0] === 'dashboards') await dashboardsPage(main);
    else if (parts[0] === 'search') await searchPage(main, params.get('q') || '');
    else if (parts[0] === 'admin') await adminRoute(main, parts.slice(1), params);
    else clear(main, h('p', null, t('unknownError')));
    main.focus({ preventScroll: true });
  } catch (err) {
    if (err instanceof ApiError && err.status === 401) { loginPage(); return; }
    clear(main, h('p', { class: 'error', role: 'alert' }, err.message || t('unknownError')));
  }
}

async function adminRoute(main, parts, params) {
  switch (parts[0]) {
    case 'objects': return parts[1] ? objectPage(main, parts[1]) : objectsPage(main);
    case 'layout': return layoutPage(main, parts[1]);
    case 'rules': return rulesPage(main, parts[1]);
    case 'workflows': return workflowsPage(main, parts[1]);
    case 'processes': return processesPage(main, parts[1]);
    case 'users': return usersPage(main);
    case 'permissions': return permissionsPage(main, parts[1]);
    case 'audit': return auditPage(main, params);
    case 'deployments': return deploymentsPage(main);
    case 'plugins': return pluginsPage(main);
    case 'packages': return packagesPage(main);
    default: return clear(main, h('p', null, t('unknownError')));
  }
}

window.addEventListener('hashchange', route);
// a deployment from the object manager or the layout designer changes the navigation too
window.addEventListener('atrium:meta', () => { if (session) shell(); });

get('/api/v1/auth/session').then(start).catch(() => loginPage());
