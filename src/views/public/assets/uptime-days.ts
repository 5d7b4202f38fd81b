// The uptime bars in the reader's browser, part of the page's one script (local-time.ts). The
// server sends each day's facts as codes and the catalogue's words once (views/public/uptime-bars.tsx
// says how); this names every run of days in those words and makes each one reachable:
// - a screen reader reads each run's words in the list (a button whose text they are);
// - the keyboard has one tab stop per component, the arrow keys (and Home, End) walk its days;
// - a pointer hovering, a focus, a tap or a finger sliding along the bars shows the words in a
//   tooltip, which Escape (or a tap elsewhere) hides and the pointer can move onto.
import { UPTIME_DAYS } from '../../../domain/uptime';
import { DATE_STYLE } from '../../../i18n/format';
import { FIRST_OF_MONTH } from '../../../i18n/typography';

/**
 * Pure (Intl only, no DOM), so tests run it as it is: `(locale, words)` gives
 * `(classes, data) → runs`, where `classes` are the server's <li> classes in order and `data`
 * the list's `data-w`; every run of the window comes back, plain ones included, with its words.
 * `words` is what the legend holds: `from` (the first date), `tones` (code → word),
 * `day`, `uptime`, `maintenance`, `maintenances`, `incidents`, and `maintenances1`, `incidents1`
 * for one name (with `{}`, and `{date}` in `day`), `none`, `maintenanceNames`, `incidentNames`.
 */
export const DAY_RUNS_SCRIPT = `function (locale, words) {
    var DAY = 86400000;
    var first = ${JSON.stringify(FIRST_OF_MONTH)};
    var firstOfMonth = /^fr(-|$)/i.test(locale || '') ? new RegExp(first.source, first.flags) : null;
    var written = function (text) { return firstOfMonth ? text.replace(firstOfMonth, first.replacement) : text; };
    var dates = new Intl.DateTimeFormat(locale, ${JSON.stringify(DATE_STYLE)});
    var span = function (from, until) {
      if (from === until) return written(dates.format(new Date(from)));
      if (dates.formatRange) return written(dates.formatRange(new Date(from), new Date(until)));
      return written(dates.format(new Date(from)) + ' \\u2013 ' + dates.format(new Date(until)));
    };
    // As i18n/format.ts writes them: formatPercent, formatList, formatDuration.
    var percent = new Intl.NumberFormat(locale, { style: 'percent', minimumFractionDigits: 2, maximumFractionDigits: 2 });
    var lists = typeof Intl.ListFormat === 'function';
    var names = lists ? new Intl.ListFormat(locale, { type: 'conjunction', style: 'long' }) : null;
    var unitList = lists ? new Intl.ListFormat(locale, { type: 'unit', style: 'long' }) : null;
    var join = function (list, items) { return list ? list.format(items) : items.join(', '); };
    var units = {};
    var count = function (n, unit) {
      if (!units[unit]) units[unit] = new Intl.NumberFormat(locale, { style: 'unit', unit: unit, unitDisplay: 'long' });
      return units[unit].format(n);
    };
    var duration = function (minutes) {
      var rest = minutes;
      var parts = [];
      [['day', 1440], ['hour', 60], ['minute', 1]].forEach(function (unit) {
        var n = Math.floor(rest / unit[1]);
        rest -= n * unit[1];
        if (n > 0 && parts.length < 2) parts.push(count(n, unit[0]));
      });
      return join(unitList, parts.length ? parts : [count(0, 'minute')]);
    };
    var fill = function (template, value) { return template.replace('{}', function () { return value; }); };
    var refs = function (text, book) {
      return text ? text.slice(1).split(text.charAt(0)).map(function (ref) { return book[parseInt(ref, 36)]; }) : [];
    };
    // An entry: [lost][+minutes][~maintenance]…[.incident]… (uptime-bars.tsx).
    var summary = function (code, entry) {
      var m = /^(\\d*)(?:\\+(\\d+))?((?:~[0-9a-z]+)*)((?:\\.[0-9a-z]+)*)$/.exec(entry) || ['', '', undefined, '', ''];
      var parts = [words.tones[code]];
      if (code !== 'nd') parts.push(fill(words.uptime, percent.format((10000 - Number(m[1] || 0)) / 10000)));
      if (m[2] !== undefined) parts.push(fill(words.maintenance, duration(Number(m[2]))));
      var maintenances = refs(m[3], words.maintenanceNames);
      if (maintenances.length) parts.push(fill(maintenances.length === 1 ? words.maintenances1 : words.maintenances, join(names, maintenances)));
      var incidents = refs(m[4], words.incidentNames);
      if (incidents.length) parts.push(fill(incidents.length === 1 ? words.incidents1 : words.incidents, join(names, incidents)));
      else if (code !== 'nd') parts.push(words.none);
      return parts.join(', ');
    };
    var start = Date.parse(words.from + 'T12:00:00Z');
    var label = function (run) {
      var when = span(start + (run.column - 1) * DAY, start + (run.column + run.days - 2) * DAY);
      return words.day.replace('{date}', function () { return when; }).replace('{}', function () { return summary(run.code, run.entry); });
    };
    return function (classes, data) {
      var entries = (data || '').split(',');
      var runs = [];
      var next = 1;
      var plain = function (until) {
        if (until > next) runs.push({ column: next, days: until - next, code: 'op', entry: '' });
      };
      classes.forEach(function (classList, i) {
        var at = /([a-z]{2})(\\d+)$/.exec(classList);
        var days = /^s(\\d+) /.exec(classList);
        if (!at) return;
        var run = { column: Number(at[2]), days: days ? Number(days[1]) : 1, code: at[1], entry: entries[i] || '' };
        plain(run.column);
        runs.push(run);
        next = run.column + run.days;
      });
      plain(${UPTIME_DAYS + 1});
      runs.forEach(function (run) { run.label = label(run); });
      return runs;
    };
  }`;

