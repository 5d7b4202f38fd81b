// The public page's one stylesheet: served from /assets/style.<hash>.css (no inline styles,
// so the CSP keeps style-src 'self'). Status colours come from the one status table.

import { LOCALES } from '../../../domain/model';
import { COMPONENT_STATUS_INFO, COMPONENT_STATUSES, INDICATOR_COLOR, INDICATORS } from '../../../domain/status';
import { UPTIME_DAYS } from '../../../domain/uptime';
import { MESSAGES } from '../../../i18n';
import { TONE_CODE } from '../uptime-bars';

const tones = COMPONENT_STATUSES.map((s) => `.tone-${s}{--tone:${COMPONENT_STATUS_INFO[s].color}}`).join('\n');
const indicators = INDICATORS.map((i) => `.indicator-${i}{--tone:${INDICATOR_COLOR[i]}}`).join('\n');
/**
 * The uptime bars (uptime-bars.tsx): the list's background paints every day operational, each
 * day apart; an item covers its run of days, its class the tone's code and the first day's column
 * ("mo14", matched by its letters and by how it ends: a column's rule comes after those of the
 * columns it ends with) and past one day the run's length ("s3"). Its colour is a layer under its
 * button (so a focus ring is never masked), each day still drawn apart. Colours from the status table.
 */
const day = (n: string) => `repeating-linear-gradient(90deg,#000 0 calc((100% + 1px)/${n} - 1px),#0000 0 calc((100% + 1px)/${n}))`;
const tone = (code: string) => `.bars [class*=${code}]`;
const bars = [
  `.bars{list-style:none;margin:.6rem 0 .2rem;padding:0;display:grid;grid-template-columns:repeat(${UPTIME_DAYS},minmax(0,1fr));gap:1px;height:2.1rem;touch-action:pan-y;background:${day(String(UPTIME_DAYS)).replace('#000', COMPONENT_STATUS_INFO.operational.color)}}`,
  // The item's own box hides the list's background under it: only its days' gaps show the card.
  '.bars li{--n:1;grid-row:1;position:relative;background:var(--card)}',
  `.bars li::before{content:"";position:absolute;inset:0;border-radius:1px;background:var(--tone);mask:${day('var(--n)')}}`,
  '.bars li:hover::before{opacity:.7}.bars li:focus-within{z-index:1}',
  '.bars button{position:relative;display:block;width:100%;height:100%;margin:0;padding:0;border:0;border-radius:1px;background:none;cursor:pointer}',
  `${tone(TONE_CODE.under_maintenance)}::before{background:repeating-linear-gradient(135deg,var(--tone) 0 3px,color-mix(in srgb,var(--tone) 60%,var(--card)) 3px 6px)}`,
  ...COMPONENT_STATUSES.map((s) => `${tone(TONE_CODE[s])}{--tone:${COMPONENT_STATUS_INFO[s].color}}`),
  `${tone(TONE_CODE.no_data)}{--tone:var(--nodata)}`,
  Array.from({ length: UPTIME_DAYS }, (_, i) => `.bars [class$="${i + 1}"]{grid-column-start:${i + 1}}`).join(''),
  Array.from({ length: UPTIME_DAYS - 1 }, (_, i) => `.bars .s${i + 2}{grid-column-end:span ${i + 2};--n:${i + 2}}`).join(''),
  '.tip{position:absolute;z-index:3;max-width:min(22rem,calc(100vw - 8px));padding:.35rem .6rem;border-radius:.3rem;background:var(--fg);color:var(--bg);font-size:.85rem;line-height:1.35;box-shadow:0 2px 8px #0004}',
].join('\n');

const cssString = (text: string) => `"${text.replace(/["\\]/g, '\\$&')}"`;
/**
 * The ends of every component's bars, the same words 50 times on a page: written here once per
 * language instead, silent for a screen reader (the list's name says "over the last 90 days").
 */
const axis = LOCALES.map((locale) => {
  const u = MESSAGES[locale].uptime;
  const words = (side: string, text: string) =>
    `:lang(${locale}) .components>li>p::${side}{content:${cssString(text)};content:${cssString(text)}/""}`;
  return words('before', u.daysAgo(UPTIME_DAYS)) + words('after', u.today);
}).join('\n');

/**
 * On a phone nothing is wider than the screen: long words and links in the operator's text break,
 * and the affected components' before → during → after table becomes one line per component
 * (its name above, the statuses flowing after it with arrows, the header giving the order).
 */
