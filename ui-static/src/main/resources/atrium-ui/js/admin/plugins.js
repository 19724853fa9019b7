// The plugin manager: state, errors, extensions; upload a jar; enable per tenant with the settings
// form rendered from the plugin's declared ConfigProperties and the access it asks for.
import { h, clear, toast, modal } from '../dom.js';
import { get, post, api, del } from '../api.js';
import { t } from '../i18n.js';
import { showProblems } from './deploy.js';
import { confirmDialog } from '../views/list.js';
import { session } from '../meta.js';

export async function pluginsPage(root) {
  const res = await get('/api/v1/plugins');
  const file = h('input', { type: 'file', id: 'plugin-file', accept: '.jar' });
  // installing and removing affect every organisation on the platform: platform operators only
  const operator = session && session.user.operator;
  clear(root, h('div', { class: 'page-head' }, h('h1', null, t('plugins'))),
    operator ? null : h('p', { class: 'help' }, t('pluginsOperatorOnly')),
    !operator ? null : h('div', { class: 'toolbar' }, h('label', { for: 'plugin-file' }, t('upload')), file,
      h('button', { type: 'button', class: 'primary', onclick: async () => {
        if (!file.files[0]) return;
        try {
          await api('/api/v1/plugins', { method: 'POST', body: await file.files[0].arrayBuffer(), raw: true, headers: { 'Content-Type': 'application/java-archive' } });
          toast(t('saved'));
          pluginsPage(root);
        } catch (err) { showProblems(err); }
      } }, t('upload'))),
    h('div', { class: 'plugin-list' }, res.data.map(p => h('section', { class: 'card-block plugin', dataset: { plugin: p.id } },
      h('h2', null, p.id, ' ', h('small', null, p.version || '')),
      p.description ? h('p', null, p.description) : null,
      h('p', null, `${t('state')}: ${p.state}${p.enabled ? ` · ${t('enable')} ✓` : ''}${p.signedBy ? ` · ${p.signedBy}` : ''}`),
      p.error ? h('p', { class: 'error' }, p.error) : null,
      p.extensions ? h('p', { class: 'sub' }, p.extensions.map(x => `${x.kind}: ${x.id}`).join(' · ')) : null,
      h('div', { class: 'buttons' },
        p.state === 'started' ? h('button', { type: 'button', class: 'primary', onclick: () => enable(p) }, p.enabled ? t('settings') : t('enable')) : null,
        p.enabled ? h('button', { type: 'button', onclick: async () => { await post(`/api/v1/plugins/${p.id}/disable`); pluginsPage(root); } }, t('disable')) : null,
        !operator ? null : h('button', { type: 'button', class: 'danger', onclick: async () => {
          if (!await confirmDialog(`${t('remove')} ${p.id}?`)) return;
          try { await del(`/api/v1/plugins/${p.id}`); pluginsPage(root); } catch (err) { showProblems(err); }
        } }, t('remove')))))));

  async function enable(p) {
    const values = await modal(`${p.id}: ${t('settings')}`, close => {
      const inputs = new Map();
      const form = h('form', { class: 'plugin-settings' });
      for (const s of p.settings || []) {
        const id = `setting-${s.name}`;
        const current = p.values ? p.values[s.name] : null;
        const el = s.type === 'boolean' ? h('input', { id, type: 'checkbox', checked: (current ?? s.default) === 'true' })
          : s.type === 'json' ? h('textarea', { id, rows: '5' })
          : h('input', { id, type: s.secret ? 'password' : s.type === 'number' ? 'number' : s.type === 'email' ? 'email' : s.type === 'url' ? 'url' : 'text',
            value: s.secret ? '' : current ?? '', placeholder: s.secret && current ? '********' : s.default || '', required: s.required && !(s.secret && current) });
        if (s.type === 'json') el.value = current ?? '';
        inputs.set(s.name, el);
        form.append(h('label', { for: id }, s.label, s.required ? ' *' : ''), el, s.help ? h('p', { class: 'help' }, s.help) : null,
          h('p', { class: 'field-error', id: `${id}-err` }));
      }
      const grant = h('input', { type: 'checkbox', id: 'grant-access', checked: !(p.access || []).length });
      if ((p.access || []).length) {
        form.append(h('fieldset', null, h('legend', null, t('grantAccess')),
          h('ul', null, p.access.map(a => h('li', null, `${a.entity}: ${a.operations.join(', ')}`))), h('label', { class: 'check' }, grant, t('grantAccess'))));
      }
      form.append(h('div', { class: 'buttons' }, h('button', { type: 'submit', class: 'primary' }, t('save')), h('button', { type: 'button', onclick: () => close(null) }, t('cancel'))));
      form.addEventListener('submit', ev => {
        ev.preventDefault();
        const settings = {};
        for (const [k, el] of inputs) {
          const v = el.type === 'checkbox' ? String(el.checked) : el.value;
          if (v !== '') settings[k] = v;
        }
        close({ settings, grantAccess: grant.checked });
      });
      return form;
    });
    if (!values) return;
    try {
      await post(`/api/v1/plugins/${p.id}/enable`, values);
      toast(t('saved'));
      pluginsPage(root);
    } catch (err) { showProblems(err); }
  }
}