/** `(locale)`: names the page's bars and makes them reachable, if the page has any. */
export const UPTIME_BARS_SCRIPT = `function (locale) {
    var legend = document.querySelector('ul.legend[data-from]');
    if (!legend) return;
    var read = function (name) { return legend.getAttribute('data-' + name) || ''; };
    var lines = function (text) { return text ? text.split('\\n') : []; };
    var tones = {};
    Array.prototype.forEach.call(legend.children, function (item) { tones[item.className.split(' ')[1]] = item.textContent.trim(); });
    var runsOf = (${DAY_RUNS_SCRIPT})(locale, {
      from: read('from'), tones: tones, day: read('day'), uptime: read('uptime'),
      maintenance: read('maintenance'), maintenances: read('maintenances'), incidents: read('incidents'), none: read('none'),
      maintenances1: read('maintenances-1'), incidents1: read('incidents-1'),
      maintenanceNames: lines(read('maintenance-names')), incidentNames: lines(read('incident-names'))
    });
    document.querySelectorAll('ol.bars[data-w]').forEach(function (bars) {
      var runs = runsOf(Array.prototype.map.call(bars.children, function (item) { return item.className; }), bars.getAttribute('data-w'));
      var name = bars.parentNode.querySelector('h3');
      if (!bars.hasAttribute('aria-label')) bars.setAttribute('aria-label', read('title').replace('{}', function () { return name ? name.textContent.trim() : ''; }));
      bars.textContent = '';
      runs.forEach(function (run, i) {
        var item = document.createElement('li');
        item.className = (run.days > 1 ? 's' + run.days + ' ' : '') + run.code + run.column;
        var button = document.createElement('button');
        button.type = 'button';
        // One tab stop per component, on its latest days; the arrow keys move it.
        button.tabIndex = i === runs.length - 1 ? 0 : -1;
        var text = document.createElement('span');
        text.className = 'vh';
        text.textContent = run.label;
        button.appendChild(text);
        item.appendChild(button);
        bars.appendChild(item);
      });
    });
    var tip = document.createElement('div');
    tip.className = 'tip';
    // The button's own text says it to a screen reader: this is only for the eyes.
    tip.setAttribute('aria-hidden', 'true');
    tip.hidden = true;
    document.body.appendChild(tip);
    var barOf = function (node) {
      var button = node && node.closest ? node.closest('ol.bars button') : null;
      return button;
    };
    var show = function (button) {
      tip.textContent = button.textContent;
      tip.hidden = false;
      var box = button.getBoundingClientRect();
      var width = tip.offsetWidth;
      var room = document.documentElement.clientWidth;
      var left = Math.max(4, Math.min(box.left + box.width / 2 - width / 2, room - width - 4));
      var top = box.top - tip.offsetHeight - 6;
      if (top < 4) top = box.bottom + 6;
      tip.style.left = left + window.scrollX + 'px';
      tip.style.top = top + window.scrollY + 'px';
    };
    var hide = function () { tip.hidden = true; };
    var focused = function () { return barOf(document.activeElement); };
    document.addEventListener('focusin', function (event) {
      var button = barOf(event.target);
      if (!button) return;
      var list = button.closest('ol');
      var roving = list.querySelector('button[tabindex="0"]');
      if (roving && roving !== button) roving.tabIndex = -1;
      button.tabIndex = 0;
      show(button);
    });
    document.addEventListener('focusout', function (event) {
      if (barOf(event.target) && !barOf(event.relatedTarget)) hide();
    });
    document.addEventListener('mouseover', function (event) {
      var button = barOf(event.target);
      if (button) show(button);
      else if (!tip.contains(event.target)) {
        if (focused()) show(focused());
        else hide();
      }
    });
    // A tap shows a day's words (and moves the keyboard there); a tap elsewhere puts them away.
    document.addEventListener('click', function (event) {
      var button = barOf(event.target);
      if (button) {
        button.focus();
        show(button);
      } else if (!tip.contains(event.target)) {
        hide();
        if (focused()) focused().blur();
      }
    });
    // A finger sliding along the bars reads the day under it.
    document.addEventListener('pointermove', function (event) {
      if (event.pointerType !== 'touch') return;
      var button = barOf(document.elementFromPoint(event.clientX, event.clientY));
      if (button) show(button);
    });
    document.addEventListener('keydown', function (event) {
      if (event.key === 'Escape') {
        hide();
        return;
      }
      var button = barOf(event.target);
      if (!button) return;
      var item = button.parentNode;
      var to = { ArrowLeft: item.previousElementSibling, ArrowRight: item.nextElementSibling, Home: item.parentNode.firstElementChild, End: item.parentNode.lastElementChild }[event.key];
      if (to === undefined) return;
      event.preventDefault();
      if (to) to.firstChild.focus();
    });
  }`;
