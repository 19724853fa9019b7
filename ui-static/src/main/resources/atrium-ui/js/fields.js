// How each field type is shown and edited. Display never builds HTML from values: text nodes only,
// links only for safe URLs, rich text rebuilt from an allow-list of elements.
import { h, safeUrl, toast } from './dom.js';
import { fmtCurrency, fmtDate, fmtDateTime, fmtNumber, fromZoneInput, label, t, timeZone, toZoneInput } from './i18n.js';
import { entity, recordTitle, corporateCurrency, inCorporate } from './meta.js';
import { api, get, q } from './api.js';

let people = null;

/** A file field's file: name, type, size and whether it is an image; asked once per file and page load. */
const fileInfos = new Map();
function fileInfo(id) {
  if (!fileInfos.has(id)) fileInfos.set(id, get(`/api/v1/files/${q(id)}/info`));
  return fileInfos.get(id);
}

/** The organisation's people (for user fields), loaded once per page. */
export function directory() {
  if (!people) people = get('/api/v1/directory').then(r => r.data).catch(() => []);
  return people;
}

function personName(p) {
  return p ? (p.displayName || p.email) : '';
}

export function picklistLabel(f, value) {
  const v = (f.values || []).find(x => x.value === value);
  return v ? label(v.label, v.value) : value;
}

/** A value as a DOM node or text, for lists, cards and record pages. */
/**
 * A money amount from a formula or roll-up: its own currency when it carries one, else the field's, else that
 * of the money it adds up (a roll-up) or of the record's first money field, else the corporate currency.
 */
function money(f, value, record) {
  if (value && typeof value === 'object') return fmtCurrency(value.amount, value.currency);
  if (typeof value !== 'number' && Number.isNaN(Number(value))) return String(value);
  let code = f.currency;
  const source = f.rollup && entity(f.rollup.entity);
  const summed = source && source.fields.find(x => x.name === f.rollup.field);
  if (!code && summed) code = summed.currency;
  // a roll-up of amounts in several currencies adds them up in the corporate currency (server side)
  if (!code && summed && summed.type === 'currency' && corporateCurrency()) code = corporateCurrency();
  if (!code && record) {
    const other = Object.values(record).find(v => v && typeof v === 'object' && typeof v.currency === 'string');
    code = other && other.currency;
  }
  return fmtCurrency(value, code || corporateCurrency() || undefined);
}

export function display(f, value, record) {
  if (value === null || value === undefined || value === '') return '';
  switch (f.type) {
    case 'currency': {
      if (typeof value !== 'object') return fmtCurrency(value, f.currency);
      // an amount in another currency shows what it is worth in the corporate one today, too
      const converted = inCorporate(value.amount, value.currency);
      const own = fmtCurrency(value.amount, value.currency);
      return converted === null ? own
        : h('span', { class: 'money' }, own, ' ', h('span', { class: 'muted converted', title: t('convertedToday') },
          `≈ ${fmtCurrency(converted, corporateCurrency())}`));
    }
    case 'rollup':
      if (f.returns === 'currency') return money(f, value, record);
      return typeof value === 'number' ? fmtNumber(value) : String(value);
    case 'integer': case 'decimal':
      return typeof value === 'number' ? fmtNumber(value) : String(value);
    case 'percent': return `${fmtNumber(value)} %`;
    case 'boolean': return value ? t('yes') : t('no');
    case 'file': {
      const link = h('a', { href: `/api/v1/files/${q(value)}`, class: 'file-link', download: '' }, t('fileField'));
      fileInfo(value).then(i => {
        link.textContent = i.name;
        link.download = i.name;
        if (i.image) link.prepend(h('img', { src: `/api/v1/files/${q(value)}?inline=true`, alt: '', class: 'thumb' }), ' ');
      }).catch(() => link.replaceWith(h('span', { class: 'muted' }, t('fileGone'))));
      return link;
    }
    case 'date': return fmtDate(value);
    case 'datetime': return fmtDateTime(value);
    case 'picklist': return h('span', { class: 'pill' }, picklistLabel(f, value));
    case 'multi_picklist': return (Array.isArray(value) ? value : [value]).map(v => h('span', { class: 'pill' }, picklistLabel(f, v)));
    case 'lookup': case 'master_detail': {
      const inc = record && record._included && record._included[f.name];
      const target = entity(f.target);
      const text = inc && target ? recordTitle(target, inc) : String(value).slice(0, 8);
      return target ? h('a', { href: `#/r/${f.target}/${value}` }, text) : text;
    }
    case 'url': {
      const safe = safeUrl(value);
      return safe && /^https?:/.test(safe) ? h('a', { href: safe, rel: 'noopener noreferrer', target: '_blank' }, String(value)) : String(value);
    }
    case 'email': return h('a', { href: `mailto:${value}` }, String(value));
    case 'rich_text': return richText(String(value));
    case 'json': return h('code', null, JSON.stringify(value));
    case 'formula':
      if (f.returns === 'currency') return money(f, value, record);
      if (f.returns === 'date') return fmtDate(value);
      if (f.returns === 'boolean') return value ? t('yes') : t('no');
      if (f.returns === 'number' || f.returns === 'percent') return fmtNumber(value);
      return String(value);
    case 'many_to_many': return Array.isArray(value) ? `${value.length}` : '';
    case 'polymorphic_lookup': return typeof value === 'object' ? `${value.entity}: ${String(value.id).slice(0, 8)}` : String(value);
    case 'address': return typeof value === 'object' ? String(value.text || '') : String(value);
    case 'user': {
      const el = h('span', { class: 'person' }, String(value).slice(0, 8));
      directory().then(all => { const p = all.find(x => x.id === value); if (p) el.textContent = personName(p); });
      return el;
    }
    default: return typeof value === 'object' ? JSON.stringify(value) : String(value);
  }
}

