// The subscriber pages' second script, served from /assets/zone-picker.<hash>.js (CSP:
// script-src 'self'), for their <select data-zone-picker>: a search box that narrows the list as
// you type (city, region, IANA name or offset; accents, case and "_" ignored) and, on a new
// subscriber's form, the browser's own zone chosen unless the reader already chose one. Browsers
// report some zones by their CLDR names ("Asia/Calcutta"): the list has them by their IANA ones.
// Without script the select works alone.
import { LEGACY_ZONES } from '../../subscribe/time-zones';

export const ZONE_PICKER_SCRIPT = `(function () {
  'use strict';
  var select = document.querySelector('select[data-zone-picker]');
  if (!select) return;
  var zone = null;
  try { zone = Intl.DateTimeFormat().resolvedOptions().timeZone || null; } catch (e) { zone = null; }
  var legacy = ${JSON.stringify(LEGACY_ZONES)};
  if (zone && Object.prototype.hasOwnProperty.call(legacy, zone)) zone = legacy[zone];
  if (zone && select.hasAttribute('data-browser-default')) {
    var initial = null;
    for (var i = 0; i < select.options.length; i++) if (select.options[i].defaultSelected) initial = select.options[i];
    // A value other than the server's is the reader's (or the browser restoring it): keep it.
    if (!initial || select.value === initial.value) {
      for (var j = 0; j < select.options.length; j++) {
        if (select.options[j].value === zone) { select.selectedIndex = j; break; }
      }
    }
  }
  var fold = function (text) {
    return text.normalize('NFD').replace(/[\\u0300-\\u036f]/g, '').replace(/\\u2212/g, '-').replace(/[_/,()]/g, ' ').toLowerCase();
  };
  // The list as the server sent it: each top-level child with its options and what they match.
  var parts = Array.prototype.map.call(select.children, function (node) {
    var options = node.tagName === 'OPTGROUP' ? Array.prototype.slice.call(node.children) : [node];
    var group = node.tagName === 'OPTGROUP' ? fold(node.label) : '';
    return {
      node: node,
      options: options.map(function (option) {
        return { node: option, text: fold(option.textContent + ' ' + option.value + ' ' + group) };
      })
    };
  });
  var id = select.id + '-search';
  var label = document.createElement('label');
  label.htmlFor = id;
  label.className = 'hint';
  label.textContent = select.getAttribute('data-search-label');
  var input = document.createElement('input');
  input.type = 'search';
  input.id = id;
  input.autocomplete = 'off';
  input.spellcheck = false;
  input.placeholder = select.getAttribute('data-search-hint') || '';
  input.setAttribute('aria-controls', select.id);
  var status = document.createElement('p');
  status.className = 'hint';
  status.setAttribute('role', 'status');
  select.parentNode.insertBefore(label, select);
  select.parentNode.insertBefore(input, select);
  select.parentNode.insertBefore(status, select.nextSibling);
  var filter = function () {
    var words = fold(input.value).split(/\\s+/).filter(Boolean);
    var chosen = select.value;
    var kept = parts.map(function (part) {
      return part.options.filter(function (option) {
        return words.every(function (word) { return option.text.indexOf(word) >= 0; });
      });
    });
    var found = kept.some(function (options) { return options.length > 0; });
    // Nothing matches: the whole list stays, so the form never loses its value.
    if (!found) kept = parts.map(function (part) { return part.options; });
    status.textContent = found ? '' : select.getAttribute('data-no-match');
    select.textContent = '';
    var first = null;
    var still = false;
    parts.forEach(function (part, k) {
      if (kept[k].length === 0) return;
      if (part.node.tagName === 'OPTGROUP') {
        part.node.textContent = '';
        kept[k].forEach(function (option) { part.node.appendChild(option.node); });
      }
      select.appendChild(part.node);
      kept[k].forEach(function (option) {
        if (!first) first = option.node.value;
        if (option.node.value === chosen) still = true;
      });
    });
    select.value = still ? chosen : first;
  };
  input.addEventListener('input', filter);
  // Enter in the box picks what it shows instead of sending the form.
  input.addEventListener('keydown', function (event) {
    if (event.key === 'Enter') { event.preventDefault(); select.focus(); }
  });
})();
`;
