// Fills the compiled templates: the little of Mustache they use. `{{a.b}}` is escaped (for HTML),
// `{{{a}}}` is not, `{{#a}}…{{/a}}` repeats for each item of a list or shows once if `a` is
// truthy, `{{^a}}…{{/a}}` shows if it is not. A tag alone on its line takes the line with it.

export type View = { [key: string]: unknown };

type Node =
  | { type: 'text'; text: string }
  | { type: 'value'; path: string[]; raw: boolean }
  | { type: 'section'; path: string[]; inverted: boolean; children: Node[] };

const TAG = /\{\{(\{)?\s*([#^/]?)\s*([\w.]+)\s*\}?\}\}/g;

function parse(template: string): Node[] {
  // Standalone section tags vanish with their line, so text templates keep their shape.
  const source = template.replace(/^[ \t]*(\{\{[#^/][\w.\s]+\}\})[ \t]*\r?\n/gm, '$1');
  const root: Node[] = [];
  const stack: { path: string; children: Node[] }[] = [{ path: '', children: root }];
  let last = 0;
  for (const match of source.matchAll(TAG)) {
    const top = stack[stack.length - 1]!;
    if (match.index > last) top.children.push({ type: 'text', text: source.slice(last, match.index) });
    last = match.index + match[0].length;
    const [, triple, sigil, name = ''] = match;
    if (sigil === '#' || sigil === '^') {
      const children: Node[] = [];
      top.children.push({ type: 'section', path: name.split('.'), inverted: sigil === '^', children });
      stack.push({ path: name, children });
    } else if (sigil === '/') {
      if (stack.length === 1 || top.path !== name) throw new Error(`template: unexpected {{/${name}}}`);
      stack.pop();
    } else top.children.push({ type: 'value', path: name.split('.'), raw: Boolean(triple) });
  }
  if (stack.length > 1) throw new Error(`template: {{#${stack[stack.length - 1]!.path}}} is never closed`);
  if (last < source.length) root.push({ type: 'text', text: source.slice(last) });
  return root;
}

function lookup(scopes: readonly unknown[], path: readonly string[]): unknown {
  for (let i = scopes.length - 1; i >= 0; i--) {
    let value: unknown = scopes[i];
    if (value === null || typeof value !== 'object' || !Object.hasOwn(value, path[0]!)) continue;
    for (const key of path) value = value !== null && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined;
    return value;
  }
  return undefined;
}

const truthy = (value: unknown): boolean => (Array.isArray(value) ? value.length > 0 : Boolean(value));

export const escapeHtml = (s: string): string =>
  s.replace(/[&<>"']/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch]!);

function walk(nodes: readonly Node[], scopes: unknown[], encode: (s: string) => string, out: string[]): void {
  for (const node of nodes) {
    if (node.type === 'text') out.push(node.text);
    else if (node.type === 'value') {
      const value = lookup(scopes, node.path);
      if (value !== undefined && value !== null) out.push(node.raw ? String(value) : encode(String(value)));
    } else {
      const value = lookup(scopes, node.path);
      if (node.inverted) {
        if (!truthy(value)) walk(node.children, scopes, encode, out);
      } else if (Array.isArray(value)) {
        for (const item of value) walk(node.children, [...scopes, item], encode, out);
      } else if (truthy(value)) walk(node.children, [...scopes, value], encode, out);
    }
  }
}

const compiled = new Map<string, Node[]>();

/** Renders `template` with `view`; each template is parsed once per isolate. */
export function render(template: string, view: View, mode: 'html' | 'text'): string {
  let nodes = compiled.get(template);
  if (!nodes) {
    nodes = parse(template);
    compiled.set(template, nodes);
  }
  const out: string[] = [];
  walk(nodes, [view], mode === 'html' ? escapeHtml : (s) => s, out);
  const result = out.join('');
  return mode === 'text' ? `${result.replace(/\n{3,}/g, '\n\n').trim()}\n` : result;
}