const affected = '#affected-heading+table';
const phone = `main{overflow-wrap:break-word}.body,dl.facts dd{overflow-wrap:anywhere}
@media (max-width:40rem){
${affected},${affected} thead,${affected} tbody{display:block}
${affected} tr{display:flex;flex-wrap:wrap;align-items:center;gap:.2rem .4rem;padding:.5rem 0;border-bottom:1px solid var(--line)}
${affected} th,${affected} td{padding:0;border:0}
${affected} tr>:first-child{flex:0 0 100%}
${affected} thead tr{color:var(--muted);font-size:.85rem;padding-top:0}
${affected} thead th:first-child{position:absolute;width:1px;height:1px;overflow:hidden;clip-path:inset(50%);white-space:nowrap}
${affected} td+td::before,${affected} thead th+th+th::before{content:"\\2192  ";content:"\\2192  "/"";color:var(--muted)}
}`;

/** The subscriber pages: their one card and its form (the time-zone picker's search box comes from its script). */
const subscriber = `.card.subscriber{max-width:40rem;margin:0 auto 1rem;--danger:#b42318;--ok:#1a7f43}
@media (prefers-color-scheme:dark){.card.subscriber{--danger:#ff9b8f;--ok:#5fd38d}}
.subscriber h1{font-size:1.4rem}.subscriber h2{font-size:1.1rem;margin:1.75rem 0 .5rem}
.subscriber label{display:block;font-weight:600;margin:1rem 0 .25rem}
.subscriber fieldset label{display:flex;align-items:baseline;gap:.45rem;font-weight:400;margin:.35rem 0}
.subscriber label.hint{font-weight:400;margin:.6rem 0 .25rem}
.subscriber .hint{color:var(--muted);font-size:.9rem;margin:.25rem 0}
.subscriber input[type=email],.subscriber input[type=search],.subscriber select{display:block;width:100%;padding:.5rem;font:inherit;color:var(--fg);background:var(--card);border:1px solid var(--muted);border-radius:.3rem}
.subscriber select optgroup{font-weight:700}.subscriber input[type=search]+select{margin-top:.4rem}
.subscriber fieldset{min-width:0;border:1px solid var(--line);border-radius:.3rem;margin:1rem 0;padding:.5rem .75rem}
.subscriber legend{font-weight:600;padding:0 .25rem}
.subscriber button{margin-top:1.25rem}
.subscriber button.quiet{background:transparent;color:var(--danger);border:1px solid currentColor}
.flash{padding:.75rem 1rem;border-radius:.3rem;border-left:.35rem solid var(--ok);background:color-mix(in srgb,var(--ok) 12%,var(--card))}
.flash.error{border-left-color:var(--danger);background:color-mix(in srgb,var(--danger) 12%,var(--card))}`;

