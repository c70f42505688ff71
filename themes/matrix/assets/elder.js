// 适老模式：表单本身即可切换（无脚本时由服务器写 Cookie 并返回原页）；有脚本时就地切换，不刷新页面。
(function () {
  document.addEventListener('click', function (e) {
    var b = e.target.closest ? e.target.closest('button[data-elder]') : null;
    if (!b) { return; }
    e.preventDefault();
    var size = b.getAttribute('data-elder');
    // Secure on HTTPS, like every cookie the server writes.
    document.cookie = 'nmc-elder=' + size + '; path=/; max-age=31536000; samesite=lax' + (location.protocol === 'https:' ? '; secure' : '');
    var html = document.documentElement;
    html.className = html.className.replace(/\belder(-\d+)?\b/g, '').trim();
    if (size !== '0') { html.classList.add('elder', 'elder-' + size); }
    document.querySelectorAll('button[data-elder]').forEach(function (x) {
      x.setAttribute('aria-pressed', x.getAttribute('data-elder') === size ? 'true' : 'false');
    });
  });
})();
