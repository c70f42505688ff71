// Live preview for the Markdown editor: asks the server to render with the same pipeline as publishing.
(function () {
  "use strict";
  var form = document.getElementById("editor-form");
  var source = document.getElementById("Markdown");
  var preview = document.getElementById("preview");
  if (!form || !source || !preview) { return; }
  var url = form.getAttribute("data-preview-url");
  var timer = null;
  var pending = 0;
  function render() {
    var ticket = ++pending;
    fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ markdown: source.value })
    }).then(function (r) { return r.ok ? r.json() : null; })
      .then(function (data) {
        // The server's output is sanitised; only the latest answer is shown.
        if (data && ticket === pending) { preview.innerHTML = data.html; }
      })
      .catch(function () { /* preview is a convenience; the "预览" button works without script */ });
  }
  source.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(render, 300);
  });
  render();
})();
