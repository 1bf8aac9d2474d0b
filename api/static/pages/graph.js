// The actor network drawn with D3 (api/static/vendor/d3.min.js, bundled: no CDN) as SVG.
// Reads nodes and links from the JSON at svg[data-src] (the /network API).
//
// Readable at a few hundred actors:
// * layout: d3-force (links, many-body repulsion, a collision force that keeps nodes apart, a weak
//   pull to the middle so separate components stay in view), computed to rest before the first
//   paint (no jiggling), then fitted to the frame;
// * labels never collide: after every zoom a greedy pass shows labels in order of importance
//   (the centre, the selected actor and its neighbours, then by PageRank) and hides a label whose
//   box would overlap one already shown; labels keep their size on screen, so zooming in makes
//   room for more of them; the hovered actor always shows its name;
// * zoom and pan (wheel, drag on the background, the +/- and fit buttons), drag an actor to move it;
// * search: type a name, Enter (or pick from the list) zooms to that actor and selects it;
// * click an actor to select it (its neighbours stay bright, the rest fade), double-click to open
//   its page; click a link for the evidence path between its ends.
(function () {
  "use strict";
  var svgEl = document.getElementById("graph");
  if (!svgEl || typeof d3 === "undefined") return;
  var info = document.getElementById("graph-info");
  var colours = { person: "#2b6cb0", state: "#c05621", organization: "#2f855a", collective: "#6b46c1" };
  var center = svgEl.dataset.center || null;
  var ego = svgEl.dataset.mode === "ego";
  var FONT = 11, LABEL_H = 14, FOOT = 28;

  function say(text) { if (info) info.textContent = text; }

  fetch(svgEl.dataset.src, { headers: { Accept: "application/json" } })
    .then(function (r) { return r.json(); })
    .then(draw)
    .catch(function (err) { say("Could not load the network: " + err); });

  function draw(data) {
    if (data.error) { say(data.error); return; }
    var svg = d3.select(svgEl);
    var W = svgEl.clientWidth || 900, H = svgEl.clientHeight || 560;
    svg.attr("viewBox", "0 0 " + W + " " + H);
    var nodes = data.nodes, links = data.links;
    svgEl.dataset.nodes = nodes.length;
    svgEl.dataset.links = links.length;
    if (!nodes.length) { say("No actors are linked in this selection."); svgEl.dataset.settled = "true"; return; }

    var byId = new Map(nodes.map(function (n) { return [n.id, n]; }));
    links = links.filter(function (l) { return byId.has(l.source) && byId.has(l.target); });
    var maxPr = d3.max(nodes, function (n) { return n.pagerank || 0; }) || 1;
    var neighbours = new Map(nodes.map(function (n) { return [n.id, new Set()]; }));
    links.forEach(function (l) { neighbours.get(l.source).add(l.target); neighbours.get(l.target).add(l.source); });
    nodes.forEach(function (n) {
      n.r = 4 + 10 * Math.sqrt((n.pagerank || 0) / maxPr);
      if (n.id === center) { n.r = Math.max(n.r, 10); n.fx = 0; n.fy = 0; }
    });

    // layout, run to rest before the first paint (deterministic: d3-force seeds a phyllotaxis)
    var many = nodes.length > 150 ? -45 : -140;
    var sim = d3.forceSimulation(nodes)
      .force("link", d3.forceLink(links).id(function (n) { return n.id; })
        .distance(function (l) { return 30 + 2 * (l.source.r + l.target.r); }).strength(0.4))
      .force("charge", d3.forceManyBody().strength(many).distanceMax(400))
      .force("collide", d3.forceCollide(function (n) { return n.r + 6; }).iterations(2))
      .force("x", d3.forceX(0).strength(0.05))
      .force("y", d3.forceY(0).strength(0.07))
      .stop();
    var ticks = Math.ceil(Math.log(sim.alphaMin()) / Math.log(1 - sim.alphaDecay()));
    for (var i = 0; i < ticks; i++) sim.tick();

    var root = svg.append("g").attr("class", "viewport");
    var gLinks = root.append("g").attr("class", "links");
    var gNodes = root.append("g").attr("class", "nodes");

    var link = gLinks.selectAll("line").data(links).join("line")
      .attr("class", function (l) { return "link k-" + (l.kinds[0] || "x"); })
      .attr("stroke-width", function (l) { return 1 + 1.5 * Math.log(1 + l.weight); })
      .on("mouseenter", function (ev, l) { say(linkText(l)); })
      .on("click", function (ev, l) {
        location.href = "/ui/network/path?from=" + encodeURIComponent(l.source.id) + "&to=" + encodeURIComponent(l.target.id);
      });
    link.append("title").text(linkText);

    var node = gNodes.selectAll("g.node").data(nodes).join("g")
      .attr("class", function (n) { return "node" + (n.id === center ? " center" : ""); })
      .attr("data-id", function (n) { return n.id; });
    node.append("circle").attr("r", function (n) { return n.r; })
      .attr("fill", function (n) { return colours[n.kind] || "#718096"; });
    var label = node.append("text").text(function (n) { return n.name; });
    node.append("title").text(nodeText);
    node.on("mouseenter", function (ev, n) { d3.select(this).classed("hover", true); say(nodeText(n)); })
      .on("mouseleave", function () { d3.select(this).classed("hover", false); })
      .on("click", function (ev, n) { ev.stopPropagation(); select(n); })
      .on("dblclick", function (ev, n) { ev.stopPropagation(); open(n); });
    node.call(d3.drag()
      .on("start", function (ev) { if (ev.sourceEvent) ev.sourceEvent.stopPropagation(); })
      .on("drag", function (ev, n) { n.x = ev.x; n.y = ev.y; place(); }));

    // label widths at FONT px, measured once
    label.style("font-size", FONT + "px");
    label.each(function (n) { n.labelW = this.getComputedTextLength ? this.getComputedTextLength() : 6 * n.name.length; });

    // paint order: least important first, so the important ones (and their names) lie on top
    function paintOrder() {
      node = node.sort(function (a, b) { return priority(a) - priority(b); });
      node.each(function (n, i) { n.z = i; });
    }

    function place() {
      link.attr("x1", function (l) { return l.source.x; }).attr("y1", function (l) { return l.source.y; })
        .attr("x2", function (l) { return l.target.x; }).attr("y2", function (l) { return l.target.y; });
      node.attr("transform", function (n) { return "translate(" + n.x + "," + n.y + ")"; });
    }
    place();

    // zoom and pan; labels keep their screen size and are decluttered after each zoom
    var k = 1, selected = null;
    paintOrder();
    var zoom = d3.zoom().scaleExtent([0.1, 8]).on("zoom", function (ev) {
      root.attr("transform", ev.transform);
      k = ev.transform.k;
      label.style("font-size", FONT / k + "px").style("stroke-width", 3 / k + "px");
      link.style("stroke-width", function (l) { return (1 + 1.5 * Math.log(1 + l.weight)) / Math.sqrt(k) + "px"; });
      node.select("circle").style("stroke-width", 1.5 / k + "px");
      declutter(ev.transform);
    });
    svg.call(zoom).on("dblclick.zoom", null);
    svg.on("click", function () { select(null); });

    // a label is shown when its box (screen pixels) overlaps no label shown before it and no circle
    // painted above it (the actors are painted in order of importance, the most important last, so
    // a hub's name may lie over a minor actor's dot, never under one); the rest appear on hover, on
    // selection or when zooming in makes room
    function declutter(t) {
      var order = nodes.slice().sort(function (a, b) { return priority(b) - priority(a); });
      var circles = nodes.map(function (n) {
        var x = t.applyX(n.x), y = t.applyY(n.y), r = n.r * t.k;
        return { z: n.z, box: [x - r, y - r, x + r, y + r] };
      });
      var shown = [], vis = new Set();
      function hits(a, b) { return a[0] < b[2] && b[0] < a[2] && a[1] < b[3] && b[1] < a[3]; }
      order.forEach(function (n) {
        var x = t.applyX(n.x), y = t.applyY(n.y), r = n.r * t.k, w = n.labelW, h = LABEL_H;
        if (x + r + w < 0 || x - r - w > W || y + r + h < 0 || y - r - h > H) return;
        var spots = [  // right, left, above, below
          ["r", [x + r + 3, y - h / 2, x + r + 3 + w, y + h / 2]],
          ["l", [x - r - 3 - w, y - h / 2, x - r - 3, y + h / 2]],
          ["t", [x - w / 2, y - r - 2 - h, x + w / 2, y - r - 2]],
          ["b", [x - w / 2, y + r + 2, x + w / 2, y + r + 2 + h]],
        ];
        var spot = spots.find(function (sp) {
          var box = sp[1];
          for (var j = 0; j < shown.length; j++) if (hits(box, shown[j])) return false;
          for (var c = 0; c < circles.length; c++) if (circles[c].z > n.z && hits(box, circles[c].box)) return false;
          return true;
        });
        n.spot = spot ? spot[0] : "r";
        if (!spot) return;
        shown.push(spot[1]);
        vis.add(n.id);
      });
      label.attr("text-anchor", function (n) { return n.spot === "l" ? "end" : n.spot === "r" ? "start" : "middle"; })
        .attr("x", function (n) { return n.spot === "r" ? n.r + 3 / t.k : n.spot === "l" ? -n.r - 3 / t.k : 0; })
        .attr("y", function (n) {
          return n.spot === "t" ? -n.r - 6 / t.k : n.spot === "b" ? n.r + 13 / t.k : 4 / t.k;
        });
      node.classed("label-hidden", function (n) { return !vis.has(n.id); });
      svgEl.dataset.labels = vis.size;
    }
    function priority(n) {
      if (n.id === center) return 4;
      if (selected && n.id === selected.id) return 3;
      if (selected && neighbours.get(selected.id).has(n.id)) return 2 + (n.pagerank || 0);
      return (n.pagerank || 0) / maxPr;
    }

    function select(n) {
      selected = n;
      var near = n ? neighbours.get(n.id) : null;
      node.classed("selected", function (m) { return !!n && m.id === n.id; })
        .classed("faded", function (m) { return !!n && m.id !== n.id && !near.has(m.id); });
      link.classed("faded", function (l) { return !!n && l.source.id !== n.id && l.target.id !== n.id; });
      paintOrder();
      declutter(d3.zoomTransform(svgEl));
      if (n) {
        say(nodeText(n) + " \u2014 double-click to open its page");
        svgEl.dataset.selected = n.id;
      } else {
        delete svgEl.dataset.selected;
      }
    }
    function open(n) {
      if (!n.url) return;
      location.href = ego && n.id !== center ? n.url.replace("/ui/", "/ui/graph/") : n.url;
    }
    function focus(n, scale) {
      var s = Math.max(scale || 2, k);
      svg.transition().duration(400).call(zoom.transform, d3.zoomIdentity.translate(W / 2, H / 2).scale(s).translate(-n.x, -n.y));
      select(n);
    }
    function fit() {
      var x0 = d3.min(nodes, function (n) { return n.x - n.r; }), x1 = d3.max(nodes, function (n) { return n.x + n.r + 60; });
      var y0 = d3.min(nodes, function (n) { return n.y - n.r; }), y1 = d3.max(nodes, function (n) { return n.y + n.r; });
      var free = H - 2 * FOOT;  // the info line covers the bottom
      var s = Math.min(1.5, 0.9 * Math.min(W / (x1 - x0 || 1), free / (y1 - y0 || 1)));
      svg.call(zoom.transform, d3.zoomIdentity.translate(W / 2, H / 2).scale(s).translate(-(x0 + x1) / 2, -(y0 + y1) / 2));
    }
    fit();

    // the controls: search, zoom buttons
    var form = document.getElementById("graph-find");
    var input = document.getElementById("graph-search");
    var list = document.getElementById("graph-names");
    if (list) {
      nodes.slice().sort(function (a, b) { return a.name.localeCompare(b.name); }).forEach(function (n) {
        var o = document.createElement("option"); o.value = n.name; list.appendChild(o);
      });
    }
    function find(text) {
      var q = text.trim().toLowerCase();
      if (!q) return null;
      return nodes.find(function (n) { return n.name.toLowerCase() === q; }) ||
        nodes.filter(function (n) { return n.name.toLowerCase().indexOf(q) >= 0; })
          .sort(function (a, b) { return (b.pagerank || 0) - (a.pagerank || 0); })[0] || null;
    }
    if (form && input) {
      form.addEventListener("submit", function (ev) {
        ev.preventDefault();
        var n = find(input.value);
        if (n) focus(n); else say("No actor called \u201c" + input.value + "\u201d in this network.");
      });
      input.addEventListener("change", function () { var n = find(input.value); if (n) focus(n); });
    }
    d3.selectAll("[data-zoom]").on("click", function () {
      var what = this.getAttribute("data-zoom");
      if (what === "fit") fit(); else svg.transition().duration(250).call(zoom.scaleBy, what === "in" ? 1.5 : 1 / 1.5);
    });

    say(count(nodes.length, "actor") + ", " + count(links.length, "link") + ". Scroll to zoom, drag to pan; click an actor to select it.");
    svgEl.dataset.settled = "true";
  }

  function count(n, word) { return n + " " + word + (n === 1 ? "" : "s"); }
  function nodeText(n) { return n.name + " (" + n.kind + ", " + count(n.degree, "link") + ")"; }
  function linkText(l) {
    var s = l.source.name || l.source, t = l.target.name || l.target;
    return s + " \u2014 " + t + ": " + l.kinds.join(", ") + ", " + count(l.weight, "independent source");
  }
})();
