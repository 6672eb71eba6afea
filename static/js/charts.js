// Draws the indicator chart from the JSON the page embeds; the table beside it holds the same data.
(function () {
  "use strict";
  var holder = document.getElementById("indicator-chart");
  var source = document.getElementById("indicator-chart-data");
  if (!holder || !source || typeof echarts === "undefined") {
    return;
  }
  var data = JSON.parse(source.textContent);
  var hasValues = data.values.some(function (v) { return v !== null; });
  var hasGrowth = data.growth.some(function (v) { return v !== null; });
  var series = [];
  var yAxis = [];
  if (hasValues) {
    yAxis.push({ type: "value", name: data.unit || data.valueLabel });
    series.push({
      name: data.valueLabel, type: "bar", data: data.values, yAxisIndex: 0,
      itemStyle: { color: "#0b4f8a" }, label: { show: true, position: "insideTop", color: "#ffffff" }
    });
  }
  if (hasGrowth) {
    yAxis.push({ type: "value", name: "%", splitLine: { show: !hasValues } });
    series.push({
      name: data.growthLabel, type: "line", data: data.growth, yAxisIndex: yAxis.length - 1,
      itemStyle: { color: "#b45309" }, label: { show: true, position: "right", formatter: "{c}%" }, connectNulls: true
    });
  }
  var chart = echarts.init(holder, null, { renderer: "svg" });
  chart.setOption({
    animation: false,
    aria: { enabled: true },
    title: { text: data.title, left: "center", textStyle: { fontSize: 14 } },
    tooltip: { trigger: "axis" },
    legend: { bottom: 0 },
    grid: { left: 56, right: 56, top: 48, bottom: 48 },
    xAxis: { type: "category", data: data.years.map(String) },
    yAxis: yAxis,
    series: series
  });
  holder.setAttribute("data-chart-ready", "true");
  window.addEventListener("resize", function () { chart.resize(); });
})();
