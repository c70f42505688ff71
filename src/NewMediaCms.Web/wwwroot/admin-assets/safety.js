// Content-safety findings beside the editor and on the item/review pages (see _SafetyFindings.cshtml).
(function () {
  "use strict";
  var box = document.getElementById("safety-findings");
  if (!box) { return; }
  var mode = box.getAttribute("data-mode");
  var list = document.getElementById("safety-list");
  var status = document.getElementById("safety-status");
  var fieldNames = { title: "标题", body: "正文", summary: "摘要", link: "链接地址", "body:html": "正文（网页代码）", "body:source-html": "正文（网页代码）" };
  var contentHash = null;

  function post(url, body) {
    return fetch(url, { method: "POST", credentials: "same-origin", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) })
      .then(function (r) { return r.json().then(function (d) { return { ok: r.ok, data: d }; }); });
  }
  function text(tag, cls, value) {
    var e = document.createElement(tag);
    if (cls) { e.className = cls; }
    if (value !== undefined) { e.textContent = value; }
    return e;
  }
  function fieldLabel(field) {
    if (fieldNames[field]) { return fieldNames[field]; }
    if (field.indexOf("field:") === 0) {
      var input = document.getElementById("field-" + field.substring(6));
      var label = input && document.querySelector("label[for='" + input.id + "']");
      return label ? label.textContent.replace("*", "").trim() : field.substring(6);
    }
    return field;
  }
  function control(field) {
    if (field === "title") { return document.getElementById("Title"); }
    if (field === "body") { return document.getElementById("Markdown"); }
    if (field === "summary") { return document.getElementById("field-summary"); }
    if (field.indexOf("field:") === 0) { return document.getElementById("field-" + field.substring(6)); }
    return null;
  }
  function isPersonalData(f) { return f.detector.indexOf("pii-") === 0; }

  function render(safety) {
    list.innerHTML = "";
    var findings = (safety && safety.findings) || [];
    if (findings.length === 0) {
      status.className = "safety-status safety-ok";
      status.textContent = "未发现问题。";
      return;
    }
    var serious = findings.filter(function (f) { return f.tier === "严重"; }).length;
    status.className = "safety-status" + (safety.blocks ? " safety-blocked" : "");
    status.textContent = "发现 " + findings.length + " 处问题" + (serious ? "，其中严重 " + serious + " 处" : "") +
      (safety.blocks ? "：须修改，或由审核人填写理由放行后才能发布。" : safety.overriddenBy ? "：严重问题已由 " + safety.overriddenBy + " 放行（理由：" + safety.overrideReason + "）。" : "。");
    findings.forEach(function (f, i) {
      var li = text("li", "safety-finding");
      li.setAttribute("data-detector", f.detector);
      li.setAttribute("data-tier", f.tier);
      li.appendChild(text("span", "safety-tier t-" + f.tier, f.tier));
      li.appendChild(document.createTextNode(" " + fieldLabel(f.field) + " 第 " + (f.start + 1) + " 字起："));
      li.appendChild(text("span", "safety-matched", f.matched));
      li.appendChild(document.createTextNode(" — " + f.message + (f.suggestion && !isPersonalData(f) ? "（建议：" + f.suggestion + "）" : "")));
      var target = mode === "editor" ? control(f.field) : null;
      if (target && f.suggestion && target.value.substr(f.start, f.length) === f.matched) {
        var button = text("button", isPersonalData(f) ? "safety-mask" : "safety-apply", isPersonalData(f) ? "一键脱敏（" + f.suggestion + "）" : "采用建议");
        button.type = "button";
        button.addEventListener("click", function () {
          target.value = target.value.substring(0, f.start) + f.suggestion + target.value.substring(f.start + f.length);
          target.dispatchEvent(new Event("input", { bubbles: true }));
          check();
        });
        li.appendChild(button);
      }
      list.appendChild(li);
    });
    if (mode === "item" && safety.blocks) { list.parentNode.appendChild(overrideForm()); }
  }

  function overrideForm() {
    var old = document.getElementById("safety-override");
    if (old) { old.remove(); }
    var form = text("form", "safety-override");
    form.id = "safety-override";
    var label = text("label", null, "审核人放行严重问题（须写明理由，内容再修改后放行作废）");
    label.setAttribute("for", "safety-reason");
    var reason = text("textarea");
    reason.id = "safety-reason";
    reason.rows = 2;
    var message = text("p", "error");
    message.id = "safety-override-message";
    message.setAttribute("role", "alert");
    var button = text("button", "primary", "放行并记录");
    button.type = "submit";
    form.appendChild(label); form.appendChild(reason); form.appendChild(button); form.appendChild(message);
    form.addEventListener("submit", function (e) {
      e.preventDefault();
      post(box.getAttribute("data-override-url"), { contentHash: contentHash, reason: reason.value }).then(function (r) {
        // A GET of the item page: a reload could re-send the form that showed this page (e.g. “发布”).
        if (r.ok) { window.location.assign(window.location.pathname); return; }
        message.textContent = (r.data && r.data.detail) || "放行未成功。";
      });
    });
    return form;
  }

  var timer = null, ticket = 0;
  function check() {
    var mine = ++ticket;
    var fields = {};
    document.querySelectorAll("[name^='Fields[']").forEach(function (e) { fields[e.name.substring(7, e.name.length - 1)] = e.value; });
    var title = document.getElementById("Title"), body = document.getElementById("Markdown");
    post(box.getAttribute("data-check-url"), { title: title ? title.value : "", markdown: body ? body.value : "", fields: fields })
      .then(function (r) { if (mine === ticket && r.ok) { render(r.data); } })
      .catch(function () { status.textContent = "暂时无法检查；保存和发布时仍会检查。"; });
  }

  if (mode === "editor") {
    var form = document.getElementById("editor-form");
    if (form) {
      form.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(check, 400); });
    }
    check();
  } else {
    fetch(box.getAttribute("data-item-url"), { credentials: "same-origin" }).then(function (r) { return r.json(); })
      .then(function (d) { contentHash = d.contentHash; render(d.safety); })
      .catch(function () { status.textContent = "暂时无法检查。"; });
  }
})();