export const STYLESHEET = `
:root{color-scheme:light dark;--bg:#f6f7f9;--card:#fff;--fg:#1d2330;--muted:#535b6b;--line:#d9dde4;--link:#0b57d0;--nodata:#c5cad3;--focus:#0b57d0;
font-family:system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;line-height:1.5;background:var(--bg);color:var(--fg)}
@media (prefers-color-scheme:dark){:root{--bg:#111418;--card:#1b1f26;--fg:#e7e9ee;--muted:#a9b0bd;--line:#343a46;--link:#8ab4f8;--nodata:#3d4450;--focus:#8ab4f8}}
*{box-sizing:border-box}
body{margin:0}
a{color:var(--link)}
a:focus-visible,summary:focus-visible,button:focus-visible,input:focus-visible{outline:3px solid var(--focus);outline-offset:2px}
.vh{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);clip-path:inset(50%);white-space:nowrap}
.skip{position:absolute;left:-999px}.skip:focus{left:1rem;top:1rem;background:var(--card);padding:.5rem;z-index:1}
.wrap{max-width:56rem;margin:0 auto;padding:0 1rem}
header.site{border-bottom:1px solid var(--line);background:var(--card)}
header.site .wrap{display:flex;flex-wrap:wrap;align-items:center;justify-content:space-between;gap:.5rem 1rem;padding-top:.75rem;padding-bottom:.75rem}
.brand{display:flex;align-items:center;gap:.6rem;font-size:1.25rem;font-weight:700;color:var(--fg);text-decoration:none}
.brand img{max-height:2.25rem;max-width:10rem}
nav ul{list-style:none;margin:0;padding:0;display:flex;flex-wrap:wrap;gap:.25rem 1rem}
nav a[aria-current]{font-weight:700;color:var(--fg)}
main.wrap{padding-top:1.5rem;padding-bottom:2.5rem}
.card>h2:first-child,.card>h3:first-child{margin-top:0}.card>:last-child{margin-bottom:0}
ul.affected{list-style:none;margin:0;padding:0}ul.affected li{display:flex;flex-wrap:wrap;gap:0 .75rem}ul.affected .name{min-width:9rem}
h1{font-size:1.6rem;margin:0 0 1rem}
h2{font-size:1.2rem;margin:2rem 0 .75rem}
h3{font-size:1.05rem;margin:0 0 .4rem}
.zone-note,.muted{color:var(--muted);font-size:.9rem}
.card{background:var(--card);border:1px solid var(--line);border-radius:.5rem;padding:1rem;margin:0 0 1rem}
.banner{border-left:.5rem solid var(--tone);font-size:1.25rem;font-weight:700;display:flex;align-items:center;gap:.6rem}
.banner::before,.state::before{content:"";display:inline-block;width:.7em;height:.7em;border-radius:50%;background:var(--tone);flex:none}
.notice{border-left:.35rem solid var(--tone)}
.notice .meta{margin:.2rem 0 .6rem}
.body p{margin:.4rem 0}.body pre{overflow:auto;background:var(--bg);padding:.5rem}.body code{font-size:.9em}
.body blockquote{margin:.4rem 0;padding-left:.8rem;border-left:3px solid var(--line)}
dl.facts{display:grid;grid-template-columns:max-content minmax(0,1fr);gap:.25rem 1rem;margin:.5rem 0}dl.facts dt{font-weight:600}dl.facts dd{margin:0}
details.group{background:var(--card);border:1px solid var(--line);border-radius:.5rem;margin:0 0 .75rem}
details.group>summary{cursor:pointer;padding:.75rem 1rem;display:flex;align-items:center;justify-content:space-between;gap:1rem;font-weight:600}
details.group>summary::marker{content:""}
details.group>summary::before{content:"\\25B8";margin-right:.4rem}
details.group[open]>summary::before{content:"\\25BE"}
details.group>summary .name{flex:1}
.components{list-style:none;margin:0;padding:0}
.components>li{padding:.75rem 1rem;border-top:1px solid var(--line);display:grid;grid-template-columns:minmax(0,1fr) auto;column-gap:1rem;align-items:baseline}
.card.components>li:first-child{border-top:0}
.components>li>h3{font-size:1rem;font-weight:600;margin:0}
.components>li>small{color:var(--muted);font-size:.85rem}
.components>li>small,.components>li>ol,.components>li>p{grid-column:1/-1}
.state{display:inline-flex;align-items:center;gap:.4rem;white-space:nowrap}
${bars}
.components>li>p{display:flex;justify-content:space-between;gap:.5rem;color:var(--muted);font-size:.8rem;margin:0}
${axis}
.legend{display:flex;flex-wrap:wrap;gap:.3rem 1rem;list-style:none;padding:0;margin:.5rem 0 0;font-size:.85rem;color:var(--muted)}
.legend .swatch{display:inline-block;width:.8rem;height:.8rem;border-radius:2px;background:var(--tone);margin-right:.35rem;vertical-align:-1px}
.legend .tone-no_data .swatch{--tone:var(--nodata)}
table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:.4rem .5rem;border-bottom:1px solid var(--line)}
ol.timeline{list-style:none;margin:0;padding:0}
ol.timeline>li{border-left:3px solid var(--line);padding:0 0 1rem 1rem;margin-left:.3rem}
ol.timeline>li h3{font-size:1rem}
.month{margin-bottom:1rem}.month ul{list-style:none;margin:0;padding:0}.month li{padding:.5rem 0}.month li+li{border-top:1px solid var(--line)}
.pager{display:flex;justify-content:space-between;align-items:center;gap:1rem;margin-top:1rem}
form.subscribe label{display:block;font-weight:600;margin:.5rem 0 .25rem}
form.subscribe input[type=email]{width:100%;max-width:24rem;padding:.5rem;border:1px solid var(--muted);border-radius:.3rem;background:var(--card);color:var(--fg);font:inherit}
form.subscribe fieldset{border:1px solid var(--line);border-radius:.3rem;margin:.75rem 0;padding:.5rem .75rem}
form.subscribe fieldset label{display:inline-flex;gap:.35rem;font-weight:400;margin:.2rem 1rem .2rem 0}
button{font:inherit;padding:.5rem 1rem;border-radius:.3rem;border:0;background:var(--link);color:var(--card);cursor:pointer;font-weight:600}
footer.site{border-top:1px solid var(--line);padding:1rem 0 2rem;font-size:.9rem}
footer.site ul{list-style:none;padding:0;margin:.25rem 0;display:flex;flex-wrap:wrap;gap:.25rem 1rem}
@media (max-width:40rem){dl.facts{grid-template-columns:minmax(0,1fr)}dl.facts dd{margin-bottom:.5rem}th,td{padding:.4rem .25rem}}
.embed main{padding:.75rem}.embed .banner{font-size:1rem;margin:0 0 .5rem}.embed ul{margin:.25rem 0;padding-left:1.2rem}
${phone}
${subscriber}
${tones}
${indicators}
/* Upcoming maintenance in the embed (views/public/embed-page.tsx): a short list under the banner, each start on its own line. */
.embed .soon h2{font-size:.95rem;margin:.6rem 0 .2rem}
.embed .soon li+li{margin-top:.25rem}
.embed .soon .when{display:block;color:var(--muted);font-size:.85rem}
`;
