// Users and permission sets: create users, and a matrix of entity × create/read/edit/delete with
// per-field read/edit, saved as a permission set. Plus the permission explainer.
import { h, clear, toast, modal } from '../dom.js';
import { get, post, put, patch, q } from '../api.js';
import { t, label } from '../i18n.js';
import { session, allEntities, entity, entityLabel, field, fieldLabel } from '../meta.js';
import { input } from '../fields.js';
import { showProblems } from './deploy.js';

/** The explainer's answer in sentences: the verdict, the field's, then each reason checked. */
function explanation(res, u, e, title) {
  const who = u.displayName || u.email;
  const key = res.canEdit ? 'explainEdit' : res.canRead ? 'explainRead' : 'explainNone';
  const f = res.field && field(e, res.field.name);
  const fieldKey = res.field ? (res.field.canEdit ? 'explainFieldEdit' : res.field.canRead ? 'explainFieldRead' : 'explainFieldNone') : null;
  return h('div', null,
    h('p', { class: `verdict ${res.canRead ? 'yes' : 'no'}` }, t(key, { who, record: title || entityLabel(e) })),
    fieldKey ? h('p', { class: `verdict ${res.field.canRead ? 'yes' : 'no'}` }, t(fieldKey, { who, field: f ? fieldLabel(f) : res.field.name }),
      ' ', h('span', { class: 'sub' }, `(${res.field.reason})`)) : null,
    h('h3', null, t('explainWhy')), h('ul', { class: 'trace' }, res.trace.map(x => h('li', null, x))));
}

/** A hand-over's preview: how many records of each object move, to whom. */
function handoverPreview(res, people) {
  const entries = Object.entries(res.records || {});
  if (!entries.length) return h('p', null, t('handoverNothing'));
  return h('div', null, h('p', null, t('handoverSummary', { n: res.total, to: people })),
    h('table', { class: 'compact', id: 'handover-preview' }, h('thead', null, h('tr', null, h('th', null, t('object')), h('th', null, t('recordsMoving')))),
      h('tbody', null, entries.map(([name, n]) => h('tr', null, h('td', null, entity(name) ? entityLabel(entity(name), true) : name),
        h('td', { class: 'num' }, String(n)))))));
}

