// Draws every chart on the page from the JSON the page embeds beside it.
// The same figures are always in an HTML table too, so the page works without this script.
// Loaded with defer. When a chart comes near the screen, a worker (charts-worker.js) draws it
// as an SVG picture off the main thread, so a phone stays responsive while it loads; the live
// ECharts chart, with its tooltip, replaces the picture when the reader first points at or
// touches it. The page reserves each chart's height (portal/charts.py), so nothing moves
// when one appears.
(function () {
  "use strict";
  var script = document.currentScript;
  var holders = document.querySelectorAll(".chart-canvas[data-chart-source]");
  if (!holders.length || !script) {
    return;
  }
  var scripts = [script.getAttribute("data-echarts-src"), script.getAttribute("data-options-src")];
  var workerSrc = script.getAttribute("data-worker-src");
  var live = [];
  var loading = null;
  var worker = null;
  var pending = {};
  var nextId = 0;

  function chartData(holder) {
    var source = document.getElementById(holder.getAttribute("data-chart-source"));
    return source ? JSON.parse(source.textContent) : null;
  }

  // The ECharts build and the options, fetched once into the page, however many charts ask.
  function loadScript(src) {
    return new Promise(function (resolve, reject) {
      var tag = document.createElement("script");
      tag.src = src;
      tag.onload = resolve;
      tag.onerror = reject;
      document.head.appendChild(tag);
    });
  }

  function loadECharts() {
    if (!loading) {
      loading = Promise.all(scripts.map(loadScript));
    }
    return loading;
  }

  // The live chart, drawn on the main thread: one long task, so only when the reader asks.
  // data-chart-live is set once the live chart is drawn; the list says one is on its way.
  var waking = [];

  function drawLive(holder) {
    if (waking.indexOf(holder) >= 0) {
      return;
    }
    waking.push(holder);
    loadECharts().then(function () {
      var data = chartData(holder);
      var option = data && window.chartOption(data, holder.clientWidth);
      if (!option) {
        return;
      }
      holder.textContent = "";
      var chart = echarts.init(holder, null, { renderer: "svg" });
      chart.setOption(option);
      holder.setAttribute("data-chart-ready", "true");
      holder.setAttribute("data-chart-live", "true");
      live.push(chart);
    }, function () {});
  }

  function showPicture(holder, svg) {
    var picture = new DOMParser().parseFromString(svg, "image/svg+xml").documentElement;
    if (picture.nodeName !== "svg" || waking.indexOf(holder) >= 0) {
      return;
    }
    holder.replaceChildren(document.importNode(picture, true));
    holder.setAttribute("data-chart-ready", "true");
    holder.setAttribute("data-chart-width", String(holder.clientWidth));
  }

  function startWorker() {
    try {
      worker = new Worker(workerSrc);
    } catch (error) {
      return null;
    }
    worker.onmessage = function (event) {
      var holder = pending[event.data.id];
      delete pending[event.data.id];
      if (!holder) {
        return;
      }
      if (event.data.svg) {
        showPicture(holder, event.data.svg);
      } else {
        drawLive(holder);
      }
    };
    worker.onerror = function (event) {
      // The worker could not start (or load ECharts): every chart it owed is drawn live.
      event.preventDefault();
      Object.keys(pending).forEach(function (id) { drawLive(pending[id]); });
      pending = {};
      worker = false;
    };
    return worker;
  }

  function draw(holder) {
    var data = chartData(holder);
    if (!data) {
      return;
    }
    if (worker === null && "Worker" in window && workerSrc) {
      startWorker();
    }
    if (!worker) {
      drawLive(holder);
      return;
    }
    var id = ++nextId;
    pending[id] = holder;
    worker.postMessage({
      id: id, data: data, width: holder.clientWidth, height: holder.clientHeight, scripts: scripts
    });
  }

  function watchForReader(holder) {
    var wake = function () { drawLive(holder); };
    ["pointerenter", "touchstart", "focusin"].forEach(function (type) {
      holder.addEventListener(type, wake, { once: true, passive: true });
    });
  }

  if ("IntersectionObserver" in window) {
    // A screen's height ahead, so a reader scrolling down finds the chart drawn.
    var observer = new IntersectionObserver(function (entries) {
      entries.forEach(function (entry) {
        if (entry.isIntersecting) {
          observer.unobserve(entry.target);
          draw(entry.target);
        }
      });
    }, { rootMargin: "100% 0px" });
    holders.forEach(function (holder) { observer.observe(holder); });
  } else {
    holders.forEach(draw);
  }
  holders.forEach(watchForReader);
  var resizing = null;
  window.addEventListener("resize", function () {
    live.forEach(function (chart) { chart.resize(); });
    // A picture is redrawn at the new width once the window stops changing.
    clearTimeout(resizing);
    resizing = setTimeout(redrawPictures, 200);
  });

  function redrawPictures() {
    holders.forEach(function (holder) {
      var drawnAt = holder.getAttribute("data-chart-width");
      if (drawnAt && waking.indexOf(holder) < 0 && drawnAt !== String(holder.clientWidth)) {
        draw(holder);
      }
    });
  }
})();
