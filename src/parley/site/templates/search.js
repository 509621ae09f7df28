// Parley site search: filters the global PARLEY_SEARCH array (from search-index.js) as you type.
(function () {
  "use strict";
  document.documentElement.classList.add("js");
  var form = document.querySelector("form.search");
  var box = document.getElementById("search-box");
  var list = document.getElementById("search-results");
  var index = window.PARLEY_SEARCH || [];
  if (!form || !box || !list) { return; }
  var root = form.getAttribute("data-root") || "";
  var LIMIT = 50;
  var KINDS = ["issue", "person", "meeting", "treaty", "place", "org", "event", "doc", "dataset", "claim", "utterance"];

  function byKind(a, b) { return KINDS.indexOf(a.k) - KINDS.indexOf(b.k); }

  function show(query) {
    list.textContent = "";
    var words = query.toLowerCase().split(/\s+/).filter(Boolean);
    if (!words.length) { return; }
    var inLabel = [], inText = [];
    for (var i = 0; i < index.length; i++) {
      var entry = index[i];
      var label = entry.l.toLowerCase();
      var hay = label + " " + (entry.t || "").toLowerCase();
      if (!words.every(function (w) { return hay.indexOf(w) >= 0; })) { continue; }
      (words.every(function (w) { return label.indexOf(w) >= 0; }) ? inLabel : inText).push(entry);
    }
    var found = inLabel.sort(byKind).concat(inText.sort(byKind)).slice(0, LIMIT);
    found.forEach(function (entry) {
      var item = document.createElement("li");
      var link = document.createElement("a");
      link.href = root + entry.p.split("/").map(encodeURIComponent).join("/") + "/index.html";
      link.textContent = entry.l;
      item.appendChild(link);
      item.appendChild(document.createTextNode(" (" + entry.k + ")"));
      if (entry.t) {
        var text = document.createElement("p");
        text.textContent = entry.t;
        item.appendChild(text);
      }
      list.appendChild(item);
    });
    if (!found.length) { list.textContent = "Nothing found."; }
  }

  form.addEventListener("submit", function (event) { event.preventDefault(); show(box.value); });
  box.addEventListener("input", function () { show(box.value); });
})();
