// Where the admin's stylesheet and script are served; the version in the URL changes with
// their content, so browsers may cache them for good.
import { ADMIN_CSS } from './admin-css';
import { ADMIN_JS } from './admin-js';

function fingerprint(text: string): string {
  // FNV-1a: a cache-busting tag, not a security measure.
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  return (hash >>> 0).toString(36);
}

export const ASSETS = {
  css: `/admin/assets/admin.css?v=${fingerprint(ADMIN_CSS)}`,
  js: `/admin/assets/admin.js?v=${fingerprint(ADMIN_JS)}`,
} as const;
