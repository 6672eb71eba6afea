// A job's page follows its progress without a reload; once the job ends the page is loaded
// again to show the outcome. Without JavaScript the page refreshes itself (<noscript>).
(function () {
  "use strict";
  var box = document.getElementById("job-progress");
  if (!box) return;
  var url = box.getAttribute("data-url");

  function show(name, value, total, withTotal) {
    var bar = document.getElementById("job-" + name);
    var text = document.getElementById("job-" + name + "-text");
    if (!bar) return;
    if (!total && name === "read") {
      bar.removeAttribute("value"); // a workbook's rows are counted as read: no end known yet
    } else {
      bar.max = Math.max(total, 1);
      bar.value = value;
    }
    var unit = text.getAttribute("data-unit") || "";
    text.textContent = (withTotal && total ? value + " / " + total : value) + " " + unit;
  }

  function poll() {
    fetch(url, { credentials: "same-origin", cache: "no-store" })
      .then(function (response) {
        if (!response.ok) throw new Error(response.status);
        return response.json();
      })
      .then(function (data) {
        if (data.status !== "queued" && data.status !== "running") {
          window.location.reload();
          return;
        }
        var p = data.progress || {};
        var total = p.total || 0;
        document.getElementById("job-status").textContent = data.status_display;
        document.getElementById("job-waiting").hidden = data.status !== "queued";
        var cancel = document.getElementById("job-cancel");
        if (cancel) cancel.hidden = data.status !== "queued";
        show("read", p.read || 0, total, false);
        show("validated", p.validated || 0, total, true);
        show("written", p.written || 0, total, true);
        window.setTimeout(poll, 1000);
      })
      .catch(function () {
        window.setTimeout(poll, 3000);
      });
  }
  window.setTimeout(poll, 500);
})();
