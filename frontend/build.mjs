// Builds ../static/vendor/echarts/echarts.custom.min.js from charts-entry.js with the pinned
// esbuild and echarts (package-lock.json); the same lock file gives the same bytes.
import { readFileSync } from "node:fs";
import { build } from "esbuild";

const echarts = JSON.parse(readFileSync("node_modules/echarts/package.json", "utf8"));
const banner = `/*! Apache ECharts ${echarts.version}, a custom build (bar, line, grid, title, legend, tooltip,
 * aria, label layout, SVG renderer) made by frontend/build.mjs.
 * Licensed to the Apache Software Foundation (ASF) under the Apache License, Version 2.0;
 * see LICENSE and NOTICE beside this file, or http://www.apache.org/licenses/LICENSE-2.0 */`;

await build({
  entryPoints: ["charts-entry.js"],
  bundle: true,
  minify: true,
  format: "iife",
  globalName: "echarts",
  target: "es2017",
  legalComments: "none",
  banner: { js: banner },
  define: { __DEV__: "false", "process.env.NODE_ENV": '"production"' },
  outfile: "../static/vendor/echarts/echarts.custom.min.js",
  logLevel: "info",
});
