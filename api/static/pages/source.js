// Source page: clicking a highlight selects its facts in the side panel, and back.
(function () {
  "use strict";
  var marks = Array.prototype.slice.call(document.querySelectorAll("mark.fact"));
  var items = Array.prototype.slice.call(document.querySelectorAll(".fact-item"));
  function clear() {
    marks.forEach(function (m) { m.classList.remove("active"); });
    items.forEach(function (i) { i.classList.remove("active"); });
  }
  function select(ns, scrollTo) {
    clear();
    var first = null;
    ns.forEach(function (n) {
      var item = document.querySelector('.fact-item[data-n="' + n + '"]');
      if (item) { item.classList.add("active"); first = first || item; }
      marks.forEach(function (m) {
        if ((" " + m.dataset.facts + " ").indexOf(" " + n + " ") >= 0) m.classList.add("active");
      });
    });
    if (scrollTo === "item" && first) first.scrollIntoView({ block: "nearest" });
    if (scrollTo === "text") {
      var m = document.querySelector("mark.fact.active");
      if (m) m.scrollIntoView({ block: "center" });
    }
  }
  marks.forEach(function (m) {
    var go = function () { select(m.dataset.facts.split(" "), "item"); };
    m.addEventListener("click", go);
    m.addEventListener("keydown", function (e) { if (e.key === "Enter") go(); });
  });
  items.forEach(function (i) {
    i.addEventListener("click", function (e) {
      if (e.target.tagName === "A") return;
      select([i.dataset.n], "text");
    });
  });
  if (location.hash) {
    var target = document.getElementById(location.hash.slice(1));
    if (target && target.dataset.n !== undefined) select([target.dataset.n], "text");
  }
})();
