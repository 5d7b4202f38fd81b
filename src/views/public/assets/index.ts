// The static assets of the public page, named by a hash of their content so they can be cached
// for a year: a deploy that changes one changes its name.
import { ICON_SVG } from './icon';
import { LOCAL_TIME_SCRIPT } from './local-time';
import { STYLESHEET } from './style';
import { ZONE_PICKER_SCRIPT } from './zone-picker';

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

/** The subscriber pages' time-zone picker (only those pages load it). */
export const ZONE_PICKER_ASSET: Asset = {
  path: `/assets/zone-picker.${fingerprint(ZONE_PICKER_SCRIPT)}.js`,
  contentType: 'text/javascript; charset=utf-8',
  body: ZONE_PICKER_SCRIPT,
};

export const ICON_ASSET: Asset = {
  path: `/assets/icon.${fingerprint(ICON_SVG)}.svg`,
  contentType: 'image/svg+xml',
  body: ICON_SVG,
};

export const ASSETS: ReadonlyMap<string, Asset> = new Map(
  [STYLE_ASSET, SCRIPT_ASSET, ZONE_PICKER_ASSET, ICON_ASSET].map((a) => [a.path, a]),
);
