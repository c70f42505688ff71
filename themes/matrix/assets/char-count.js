// 字数提示：带 data-max-chars 的输入框下方显示“已输入 n / 上限 字”，超出时提示超出多少字。
// 只作提示，不拦截提交（超出时服务器会保留已填写的内容并说明）；无脚本时不显示。
(function () {
  function count(el) {
    // 与服务器一致：换行按一个字计。
    return el.value.replace(/\r\n/g, '\n').trim().length;
  }
  function update(el, out) {
    var max = parseInt(el.getAttribute('data-max-chars'), 10);
    var n = count(el);
    if (n > max) {
      out.textContent = '已输入 ' + n + ' 字，超出上限 ' + max + ' 字 ' + (n - max) + ' 字，请删减。';
      out.classList.add('over');
    } else {
      out.textContent = '已输入 ' + n + ' / ' + max + ' 字';
      out.classList.remove('over');
    }
  }
  function init() {
    document.querySelectorAll('[data-max-chars]').forEach(function (el) {
      var out = document.getElementById(el.id + '-count');
      if (!out) { return; }
      out.hidden = false;
      update(el, out);
      el.addEventListener('input', function () { update(el, out); });
    });
  }
  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', init);
  } else {
    init();
  }
})();
