// A small force-directed drawing of the actor network in SVG (no library).
// Reads nodes and links from the JSON at svg[data-src] (the /network API).
(function () {
  "use strict";
  var svg = document.getElementById("graph");
  if (!svg) return;
  var NS = "http://www.w3.org/2000/svg";
  var info = document.getElementById("graph-info");
  var colours = { person: "#2b6cb0", state: "#c05621", organization: "#2f855a", collective: "#6b46c1" };
  var center = svg.dataset.center || null;
  var ego = svg.dataset.mode === "ego";

  function el(name, attrs, parent) {
    var e = document.createElementNS(NS, name);
    for (var k in attrs) e.setAttribute(k, attrs[k]);
    if (parent) parent.appendChild(e);
    return e;
  }
  function say(text) { if (info) info.textContent = text; }

  fetch(svg.dataset.src, { headers: { Accept: "application/json" } })
    .then(function (r) { return r.json(); })
    .then(draw)
    .catch(function (err) { say("Could not load the network: " + err); });

  function draw(data) {
    if (data.error) { say(data.error); return; }
    var W = svg.clientWidth || 900, H = svg.clientHeight || 560;
    svg.setAttribute("viewBox", "0 0 " + W + " " + H);
    var nodes = data.nodes, links = data.links;
    svg.dataset.nodes = nodes.length;
    svg.dataset.links = links.length;
    if (!nodes.length) { say("No actors are linked in this selection."); return; }
    var byId = {};
    var maxPr = 0;
    nodes.forEach(function (n, i) {
      var a = (2 * Math.PI * i) / nodes.length;
      n.x = W / 2 + (W / 3) * Math.cos(a) * (0.5 + Math.random() * 0.5);
      n.y = H / 2 + (H / 3) * Math.sin(a) * (0.5 + Math.random() * 0.5);
      n.vx = 0; n.vy = 0;
      if (n.id === center) { n.x = W / 2; n.y = H / 2; }
      byId[n.id] = n;
      maxPr = Math.max(maxPr, n.pagerank || 0);
    });
    links.forEach(function (l) { l.s = byId[l.source]; l.t = byId[l.target]; });
    links = links.filter(function (l) { return l.s && l.t; });

    var gLinks = el("g", {}, svg), gNodes = el("g", {}, svg);
    links.forEach(function (l) {
      l.el = el("line", { "class": "link k-" + (l.kinds[0] || "x"), "stroke-width": 1 + 1.5 * Math.log(1 + l.weight) }, gLinks);
      var t = el("title", {}, l.el);
      t.textContent = l.s.name + " — " + l.t.name + ": " + l.kinds.join(", ") + ", " + l.weight + " independent source(s)";
      l.el.addEventListener("mouseenter", function () { say(t.textContent); });
      l.el.addEventListener("click", function () {
        location.href = "/ui/network/path?from=" + encodeURIComponent(l.source) + "&to=" + encodeURIComponent(l.target);
      });
    });
    nodes.forEach(function (n) {
      var r = 5 + 12 * Math.sqrt(maxPr ? (n.pagerank || 0) / maxPr : 0.3);
      n.r = r;
      n.el = el("g", { "class": "node" + (n.id === center ? " center" : ""), "data-id": n.id }, gNodes);
      el("circle", { r: r, fill: colours[n.kind] || "#718096" }, n.el);
      var label = el("text", { x: r + 3, y: 4 }, n.el);
      label.textContent = n.name;
      var t = el("title", {}, n.el);
      t.textContent = n.name + " (" + n.kind + ", " + n.degree + " links)";
      n.el.addEventListener("mouseenter", function () { say(t.textContent); });
      n.el.addEventListener("click", function () {
        if (n.dragged) return;
        if (!n.url) return;
        location.href = ego && n.id !== center ? n.url.replace("/ui/", "/ui/graph/") : n.url;
      });
      drag(n);
    });

    // simulation: repulsion, springs, gravity; cooled over a few hundred ticks
    var alpha = 1, ticks = 0;
    var repel = Math.min(2500, 250000 / Math.max(nodes.length, 1));
    function tick() {
      var i, j, a, b, dx, dy, d2, d, f;
      for (i = 0; i < nodes.length; i++) {
        a = nodes[i];
        for (j = i + 1; j < nodes.length; j++) {
          b = nodes[j];
          dx = a.x - b.x; dy = a.y - b.y; d2 = dx * dx + dy * dy + 0.01;
          if (d2 > 90000) continue;  // no push beyond 300px: components stay near the middle
          f = (repel * alpha) / d2;
          a.vx += dx * f; a.vy += dy * f; b.vx -= dx * f; b.vy -= dy * f;
        }
      }
      links.forEach(function (l) {
        dx = l.t.x - l.s.x; dy = l.t.y - l.s.y; d = Math.sqrt(dx * dx + dy * dy) || 1;
        f = ((d - 80) / d) * 0.08 * alpha;
        l.s.vx += dx * f; l.s.vy += dy * f; l.t.vx -= dx * f; l.t.vy -= dy * f;
      });
      nodes.forEach(function (n) {
        n.vx += (W / 2 - n.x) * 0.02 * alpha; n.vy += (H / 2 - n.y) * 0.03 * alpha;
        if (n.fixed || (ego && n.id === center)) { n.vx = n.vy = 0; return; }
        n.x += Math.max(-20, Math.min(20, n.vx)); n.y += Math.max(-20, Math.min(20, n.vy));
        n.vx *= 0.6; n.vy *= 0.6;
        n.x = Math.max(n.r + 2, Math.min(W - n.r - 60, n.x)); n.y = Math.max(n.r + 2, Math.min(H - n.r - 2, n.y));
      });
      render();
      alpha = Math.max(0.02, alpha * 0.985);
      if (++ticks < 400) requestAnimationFrame(tick); else svg.dataset.settled = "true";
    }
    function render() {
      links.forEach(function (l) {
        l.el.setAttribute("x1", l.s.x.toFixed(1)); l.el.setAttribute("y1", l.s.y.toFixed(1));
        l.el.setAttribute("x2", l.t.x.toFixed(1)); l.el.setAttribute("y2", l.t.y.toFixed(1));
      });
      nodes.forEach(function (n) { n.el.setAttribute("transform", "translate(" + n.x.toFixed(1) + "," + n.y.toFixed(1) + ")"); });
    }
    function drag(n) {
      n.el.addEventListener("pointerdown", function (e) {
        e.preventDefault();
        var pt = svg.createSVGPoint(), moved = false;
        n.dragged = false;
        function move(ev) {
          pt.x = ev.clientX; pt.y = ev.clientY;
          var p = pt.matrixTransform(svg.getScreenCTM().inverse());
          n.x = p.x; n.y = p.y; n.fixed = true; moved = true; n.dragged = true; render();
        }
        function up() {
          window.removeEventListener("pointermove", move); window.removeEventListener("pointerup", up);
          if (moved) setTimeout(function () { n.dragged = false; }, 0);
        }
        window.addEventListener("pointermove", move); window.addEventListener("pointerup", up);
      });
    }
    say(nodes.length + " actors, " + links.length + " links");
    requestAnimationFrame(tick);
  }
})();
