// The API client: JSON in and out, the CSRF token on every change, problems as ApiError.
let csrf = null;

export function setCsrf(token) { csrf = token; }

export class ApiError extends Error {
  constructor(status, body) {
    super((body && (body.detail || body.title)) || `HTTP ${status}`);
    this.status = status;
    this.body = body || {};
    this.errors = (body && body.errors) || [];
  }
}

export async function api(path, { method = 'GET', body, raw, headers = {} } = {}) {
  const h = { ...headers };
  if (body !== undefined && !raw) h['Content-Type'] = 'application/json';
  if (method !== 'GET' && csrf) h['X-CSRF-Token'] = csrf;
  const res = await fetch(path, {
    method, credentials: 'same-origin', headers: h,
    body: body === undefined ? undefined : raw ? body : JSON.stringify(body),
  });
  const type = res.headers.get('Content-Type') || '';
  const data = res.status === 204 ? null : type.includes('json') ? await res.json() : await res.text();
  if (!res.ok) throw new ApiError(res.status, typeof data === 'object' ? data : { detail: data });
  return data;
}

export const get = path => api(path);
export const post = (path, body) => api(path, { method: 'POST', body: body ?? {} });
export const patch = (path, body, version) => api(path, { method: 'PATCH', body, headers: version != null ? { 'If-Match': `"${version}"` } : {} });
export const del = path => api(path, { method: 'DELETE' });
export const put = (path, body) => api(path, { method: 'PUT', body });

export const q = encodeURIComponent;

/** A file from the API (an export) as a Blob; problems as ApiError. */
export async function blob(path, body) {
  const headers = body === undefined ? {} : { 'Content-Type': 'application/json', ...(csrf ? { 'X-CSRF-Token': csrf } : {}) };
  const res = await fetch(path, { method: body === undefined ? 'GET' : 'POST', credentials: 'same-origin', headers,
    body: body === undefined ? undefined : JSON.stringify(body) });
  if (!res.ok) {
    const type = res.headers.get('Content-Type') || '';
    throw new ApiError(res.status, type.includes('json') ? await res.json() : { detail: await res.text() });
  }
  return res.blob();
}
