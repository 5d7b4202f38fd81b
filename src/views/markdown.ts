// Markdown of update bodies and postmortems, made safe twice: marked shows raw HTML as text,
// then an allow-list sanitiser (xss) keeps only harmless tags and http(s)/mailto/relative links.
// Script never runs and a `javascript:` link loses its href.
import { Marked } from 'marked';
import type { IFilterXSSOptions, SafeAttrValueHandler } from 'xss';
import filterXSS from 'xss';

// xss is CommonJS: its module is the filter function, with the class and defaults on it.
const xss = filterXSS as unknown as {
  FilterXSS: new (options: IFilterXSSOptions) => { process(html: string): string };
  safeAttrValue: SafeAttrValueHandler;
};

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);

const LINK_REL = 'nofollow noopener noreferrer';
const SAFE_URL = /^(?:https?:\/\/|mailto:|\/(?!\/)|#)/i;

const marked = new Marked({
  gfm: true,
  breaks: true,
  async: false,
  renderer: {
    // Operators write Markdown; HTML they paste is shown, never interpreted.
    html: ({ text }) => escapeHtml(text),
    // Links leave the page without telling the target where they came from.
    link({ href, title, tokens }) {
      const text = this.parser.parseInline(tokens);
      if (!SAFE_URL.test(href.trim())) return text;
      const titled = title ? ` title="${escapeHtml(title)}"` : '';
      return `<a href="${escapeHtml(href.trim())}" rel="${LINK_REL}"${titled}>${text}</a>`;
    },
    // No images: the page makes no requests to other origins. The image becomes its link.
    image: ({ href, text }) =>
      SAFE_URL.test(href.trim())
        ? `<a href="${escapeHtml(href.trim())}" rel="${LINK_REL}">${escapeHtml(text || href)}</a>`
        : escapeHtml(text),
  },
});

const sanitiser = new xss.FilterXSS({
  whiteList: {
    a: ['href', 'title', 'rel'],
    p: [],
    br: [],
    strong: [],
    em: [],
    del: [],
    code: [],
    pre: [],
    blockquote: [],
    ul: [],
    ol: ['start'],
    li: [],
    h1: [],
    h2: [],
    h3: [],
    h4: [],
    h5: [],
    h6: [],
    hr: [],
    table: [],
    thead: [],
    tbody: [],
    tr: [],
    th: ['align'],
    td: ['align'],
  },
  stripIgnoreTagBody: ['script', 'style'],
  safeAttrValue: (tag, name, value, cssFilter) => {
    // The default decodes entities before it checks a URL, so `jav&#x61;script:` is caught too.
    const safe = xss.safeAttrValue(tag, name, value, cssFilter);
    if (name === 'href') return SAFE_URL.test(safe) ? safe : '';
    if (name === 'rel') return LINK_REL;
    if (name === 'align') return /^(?:left|right|center)$/.test(safe) ? safe : '';
    if (name === 'start') return /^\d{1,6}$/.test(safe) ? safe : '';
    return safe;
  },
});

/** Safe HTML for a Markdown text. */
export function renderMarkdown(text: string): string {
  return sanitiser.process(marked.parse(text, { async: false }));
}
