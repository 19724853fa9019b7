// A small JavaScript highlighter for the rule editor: the text is split into tokens by a regular
// expression and rebuilt as spans with textContent (never markup), drawn under a transparent textarea.
import { h } from '../dom.js';

const KEYWORDS = new Set(['return', 'if', 'else', 'for', 'while', 'do', 'const', 'let', 'var', 'function', 'new', 'typeof', 'instanceof',
  'in', 'of', 'true', 'false', 'null', 'undefined', 'break', 'continue', 'switch', 'case', 'default', 'throw', 'try', 'catch', 'finally']);
const API = new Set(['record', 'old', 'user', 'now', 'error', 'query', 'plugins']);
const TOKENS = /(\/\/[^\n]*|\/\*[\s\S]*?\*\/)|('(?:\\.|[^'\\\n])*'?|"(?:\\.|[^"\\\n])*"?|`(?:\\.|[^`\\])*`?)|(\b\d+(?:\.\d+)?\b)|([A-Za-z_$][\w$]*)/g;

/** Spans for `source`: comments, strings, numbers, keywords and the script API get a class each. */
export function highlight(source) {
  const out = [];
  let last = 0;
  for (let m; (m = TOKENS.exec(source)) !== null;) {
    if (m.index > last) out.push(document.createTextNode(source.slice(last, m.index)));
    const [text, comment, string, number, word] = m;
    const kind = comment ? 'tok-comment' : string ? 'tok-string' : number ? 'tok-number'
      : KEYWORDS.has(word) ? 'tok-keyword' : API.has(word) ? 'tok-api' : null;
    out.push(kind ? h('span', { class: kind }, text) : document.createTextNode(text));
    last = TOKENS.lastIndex;
  }
  out.push(document.createTextNode(source.slice(last) + '\n'));
  return out;
}

/** Wraps a textarea so its text is shown highlighted; returns the wrapper and a refresh function. */
export function highlighted(textarea) {
  const layer = h('pre', { class: 'code-layer', 'aria-hidden': 'true' });
  const wrap = h('div', { class: 'code-wrap' }, layer, textarea);
  textarea.classList.add('code-input');
  const refresh = () => {
    layer.replaceChildren(...highlight(textarea.value));
    layer.scrollTop = textarea.scrollTop;
    layer.scrollLeft = textarea.scrollLeft;
  };
  textarea.addEventListener('input', refresh);
  textarea.addEventListener('scroll', () => { layer.scrollTop = textarea.scrollTop; layer.scrollLeft = textarea.scrollLeft; });
  refresh();
  return { wrap, refresh };
}
