// Draws every chart on the page from the JSON the page embeds beside it.
// The same figures are always in an HTML table too, so the page works without this script.
// Loaded with defer; the ECharts build (data-echarts-src on this script's tag) is fetched only
// when the first chart comes near the screen, and each chart is drawn when it does. The page
// reserves each chart's height (portal/charts.py), so nothing moves when one appears.
(function () {
  "use strict";
  var script = document.currentScript;
  var holders = document.querySelectorAll(".chart-canvas[data-chart-source]");
  if (!holders.length || !script) {
    return;
  }
  var BLUE = "#0b4f8a";
  var AMBER = "#b45309";

  var PANEL_HEIGHT = 120;
  var PANEL_GAP = 56;
  var TOP = 36;

  // One indicator over the years: one panel per measure (value, growth, rank), one above the
  // other on a shared axis of years, so no two units share an axis and no labels collide.
  function seriesOption(data) {
    var option = {
      title: [{ text: data.title, left: "center", textStyle: { fontSize: 14 } }],
      tooltip: { trigger: "axis" },
      grid: [], xAxis: [], yAxis: [], series: []
    };
    data.panels.forEach(function (panel, i) {
      var top = TOP + i * (PANEL_HEIGHT + PANEL_GAP) + 24;
      option.title.push({
        text: panel.name, left: 8, top: top - 26, textStyle: { fontSize: 12, fontWeight: "normal" }
      });
      option.grid.push({ left: 48, right: 24, top: top, height: PANEL_HEIGHT });
      option.xAxis.push({ type: "category", gridIndex: i, data: data.years });
      var yAxis = { type: "value", gridIndex: i };
      if (panel.rank) {
        // 第1位 on top; a place of room above and below keeps the labels off the axes.
        yAxis.inverse = true;
        yAxis.minInterval = 1;
        yAxis.min = function (extent) { return Math.max(0, extent.min - 1); };
        yAxis.max = function (extent) { return extent.max + 1; };
        yAxis.axisLabel = { formatter: function (v) { return v >= 1 ? String(v) : ""; } };
      }
      option.yAxis.push(yAxis);
      option.series.push({
        name: panel.series_name || panel.name, type: panel.type, xAxisIndex: i, yAxisIndex: i,
        data: panel.data,
        connectNulls: true, itemStyle: { color: panel.type === "bar" ? BLUE : AMBER },
        labelLayout: { hideOverlap: true },
        label: {
          show: true, position: "top",
          formatter: function (p) { return panel.labels[p.dataIndex] || ""; }
        }
      });
      if (panel.target) {
        // Targets beside the actuals: a dashed line of hollow diamonds, named in the legend.
        option.series.push({
          name: panel.target.name, type: "line", xAxisIndex: i, yAxisIndex: i,
          data: panel.target.data, connectNulls: true, symbol: "emptyDiamond", symbolSize: 10,
          itemStyle: { color: AMBER }, lineStyle: { type: "dashed", color: AMBER },
          labelLayout: { hideOverlap: true },
          label: {
            // Labelled only in years without an actual, whose bar carries its own label;
            // the tooltip and the table give every target.
            show: true, position: "top",
            formatter: function (p) {
              return panel.data[p.dataIndex] === null ? panel.target.labels[p.dataIndex] : "";
            }
          }
        });
        // Below the panels, where it crowds no title or label at any width.
        option.legend = {
          data: [panel.series_name, panel.target.name], left: "center", bottom: 4,
          textStyle: { fontSize: 12 }
        };
      }
    });
    return option;
  }

  // The growth rates one report section gives, side by side.
  function growthOption(data) {
    return {
      title: { text: data.title, left: "center", textStyle: { fontSize: 14 } },
      tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
      grid: { left: 8, right: 56, top: 40, bottom: 8, containLabel: true },
      xAxis: { type: "value", name: "%" },
      yAxis: {
        type: "category", data: data.labels, inverse: true,
        // Long names break onto a second line rather than run under the bars.
        axisLabel: { width: data.labelWidth, overflow: "break", lineHeight: 14 }
      },
      series: [{
        type: "bar", data: data.values, itemStyle: { color: BLUE },
        label: { show: true, position: "right", formatter: "{c}%" }
      }]
    };
  }

  var builders = { series: seriesOption, growth: growthOption };
  var charts = [];
  var loading = null;

  // The ECharts build, fetched once, however many charts ask for it.
  function loadECharts() {
    if (!loading) {
      loading = new Promise(function (resolve, reject) {
        if (typeof echarts !== "undefined") {
          resolve();
          return;
        }
        var tag = document.createElement("script");
        tag.src = script.getAttribute("data-echarts-src");
        tag.onload = resolve;
        tag.onerror = reject;
        document.head.appendChild(tag);
      });
    }
    return loading;
  }

  function draw(holder) {
    var source = document.getElementById(holder.getAttribute("data-chart-source"));
    if (!source) {
      return;
    }
    var data = JSON.parse(source.textContent);
    var build = builders[data.kind];
    if (!build) {
      return;
    }
    if (data.kind === "growth") {
      data.labelWidth = Math.min(160, Math.round(holder.clientWidth * 0.35));
    }
    var chart = echarts.init(holder, null, { renderer: "svg" });
    var option = build(data);
    option.animation = false;
    option.aria = { enabled: true };
    chart.setOption(option);
    holder.setAttribute("data-chart-ready", "true");
    charts.push(chart);
  }

  function whenLoaded(holder) {
    loadECharts().then(function () { draw(holder); }, function () {});
  }

  if ("IntersectionObserver" in window) {
    // A screen's height ahead, so a reader scrolling down finds the chart drawn.
    var observer = new IntersectionObserver(function (entries) {
      entries.forEach(function (entry) {
        if (entry.isIntersecting) {
          observer.unobserve(entry.target);
          whenLoaded(entry.target);
        }
      });
    }, { rootMargin: "100% 0px" });
    holders.forEach(function (holder) { observer.observe(holder); });
  } else {
    holders.forEach(whenLoaded);
  }
  window.addEventListener("resize", function () {
    charts.forEach(function (chart) { chart.resize(); });
  });
})();
