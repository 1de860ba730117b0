/*
 * Draws the chart of an /embed/<ids> page. The page carries the figure in a JSON block (the CSP allows
 * no inline script) and loads plotly.js before this file. Dash also loads every assets/*.js into the
 * dashboard, where there is no such block: then this does nothing.
 *
 * The chart fills its frame: the page gives it the frame's height less the line linking back to the
 * dashboard, and the figure's own height is dropped so that plotly sizes it to that box, again
 * whenever the frame is resized (config.responsive).
 */
(function () {
  var data = document.getElementById("embed-figure");
  if (!data || !window.Plotly) {
    return;
  }
  var spec = JSON.parse(data.textContent);
  var layout = spec.figure.layout || {};
  delete layout.height;
  delete layout.width;
  layout.autosize = true;
  var config = Object.assign({}, spec.config, { responsive: true });
  window.Plotly.newPlot("embed-chart", spec.figure.data || [], layout, config);
})();