export async function usersPage(root) {
  const [users, sets, roles] = await Promise.all([get('/api/v1/users'), get('/api/v1/access/permission-sets'), get('/api/v1/access/roles')]);
  const setName = new Map(sets.data.map(s => [s.id, s.name]));
  const roleName = new Map(roles.data.map(r => [r.id, r.name]));
  clear(root, h('div', { class: 'page-head' }, h('h1', null, t('users'))),
    h('div', { class: 'toolbar' }, h('button', { type: 'button', class: 'primary', id: 'new-user', onclick: () => newUser(sets.data) }, t('newUser')),
      h('a', { class: 'button', href: '#/admin/permissions' }, t('permissionSets'))),
    h('table', { class: 'records' }, h('thead', null, h('tr', null, h('th', null, t('displayName')), h('th', null, t('email')), h('th', null, t('isAdmin')),
      h('th', null, t('roles')), h('th', null, t('permissionSets')), h('th', null, ''))),
      h('tbody', null, users.data.map(u => h('tr', { class: u.active === false ? 'inactive' : '', dataset: { user: u.email } },
        h('td', null, u.displayName || u.name || ''), h('td', null, u.email),
        h('td', null, u.admin ? t('yes') : t('no')), h('td', null, u.roleId ? roleName.get(u.roleId) || '' : ''),
        h('td', null, (u.permissionSets || []).map(id => setName.get(id) || id).join(', ')),
        h('td', null, u.active === false ? t('inactive') : [
          h('button', { type: 'button', class: 'small', onclick: () => explain(u) }, t('explain')),
          u.id !== session.user.id ? h('button', { type: 'button', class: 'small danger deactivate', onclick: () => deactivate(u, users.data) }, t('deactivate')) : null]))))),
    h('h2', null, t('roles')), rolesEditor(roles.data));

  function rolesEditor(list) {
    const nameIn = h('input', { id: 'role-name', 'aria-label': t('roles') });
    const parent = h('select', { id: 'role-parent', 'aria-label': 'parent' }, h('option', { value: '' }, t('none')), list.map(r => h('option', { value: r.id }, r.name)));
    return h('div', null, h('ul', null, list.map(r => h('li', null, r.name, r.parentId ? ` ← ${roleName.get(r.parentId) || ''}` : ''))),
      h('form', { class: 'toolbar', onsubmit: async ev => {
        ev.preventDefault();
        try { await post('/api/v1/access/roles', { name: nameIn.value, parent: parent.value || null }); toast(t('saved')); usersPage(root); }
        catch (err) { showProblems(err); }
      } }, nameIn, parent, h('button', { type: 'submit' }, t('add'))));
  }

  async function deactivate(u, all) {
    const others = all.filter(x => x.id !== u.id && x.active !== false);
    const v = await modal(`${t('deactivate')}: ${u.email}`, close => {
      const to = h('select', { id: 'successor', multiple: true }, others.map(o => h('option', { value: o.id }, o.email)));
      const preview = h('div', { class: 'handover-out', role: 'status' });
      return h('form', { onsubmit: ev => { ev.preventDefault(); close([...to.selectedOptions].map(o => o.value)); } },
        h('label', { for: 'successor' }, t('successor')), to, preview,
        h('div', { class: 'buttons' },
          h('button', { type: 'button', onclick: async () => {
            const ids = [...to.selectedOptions].map(o => o.value);
            if (!ids.length) return;
            const people = [...to.selectedOptions].map(o => o.textContent).join(', ');
            try { clear(preview, handoverPreview(await post(`/api/v1/users/${u.id}/handover`, { to: ids, dryRun: true }), people)); }
            catch (err) { clear(preview, h('p', { class: 'error' }, err.message)); }
          } }, t('dryRun')),
          h('button', { type: 'submit', class: 'danger' }, t('deactivate')), h('button', { type: 'button', onclick: () => close(null) }, t('cancel'))));
    });
    if (!v) return;
    try {
      if (v.length) await post(`/api/v1/users/${u.id}/handover`, { to: v });
      await patch(`/api/v1/users/${u.id}`, { active: false });
      toast(t('saved'));
      usersPage(root);
    } catch (err) { showProblems(err); }
  }

  async function explain(u) {
    await modal(`${t('explain')}: ${u.displayName || u.email}`, close => {
      const ent = h('select', { id: 'explain-entity' }, allEntities().map(x => h('option', { value: x.name }, entityLabel(x))));
      const recBox = h('span', { class: 'explain-record' });
      const fld = h('select', { id: 'explain-field' });
      let rec = null;
      const pick = () => {
        const e = entity(ent.value);
        rec = input({ name: 'explain_record', type: 'lookup', target: e.name }, null, 'explain-record');
        recBox.replaceChildren(rec.el);
        fld.replaceChildren(h('option', { value: '' }, t('noField')), ...e.fields.map(f => h('option', { value: f.name }, fieldLabel(f))));
      };
      ent.addEventListener('change', pick);
      pick();
      const out = h('div', { class: 'explain-out', role: 'status', id: 'explain-out' });
      return h('form', { onsubmit: async ev => {
        ev.preventDefault();
        const id = rec.read();
        if (!id) { clear(out, h('p', { class: 'error' }, t('pickFromList'))); return; }
        const params = new URLSearchParams({ user: u.id, entity: ent.value, id });
        if (fld.value) params.set('field', fld.value);
        try {
          const res = await get(`/api/v1/access/explain?${params}`);
          clear(out, explanation(res, u, entity(ent.value), document.getElementById('explain-record').value));
        } catch (err) { clear(out, h('p', { class: 'error' }, err.message)); }
      } }, h('label', { for: 'explain-entity' }, t('object')), ent, h('label', { for: 'explain-record' }, t('record')), recBox,
        h('label', { for: 'explain-field' }, t('field')), fld,
        h('div', { class: 'buttons' }, h('button', { type: 'submit', class: 'primary' }, t('explain')), h('button', { type: 'button', onclick: () => close(null) }, t('close'))), out);
    });
  }

  // the user is created from inside the dialog: a refused one (weak password, e-mail taken) keeps
  // everything typed and says what to fix next to the field it concerns
  async function newUser(permissionSets) {
    const created = await modal(t('newUser'), close => {
      const name = h('input', { id: 'user-name', required: true });
      const email = h('input', { id: 'user-email', type: 'email', required: true });
      const password = h('input', { id: 'user-password', type: 'password', required: true, minlength: '10', autocomplete: 'new-password' });
      const admin = h('input', { id: 'user-admin', type: 'checkbox' });
      const ps = h('select', { id: 'user-sets', multiple: true }, permissionSets.map(s => h('option', { value: s.id }, s.name)));
      const problem = h('p', { class: 'field-error', id: 'user-problem', role: 'alert' });
      const inputs = { displayName: name, email, password };
      const submit = async ev => {
        ev.preventDefault();
        problem.textContent = '';
        for (const el of Object.values(inputs)) el.removeAttribute('aria-invalid');
        try {
          await post('/api/v1/users', { displayName: name.value, email: email.value, password: password.value, admin: admin.checked,
            permissionSets: [...ps.selectedOptions].map(o => o.value) });
          close(true);
        } catch (err) {
          const first = (err.errors || [])[0];
          const at = first && first.pointer ? inputs[first.pointer.split('/')[1]] : null;
          problem.textContent = first ? first.message : err.message;
          if (at) { at.setAttribute('aria-invalid', 'true'); at.setAttribute('aria-describedby', 'user-problem'); at.focus(); }
        }
      };
      return h('form', { onsubmit: submit },
        h('label', { for: 'user-name' }, t('displayName')), name, h('label', { for: 'user-email' }, t('email')), email,
        h('label', { for: 'user-password' }, t('password')), password, h('label', { class: 'check' }, admin, t('isAdmin')),
        h('label', { for: 'user-sets' }, t('permissionSets')), ps, problem,
        h('div', { class: 'buttons' }, h('button', { type: 'submit', class: 'primary' }, t('save')), h('button', { type: 'button', onclick: () => close(null) }, t('cancel'))));
    });
    if (!created) return;
    toast(t('created'));
    usersPage(root);
  }
}

