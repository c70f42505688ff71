// The content list: "select all on this page" and a confirmation before a bulk delete. Without JavaScript every control still works.
(function () {
  var all = document.getElementById('pick-all');
  var form = document.getElementById('bulk-form');
  if (all && form) {
    all.addEventListener('change', function () {
      form.querySelectorAll('input[name="ids"]').forEach(function (box) { box.checked = all.checked; });
    });
  }
  if (form) {
    form.addEventListener('submit', function (e) {
      var action = document.getElementById('bulk');
      var submitter = e.submitter;
      if (submitter && submitter.name === 'submitOne') { return; }
      if (action && action.value === 'delete') {
        var n = form.querySelectorAll('input[name="ids"]:checked').length;
        if (n > 0 && !window.confirm('将勾选的 ' + n + ' 项内容移入回收站？可以从回收站恢复。')) { e.preventDefault(); }
      }
    });
  }
})();
