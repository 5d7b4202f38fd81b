// The admin stylesheet, served from /admin/assets (the CSP allows no inline styles). Colours
// keep at least 4.5:1 contrast against their background.
export const ADMIN_CSS = `
:root { --ink: #1f2933; --muted: #4a5563; --line: #d5dbe3; --bg: #f6f8fa; --accent: #1d4ed8; --danger: #b42318; --ok: #166534; --warn: #854d0e; }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink); background: var(--bg); }
a { color: var(--accent); }
.skip { position: absolute; left: -9999px; }
.skip:focus { left: 1rem; top: 1rem; background: #fff; padding: .5rem; z-index: 10; }
.top { display: flex; flex-wrap: wrap; gap: .5rem 1.5rem; align-items: center; padding: .75rem 1.5rem; background: #fff; border-bottom: 1px solid var(--line); }
.brand { font-weight: 700; color: var(--ink); text-decoration: none; }
.top nav ul { display: flex; flex-wrap: wrap; gap: .25rem 1rem; list-style: none; margin: 0; padding: 0; }
.top nav a { text-decoration: none; padding: .25rem 0; }
.top nav a[aria-current="page"] { font-weight: 700; color: var(--ink); border-bottom: 2px solid var(--accent); }
.who { margin-left: auto; display: flex; gap: .75rem; align-items: center; color: var(--muted); }
main { max-width: 72rem; margin: 0 auto; padding: 1.5rem; }
h1 { font-size: 1.6rem; margin: 0 0 1rem; }
h2 { font-size: 1.2rem; margin: 2rem 0 .75rem; }
h3 { font-size: 1.05rem; margin: 1.25rem 0 .5rem; }
section.card, form.card { background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: 1rem 1.25rem; margin: 1rem 0; }
.grid { display: grid; grid-template-columns: repeat(auto-fit, minmax(16rem, 1fr)); gap: 0 1.25rem; }
table { width: 100%; border-collapse: collapse; background: #fff; border: 1px solid var(--line); }
th, td { text-align: left; padding: .5rem .6rem; border-bottom: 1px solid var(--line); vertical-align: top; }
th { background: #eef1f5; font-weight: 600; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
.field { margin: .6rem 0; }
.field label, fieldset legend { display: block; font-weight: 600; margin-bottom: .2rem; }
.field.compact { margin: 0; }
input[type=text], input[type=email], input[type=password], input[type=search], input[type=datetime-local], input:not([type]), select, textarea {
  width: 100%; max-width: 40rem; padding: .45rem .55rem; border: 1px solid #8a94a3; border-radius: 5px; font: inherit; color: var(--ink); background: #fff; }
textarea { min-height: 5rem; }
fieldset { border: 1px solid var(--line); border-radius: 6px; margin: .75rem 0; padding: .5rem 1rem .75rem; }
.check { display: flex; gap: .5rem; align-items: center; margin: .3rem 0; }
.hint { color: var(--muted); margin: 0 0 .3rem; font-size: .92rem; }
.invalid input, .invalid select, .invalid textarea { border-color: var(--danger); border-width: 2px; }
.field-error { color: var(--danger); font-weight: 600; margin: .25rem 0 0; }
.error-summary { border: 2px solid var(--danger); background: #fff5f4; border-radius: 6px; padding: .5rem 1rem; margin: 1rem 0; }
.notice-ok { border: 1px solid #86c59a; background: #f0fbf3; border-radius: 6px; padding: .5rem 1rem; }
button { font: inherit; cursor: pointer; border-radius: 5px; padding: .45rem .9rem; border: 1px solid var(--accent); background: var(--accent); color: #fff; font-weight: 600; }
button.secondary { background: #fff; color: var(--accent); }
button.danger { background: #fff; color: var(--danger); border-color: var(--danger); }
button.link { background: none; border: none; color: var(--accent); padding: 0; text-decoration: underline; font-weight: 400; }
button:focus-visible, a:focus-visible, input:focus-visible, select:focus-visible, textarea:focus-visible { outline: 3px solid #f59e0b; outline-offset: 2px; }
form.inline { display: inline; }
.row-actions { display: flex; flex-wrap: wrap; gap: .4rem; align-items: center; }
.row-actions select, .row-actions input { width: auto; }
.card > h2:first-child, .card > h3:first-child { margin-top: 0; }
.actions { display: flex; flex-wrap: wrap; gap: .75rem; align-items: center; margin: 1rem 0; }
.badge { display: inline-block; padding: .05rem .5rem; border-radius: 999px; font-size: .85rem; font-weight: 600; border: 1px solid; white-space: nowrap; }
.s-operational, .s-completed, .s-resolved, .s-postmortem, .s-sent { color: var(--ok); background: #ecfdf3; }
.s-under_maintenance, .s-scheduled, .s-in_progress, .s-verifying, .s-planned { color: #1e40af; background: #eff6ff; }
.s-degraded_performance, .s-minor, .s-monitoring, .s-identified, .s-due, .s-pending { color: var(--warn); background: #fefce8; }
.s-partial_outage, .s-major, .s-investigating { color: #9a3412; background: #fff7ed; }
.s-major_outage, .s-critical, .s-failed, .s-cancelled { color: var(--danger); background: #fef3f2; }
.s-none, .s-skipped { color: var(--muted); background: #f3f4f6; }
.muted { color: var(--muted); }
td time { white-space: nowrap; }
table.components { table-layout: fixed; }
table.components th:nth-child(1) { width: 30%; }
table.components th:nth-child(2) { width: 20%; }
table.components th:nth-child(4) { width: 8rem; }
td.details dl { display: grid; grid-template-columns: max-content 1fr; gap: 0 .75rem; margin: 0; font-size: .9rem; }
td.details dt { color: var(--muted); }
td.details dd { margin: 0; overflow-wrap: anywhere; }
.timeline { list-style: none; padding: 0; margin: 0; border-left: 3px solid var(--line); }
.timeline li { position: relative; padding: .35rem 0 .6rem 1rem; }
.timeline li::before { content: ""; position: absolute; left: -7px; top: .75rem; width: 11px; height: 11px; border-radius: 50%; background: var(--line); }
.timeline li.past::before { background: var(--ok); }
.timeline li.future::before { background: #fff; border: 2px solid var(--accent); }
.timeline li.skipped::before { background: #fff; border: 2px solid var(--muted); }
.updates article { border-top: 1px solid var(--line); padding: .5rem 0; }
.updates p { margin: .25rem 0; }
.body > :first-child { margin-top: 0; }
.body > :last-child { margin-bottom: 0; }
.body pre { overflow-x: auto; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: .25rem 1rem; margin: 0; }
dl.facts dt { font-weight: 600; }
dl.facts dd { margin: 0; }
iframe.preview { width: 100%; height: 32rem; border: 1px solid var(--line); background: #fff; }
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
.sign-in { max-width: 28rem; margin: 4rem auto; }
`;
