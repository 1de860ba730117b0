/*
 * The page's first response holds its view (server/first_view.py): the layout Dash's renderer would
 * ask for with `_dash-layout`, and the callbacks of `_dash-dependencies`, as JSON blocks. This hands
 * each block to the renderer's first request for it, so the page renders with no round trip after
 * its scripts. Any other request, and a second one for the same thing, goes to the server.
 */
(function () {
  var blocks = {"_dash-layout": "reform-dash-layout", "_dash-dependencies": "reform-dash-dependencies"};
  var send = window.fetch;
  if (typeof send !== "function") {
    return;
  }
  window.fetch = function (input, init) {
    var url = typeof input === "string" ? input : input && input.url;
    var method = (init && init.method) || (input && input.method) || "GET";
    if (typeof url === "string" && method.toUpperCase() === "GET") {
      var path = new URL(url, window.location.href).pathname;
      var name = path.slice(path.lastIndexOf("/") + 1);
      var element = Object.prototype.hasOwnProperty.call(blocks, name) && document.getElementById(blocks[name]);
      if (element) {
        var body = element.textContent;
        element.remove();
        return Promise.resolve(new Response(body, {status: 200, headers: {"Content-Type": "application/json"}}));
      }
    }
    return send.apply(this, arguments);
  };
})();
