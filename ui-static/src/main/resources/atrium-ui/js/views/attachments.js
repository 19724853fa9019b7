// A record's attachments: upload (edit access), thumbnails of real images, downloads, removal. The
// server decides a file's type from its bytes; only images are ever shown in place.
import { h, clear, toast } from '../dom.js';
import { confirmDialog } from './list.js';
import { api, get, del, q } from '../api.js';
import { t, fmtDateTime, fmtNumber } from '../i18n.js';

function size(n) {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${fmtNumber(Math.round(n / 102.4) / 10)} KB`;
  return `${fmtNumber(Math.round(n / 104857.6) / 10)} MB`;
}

export async function attachmentsPanel(e, id) {
  const box = h('div', { class: 'attachments' });
  const input = h('input', { type: 'file', id: 'attach-file', multiple: true });
  input.addEventListener('change', async () => {
    for (const f of input.files) {
      try {
        await api(`/api/v1/records/${e.name}/${id}/attachments?name=${q(f.name)}`, { method: 'POST', body: f, raw: true,
          headers: { 'Content-Type': 'application/octet-stream' } });
        toast(t('attached', { name: f.name }));
      } catch (err) { toast(err.status === 413 ? t('fileTooLarge') : err.message, 'error'); }
    }
    input.value = '';
    render();
  });
  async function render() {
    const list = (await get(`/api/v1/records/${e.name}/${id}/attachments`)).data;
    clear(box, e.access && e.access.edit ? h('p', null, h('label', { for: 'attach-file' }, t('attachFiles')), ' ', input) : null,
      list.length ? h('ul', { class: 'attachment-list', id: 'attachment-list' }, list.map(a => h('li', { dataset: { file: a.id } },
        a.image ? h('img', { src: `/api/v1/files/${a.id}?inline=true`, alt: '', class: 'thumb', loading: 'lazy' }) : h('span', { class: 'file-icon', 'aria-hidden': 'true' }, '📄'),
        h('a', { href: `/api/v1/files/${a.id}`, download: a.name, class: 'file-name' }, a.name),
        h('span', { class: 'muted' }, ` ${size(a.size)} · ${fmtDateTime(a.createdAt)}`),
        e.access && e.access.edit ? h('button', { type: 'button', class: 'small', 'aria-label': `${t('remove')}: ${a.name}`, onclick: async () => {
          if (!await confirmDialog(t('confirmRemoveFile', { name: a.name }))) return;
          await del(`/api/v1/files/${a.id}`);
          render();
        } }, '×') : null)))
        : h('p', { class: 'empty' }, t('noAttachments')));
  }
  await render();
  return box;
}
