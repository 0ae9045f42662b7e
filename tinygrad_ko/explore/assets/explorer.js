// tinygrad_ko explorer: replays a recorded forward and backward pass step by step.
// All text from the data is written with textContent (never as HTML).
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("explore-data").textContent);
  var WORDS = {
    ko: {other: "English", forward: "순전파", backward: "역전파", step: "단계", prev: "◀ 이전", next: "다음 ▶",
         play: "▶ 재생", pause: "❚❚ 멈춤", collapse: "층 모두 접기", upstream: "위(출력 쪽)에서 온 기울기",
         out: "출력", inputs: "입력", noGrad: "기울기가 필요 없는 입력 (requires_grad=False)",
         arrivals: "여러 곳에서 쓰인 텐서: 도착한 기울기를 더한다", complete: "모두 도착, 합계 완료",
         waiting: "아직 도착할 기울기", leaves: "지금까지 구한 입력의 기울기", inLayer: "층",
         hint: "←/→ 키 또는 버튼으로 한 단계씩. 노드를 누르면 그 단계로, 층 상자를 누르면 펼치고, 펼친 층의 테두리를 누르면 접습니다.",
         shape: "모양", min: "최소", max: "최대", norm: "노름", slice: "히트맵: 첫 조각", every: "칸 간격",
         start: "역전파는 ∂L/∂L = 1 에서 시작한다", rule: "국소 미분"},
    en: {other: "한국어", forward: "forward", backward: "backward", step: "step", prev: "◀ previous",
         next: "next ▶", play: "▶ play", pause: "❚❚ pause", collapse: "collapse all layers",
         upstream: "gradient from above (the output side)", out: "output", inputs: "inputs",
         noGrad: "input that needs no gradient (requires_grad=False)",
         arrivals: "tensor used more than once: the arriving gradients are summed", complete: "all arrived, sum complete",
         waiting: "still to arrive", leaves: "input gradients found so far", inLayer: "layer",
         hint: "Step with ←/→ or the buttons. Click a node to jump to its step, a layer box to open it, an open layer's border to close it.",
         shape: "shape", min: "min", max: "max", norm: "norm", slice: "heat map: first slice", every: "every",
         start: "backward starts from ∂L/∂L = 1", rule: "local rule"}
  };
  var tensors = index(data.tensors), nodes = index(data.nodes), groups = index(data.groups);
  var steps = data.steps;
  var state = {step: 0, lang: "ko", view: "all", timer: null};
  var $ = function (id) { return document.getElementById(id); };
  var views = {};

  function index(list) {
    var map = {};
    list.forEach(function (item) { map[item.id] = item; });
    return map;
  }

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = text;
    return e;
  }

  // --- the graph views -----------------------------------------------------------------------------
  Array.prototype.forEach.call(document.querySelectorAll(".view"), function (view) {
    var byTitle = {};
    Array.prototype.forEach.call(view.querySelectorAll("g.node, g.cluster"), function (g) {
      var title = g.querySelector("title");
      if (title) byTitle[title.textContent] = g;
    });
    views[view.getAttribute("data-view")] = {el: view, byTitle: byTitle};
    view.addEventListener("click", onGraphClick);
  });

  // the rows of a wrapped view share one scale: the widest row fits the graph's box
  function fitRows() {
    var room = $("graph").clientWidth - 4;
    Object.keys(views).forEach(function (key) {
      var svgs = Array.prototype.slice.call(views[key].el.querySelectorAll("svg"));
      var widths = svgs.map(function (svg) { return parseFloat(svg.getAttribute("width")) * 4 / 3; });
      var scale = Math.min(1, room / Math.max.apply(null, widths));
      svgs.forEach(function (svg, k) {
        svg.style.width = (widths[k] * scale) + "px";
        svg.style.height = "auto";
      });
    });
  }

  function onGraphClick(event) {
    var g = event.target.closest ? event.target.closest("g.node, g.cluster") : null;
    if (!g) return;
    var title = g.querySelector("title").textContent;
    if (title.indexOf("grp_") === 0) { setView(title.slice(4)); return; }
    if (title.indexOf("cluster_") === 0) { setView("all"); return; }
    if (nodes[title]) jumpToNode(title);
  }

  function setView(view) {
    if (!views[view]) return;
    state.view = view;
    render();
  }

  function jumpToNode(nodeId) {
    var phase = steps[state.step].phase, fallback = -1;
    for (var i = 0; i < steps.length; i++) {
      if (steps[i].node !== nodeId) continue;
      if (steps[i].phase === phase) { go(i); return; }
      if (fallback < 0) fallback = i;
    }
    if (fallback >= 0) go(fallback);
  }

  // --- stepping ------------------------------------------------------------------------------------
  function go(i) {
    state.step = Math.max(0, Math.min(steps.length - 1, i));
    render();
  }

  function togglePlay() {
    if (state.timer) { stop(); render(); return; }
    if (state.step === steps.length - 1) state.step = 0;
    state.timer = setInterval(function () {
      if (state.step >= steps.length - 1) { stop(); render(); return; }
      go(state.step + 1);
    }, 1000);
    render();
  }

  function stop() {
    clearInterval(state.timer);
    state.timer = null;
  }

  // --- drawing one step ------------------------------------------------------------------------------
  function render() {
    var w = WORDS[state.lang], s = steps[state.step], node = nodes[s.node];
    document.documentElement.lang = state.lang;
    $("title").textContent = data.title;
    $("lang").textContent = w.other;
    $("prev").textContent = w.prev;
    $("next").textContent = w.next;
    $("play").textContent = state.timer ? w.pause : w.play;
    $("collapse").textContent = w.collapse;
    $("collapse").hidden = data.groups.length === 0;
    $("hint").textContent = w.hint;
    $("slider").max = steps.length - 1;
    $("slider").value = state.step;
    $("counter").textContent = w.step + " " + (state.step + 1) + " / " + steps.length + " · " + w[s.phase];
    document.body.setAttribute("data-step", String(state.step));
    document.body.setAttribute("data-phase", s.phase);
    document.body.setAttribute("data-node", s.node);
    highlight(s, node);
    renderPanel(w, s, node);
  }

  function highlight(s, node) {
    Object.keys(views).forEach(function (key) { views[key].el.hidden = key !== state.view; });
    var view = views[state.view];
    Array.prototype.forEach.call(view.el.querySelectorAll(".current, .done, .touched"), function (g) {
      g.classList.remove("current", "done", "touched");
    });
    var shown = function (id) {
      return view.byTitle[id] ? id : (nodes[id] && view.byTitle["grp_" + nodes[id].group] ? "grp_" + nodes[id].group : null);
    };
    if (s.phase === "backward") {
      for (var i = 0; i < state.step; i++) {
        var past = steps[i].phase === "backward" ? shown(steps[i].node) : null;
        if (past) view.byTitle[past].classList.add("done");
      }
    }
    node.inputs.forEach(function (t) {
      var shownInput = tensors[t].producer ? shown(tensors[t].producer) : (view.byTitle[t] ? t : null);
      if (shownInput) view.byTitle[shownInput].classList.add("touched");
    });
    edgeGradients(view);
    var current = shown(s.node);
    document.body.setAttribute("data-highlighted", current || "");
    if (current) {
      var g = view.byTitle[current];
      g.classList.remove("done", "touched");
      g.classList.add("current");
      if (g.scrollIntoView && state.timer) g.scrollIntoView({block: "nearest", inline: "nearest"});
    }
  }

  // each edge's gradient line (drawn by the layout, hidden) shows once backward has reached it
  function edgeGradients(view) {
    var known = {};
    for (var i = 0; i <= state.step; i++) {
      var s = steps[i];
      if (s.phase !== "backward") continue;
      known[s.output] = s.grad_output.brief;
      s.inputs.forEach(function (input) {
        if (input.grad) known[input.tensor] = input.arrival ? input.arrival.sum.brief : input.grad.brief;
      });
    }
    Array.prototype.forEach.call(view.el.querySelectorAll("g.edge"), function (edge) {
      var match = /-e-(t\d+)(\.\d+)?$/.exec(edge.id || "");
      var slot = match ? edge.querySelector('text[fill="#fffffe"]') : null;
      if (!slot) return;
      var tensorId = match[1], text = known[tensorId];
      slot.setAttribute("data-tensor", tensorId);
      slot.classList.toggle("gradlabel", text !== undefined);
      slot.style.visibility = text === undefined ? "hidden" : "visible";
      if (text !== undefined) slot.textContent = text;
    });
  }

  function tensorName(id) {
    var t = tensors[id];
    return t.label;
  }

  function renderPanel(w, s, node) {
    var panel = $("panel");
    panel.textContent = "";
    var head = el("h2");
    head.appendChild(el("span", "phase-" + s.phase, (state.step + 1) + ". " + w[s.phase] + " · "));
    head.appendChild(el("span", "node-label", node.label));
    head.appendChild(el("span", "who", " (" + node.name + (node.scope ? ", " + w.inLayer + " " + node.scope : "") + ")"));
    panel.appendChild(head);
    if (s.phase === "forward") renderForward(panel, w, s, node);
    else renderBackward(panel, w, s, node);
    renderLeaves(panel, w);
  }

  function renderForward(panel, w, s, node) {
    var sec = el("section");
    var text = s.formula.text + (s.formula.numbers ? " = " + s.formula.numbers : "") + " = " + s.value.text;
    var f = el("div", "formula", text);
    f.setAttribute("data-role", "forward");
    f.setAttribute("data-tensor", s.output);
    if (s.value.size === 1) f.setAttribute("data-value", String(s.value.value));
    sec.appendChild(f);
    sec.appendChild(roles(w, node));
    panel.appendChild(sec);
    if (s.value.size > 1) panel.appendChild(stats(w, s.value));
  }

  function roles(w, node) {
    var list = el("div", "who");
    var parts = node.inputs.map(function (t, k) { return node.letters[k] + " = " + tensorName(t); });
    parts.push(node.out_letter + " = " + tensorName(node.output));
    list.textContent = parts.join(" · ");
    return list;
  }

  function renderBackward(panel, w, s, node) {
    var sec = el("section");
    var first = steps.filter(function (x) { return x.phase === "backward"; })[0] === s;
    if (first) sec.appendChild(el("div", "who", w.start));
    var up = el("div", "formula", "∂L/∂" + node.out_letter + " = " + s.grad_output.text);
    up.setAttribute("data-role", "upstream");
    up.setAttribute("data-tensor", s.output);
    if (s.grad_output.size === 1) up.setAttribute("data-value", String(s.grad_output.value));
    sec.appendChild(el("div", "who", w.upstream));
    sec.appendChild(up);
    sec.appendChild(roles(w, node));
    panel.appendChild(sec);
    s.inputs.forEach(function (input) { panel.appendChild(inputGradient(w, input)); });
  }

  function inputGradient(w, input) {
    var sec = el("section", "input");
    sec.appendChild(el("div", "who", input.letter + " = " + tensorName(input.tensor)));
    if (!input.grad) {
      sec.appendChild(el("div", "who", w.noGrad));
      return sec;
    }
    var lhs = "∂L/∂" + input.letter + " = " + input.rule[state.lang];
    var text = lhs + (input.rule.numbers ? " = " + input.rule.numbers : "") + " = " + input.grad.text;
    var f = el("div", "formula grad", text);
    f.setAttribute("data-role", "grad");
    f.setAttribute("data-tensor", input.tensor);
    if (input.grad.size === 1) f.setAttribute("data-value", String(input.grad.value));
    sec.appendChild(f);
    if (input.grad.size > 1) sec.appendChild(stats(w, input.grad));
    if (input.arrival) sec.appendChild(arrival(w, input));
    return sec;
  }

  function arrival(w, input) {
    var a = input.arrival, box = el("div", "arrival");
    box.setAttribute("data-role", "arrival");
    box.setAttribute("data-tensor", input.tensor);
    box.setAttribute("data-count", String(a.count));
    box.setAttribute("data-total", String(a.total));
    if (a.sum.size === 1) box.setAttribute("data-sum", String(a.sum.value));
    box.appendChild(el("div", "who", w.arrivals + " (" + a.count + " / " + a.total + ")"));
    var sum = a.parts.join(" + ") + (a.count < a.total ? " + …" : "") + " = " + a.sum.text;
    box.appendChild(el("div", "formula sum", sum));
    box.appendChild(el("div", "who", a.complete ? w.complete : w.waiting + ": " + (a.total - a.count)));
    return box;
  }

  function stats(w, info) {
    var box = el("div", "stats");
    box.appendChild(el("div", null, w.shape + " (" + info.shape.join(", ") + ") " + info.dtype + " · " +
      w.norm + " " + fmt(info.norm) + " · " + w.min + " " + fmt(info.min) + " · " + w.max + " " + fmt(info.max)));
    if (info.heat) box.appendChild(heat(w, info.heat));
    return box;
  }

  function fmt(x) {
    if (typeof x === "string") return x;
    var r = Math.round(x);
    if (Math.abs(x - r) <= 1e-6 * Math.max(1, Math.abs(x))) return String(r);
    return String(Number(x.toPrecision(4)));
  }

  function heat(w, h) {
    var wrap = el("div");
    var cell = Math.max(3, Math.min(16, Math.floor(192 / Math.max(h.cols, h.rows))));
    var canvas = el("canvas");
    canvas.width = h.cols * cell;
    canvas.height = h.rows * cell;
    var ctx = canvas.getContext("2d");
    for (var r = 0; r < h.rows; r++) {
      for (var c = 0; c < h.cols; c++) {
        var v = h.cells[r * h.cols + c], a = Math.min(1, Math.abs(v));
        var tone = Math.round(255 * (1 - a));
        ctx.fillStyle = v >= 0 ? "rgb(255," + tone + "," + tone + ")" : "rgb(" + tone + "," + tone + ",255)";
        ctx.fillRect(c * cell, r * cell, cell, cell);
      }
    }
    wrap.appendChild(canvas);
    var note = (h.slice ? w.slice + " " + h.slice + " · " : "") +
      (h.every[0] > 1 || h.every[1] > 1 ? w.every + " " + h.every.join("×") + " · " : "") + "±" + fmt(h.scale);
    wrap.appendChild(el("div", "who", note));
    return wrap;
  }

  function renderLeaves(panel, w) {
    var rows = [];
    for (var i = 0; i <= state.step; i++) {
      (steps[i].finished || []).forEach(function (f) { rows.push(f); });
    }
    if (!rows.length) return;
    var sec = el("section");
    sec.appendChild(el("div", "who", w.leaves));
    var table = el("table");
    rows.forEach(function (f) {
      var tr = el("tr");
      tr.setAttribute("data-leaf", f.tensor);
      if (f.grad.size === 1) tr.setAttribute("data-value", String(f.grad.value));
      var layer = tensors[f.tensor].layer;
      tr.appendChild(el("td", null, "∂L/∂(" + tensorName(f.tensor) + ")" + (layer ? " · " + layer : "")));
      tr.appendChild(el("td", "num", f.grad.text));
      table.appendChild(tr);
    });
    sec.appendChild(table);
    panel.appendChild(sec);
  }

  // --- controls ----------------------------------------------------------------------------------------
  $("prev").addEventListener("click", function () { stop(); go(state.step - 1); });
  $("next").addEventListener("click", function () { stop(); go(state.step + 1); });
  $("play").addEventListener("click", togglePlay);
  $("collapse").addEventListener("click", function () { setView("all"); });
  $("slider").addEventListener("input", function () { stop(); go(parseInt($("slider").value, 10)); });
  $("lang").addEventListener("click", function () { state.lang = state.lang === "ko" ? "en" : "ko"; render(); });
  document.addEventListener("keydown", function (event) {
    if (event.target && event.target.tagName === "INPUT" && event.target.type !== "range") return;
    if (event.key === "ArrowRight") { stop(); go(state.step + 1); event.preventDefault(); }
    else if (event.key === "ArrowLeft") { stop(); go(state.step - 1); event.preventDefault(); }
    else if (event.key === "Home") { stop(); go(0); }
    else if (event.key === "End") { stop(); go(steps.length - 1); }
  });
  window.addEventListener("resize", fitRows);
  fitRows();
  render();
})();
