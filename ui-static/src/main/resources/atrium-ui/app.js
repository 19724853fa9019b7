// Minimal browser app: log in, pick an entity, see its records. Rendered from metadata; values are
// only ever set as text (never innerHTML). The full app grows in ui-static as its APIs land.
const app = document.getElementById('app');
let csrf = null;
const lang = (navigator.language || 'en').startsWith('zh') ? 'zh-CN' : (navigator.language || 'en').slice(0, 2);
const label = (labels, fallback) => (labels && (labels[lang] || labels.en)) || fallback;

function el(tag, props = {}, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(props)) k.startsWith('on') ? e.addEventListener(k.slice(2), v) : e.setAttribute(k, v);
  for (const c of children) e.append(c instanceof Node ? c : document.createTextNode(c == null ? '' : String(c)));
  return e;
}

async function api(path, options = {}) {
  const headers = { 'Content-Type': 'application/json' };
  if (csrf && options.method && options.method !== 'GET') headers['X-CSRF-Token'] = csrf;
  const r = await fetch(path, { credentials: 'same-origin', ...options, headers });
  const body = r.status === 204 ? null : await r.json();
  if (!r.ok) throw Object.assign(new Error(body && body.detail || r.statusText), { status: r.status, body });
  return body;
}

function loginForm(message) {
  const email = el('input', { type: 'email', name: 'email', required: '', autocomplete: 'username', 'aria-label': 'Email' });
  const password = el('input', { type: 'password', name: 'password', required: '', autocomplete: 'current-password', 'aria-label': 'Password' });
  const error = el('p', { class: 'error', role: 'alert' }, message || '');
  const form = el('form', { class: 'login', onsubmit: async ev => {
    ev.preventDefault();
    try {
      const s = await api('/api/v1/auth/login', { method: 'POST', body: JSON.stringify({ email: email.value, password: password.value }) });
      csrf = s.csrfToken; start(s);
    } catch (e) { error.textContent = e.message; }
  } }, el('h1', {}, 'Sign in'), email, password, el('button', { type: 'submit' }, 'Sign in'), error);
  app.replaceChildren(form);
}

async function start(session) {
  document.getElementById('who').textContent = session.user.displayName;
  const meta = await api('/api/v1/metadata/entities');
  const section = el('section', {}, el('p', {}, 'Choose an entity.'));
  const nav = el('nav', { 'aria-label': 'Entities' }, ...meta.data.map(e =>
    el('button', { type: 'button', onclick: () => showList(e, section) }, label(e.pluralLabel, e.name))));
  app.replaceChildren(nav, section);
}

async function showList(entity, section) {
  const fields = entity.fields.filter(f => f.type !== 'many_to_many').slice(0, 6);
  const page = await api(`/api/v1/records/${encodeURIComponent(entity.name)}?limit=50&count=true`);
  const show = v => v == null ? '' : typeof v === 'object' ? (v.amount != null ? `${v.amount} ${v.currency || ''}` : JSON.stringify(v)) : v;
  section.replaceChildren(
    el('h2', {}, `${label(entity.pluralLabel, entity.name)} (${page.total})`),
    el('table', {}, el('thead', {}, el('tr', {}, ...fields.map(f => el('th', {}, label(f.label, f.name))))),
      el('tbody', {}, ...page.data.map(r => el('tr', {}, ...fields.map(f => el('td', {}, show(r[f.name]))))))));
}

api('/api/v1/auth/session').then(s => { csrf = s.csrfToken; start(s); }).catch(() => loginForm());
