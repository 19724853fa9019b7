// DOM helpers. Every string becomes a text node: record values, labels and options are never parsed as
// HTML anywhere in the app (no innerHTML). Attributes are set with setAttribute, and href/src only
// accept http(s), mailto and app-relative URLs (see safeUrl).

export function h(tag, props, ...children) {
  const el = document.createElement(tag);
  if (props) {
    for (const [k, v] of Object.entries(props)) {
      if (v === undefined || v === null || v === false) continue;
      if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2).toLowerCase(), v);
      else if (k === 'class') el.className = v;
      else if (k === 'dataset') Object.assign(el.dataset, v);
      else if (k === 'value') el.value = v;
      else if (k === 'checked') el.checked = !!v;
      else if (k === 'href' || k === 'src') {
        const safe = safeUrl(v);
        if (safe) el.setAttribute(k, safe);
      } else el.setAttribute(k, v === true ? '' : String(v));
    }
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    if (Array.isArray(c)) append(el, c);
    else el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
}

/** Only web, mail and same-origin URLs; `javascript:` and friends become null. */
export function safeUrl(url) {
  const s = String(url).trim();
  if (s.startsWith('#') || (s.startsWith('/') && !s.startsWith('//'))) return s;
  try {
    const u = new URL(s);
    return ['http:', 'https:', 'mailto:'].includes(u.protocol) ? u.href : null;
  } catch {
    return null;
  }
}

export function clear(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

let toastTimer;
/** A short message at the bottom of the screen, read out by screen readers. */
export function toast(message, kind = 'info') {
  const box = document.getElementById('toast');
  clear(box, h('div', { class: `toast ${kind}`, role: kind === 'error' ? 'alert' : 'status' }, message));
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => clear(box), 5000);
}

/** A modal dialog; resolves with what `build(close)` passes to close(). Escape closes it. */
export function modal(title, build) {
  return new Promise(resolve => {
    const dialog = h('dialog', { class: 'modal', 'aria-label': title });
    const close = value => { dialog.close(); dialog.remove(); resolve(value); };
    dialog.addEventListener('cancel', e => { e.preventDefault(); close(null); });
    dialog.append(h('h2', null, title), build(close));
    document.body.append(dialog);
    dialog.showModal();
    const first = dialog.querySelector('input, select, textarea, button');
    if (first) first.focus();
  });
}

export function debounce(fn, ms) {
  let t;
  return (...args) => { clearTimeout(t); t = setTimeout(() => fn(...args), ms); };
}

/**
 * An icon from the Bootstrap Icons set (served from its WebJar at /vendor/icons/), drawn in the text's
 * colour through a CSS mask; decorative: the control it sits in carries the words.
 */
export function icon(name) {
  const el = h('span', { class: `icon i-${name}`, 'aria-hidden': 'true' });
  // set through the CSS object model, which the Content-Security-Policy allows (a style attribute it would not)
  if (/^[a-z0-9-]{1,40}$/.test(name)) el.style.setProperty('--icon', `url("/vendor/icons/${name}.svg")`);
  return el;
}
