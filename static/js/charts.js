// Draws every chart on the page from the JSON the page embeds beside it.
// The same figures are always in an HTML table too, so the page works without this script.
(function () {
  "use strict";
  if (typeof echarts === "undefined") {
    return;
  }
  var BLUE = "#0b4f8a";
  var AMBER = "#b45309";

  function hasData(list) {
    return list.some(function (v) { return v !== null; });
  }

  // One indicator over the years: bars for the value, a line for the growth.
  function seriesOption(data) {
    var series = [];
    var yAxis = [];
    if (hasData(data.values)) {
      yAxis.push({ type: "value", name: data.unit || data.valueLabel });
      series.push({
        name: data.valueLabel, type: "bar", data: data.values, yAxisIndex: 0,
        itemStyle: { color: BLUE }, label: { show: true, position: "insideTop", color: "#ffffff" }
      });
    }
    if (hasData(data.growth)) {
      yAxis.push({ type: "value", name: "%", splitLine: { show: series.length === 0 } });
      series.push({
        name: data.growthLabel, type: "line", data: data.growth, yAxisIndex: yAxis.length - 1,
        itemStyle: { color: AMBER }, connectNulls: true,
        label: { show: true, position: "right", formatter: "{c}%" }
      });
    }
    return {
      title: { text: data.title, left: "center", textStyle: { fontSize: 14 } },
      tooltip: { trigger: "axis" },
      legend: { bottom: 0 },
      grid: { left: 56, right: 56, top: 48, bottom: 48 },
      xAxis: { type: "category", data: data.years.map(String) },
      yAxis: yAxis,
      series: series
    };
  }

  // The growth rates one report section gives, side by side.
  function growthOption(data) {
    return {
      title: { text: data.title, left: "center", textStyle: { fontSize: 14 } },
      tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
      grid: { left: 8, right: 48, top: 40, bottom: 8, containLabel: true },
      xAxis: { type: "value", name: "%" },
      yAxis: { type: "category", data: data.labels, inverse: true },
      series: [{
        type: "bar", data: data.values, itemStyle: { color: BLUE },
        label: { show: true, position: "right", formatter: "{c}%" }
      }]
    };
  }

  var builders = { series: seriesOption, growth: growthOption };
  var charts = [];
  document.querySelectorAll(".chart-canvas[data-chart-source]").forEach(function (holder) {
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
      holder.style.height = Math.max(160, 48 + data.labels.length * 28) + "px";
    }
    var chart = echarts.init(holder, null, { renderer: "svg" });
    var option = build(data);
    option.animation = false;
    option.aria = { enabled: true };
    chart.setOption(option);
    holder.setAttribute("data-chart-ready", "true");
    charts.push(chart);
  });
  window.addEventListener("resize", function () {
    charts.forEach(function (chart) { chart.resize(); });
  });
})();
