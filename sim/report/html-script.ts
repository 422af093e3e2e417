/**
 * The HTML report's failure browser, as the page's inline script: the filter box hides the
 * failures whose seed, scenario, kind, invariant, command and message do not contain its text
 * (case-insensitive), hides the signature groups left empty, opens the groups that match, and
 * says how many failures match; the two buttons open or close every group. Plain ES5, no
 * library, so it runs in any browser. Leaves out the charts (html-charts.ts).
 */
export const FAILURE_FILTER_SCRIPT = `
(function () {
  var box = document.getElementById('failure-filter');
  var count = document.getElementById('filter-count');
  var groups = Array.prototype.slice.call(document.querySelectorAll('details.group'));
  var total = document.querySelectorAll('section.failure').length;
  function apply() {
    var query = box.value.trim().toLowerCase();
    var shown = 0;
    groups.forEach(function (group) {
      var visible = 0;
      Array.prototype.forEach.call(group.querySelectorAll('section.failure'), function (section) {
        var match = query === '' || section.getAttribute('data-search').indexOf(query) >= 0
          || group.getAttribute('data-signature').toLowerCase().indexOf(query) >= 0;
        section.style.display = match ? '' : 'none';
        if (match) visible++;
      });
      group.style.display = visible > 0 ? '' : 'none';
      if (query !== '' && visible > 0) group.open = true;
      shown += visible;
    });
    count.textContent = query === '' ? total + ' failure(s)' : shown + ' of ' + total + ' failure(s) match';
  }
  function setAll(open) {
    groups.forEach(function (group) { group.open = open; });
  }
  box.addEventListener('input', apply);
  document.getElementById('expand-all').addEventListener('click', function () { setAll(true); });
  document.getElementById('collapse-all').addEventListener('click', function () { setAll(false); });
  apply();
})();
`;
