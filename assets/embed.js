/*
 * Draws the chart of an /embed/<ids> page. The page carries the figure in a JSON block (the CSP allows
 * no inline script) and loads plotly.js before this file. Dash also loads every assets/*.js into the
 * dashboard, where there is no such block: then this does nothing.
 */
(function () {
  var data = document.getElementById("embed-figure");
  if (!data || !window.Plotly) {
    return;
  }
  var spec = JSON.parse(data.textContent);
  window.Plotly.newPlot("embed-chart", spec.figure.data, spec.figure.layout, spec.config);
})();
