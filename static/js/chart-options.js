// The ECharts option of each kind of chart the pages draw, from the JSON the page embeds.
// Shared by static/js/charts-worker.js, which draws the picture off the main thread, and
// static/js/charts.js, which draws the live chart (with its tooltip) when a reader points at it.
(function (root) {
  "use strict";
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

  // The whole option for a chart `width` pixels wide, or null for a kind this file does not know.
  root.chartOption = function (data, width) {
    var build = builders[data.kind];
    if (!build) {
      return null;
    }
    if (data.kind === "growth") {
      data.labelWidth = Math.min(160, Math.round(width * 0.35));
    }
    var option = build(data);
    option.animation = false;
    option.aria = { enabled: true };
    return option;
  };
})(self);
