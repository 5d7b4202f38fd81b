// /favicon.svg and /favicon.ico: the page's mark at the paths browsers and feed readers ask for
// on their own (the admin pages, a bookmarked feed, a browser that ignores <link rel="icon">).
// The .ico is the ICO container with one 32 × 32 32-bit BMP, drawn here from the SVG's circles.
import { Hono } from 'hono';
import type { AppEnv } from '../app-env';
import { ICON_CIRCLES, ICON_SIZE, ICON_SVG } from '../views/public/assets/icon';

/** A day: the paths are fixed, so a new mark should reach browsers without a year's wait. */
const HEADERS = { 'Cache-Control': 'public, max-age=86400', 'X-Content-Type-Options': 'nosniff' };

/** Samples per pixel side: edges are blended, as the SVG's are. */
const SAMPLES = 4;

/** BGRA rows, bottom row first (BMP order), each pixel the average of its samples. */
function drawPixels(): Uint8Array<ArrayBuffer> {
  const pixels = new Uint8Array(ICON_SIZE * ICON_SIZE * 4);
  const centre = ICON_SIZE / 2;
  for (let y = 0; y < ICON_SIZE; y++) {
    for (let x = 0; x < ICON_SIZE; x++) {
      let red = 0;
      let green = 0;
      let blue = 0;
      let covered = 0;
      for (let sy = 0; sy < SAMPLES; sy++) {
        for (let sx = 0; sx < SAMPLES; sx++) {
          const dx = x + (sx + 0.5) / SAMPLES - centre;
          const dy = y + (sy + 0.5) / SAMPLES - centre;
          let paint: readonly number[] | null = null;
          for (const circle of ICON_CIRCLES) if (dx * dx + dy * dy <= circle.radius * circle.radius) paint = circle.rgb;
          if (!paint) continue;
          red += paint[0] ?? 0;
          green += paint[1] ?? 0;
          blue += paint[2] ?? 0;
          covered++;
        }
      }
      if (covered === 0) continue;
      // Colour averaged over the covered samples, coverage as alpha (straight, not premultiplied).
      const at = ((ICON_SIZE - 1 - y) * ICON_SIZE + x) * 4;
      pixels[at] = Math.round(blue / covered);
      pixels[at + 1] = Math.round(green / covered);
      pixels[at + 2] = Math.round(red / covered);
      pixels[at + 3] = Math.round((255 * covered) / (SAMPLES * SAMPLES));
    }
  }
  return pixels;
}

/** ICONDIR, one ICONDIRENTRY, then the image: BITMAPINFOHEADER (height doubled), pixels, AND mask. */
export function faviconIco(): Uint8Array<ArrayBuffer> {
  const pixels = drawPixels();
  // The AND mask is one bit a pixel, rows padded to 4 bytes; all zero, since alpha says it all.
  const maskBytes = ((ICON_SIZE + 31) >> 5) * 4 * ICON_SIZE;
  const imageBytes = 40 + pixels.length + maskBytes;
  const ico = new Uint8Array(6 + 16 + imageBytes);
  const view = new DataView(ico.buffer);
  view.setUint16(2, 1, true); // type: icon
  view.setUint16(4, 1, true); // one image
  view.setUint8(6, ICON_SIZE);
  view.setUint8(7, ICON_SIZE);
  view.setUint16(10, 1, true); // planes
  view.setUint16(12, 32, true); // bits per pixel
  view.setUint32(14, imageBytes, true);
  view.setUint32(18, 22, true); // where the image starts
  view.setUint32(22, 40, true); // BITMAPINFOHEADER size
  view.setInt32(26, ICON_SIZE, true);
  view.setInt32(30, ICON_SIZE * 2, true); // XOR image and AND mask, stacked
  view.setUint16(34, 1, true);
  view.setUint16(36, 32, true);
  view.setUint32(42, pixels.length + maskBytes, true);
  ico.set(pixels, 62);
  return ico;
}

let ico: Uint8Array<ArrayBuffer> | null = null;

export function favicon(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.get('/favicon.svg', (c) => c.body(ICON_SVG, 200, { ...HEADERS, 'Content-Type': 'image/svg+xml' }));
  app.get('/favicon.ico', (c) => {
    ico ??= faviconIco();
    return c.body(ico, 200, { ...HEADERS, 'Content-Type': 'image/x-icon' });
  });
  return app;
}
