/*
 * "Copy image" buttons (layouts/downloads.py, copy_image_button): put the chart's PNG on the clipboard,
 * to paste straight into PowerPoint, WPS or Word (ClipboardItem). Where the browser refuses (no
 * ClipboardItem, a page not served over HTTPS or from this machine, permission denied), the PNG is
 * downloaded instead; the status line beside the button says which happened, in the page's language
 * (the button carries the texts). Listens on the document, so buttons the callbacks add later work too.
 * A file of its own: the CSP allows no inline script.
 */
(function () {
  function say(button, text) {
    var status = button.parentNode && button.parentNode.querySelector(".copy-image-status");
    if (status) {
      status.textContent = text || "";
    }
  }

  function fetchPng(src) {
    return fetch(src, { credentials: "same-origin" }).then(function (response) {
      if (!response.ok) {
        throw new Error("HTTP " + response.status);
      }
      return response.blob();
    }).then(function (blob) {
      return blob.type === "image/png" ? blob : new Blob([blob], { type: "image/png" });
    });
  }

  function download(button, blob) {
    var url = URL.createObjectURL(blob);
    var link = document.createElement("a");
    link.href = url;
    link.download = button.getAttribute("data-filename") || "chart.png";
    document.body.appendChild(link);
    link.click();
    link.remove();
    window.setTimeout(function () { URL.revokeObjectURL(url); }, 10000);
    say(button, button.getAttribute("data-downloaded"));
  }

  function canCopyImages() {
    return Boolean(window.isSecureContext && window.ClipboardItem && navigator.clipboard && navigator.clipboard.write);
  }

  document.addEventListener("click", function (event) {
    var button = event.target && event.target.closest ? event.target.closest("button.copy-image") : null;
    if (!button || button.getAttribute("aria-busy") === "true") {
      return;
    }
    button.setAttribute("aria-busy", "true");
    say(button, "");
    var png = fetchPng(button.getAttribute("data-src"));
    var copied;
    if (canCopyImages()) {
      // The ClipboardItem is made within the click, holding a promise of the image (Safari requires it).
      copied = navigator.clipboard.write([new window.ClipboardItem({ "image/png": png })]).then(function () {
        say(button, button.getAttribute("data-done"));
      });
    } else {
      copied = Promise.reject(new Error("this browser cannot copy images here"));
    }
    copied.catch(function () {
      return png.then(function (blob) { download(button, blob); });
    }).catch(function () {
      say(button, button.getAttribute("data-failed"));
    }).then(function () {
      button.removeAttribute("aria-busy");
    });
  });
})();
