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
    }).then(function (r) {
        if (r.ok) { return r.json(); }
        // A body over the Markdown limits: the server's sentence says what to change (shown as text).
        return r.json().then(function (p) { return { error: (p && p.detail) || "预览失败，请稍后再试。" }; },
          function () { return { error: "预览失败，请稍后再试。" }; });
      })
      .then(function (data) {
        if (!data || ticket !== pending) { return; }
        if (data.error) {
          var p = document.createElement("p");
          p.className = "error";
          p.setAttribute("role", "alert");
          p.textContent = data.error;
          preview.replaceChildren(p);
          return;
        }
        // The server's output is sanitised; only the latest answer is shown.
        preview.innerHTML = data.html;
      })
      .catch(function () { /* preview is a convenience; the "预览" button works without script */ });
  }
  source.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(render, 300);
  });
  render();
})();
