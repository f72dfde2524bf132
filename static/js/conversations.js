// The thread refreshes itself (hx-trigger="every 10s") only while the page is visible:
// a hidden tab sends no request. An external file, so a strict Content-Security-Policy holds.
document.addEventListener("htmx:beforeRequest", function (event) {
  if (document.hidden && event.detail.elt.hasAttribute("data-poll")) {
    event.preventDefault();
  }
});
