// The page's mark: a white dot on a green disc ("operational"), drawn from the same circles as
// SVG (the pages' icon, /favicon.svg) and as pixels (/favicon.ico, routes/favicon.ts).

/** Both drawings are ICON_SIZE units square, centred. */
export const ICON_SIZE = 32;

/** Painted in order, each over the last. */
export const ICON_CIRCLES: readonly { radius: number; rgb: readonly [number, number, number] }[] = [
  { radius: 13, rgb: [0x2f, 0xcc, 0x66] },
  { radius: 6, rgb: [0xff, 0xff, 0xff] },
];

const hex = (rgb: readonly number[]) => `#${rgb.map((c) => c.toString(16).padStart(2, '0')).join('')}`;
const centre = ICON_SIZE / 2;

export const ICON_SVG = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${ICON_SIZE} ${ICON_SIZE}">${ICON_CIRCLES.map(
  (c) => `<circle cx="${centre}" cy="${centre}" r="${c.radius}" fill="${hex(c.rgb)}"/>`,
).join('')}</svg>`;
