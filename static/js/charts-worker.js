// Draws a chart as an SVG string off the page's main thread (ECharts' server-side rendering,
// here in a worker), so that a chart on the first screen does not hold up a phone: building a
// three-panel chart is one uninterrupted task of 100–300 ms of script on a desktop core, four
// times that on Lighthouse's simulated phone, and the page would not answer a tap meanwhile.
// static/js/charts.js sends {id, data, width, height, scripts} and puts the SVG in the page.
"use strict";

var ready = false;

function prepare(scripts) {
  if (ready) {
    return;
  }
  // The ECharts build, then static/js/chart-options.js (both named by the page, hashed).
  importScripts.apply(self, scripts);
  if (typeof OffscreenCanvas !== "undefined") {
    // Text measured with the fonts the page has, so labels wrap and hide as they would there;
    // without it ECharts guesses widths from a table.
    echarts.setPlatformAPI({
      createCanvas: function () {
        return new OffscreenCanvas(1, 1);
      },
    });
  }
  ready = true;
}

self.onmessage = function (event) {
  var message = event.data;
  try {
    prepare(message.scripts);
    var option = self.chartOption(message.data, message.width);
    if (!option) {
      throw new Error("unknown chart kind: " + message.data.kind);
    }
    var chart = echarts.init(null, null, {
      renderer: "svg", ssr: true, width: message.width, height: message.height
    });
    chart.setOption(option);
    // Through zrender's painter, not chart.renderToSVGString(), which in ECharts 6 always adds
    // a <style> element of hover colours: the pages' Content-Security-Policy refuses inline
    // styles, and hover is the live chart's job.
    var svg = chart.getZr().painter.renderToString({ cssAnimation: false, cssEmphasis: false });
    chart.dispose();
    self.postMessage({ id: message.id, svg: svg });
  } catch (error) {
    self.postMessage({ id: message.id, error: String(error) });
  }
};
