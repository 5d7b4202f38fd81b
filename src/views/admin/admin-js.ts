// The admin UI's only script, served from /admin/assets (the CSP forbids inline scripts). Every
// page works without it; it adds live refresh of marked regions and confirmation of risky buttons.
export const ADMIN_JS = `
(function () {
  'use strict';
  // A region marked data-live is re-read from the server every few seconds and swapped in
  // place, until the server sends it back without the mark (nothing left to wait for).
  function refresh(region) {
    var every = Number(region.getAttribute('data-live')) || 4000;
    setTimeout(function () {
      fetch(location.href, { headers: { accept: 'text/html' }, credentials: 'same-origin' })
        .then(function (r) { return r.ok ? r.text() : Promise.reject(r.status); })
        .then(function (html) {
          var next = new DOMParser().parseFromString(html, 'text/html').getElementById(region.id);
          if (!next) return;
          region.replaceWith(next);
          if (next.hasAttribute('data-live')) refresh(next);
        })
        .catch(function () { refresh(region); });
    }, every);
  }
  document.querySelectorAll('[data-live][id]').forEach(refresh);
  document.addEventListener('submit', function (event) {
    var message = event.target.getAttribute && event.target.getAttribute('data-confirm');
    if (message && !window.confirm(message)) event.preventDefault();
  });
})();
`;
