// Reading rendered pages in tests with workerd's own HTML parser (HTMLRewriter), not regexes.

const VOID = new Set(['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'source', 'track', 'wbr']);

export interface Found {
  tag: string;
  /** Attribute values as the browser reads them (entities decoded). */
  attributes: Record<string, string>;
  /** Text content, entities decoded, a space between elements, spaces collapsed. */
  text: string;
}

const decode = (text: string) =>
  text
    .replace(/&#(\d+);/g, (_, code) => String.fromCodePoint(Number(code)))
    .replace(/&#x([0-9a-f]+);/gi, (_, code) => String.fromCodePoint(Number.parseInt(code, 16)))
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&');

/** Every element matching `selector`, with its attributes and its text content. */
export async function select(html: string, selector: string): Promise<Found[]> {
  const found: Found[] = [];
  const open: Found[] = [];
  const gap = () => {
    for (const entry of open) entry.text += ' ';
  };
  const rewriter = new HTMLRewriter()
    .on('*', {
      element(el) {
        gap();
        if (!VOID.has(el.tagName)) el.onEndTag(gap);
      },
    })
    .on(selector, {
      element(el) {
        const entry: Found = {
          tag: el.tagName,
          attributes: Object.fromEntries([...(el.attributes as IterableIterator<[string, string]>)].map(([k, v]) => [k, decode(v)])),
          text: '',
        };
        found.push(entry);
        if (VOID.has(el.tagName)) return;
        open.push(entry);
        el.onEndTag(() => {
          open.splice(open.indexOf(entry), 1);
        });
      },
      text(chunk) {
        for (const entry of open) entry.text += chunk.text;
      },
    });
  await rewriter.transform(new Response(html)).text();
  for (const entry of found) entry.text = decode(entry.text).replace(/\s+/g, ' ').trim();
  return found;
}

export async function selectOne(html: string, selector: string): Promise<Found> {
  const [first] = await select(html, selector);
  if (!first) throw new Error(`nothing matches ${selector}`);
  return first;
}

/** The text of the first element matching `selector`. */
export async function visibleText(html: string, selector = 'body'): Promise<string> {
  return (await selectOne(html, selector)).text;
}
