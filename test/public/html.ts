// Reading rendered pages in tests with workerd's own HTML parser (HTMLRewriter), not regexes.

const VOID = new Set(['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'source', 'track', 'wbr']);

export interface Found {
  tag: string;
  attributes: Record<string, string>;
  text: string;
}

/** Every element matching `selector`, with its attributes and its text content. */
export async function select(html: string, selector: string): Promise<Found[]> {
  const found: Found[] = [];
  const open: Found[] = [];
  const rewriter = new HTMLRewriter().on(selector, {
    element(el) {
      const entry: Found = {
        tag: el.tagName,
        attributes: Object.fromEntries(el.attributes as IterableIterator<[string, string]>),
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
  return found;
}

export async function selectOne(html: string, selector: string): Promise<Found> {
  const [first] = await select(html, selector);
  if (!first) throw new Error(`nothing matches ${selector}`);
  return first;
}

/** The text of the document without tags, entities decoded, spaces collapsed. */
export async function visibleText(html: string, selector = 'body'): Promise<string> {
  return (await selectOne(html, selector)).text
    .replace(/&#(\d+);/g, (_, code) => String.fromCodePoint(Number(code)))
    .replace(/&#x([0-9a-f]+);/gi, (_, code) => String.fromCodePoint(Number.parseInt(code, 16)))
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ')
    .trim();
}
