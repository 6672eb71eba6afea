// The parts of Apache ECharts that static/js/charts.js draws with, and nothing else: bar and
// line series on grids (with titles, a legend, the axis tooltip and ARIA descriptions), the
// labelLayout that hides overlapping labels, and the SVG renderer, which static/js/charts-worker.js
// also runs without a page (server-side rendering, its text measured on an OffscreenCanvas
// through setPlatformAPI). Exposed as window.echarts.
import { init, setPlatformAPI, use } from "echarts/core";
import { BarChart, LineChart } from "echarts/charts";
import {
  AriaComponent,
  GridComponent,
  LegendPlainComponent,
  TitleComponent,
  TooltipComponent,
} from "echarts/components";
import { LabelLayout } from "echarts/features";
import { SVGRenderer } from "echarts/renderers";

use([
  BarChart,
  LineChart,
  AriaComponent,
  GridComponent,
  LegendPlainComponent,
  TitleComponent,
  TooltipComponent,
  LabelLayout,
  SVGRenderer,
]);

export { init, setPlatformAPI };