const ALLOWED = new Set(['p', 'br', 'b', 'strong', 'i', 'em', 'u', 'ul', 'ol', 'li', 'a', 'h1', 'h2', 'h3', 'h4', 'blockquote', 'code', 'pre', 'span']);
const VOID = new Set(['br']);
const DROP_CONTENT = new Set(['script', 'style', 'iframe', 'object', 'embed', 'template', 'svg', 'math', 'textarea', 'title', 'noscript']);
const ENTITIES = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };

function decode(text) {
  return text.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, (m, e) => {
    if (e[0] === '#') {
      const code = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
      return Number.isFinite(code) && code > 0 && code < 0x110000 ? String.fromCodePoint(code) : '';
    }
    return ENTITIES[e.toLowerCase()] ?? m;
  });
}

/**
 * Rich text, sanitized without any HTML parser (a parser, even an inert one, still compiles event
 * handlers in some browsers): tags are read with a small tokenizer, only allow-listed elements are
 * created with createElement, text becomes text nodes, and the only attribute kept is a safe link href.
 */
export function richText(html) {
  const out = h('div', { class: 'rich' });
  const stack = [out];
  let skip = null;
  const re = /<(\/?)([a-zA-Z][a-zA-Z0-9]*)((?:[^>"']|"[^"]*"|'[^']*')*)>|<!--[\s\S]*?-->/g;
  let last = 0;
  const text = t => { if (t && !skip) stack[stack.length - 1].append(document.createTextNode(decode(t))); };
  for (let m; (m = re.exec(html)) !== null;) {
    text(html.slice(last, m.index));
    last = re.lastIndex;
    if (!m[2]) continue;
    const name = m[2].toLowerCase();
    const closing = m[1] === '/';
    if (skip) { if (closing && name === skip) skip = null; continue; }
    if (DROP_CONTENT.has(name)) { if (!closing && !/\/\s*$/.test(m[3])) skip = name; continue; }
    if (!ALLOWED.has(name)) continue;
    if (closing) {
      for (let i = stack.length - 1; i > 0; i--) {
        if (stack[i].tagName.toLowerCase() === name) { stack.length = i; break; }
      }
      continue;
    }
    const el = document.createElement(name);
    if (name === 'a') {
      const href = /\bhref\s*=\s*("([^"]*)"|'([^']*)'|([^\s>]+))/i.exec(m[3]);
      const safe = href ? safeUrl(decode(href[2] ?? href[3] ?? href[4] ?? '')) : null;
      if (safe) { el.setAttribute('href', safe); el.setAttribute('rel', 'noopener noreferrer'); }
    }
    stack[stack.length - 1].append(el);
    if (!VOID.has(name)) stack.push(el);
  }
  text(html.slice(last));
  return out;
}

/** Whether the type can be typed into a form (computed types cannot). */
export const editableType = f => !['formula', 'rollup', 'autonumber', 'many_to_many', 'polymorphic_lookup'].includes(f.type) && f.editable !== false;

/**
 * An input for a field; returns {el, read(), set(v)}. read() gives the API value (undefined: leave
 * unchanged), errors are shown by the form next to the element.
 */
/**
 * The input for a field: {el, read, check?}. scope, when given, reads the form's other values: a lookup
 * then narrows its search to records related to what the form already links (a contact of the chosen
 * account).
 */
export function input(f, value, id = `f-${f.name}`, scope = null) {
  const common = { id, name: f.name, 'aria-describedby': `${id}-err` };
  switch (f.type) {
    case 'boolean': {
      const el = h('input', { ...common, type: 'checkbox', checked: !!value });
      return { el, read: () => el.checked };
    }
    case 'picklist': {
      const el = h('select', common, h('option', { value: '' }, t('choose')),
        (f.values || []).filter(v => v.active !== false || v.value === value).map(v => h('option', { value: v.value }, label(v.label, v.value))));
      el.value = value ?? '';
      return { el, read: () => el.value === '' ? null : el.value };
    }
    case 'multi_picklist': {
      const el = h('select', { ...common, multiple: true }, (f.values || []).map(v => h('option', { value: v.value }, label(v.label, v.value))));
      for (const o of el.options) o.selected = Array.isArray(value) && value.includes(o.value);
      return { el, read: () => [...el.selectedOptions].map(o => o.value) };
    }
    case 'integer': case 'decimal': case 'percent': {
      const el = h('input', { ...common, type: 'number', step: f.type === 'integer' ? '1' : 'any', value: value ?? '' });
      return { el, read: () => el.value === '' ? null : Number(el.value), check: () => el.value !== '' && !Number.isFinite(Number(el.value)) ? t('notNumber') : null };
    }
    case 'currency': {
      const amount = h('input', { ...common, type: 'number', step: 'any', value: value && typeof value === 'object' ? value.amount : value ?? '' });
      const code = h('input', { name: `${f.name}__currency`, 'aria-label': t('currency'), class: 'code', maxlength: '3', size: '3',
        value: (value && value.currency) || f.currency || 'EUR' });
      return { el: h('span', { class: 'currency-input' }, amount, code),
        read: () => amount.value === '' ? null : { amount: Number(amount.value), currency: code.value.toUpperCase() },
        check: () => amount.value !== '' && !Number.isFinite(Number(amount.value)) ? t('notNumber') : null };
    }
    case 'user': {
      const el = h('select', { ...common }, h('option', { value: '' }, '—'));
      directory().then(all => {
        for (const p of all) el.append(h('option', { value: p.id, selected: p.id === value }, personName(p)));
        if (value && !all.some(p => p.id === value)) el.append(h('option', { value, selected: true }, String(value).slice(0, 8)));
      });
      return { el, read: () => el.value || null };
    }
    case 'file': {
      // the file goes to the record's attachments first; the field then points at it
      const s = scope ? scope() : {};
      if (!s.__id) return { el: h('span', { class: 'muted', id }, t('saveThenAttach')), read: () => undefined };
      let current = value || null;
      const name = h('span', { class: 'file-current' });
      if (current) fileInfo(current).then(i => { name.textContent = i.name; }).catch(() => {});
      const picker = h('input', { ...common, type: 'file' });
      const remove = h('button', { type: 'button', class: 'small', hidden: !current, onclick: () => {
        current = null; name.textContent = ''; picker.value = ''; remove.hidden = true; } }, t('remove'));
      picker.addEventListener('change', async () => {
        const file = picker.files[0];
        if (!file) return;
        try {
          const a = await api(`/api/v1/records/${s.__entity}/${s.__id}/attachments?name=${q(file.name)}`, { method: 'POST',
            body: file, raw: true, headers: { 'Content-Type': 'application/octet-stream' } });
          current = a.id;
          name.textContent = a.name;
          remove.hidden = false;
        } catch (err) { toast(err.status === 413 ? t('fileTooLarge') : err.message, 'error'); }
      });
      return { el: h('span', { class: 'file-input' }, name, ' ', picker, ' ', remove), read: () => current };
    }
    case 'address': {
      // one input per part; the first carries the field's id so the label and errors point at it
      const parts = { street: 'addrStreet', postal_code: 'addrPostalCode', city: 'addrCity', region: 'addrRegion', country: 'addrCountry' };
      const inputs = Object.entries(parts).map(([part, key], i) => h('input', {
        ...(i === 0 ? common : {}), name: `${f.name}__${part}`, 'aria-label': t(key), placeholder: t(key),
        class: `address-${part}`, value: (value && value[part]) || '' }));
      const names = Object.keys(parts);
      return { el: h('span', { class: 'address-input' }, inputs),
        read: () => {
          const out = {};
          inputs.forEach((el, i) => { if (el.value.trim()) out[names[i]] = el.value.trim(); });
          return Object.keys(out).length ? out : null;
        } };
    }
    case 'date': {
      const el = h('input', { ...common, type: 'date', value: value ?? '' });
      return { el, read: () => el.value || null };
    }
    case 'datetime': {
      // shown and read as wall time in the person's own zone (their profile), not the browser's or UTC
      const shown = value ? toZoneInput(value) : '';
      const el = h('input', { ...common, type: 'datetime-local', value: shown, title: timeZone() });
      return { el, read: () => (el.value === shown ? value ?? null : fromZoneInput(el.value)) };
    }
    case 'time': {
      const el = h('input', { ...common, type: 'time', value: value ?? '' });
      return { el, read: () => el.value || null };
    }
    case 'long_text': case 'rich_text': case 'json': {
      const el = h('textarea', { ...common, rows: '4' });
      el.value = value == null ? '' : f.type === 'json' ? JSON.stringify(value, null, 2) : value;
      return { el, read: () => el.value === '' ? null : f.type === 'json' ? JSON.parse(el.value) : el.value,
        check: () => { if (f.type !== 'json' || !el.value) return null; try { JSON.parse(el.value); return null; } catch (e) { return e.message; } } };
    }
    case 'lookup': case 'master_detail': return lookupInput(f, value, common, scope);
    default: {
      const type = f.type === 'email' ? 'email' : f.type === 'url' ? 'url' : f.type === 'phone' ? 'tel' : 'text';
      const max = f.maxLength || (f.type === 'text' ? 255 : null);
      const el = h('input', { ...common, type, value: value ?? '', maxlength: max ? String(max) : null });
      return { el, read: () => el.value === '' ? null : el.value,
        check: () => {
          if (max && el.value.length > max) return t('tooLong', { n: max });
          if (f.type === 'email' && el.value && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(el.value)) return t('notEmail');
          return null;
        } };
    }
  }
}

/**
 * A search-as-you-type picker for a related record (the ARIA combobox pattern: focus stays in the text
 * box, the arrow keys move the highlighted option, Enter picks it). Only the newest search's answer is
 * shown, so a slow early answer never replaces a later one; text typed but not picked is an error on
 * save, not a silently empty field.
 */
/**
 * The condition narrowing a lookup's search: when the target (contact) has a lookup to an entity the form
 * also links (account) and the form has a value there, only the target's records under that value.
 */
function narrowing(f, target, scope) {
  if (!scope) return null;
  const values = scope();
  for (const [name, v] of Object.entries(values)) {
    const own = entity(values.__entity) && entity(values.__entity).fields.find(x => x.name === name);
    if (!v || typeof v !== 'string' || !own || own === f || !['lookup', 'master_detail'].includes(own.type)) continue;
    const via = target.fields.find(x => ['lookup', 'master_detail'].includes(x.type) && x.target === own.target);
    if (via) return { filter: `${via.name} = '${v.replace(/'/g, "''")}'`, by: own };
  }
  return null;
}

/** A second line telling two records with the same name apart: an e-mail, a parent's name, a phone. */
function secondLine(target, r) {
  for (const type of ['email', 'lookup', 'master_detail', 'phone']) {
    for (const x of target.fields) {
      if (x.type !== type || x.name === target.titleField || r[x.name] === null || r[x.name] === undefined) continue;
      if (type === 'lookup' || type === 'master_detail') {
        const inc = r._included && r._included[x.name];
        const other = entity(x.target);
        if (inc && other) return recordTitle(other, inc);
        continue;
      }
      return String(r[x.name]);
    }
  }
  return '';
}

function lookupInput(f, value, common, scope) {
  const target = entity(f.target);
  let chosen = value || null;
  let chosenText = '';
  let options = [];
  let active = -1;
  let seq = 0;
  let stale = false; // typed since the options shown were fetched: they may not match, so keys ignore them
  let timer = null;
  const listId = `${common.id}-list`;
  const text = h('input', { ...common, type: 'search', autocomplete: 'off', role: 'combobox', 'aria-expanded': 'false',
    'aria-autocomplete': 'list', 'aria-controls': listId, placeholder: t('search') });
  const list = h('ul', { class: 'suggestions', role: 'listbox', id: listId });
  const wrap = h('span', { class: 'lookup-input' }, text, list);
  if (value && target) {
    get(`/api/v1/records/${f.target}/${value}`).then(r => { chosenText = recordTitle(target, r); if (chosen === value) text.value = chosenText; })
      .catch(() => { text.value = value; chosenText = value; });
  }
  const close = () => { seq++; options = []; active = -1; list.replaceChildren(); text.setAttribute('aria-expanded', 'false'); text.removeAttribute('aria-activedescendant'); };
  const highlight = i => {
    active = i;
    [...list.children].forEach((li, k) => li.setAttribute('aria-selected', String(k === i)));
    if (i >= 0 && list.children[i]) { text.setAttribute('aria-activedescendant', list.children[i].id); list.children[i].scrollIntoView({ block: 'nearest' }); }
    else text.removeAttribute('aria-activedescendant');
  };
  const pick = r => { chosen = r.id; chosenText = recordTitle(target, r); text.value = chosenText; close(); text.dispatchEvent(new Event('change', { bubbles: true })); };
  const search = async () => {
    if (!target) return;
    const mine = ++seq;
    const typed = text.value;
    const tf = target.titleField || target.fields.find(x => x.type === 'text')?.name;
    const near = narrowing(f, target, scope);
    const filter = [tf && typed ? `${tf} like '%${typed.replace(/'/g, "''")}%'` : '', near ? near.filter : '']
      .filter(Boolean).join(' and ');
    const sort = tf ? `&sort=${q(tf)}` : '';
    const parents = target.fields.filter(x => ['lookup', 'master_detail'].includes(x.type) && entity(x.target)).map(x => x.name);
    const include = parents.length ? `&include=${parents.join(',')}` : '';
    let page;
    try { page = await get(`/api/v1/records/${f.target}?limit=8${sort}${include}${filter ? `&filter=${q(filter)}` : ''}`); } catch { if (mine === seq) stale = false; return; }
    if (mine !== seq || document.activeElement !== text) return;
    options = page.data;
    stale = false;
    list.classList.remove('stale');
    list.replaceChildren(...options.map((r, i) => {
      const sub = secondLine(target, r);
      return h('li', { role: 'option', id: `${listId}-${i}`, 'aria-selected': 'false', dataset: { id: r.id },
        onmousedown: e => { e.preventDefault(); pick(r); } }, h('span', { class: 'option-title' }, recordTitle(target, r)),
        sub ? h('small', { class: 'option-sub' }, sub) : null);
    }));
    text.setAttribute('aria-expanded', String(options.length > 0));
    highlight(-1);
  };
  text.addEventListener('input', () => {
    chosen = text.value === chosenText && chosenText ? chosen : null;
    stale = true;
    list.classList.add('stale');
    highlight(-1);
    clearTimeout(timer);
    timer = setTimeout(search, 120);
  });
  text.addEventListener('focus', () => { if (!chosen) search(); });
  text.addEventListener('keydown', e => {
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      if (stale) return;
      if (!options.length) { search(); return; }
      const n = options.length;
      highlight(e.key === 'ArrowDown' ? (active + 1) % n : (active - 1 + n) % n);
    } else if (e.key === 'Enter' && (stale || (options.length && (active >= 0 || options.length === 1)))) {
      // Enter while the options are catching up with the typing does nothing rather than pick a wrong one
      e.preventDefault();
      e.stopPropagation();
      if (!stale) pick(options[Math.max(active, 0)]);
    } else if (e.key === 'Escape' && options.length) {
      e.preventDefault();
      e.stopPropagation();
      close();
    }
  });
  text.addEventListener('blur', () => { clearTimeout(timer); close(); });
  return { el: wrap,
    read: () => (text.value === '' ? null : chosen),
    check: () => (text.value !== '' && !chosen ? t('pickFromList') : null) };
}
