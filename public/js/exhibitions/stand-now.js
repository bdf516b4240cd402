// Keeps "now at the stand" current: every minute the page is fetched again and its
// content swapped in place. No full reload (focus and scroll stay) and no timed meta
// refresh, which WCAG 2.2.1 rules out; the button pauses the updates.
(function () {
  var root = document.getElementById('now');
  if (!root) return;
  var seconds = Number(root.getAttribute('data-refresh-seconds')) || 60;
  var paused = false;
  var button = document.getElementById('pause-updates');
  if (button) {
    button.hidden = false;
    button.addEventListener('click', function () {
      paused = !paused;
      button.textContent = paused ? 'Resume updates' : 'Pause updates';
      button.setAttribute('aria-pressed', String(paused));
    });
  }
  window.setInterval(function () {
    if (paused) return;
    fetch(window.location.href, { credentials: 'same-origin', headers: { accept: 'text/html' } })
      .then(function (response) {
        return response.ok ? response.text() : Promise.reject(new Error(String(response.status)));
      })
      .then(function (html) {
        var next = new window.DOMParser().parseFromString(html, 'text/html').getElementById('now');
        if (next) root.innerHTML = next.innerHTML;
      })
      .catch(function () {
        // Offline or signed out: keep showing the last state and try again next minute.
      });
  }, seconds * 1000);
})();
