/* Client-side helpers registered as Dash clientside callbacks (no inline scripts, CSP-friendly). */
window.dash_clientside = Object.assign({}, window.dash_clientside, {
  reform: {
    /* Keep <html lang>, the document title and the page's description in step with the view. */
    applyLanguage: function (state) {
      if (!state) {
        return window.dash_clientside.no_update;
      }
      document.documentElement.lang = state.tag || (state.lang === "en" ? "en" : "zh-CN");
      if (state.title) {
        document.title = state.title;
      }
      if (state.description) {
        var meta = document.querySelector('meta[name="description"]');
        if (!meta) {
          meta = document.createElement("meta");
          meta.setAttribute("name", "description");
          document.head.appendChild(meta);
        }
        meta.setAttribute("content", state.description);
      }
      return window.dash_clientside.no_update;
    },

    /*
     * The window's size and the width of the chart's box, for the size the chart is drawn at and the
     * width it is planned for (layouts/chart_sizes.py), told only when the chart on the page was not
     * drawn for them: on a meeting room's screen (from the store's wall_width on) once per page load;
     * on any other, when the box is narrower than the width the chart was planned for (the store's
     * chart_width) or more than a tenth wider (a chart shown a little wider than planned reads as
     * planned: its labels only move apart). Again when a resize (a phone turned, a window dragged)
     * changes that. The box's width (CSS px, in steps of 40, rounded down) is kept in a cookie, so that
     * the next page's first response plans the chart for it (server/context.py).
     */
    viewport: function (pathname, current) {
      var ns = window.dash_clientside.reform;
      var wall = current && current.wall_width;
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
      var isWall = function () {
        return Boolean(wall) && window.innerWidth >= wall;
      };
      var fits = function (box) {
        return typeof ns._planned === "number" && box >= ns._planned && box <= ns._planned * 1.1;
      };
      var tell = function (box) {
        ns._planned = box;
        ns._wall = isWall();
        ns._height = window.innerHeight;
        return {width: window.innerWidth, height: window.innerHeight, wall_width: wall, chart_width: box};
      };
      var box = measure();
      document.cookie = "reform_chart_width=" + box + "; path=/; max-age=31536000; SameSite=Lax";
      ns._planned = current && current.chart_width;
      ns._wall = false;
      if (!ns._onResize) {
        var timer = null;
        ns._onResize = function () {
          window.clearTimeout(timer);
          timer = window.setTimeout(function () {
            var width = measure();
            document.cookie = "reform_chart_width=" + width + "; path=/; max-age=31536000; SameSite=Lax";
            var wallNow = isWall();
            var changed = wallNow !== ns._wall ||
              (wallNow ? width !== ns._planned || window.innerHeight !== ns._height : !fits(width));
            if (changed && window.dash_clientside.set_props) {
              window.dash_clientside.set_props("viewport", {data: tell(width)});
            }
          }, 250);
        };
        window.addEventListener("resize", ns._onResize);
      }
      if (!isWall() && fits(box)) {
        return window.dash_clientside.no_update;
      }
      return tell(box);
    }
  }
});

/*
 * Dash 4's widgets, as rendered, fail accessibility checks that none of their properties fixes:
 * - RadioItems: <div role=listbox><label role=option><input type=radio> puts a control inside another;
 * - Dropdown: a focus trampoline <input tabindex=0 aria-hidden=true> is focusable yet hidden, and the
 *   button is named by the chosen values only, not by the control's <label>;
 * - RangeSlider: its handles are named "Minimum" and "Maximum", in English whatever the page's language.
 * repairWidgets rewrites those attributes after every render: radio groups become radiogroups of plain
 * labels; the trampoline and the button are named by the <label for=...> of the dropdown; each handle
 * is named by the slider's label and a hidden text in the page's language (id "<slider id>-thumb-N").
 * Each repair is idempotent, so the observer's own changes end the loop.
 */
(function () {
  function addName(element, id) {
    var names = (element.getAttribute("aria-labelledby") || "").split(" ").filter(Boolean);
    if (names.indexOf(id) < 0) {
      element.setAttribute("aria-labelledby", [id].concat(names).join(" "));
    }
  }

  function repairWidgets() {
    document.querySelectorAll('.dash-radioitems[role="listbox"]').forEach(function (group) {
      group.setAttribute("role", "radiogroup");
    });
    document.querySelectorAll(".dash-radioitems > [role], .dash-radioitems > [aria-selected]").forEach(function (option) {
      option.removeAttribute("role");
      option.removeAttribute("aria-selected");
    });
    document.querySelectorAll(".dash-dropdown-wrapper").forEach(function (wrapper) {
      var button = wrapper.querySelector("button.dash-dropdown[id]");
      var label = button && document.querySelector('label[for="' + CSS.escape(button.id) + '"][id]');
      if (!label) {
        return;
      }
      var trampoline = wrapper.querySelector(".dash-dropdown-focus-target");
      if (trampoline && trampoline.hasAttribute("aria-hidden")) {
        trampoline.removeAttribute("aria-hidden");
      }
      if (trampoline) {
        addName(trampoline, label.id);
      }
      addName(button, label.id);
    });
    document.querySelectorAll(".dash-slider-container[id]").forEach(function (slider) {
      slider.querySelectorAll('[role="slider"]').forEach(function (thumb, index) {
        var text = document.getElementById(slider.id + "-thumb-" + (index + 1));
        var label = document.querySelector('label[for="' + CSS.escape(slider.id) + '"][id]');
        if (text && label) {
          var wanted = label.id + " " + text.id;
          if (thumb.getAttribute("aria-labelledby") !== wanted) {
            thumb.setAttribute("aria-labelledby", wanted);
          }
          if (thumb.hasAttribute("aria-label")) {
            thumb.removeAttribute("aria-label"); // English, and overruled by aria-labelledby anyway
          }
        }
      });
    });
  }

  var pending = false;
  function schedule() {
    if (!pending) {
      pending = true;
      window.requestAnimationFrame(function () {
        pending = false;
        repairWidgets();
      });
    }
  }

  function start() {
    new MutationObserver(schedule).observe(document.body, {
      childList: true,
      subtree: true,
      attributes: true,
      attributeFilter: ["role", "aria-selected", "aria-hidden", "aria-labelledby", "aria-label"]
    });
    schedule();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
