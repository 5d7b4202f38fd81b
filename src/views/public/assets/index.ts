// The static assets of the public page, named by a hash of their content so they can be cached
// for a year: a deploy that changes one changes its name.
import { LOCAL_TIME_SCRIPT } from './local-time';
import { STYLESHEET } from './style';

/** FNV-1a, 32 bits: a content fingerprint for file names, not a security measure. */
function fingerprint(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0).toString(16).padStart(8, '0');
}

export interface Asset {
  path: string;
  contentType: string;
  body: string;
}

export const STYLE_ASSET: Asset = {
  path: `/assets/style.${fingerprint(STYLESHEET)}.css`,
  contentType: 'text/css; charset=utf-8',
  body: STYLESHEET,
};

export const SCRIPT_ASSET: Asset = {
  path: `/assets/local-time.${fingerprint(LOCAL_TIME_SCRIPT)}.js`,
  contentType: 'text/javascript; charset=utf-8',
  body: LOCAL_TIME_SCRIPT,
};

/** A plain round mark, so browsers find an icon instead of asking for /favicon.ico. */
const ICON =
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><circle cx="16" cy="16" r="13" fill="#2fcc66"/><circle cx="16" cy="16" r="6" fill="#fff"/></svg>';

export const ICON_ASSET: Asset = {
  path: `/assets/icon.${fingerprint(ICON)}.svg`,
  contentType: 'image/svg+xml',
  body: ICON,
};

export const ASSETS: ReadonlyMap<string, Asset> = new Map([STYLE_ASSET, SCRIPT_ASSET, ICON_ASSET].map((a) => [a.path, a]));
