/* Client-side helpers registered as Dash clientside callbacks (no inline scripts, CSP-friendly). */
window.dash_clientside = Object.assign({}, window.dash_clientside, {
  reform: {
    /* Keep <html lang> and the document title in step with the language of the view. */
    applyLanguage: function (state) {
      if (!state) {
        return window.dash_clientside.no_update;
      }
      document.documentElement.lang = state.lang === "en" ? "en" : "zh-CN";
      if (state.title) {
        document.title = state.title;
      }
      return window.dash_clientside.no_update;
    },

    /* The width (CSS px, in steps of 40, rounded down) the chart is shown at: the figure plans which
       labels fit and how its texts wrap for it. Measured on each change of the view, and again when a
       resize (a phone turned, a window dragged) changes it. The chart is drawn anew only when it was
       planned for another width: a box up to a tenth wider than planned shows it as it is (labels
       only move apart), a narrower one needs it redrawn. The width is kept in a cookie, so that the
       next page's first response draws the chart for it (server/context.py). */
    chartWidth: function (search, planned) {
      var measure = function () {
        var box = document.querySelector(".chart-box");
        var width = box ? box.clientWidth - 10 : 0;
        if (width <= 0) {
          var app = document.querySelector(".app") || document.body;
          var style = window.getComputedStyle(app);
          width = app.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight) - 10;
        }
        return Math.max(300, Math.min(2400, Math.floor(width / 40) * 40));
      };
      var ns = window.dash_clientside.reform;
      var fits = function (width) {
        return typeof ns._planned === "number" && width >= ns._planned && width <= ns._planned * 1.1;
      };
      var remember = function (width) {
        document.cookie = "reform_chart_width=" + width + "; path=/; max-age=31536000; SameSite=Lax";
      };
      if (typeof planned === "number") {
        ns._planned = planned;
      }
      if (!ns._onResize) {
        var timer = null;
        ns._onResize = function () {
          window.clearTimeout(timer);
          timer = window.setTimeout(function () {
            var width = measure();
            remember(width);
            if (!fits(width) && window.dash_clientside.set_props) {
              ns._planned = width;
              window.dash_clientside.set_props("chart-width", {data: width});
            }
          }, 250);
        };
        window.addEventListener("resize", ns._onResize);
      }
      var width = measure();
      remember(width);
      if (fits(width)) {
        return window.dash_clientside.no_update;
      }
      ns._planned = width;
      return width;
    },

    /* The chart's box as tall as the figure it shows (the figure may grow on a phone). */
    chartHeight: function (figure) {
      var height = figure && figure.layout && figure.layout.height;
      if (typeof height !== "number" || height < 100 || height > 4000) {
        return window.dash_clientside.no_update;
      }
      return {height: height + "px"};
    }
  }
});
