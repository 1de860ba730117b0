/*
 * The indicator dropdown's options (callbacks/controls.py). The page arrives with the dropdown holding
 * only its chosen values, and every option in a store: indexing a thousand options for search takes the
 * dropdown most of a second, which the first chart should not wait for. At load the options are handed
 * over once the chart is drawn (or at once when the chart tab is not shown); afterwards (another
 * language) at once.
 */
(function () {
  var clientside = (window.dash_clientside = window.dash_clientside || {});
  var loaded = false;
  var LONGEST_WAIT_MS = 3000;

  function chartPending() {
    var panel = document.getElementById("chart-panel");
    return panel !== null && !panel.hidden && document.querySelector("#chart .main-svg") === null;
  }

  /* Resolves with `value` after the frame showing the chart has been painted. */
  function afterTheChart(value) {
    return new Promise(function (resolve) {
      var started = Date.now();
      (function wait() {
        if (chartPending() && Date.now() - started < LONGEST_WAIT_MS) {
          setTimeout(wait, 50);
          return;
        }
        // Two frames: the one drawing the chart has been painted; then a task of its own.
        requestAnimationFrame(function () {
          requestAnimationFrame(function () {
            setTimeout(function () {
              resolve(value);
            }, 0);
          });
        });
      })();
    });
  }

  clientside.reformOptions = {
    fill: function (options) {
      if (!Array.isArray(options)) {
        return clientside.no_update;
      }
      if (loaded) {
        return options;
      }
      loaded = true;
      return afterTheChart(options);
    }
  };
})();
