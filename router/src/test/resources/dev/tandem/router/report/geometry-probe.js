// Runs in the host page once the report (an iframe of the width under test) has loaded. Opens every
// data table, measures what a person would see and writes the findings as JSON into #geometry.
window.addEventListener('load', function () {
  var frame = document.getElementById('report');
  var d = frame.contentDocument, w = d.defaultView;
  d.querySelectorAll('details').forEach(function (x) { x.open = true; });
  var out = {viewport: w.innerWidth, pageWidth: d.documentElement.scrollWidth,
             height: d.documentElement.scrollHeight, charts: [], empties: [], problems: []};
  function box(e) { return e.getBoundingClientRect(); }
  function outside(inner, outer, slack) {
    return inner.left < outer.left - slack || inner.right > outer.right + slack
        || inner.top < outer.top - slack || inner.bottom > outer.bottom + slack;
  }
  d.querySelectorAll('figure').forEach(function (fig) {
    var f = box(fig), cs = w.getComputedStyle(fig);
    var content = {left: f.left + parseFloat(cs.borderLeftWidth) + parseFloat(cs.paddingLeft),
                   right: f.right - parseFloat(cs.borderRightWidth) - parseFloat(cs.paddingRight),
                   top: f.top, bottom: f.bottom};
    fig.querySelectorAll('svg.chart').forEach(function (s) {
      var r = box(s);
      if (r.width === 0) { return; }  // the drawing for the other layout, hidden by CSS
      var scale = r.width / s.viewBox.baseVal.width;
      var c = {section: fig.dataset.section, chart: s.dataset.chart, width: r.width,
               cardWidth: content.right - content.left, marks: 0, labels: 0, minFontPx: 99};
      if (outside(r, content, 1)) { out.problems.push(c.chart + ': chart overflows its card'); }
      s.querySelectorAll('.mark').forEach(function (m) {
        var b = box(m);
        if (b.width > 0 && b.height > 0) { c.marks++; }
        if (outside(b, r, 1)) { out.problems.push(c.chart + ': a mark lies outside the chart'); }
      });
      var labels = [];
      s.querySelectorAll('text').forEach(function (t) {
        var b = box(t);
        c.labels++;
        c.minFontPx = Math.min(c.minFontPx, parseFloat(t.getAttribute('font-size')) * scale);
        if (outside(b, r, 0.5)) {
          out.problems.push(c.chart + ': label "' + t.textContent + '" is cut at the chart edge');
        }
        labels.forEach(function (o) {
          var x = Math.min(b.right, o.b.right) - Math.max(b.left, o.b.left);
          var y = Math.min(b.bottom, o.b.bottom) - Math.max(b.top, o.b.top);
          if (x > 1 && y > 1) {
            out.problems.push(c.chart + ': labels "' + o.text + '" and "' + t.textContent + '" overlap');
          }
        });
        labels.push({b: b, text: t.textContent});
      });
      out.charts.push(c);
    });
  });
  d.body.querySelectorAll('*').forEach(function (e) {
    if (e instanceof w.SVGElement || e.clientWidth === 0) { return; }
    if (e.scrollWidth > e.clientWidth + 1) {
      out.problems.push(e.tagName.toLowerCase() + '.' + e.className + ' clips its content ('
          + e.scrollWidth + ' > ' + e.clientWidth + ' px)');
    }
  });
  if (out.pageWidth > out.viewport) { out.problems.push('the page scrolls sideways'); }
  d.querySelectorAll('.empty').forEach(function (e) {
    out.empties.push({section: e.dataset.section, height: box(e).height,
                      fontPx: parseFloat(w.getComputedStyle(e).fontSize)});
  });
  document.getElementById('geometry').textContent = JSON.stringify(out);
});
