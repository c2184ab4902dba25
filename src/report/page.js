// pairaid report: scope switch for the flow diagram, and the event table's
// search. Written for pairaid (no library), MIT OR Apache-2.0.
(function () {
  "use strict";
  var buttons = document.querySelectorAll(".scopes button");
  var panels = document.querySelectorAll("#flows .panel");
  buttons.forEach(function (button) {
    button.addEventListener("click", function () {
      var scope = button.getAttribute("data-scope");
      buttons.forEach(function (b) { b.classList.toggle("on", b === button); });
      panels.forEach(function (p) { p.hidden = p.getAttribute("data-scope") !== scope; });
    });
  });
  var search = document.getElementById("search");
  var shown = document.getElementById("shown");
  var rows = document.querySelectorAll("#events-table tbody tr");
  search.addEventListener("input", function () {
    var words = search.value.toLowerCase().split(/\s+/).filter(Boolean);
    var n = 0;
    rows.forEach(function (row) {
      var text = row.textContent.toLowerCase();
      var match = words.every(function (w) { return text.indexOf(w) >= 0; });
      row.hidden = !match;
      if (match) { n += 1; }
    });
    shown.textContent = n + " of " + rows.length + " events";
  });
})();
