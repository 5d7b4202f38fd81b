// What in an e-mail's HTML would load a resource from elsewhere or point outside the page's own
// links: the template build refuses such HTML (scripts/build-templates.mjs).
import { Parser } from 'htmlparser2';

// Attributes whose value a mail client loads or follows.
const URL_ATTRIBUTES = new Set([
  'action',
  'archive',
  'background',
  'cite',
  'classid',
  'codebase',
  'data',
  'dynsrc',
  'formaction',
  'href',
  'icon',
  'imagesrc',
  'imagesrcset',
  'longdesc',
  'lowsrc',
  'manifest',
  'ping',
  'poster',
  'profile',
  'src',
  'srcset',
  'usemap',
  'xlink:href',
]);
// A link the page's own URL fills at render time ({{page_url}}, {{cta_url}}, {{manage_url}}, …).
const OWN_LINK = /^\{\{\s*\w+_url\s*\}\}$/;

const attributeText = (tag, name, value) => `<${tag} ${name}="${value}">`;

/** What in `html` would load or point outside the page's own links, each said in a few words. */
export function remoteReferences(html) {
  const found = [];
  const css = (text, where) => {
    for (const m of text.matchAll(/@import[^;]*|url\s*\([^)]*\)?/gi)) found.push(`${where}: ${m[0].trim()}`);
  };
  let inStyle = false;
  const parser = new Parser(
    {
      onopentag(tag, attributes) {
        if (tag === 'style') inStyle = true;
        // A stylesheet, a preload, an icon: any <link> is something to fetch.
        if (tag === 'link') found.push(`<link href="${attributes.href ?? ''}">`);
        for (const [name, value] of Object.entries(attributes)) {
          const v = value.trim();
          if (name === 'style') css(v, `<${tag} style>`);
          else if (URL_ATTRIBUTES.has(name)) {
            if (!OWN_LINK.test(v) && !/^(mailto:|#)/i.test(v)) found.push(attributeText(tag, name, v));
          } else if (!name.startsWith('xmlns') && /(^|\W)(https?:)?\/\/|url\s*\(/i.test(v)) found.push(attributeText(tag, name, v));
        }
      },
      onclosetag(tag) {
        if (tag === 'style') inStyle = false;
      },
      ontext(text) {
        if (inStyle) css(text, '<style>');
      },
      // Outlook's conditional comments hold markup that Outlook renders.
      oncomment(text) {
        const inner = text.match(/^\s*\[if [^\]]*\]>([\s\S]*)<!\[endif\]\s*$/)?.[1];
        if (inner) found.push(...remoteReferences(inner));
      },
    },
    { decodeEntities: true },
  );
  parser.end(html);
  return found;
}
