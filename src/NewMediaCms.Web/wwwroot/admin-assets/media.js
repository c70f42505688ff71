// Media uploads for the editor and the media library: chunked and resumable (create → PATCH chunks at an offset →
// on a dropped connection ask the offset and go on → complete), with a progress bar and the server's Chinese message.
(function () {
  "use strict";

  function token() {
    var input = document.querySelector("input[name=__RequestVerificationToken]");
    return input ? input.value : "";
  }

  function problem(xhrOrResponseText, fallback) {
    try {
      var p = JSON.parse(xhrOrResponseText);
      if (p && p.detail) { return p; }
    } catch (e) { /* not JSON */ }
    return { detail: fallback };
  }

  function send(method, url, body, headers, onProgress) {
    return new Promise(function (resolve) {
      var xhr = new XMLHttpRequest();
      xhr.open(method, url);
      xhr.withCredentials = true;
      xhr.setRequestHeader("RequestVerificationToken", token());
      Object.keys(headers || {}).forEach(function (k) { xhr.setRequestHeader(k, headers[k]); });
      if (onProgress && xhr.upload) { xhr.upload.onprogress = function (e) { onProgress(e.loaded); }; }
      xhr.onload = function () { resolve({ status: xhr.status, text: xhr.responseText, xhr: xhr }); };
      xhr.onerror = function () { resolve({ status: 0, text: "", xhr: xhr }); };
      xhr.onabort = xhr.onerror;
      xhr.send(body);
    });
  }

  function wait(ms) { return new Promise(function (r) { setTimeout(r, ms); }); }

  // Uploads one file; resolves to the media JSON, rejects with { detail } (a Chinese sentence).
  function upload(api, file, options) {
    options = options || {};
    var progress = options.onProgress || function () {};
    var create = { fileName: file.name, length: file.size, replacesId: options.replacesId || null, version: options.version || null };
    return send("POST", api + "/uploads", JSON.stringify(create), { "Content-Type": "application/json" }).then(function (r) {
      if (r.status !== 201) { throw problem(r.text, "无法开始上传（" + r.status + "）。"); }
      var created = JSON.parse(r.text);
      var chunk = Math.min(created.chunkBytes || 8388608, 8388608);
      var location = created.location;
      var offset = 0;
      var failures = 0;
      function next() {
        if (offset >= file.size) {
          progress(file.size, file.size);
          return send("POST", location + "/complete", null, {}).then(function (c) {
            if (c.status === 200 || c.status === 201) { return JSON.parse(c.text); }
            throw problem(c.text, "上传完成后处理失败（" + c.status + "）。");
          });
        }
        var end = Math.min(offset + chunk, file.size);
        var started = offset;
        return send("PATCH", location, file.slice(offset, end), { "Upload-Offset": String(offset), "Content-Type": "application/offset+octet-stream" },
          function (loaded) { progress(started + loaded, file.size); })
          .then(function (p) {
            if (p.status === 200) {
              failures = 0;
              offset = Number(p.xhr.getResponseHeader("Upload-Offset") || end);
              return next();
            }
            if (p.status === 0 || p.status === 409 || p.status >= 500) {
              // Dropped or out of step: ask the server how much it has, then go on from there.
              if (++failures > 8) { throw { detail: "网络连接多次中断，上传已暂停。已上传的部分保留在服务器上，请稍后重试。" }; }
              return wait(Math.min(500 * failures, 4000)).then(function () { return send("HEAD", location, null, {}); }).then(function (h) {
                if (h.status === 200) { offset = Number(h.xhr.getResponseHeader("Upload-Offset") || offset); }
                return next();
              });
            }
            throw problem(p.text, "上传失败（" + p.status + "）。");
          });
      }
      return next();
    });
  }

  function human(bytes) {
    return bytes >= 1048576 ? (bytes / 1048576).toFixed(1) + " MB" : Math.max(1, Math.round(bytes / 1024)) + " KB";
  }

  function bar(root) {
    var box = root.querySelector("[data-media-progress]");
    var meter = box && box.querySelector("progress");
    var label = box && box.querySelector("span");
    var error = root.querySelector("[data-media-error]");
    return {
      start: function (name) { if (error) { error.hidden = true; } if (box) { box.hidden = false; meter.value = 0; label.textContent = "正在上传 " + name + "…"; } },
      update: function (name, done, total) { if (meter) { meter.value = total ? Math.round(done * 100 / total) : 0; label.textContent = "正在上传 " + name + "：" + human(done) + " / " + human(total); } },
      done: function (name) { if (box) { meter.value = 100; label.textContent = "已上传 " + name; } },
      fail: function (detail) { if (box) { box.hidden = true; } if (error) { error.textContent = detail; error.hidden = false; } }
    };
  }

  window.NmcMedia = { upload: upload, human: human };

  // ---- The content editor: drag and drop, paste, pick from the library, insert or set as attachment / cover.
  var picker = document.getElementById("media-picker");
  var source = document.getElementById("Markdown");
  if (picker && source) {
    var api = picker.getAttribute("data-api");
    var status = bar(document.getElementById("media-bar"));
    var target = null; // the attachment/cover field the picker was opened for, or null for the body

    function insertText(text) {
      var start = source.selectionStart || 0, end = source.selectionEnd || 0, v = source.value;
      var before = v.slice(0, start), pad = before && !/\n$/.test(before) ? "\n" : "";
      source.value = before + pad + text + "\n" + v.slice(end);
      source.selectionStart = source.selectionEnd = (before + pad + text + "\n").length;
      source.dispatchEvent(new Event("input", { bubbles: true }));
    }

    function setField(fieldId, media) {
      var input = document.getElementById(fieldId);
      var name = document.getElementById(fieldId + "-name");
      if (input) { input.value = media.url; input.dispatchEvent(new Event("change", { bubbles: true })); }
      if (name && !name.value) { name.value = media.name; }
      var shown = document.querySelector("[data-media-chosen='" + fieldId + "']");
      if (shown) { shown.textContent = "已选择：" + media.name; }
    }

    function uploadAll(files, then) {
      var list = Array.prototype.slice.call(files);
      var chain = Promise.resolve();
      list.forEach(function (file) {
        chain = chain.then(function () {
          status.start(file.name);
          return upload(api, file, { onProgress: function (d, t) { status.update(file.name, d, t); } })
            .then(function (media) { status.done(file.name); then(media); })
            .catch(function (p) { status.fail(p.detail || "上传失败。"); });
        });
      });
      return chain;
    }

    source.addEventListener("dragover", function (e) { if (e.dataTransfer && Array.prototype.indexOf.call(e.dataTransfer.types, "Files") >= 0) { e.preventDefault(); source.classList.add("media-dragover"); } });
    source.addEventListener("dragleave", function () { source.classList.remove("media-dragover"); });
    source.addEventListener("drop", function (e) {
      source.classList.remove("media-dragover");
      if (e.dataTransfer && e.dataTransfer.files.length) { e.preventDefault(); uploadAll(e.dataTransfer.files, function (m) { insertText(m.markdown); }); }
    });
    source.addEventListener("paste", function (e) {
      var items = (e.clipboardData && e.clipboardData.files) || [];
      if (items.length) {
        e.preventDefault();
        uploadAll(items, function (m) { insertText(m.markdown); });
      }
    });

    var list = picker.querySelector("[data-media-list]");
    var q = picker.querySelector("[data-media-q]");
    var kind = picker.querySelector("[data-media-kind]");
    var pickerStatus = bar(picker);

    function render(items) {
      list.innerHTML = "";
      if (!items.length) { var empty = document.createElement("li"); empty.className = "media-empty"; empty.textContent = "媒体库中没有符合条件的文件。"; list.appendChild(empty); return; }
      items.forEach(function (m) {
        var li = document.createElement("li");
        li.className = "media-card";
        if (m.isImage) { var img = document.createElement("img"); img.src = m.thumbnail; img.alt = ""; img.loading = "lazy"; li.appendChild(img); }
        else { var badge = document.createElement("span"); badge.className = "media-type"; badge.textContent = m.type.toUpperCase(); li.appendChild(badge); }
        var name = document.createElement("span"); name.className = "media-name"; name.textContent = m.name; li.appendChild(name);
        var meta = document.createElement("span"); meta.className = "media-meta"; meta.textContent = human(m.length) + (m.width ? " · " + m.width + "×" + m.height : ""); li.appendChild(meta);
        var use = document.createElement("button"); use.type = "button";
        use.textContent = target ? "选用" : "插入正文";
        use.setAttribute("aria-label", (target ? "选用 " : "插入正文 ") + m.name);
        use.addEventListener("click", function () { choose(m); });
        li.appendChild(use);
        list.appendChild(li);
      });
    }

    function load() {
      var url = api + "?take=60&q=" + encodeURIComponent(q.value || "") + "&kind=" + encodeURIComponent(kind.value || "");
      fetch(url, { credentials: "same-origin" }).then(function (r) { return r.ok ? r.json() : []; }).then(render);
    }

    function choose(m) {
      if (target) { setField(target, m); } else { insertText(m.markdown); }
      picker.close();
    }

    function open(fieldId, label) {
      target = fieldId;
      picker.querySelector("[data-media-for]").textContent = fieldId ? "（设为“" + label + "”）" : "（插入正文）";
      if (fieldId && /cover/.test(fieldId)) { kind.value = "image"; }
      load();
      picker.showModal();
    }

    document.querySelectorAll("[data-media-open]").forEach(function (b) {
      b.addEventListener("click", function () { open(b.getAttribute("data-media-open") || null, b.getAttribute("data-media-label") || ""); });
    });
    picker.querySelector("[data-media-close]").addEventListener("click", function () { picker.close(); });
    q.addEventListener("input", function () { clearTimeout(q._t); q._t = setTimeout(load, 250); });
    kind.addEventListener("change", load);
    var fileInput = picker.querySelector("[data-media-file]");
    var drop = picker.querySelector("[data-media-drop]");
    function pickerUpload(files) {
      var chain = Promise.resolve();
      Array.prototype.slice.call(files).forEach(function (file) {
        chain = chain.then(function () {
          pickerStatus.start(file.name);
          return upload(api, file, { onProgress: function (d, t) { pickerStatus.update(file.name, d, t); } })
            .then(function (m) { pickerStatus.done(file.name); choose(m); })
            .catch(function (p) { pickerStatus.fail(p.detail || "上传失败。"); });
        });
      });
      return chain.then(function () { fileInput.value = ""; });
    }
    fileInput.addEventListener("change", function () { if (fileInput.files.length) { pickerUpload(fileInput.files); } });
    drop.addEventListener("dragover", function (e) { e.preventDefault(); drop.classList.add("media-dragover"); });
    drop.addEventListener("dragleave", function () { drop.classList.remove("media-dragover"); });
    drop.addEventListener("drop", function (e) { e.preventDefault(); drop.classList.remove("media-dragover"); if (e.dataTransfer.files.length) { pickerUpload(e.dataTransfer.files); } });
  }

  // ---- The media library page: upload, replace (keeps the URL; refused when someone else replaced first), delete.
  var library = document.getElementById("media-library");
  if (library) {
    var libApi = library.getAttribute("data-api");
    var libStatus = bar(library);
    var uploadInput = library.querySelector("[data-media-file]");
    uploadInput.addEventListener("change", function () {
      var files = Array.prototype.slice.call(uploadInput.files), chain = Promise.resolve(), ok = true;
      files.forEach(function (file) {
        chain = chain.then(function () {
          libStatus.start(file.name);
          return upload(libApi, file, { onProgress: function (d, t) { libStatus.update(file.name, d, t); } })
            .then(function () { libStatus.done(file.name); })
            .catch(function (p) { ok = false; libStatus.fail(p.detail || "上传失败。"); });
        });
      });
      chain.then(function () { if (ok) { location.reload(); } });
    });
    library.querySelectorAll("[data-media-replace]").forEach(function (input) {
      input.addEventListener("change", function () {
        var row = input.closest("[data-media-row]");
        var rowStatus = bar(row);
        var file = input.files[0];
        if (!file) { return; }
        rowStatus.start(file.name);
        upload(libApi, file, { replacesId: row.getAttribute("data-id"), version: row.getAttribute("data-version"), onProgress: function (d, t) { rowStatus.update(file.name, d, t); } })
          .then(function () { location.reload(); })
          .catch(function (p) { rowStatus.fail(p.detail || "替换失败。"); input.value = ""; });
      });
    });
    library.querySelectorAll("[data-media-delete]").forEach(function (button) {
      button.addEventListener("click", function () {
        var row = button.closest("[data-media-row]");
        var rowStatus = bar(row);
        if (!confirm("确定删除“" + row.getAttribute("data-name") + "”？删除后无法恢复。")) { return; }
        send("POST", libApi + "/" + row.getAttribute("data-id") + "/delete", null, { "If-Match": "\"" + row.getAttribute("data-version") + "\"" }).then(function (r) {
          if (r.status === 200) { row.remove(); return; }
          var p = problem(r.text, "删除失败（" + r.status + "）。");
          rowStatus.fail(p.detail);
          var uses = row.querySelector("[data-media-uses]");
          if (uses && p.uses) {
            uses.innerHTML = "";
            p.uses.forEach(function (u) {
              var li = document.createElement("li"), a = document.createElement("a");
              a.href = u.editUrl; a.textContent = u.title + (u.published ? "（已发布）" : "（未发布）") + (u.inRecycleBin ? "（在回收站）" : "");
              li.appendChild(a); uses.appendChild(li);
            });
            uses.hidden = false;
          }
        });
      });
    });
  }
})();
