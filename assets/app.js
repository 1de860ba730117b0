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
    }
  }
});
