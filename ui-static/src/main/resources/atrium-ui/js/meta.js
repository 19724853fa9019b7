// The signed-in user's metadata (GET /api/v1/metadata/entities?view=me): only the entities and fields
// they may see, with labels, types, layout and their object permissions.
import { get } from './api.js';
import { label, t } from './i18n.js';

let entities = [];
let version = null;
let byName = new Map();
export let session = null;

export function setSession(s) { session = s; }

let corporate = null;
let todaysRates = new Map();

/** The organisation's corporate currency (null when none is set): what money without its own currency is in. */
export const corporateCurrency = () => corporate;

/**
 * An amount in the corporate currency at today's rate (units of its currency per corporate unit), or null
 * when there is no corporate currency, it is in it already, or its currency has no rate in effect.
 */
export function inCorporate(amount, code) {
  if (!corporate || !code || code === corporate || amount === null || amount === undefined) return null;
  const rate = todaysRates.get(code);
  return rate ? Number(amount) / rate : null;
}

export async function loadMeta() {
  const [res, money] = await Promise.all([get('/api/v1/metadata/entities?view=me'),
    get('/api/v1/currencies').catch(() => null)]);
  corporate = money && money.corporate;
  // rates come newest first per currency: the first one in effect today is today's
  const today = new Date().toISOString().slice(0, 10);
  todaysRates = new Map();
  for (const r of (money && money.rates) || []) {
    if (r.validFrom <= today && !todaysRates.has(r.code)) todaysRates.set(r.code, Number(r.rate));
  }
  version = res.version;
  entities = res.data;
  byName = new Map(entities.map(e => [e.name, e]));
  return entities;
}

/** Whether another administrator (or another tab) deployed since the app loaded its metadata. */
export async function metadataChanged() {
  const res = await get('/api/v1/metadata/version').catch(() => null);
  return res !== null && res.version !== version;
}

/** Reloads the metadata after a deployment and tells the shell to redraw its navigation. */
export async function reloadMeta() {
  await loadMeta();
  window.dispatchEvent(new Event('atrium:meta'));
}

export const allEntities = () => entities;
export const entity = name => byName.get(name);
export const entityLabel = (e, plural) => label(plural ? e.pluralLabel : e.label, e.name);
export const fieldLabel = f => label(f.label, f.name);
export const field = (e, name) => e.fields.find(f => f.name === name);

/** The field that names a record: titleField, else the first text field, else the id. */
export function titleField(e) {
  if (e.titleField && field(e, e.titleField)) return e.titleField;
  const f = e.fields.find(x => x.type === 'text') || e.fields.find(x => x.type === 'autonumber');
  return f ? f.name : 'id';
}

export function recordTitle(e, r) {
  const tf = titleField(e);
  const v = r && r[tf];
  // a person (first and last name fields) by full name, in the order of the reader's language
  if (r && (tf === 'last_name' || tf === 'first_name') && field(e, 'first_name') && field(e, 'last_name')) {
    const name = fullName(r.first_name, r.last_name);
    if (name) return name;
  }
  return v == null || v === '' ? (r ? r.id.slice(0, 8) : '') : String(v);
}

/** A name written in Chinese, Japanese or Korean script reads family name first, no space ("李明"); others given name first. */
export function fullName(first, last) {
  const f = first ? String(first).trim() : '', l = last ? String(last).trim() : '';
  if (!f || !l) return f || l;
  return /[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]/.test(l + f) ? `${l}${f}` : `${f} ${l}`;
}

/**
 * Layout sections: the metadata's, else one section with every field. Fields the user cannot see drop
 * out; fields the admin took off the layout (`hidden`) stay off, except required ones on a form (they
 * must be filled); fields added since the layout was saved show under "More fields".
 */
export function sections(e, forForm = false) {
  const visible = new Set(e.fields.map(f => f.name));
  const layout = e.ui && e.ui.layout;
  const ui = layout && layout.sections;
  if (ui && ui.length) {
    const placed = new Set(ui.flatMap(s => s.fields));
    const hidden = new Set(layout.hidden || []);
    const out = ui.map(s => ({ label: s.label, columns: s.columns || 2, fields: s.fields.filter(n => visible.has(n)) }));
    const rest = e.fields.filter(f => !placed.has(f.name) && (!hidden.has(f.name) || (forForm && f.required && f.default == null)))
      .map(f => f.name);
    if (rest.length) out.push({ label: t('moreFields'), columns: 2, fields: rest, more: true });
    return out.filter(s => s.fields.length);
  }
  return [{ label: null, columns: 2, fields: e.fields.map(f => f.name) }];
}

/** List columns: the metadata's, else the first six fields that show well in a table. */
export function listColumns(e) {
  const ui = e.ui && e.ui.list && e.ui.list.columns;
  if (ui && ui.length) return ui.filter(n => field(e, n));
  return e.fields.filter(f => !['many_to_many', 'long_text', 'rich_text', 'json'].includes(f.type)).slice(0, 6).map(f => f.name);
}

/** Entities that point at `e` through a lookup or master-detail field: its related lists. */
export function relatedLists(e) {
  const out = [];
  for (const other of entities) {
    for (const f of other.fields) {
      if ((f.type === 'lookup' || f.type === 'master_detail') && f.target === e.name) out.push({ entity: other, field: f });
    }
  }
  return out;
}

export const isAdmin = () => session && session.user.admin;