const ALL = '*';
const COMPUTED = new Set(['formula', 'rollup', 'autonumber']);

export async function permissionsPage(root, id) {
  const [sets, meta] = await Promise.all([get('/api/v1/access/permission-sets'), get('/api/v1/metadata/entities')]);
  const current = id ? sets.data.find(s => s.id === id) : null;
  const def = structuredClone((current && current.definition) || { entities: {} });
  const name = h('input', { id: 'set-name', required: true, value: current ? current.name : '' });
  const ops = ['read', 'create', 'edit', 'delete', 'viewAll'];
  const matrix = h('table', { class: 'records matrix' }, h('thead', null, h('tr', null, h('th', null, ''), ops.map(o => h('th', null, t(o === 'edit' ? 'editPerm' : o === 'delete' ? 'deletePerm' : o))), h('th', null, t('fieldAccess')))),
    h('tbody', null, meta.data.map(e => {
      const g = def.entities[e.name] || (def.entities[e.name] = {});
      g.fields = g.fields || {};
      const warn = h('p', { class: 'perm-warning', role: 'status', dataset: { entity: e.name }, hidden: true });
      const check = () => {
        const all = g.fields[ALL] || {};
        const required = e.fields.filter(f => f.required && !COMPUTED.has(f.type));
        const missing = g.create || g.edit ? required.filter(f => !all.edit && !(g.fields[f.name] && g.fields[f.name].edit)) : [];
        const blind = g.read && !Object.keys(g.fields).length;
        warn.hidden = !missing.length && !blind;
        warn.textContent = missing.length ? t('permRequired', { fields: missing.map(f => label(f.label, f.name)).join(', ') })
          : blind ? t('permNoFields') : '';
      };
      const fieldRow = (key, text) => {
        const fg = g.fields[key] || {};
        const r = h('input', { type: 'checkbox', class: 'f-read', dataset: { entity: e.name, field: key }, checked: !!(fg.read || fg.edit), 'aria-label': `${text} ${t('read')}` });
        const w = h('input', { type: 'checkbox', class: 'f-edit', dataset: { entity: e.name, field: key }, checked: !!fg.edit, 'aria-label': `${text} ${t('editPerm')}` });
        const sync = () => {
          g.fields[key] = w.checked ? { edit: true } : r.checked ? { read: true } : undefined;
          if (!g.fields[key]) delete g.fields[key];
          check();
        };
        r.addEventListener('change', () => { if (!r.checked) w.checked = false; sync(); });
        w.addEventListener('change', () => { if (w.checked) r.checked = true; sync(); });
        return h('tr', { class: key === ALL ? 'all-fields' : null }, h('td', null, text), h('td', null, r, t('read')), h('td', null, w, t('editPerm')));
      };
      const fieldBox = h('details', null, h('summary', null, t('fieldAccess')), h('table', null,
        fieldRow(ALL, t('allFields')), e.fields.map(f => fieldRow(f.name, label(f.label, f.name)))));
      check();
      return h('tr', { dataset: { entity: e.name } }, h('th', null, label(e.label, e.name)),
        ops.map(o => h('td', null, h('input', { type: 'checkbox', class: `op-${o}`, 'aria-label': `${e.name} ${o}`, checked: !!g[o],
          onchange: ev => { g[o] = ev.target.checked; check(); } }))), h('td', null, warn, fieldBox));
    })));
  clear(root, h('div', { class: 'page-head' }, h('h1', null, t('permissionSets'))),
    h('div', { class: 'toolbar' }, h('select', { 'aria-label': t('permissionSets'), onchange: ev => { location.hash = ev.target.value ? `#/admin/permissions/${ev.target.value}` : '#/admin/permissions'; } },
      h('option', { value: '' }, t('new')), sets.data.map(s => h('option', { value: s.id, selected: s.id === id }, s.name)))),
    h('label', { for: 'set-name' }, t('displayName')), name, matrix, adminBox(def),
    h('div', { class: 'buttons' }, h('button', { type: 'button', class: 'primary', id: 'save-set', onclick: async () => {
      for (const k of Object.keys(def.entities)) {
        const g = def.entities[k];
        if (g.fields && !Object.keys(g.fields).length) delete g.fields;
        if (!g.read && !g.create && !g.edit && !g.delete) delete def.entities[k];
      }
      try {
        const saved = current ? await put(`/api/v1/access/permission-sets/${current.id}`, { name: name.value, definition: def })
          : await post('/api/v1/access/permission-sets', { name: name.value, definition: def });
        toast(t('saved'));
        location.hash = `#/admin/permissions/${saved.id}`;
      } catch (err) { showProblems(err); }
    } }, t('save'))));
}

// The admin permissions, each with what it amounts to in plain words: some reach further than their name.
function adminBox(def) {
  def.admin = def.admin || {};
  return h('fieldset', { class: 'admin-permissions' }, h('legend', null, t('adminPermissions')),
    ['manageUsers', 'manageAccess', 'manageMetadata', 'viewAudit'].map(p => {
      const box = h('input', { type: 'checkbox', id: `adm-${p}`, checked: !!def.admin[p],
        onchange: ev => { if (ev.target.checked) def.admin[p] = true; else delete def.admin[p]; } });
      return h('div', { class: 'admin-permission' }, h('label', { class: 'check', for: `adm-${p}` }, box, p),
        h('p', { class: 'help', id: `adm-${p}-help` }, t(`perm_${p}`)));
    }));
}

