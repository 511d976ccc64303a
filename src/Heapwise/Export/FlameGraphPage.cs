namespace Heapwise.Export;

/// <summary>
/// The flame graph page: markup, style and script around the embedded data. Nothing is loaded from
/// the network. The script reads the data with <c>JSON.parse</c> and builds elements with
/// <c>textContent</c>, never <c>innerHTML</c>, so names are never interpreted as markup.
/// </summary>
internal static class FlameGraphPage
{
    private const string TitleMarker = "@@TITLE@@";
    private const string DataMarker = "@@DATA@@";

    /// <summary>The page before and after the data, with <paramref name="encodedTitle"/> (HTML-encoded) in place.</summary>
    public static (string Before, string After) Split(string encodedTitle)
    {
        string page = Template.Replace(TitleMarker, encodedTitle, StringComparison.Ordinal);
        int at = page.IndexOf(DataMarker, StringComparison.Ordinal);
        return (page[..at], page[(at + DataMarker.Length)..]);
    }

    private const string Template = """
<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="heapwise">
<title>@@TITLE@@</title>
<style>
  :root { color-scheme: light; }
  body { margin: 0; font: 13px/1.4 system-ui, -apple-system, "Segoe UI", sans-serif; color: #222; background: #fff; }
  header { padding: 10px 14px 6px; border-bottom: 1px solid #ddd; }
  h1 { font-size: 16px; margin: 0 0 2px; font-weight: 600; word-break: break-all; }
  #summary { color: #555; }
  #controls { display: flex; gap: 8px; align-items: center; flex-wrap: wrap; margin-top: 6px; }
  #search { width: 320px; padding: 3px 6px; font: inherit; }
  button { font: inherit; padding: 2px 10px; }
  #matches { color: #7a1fa2; font-weight: 600; }
  #path { color: #555; font-size: 12px; margin-top: 4px; word-break: break-all; }
  #chart { position: relative; margin: 8px 14px 40px; overflow: hidden; }
  .frame { position: absolute; height: 17px; box-sizing: border-box; border-right: 1px solid #fff; border-bottom: 1px solid #fff;
           overflow: hidden; white-space: nowrap; text-overflow: ellipsis; font: 11px/16px ui-monospace, Menlo, Consolas, monospace;
           padding-left: 3px; cursor: pointer; color: #000; }
  .frame.ancestor { opacity: 0.55; }
  .frame.match { background: #d670f0 !important; }
  #legend { margin-left: 8px; }
  #legend span { display: inline-block; padding: 0 6px; margin-right: 4px; }
  .frame:hover { outline: 1px solid #000; z-index: 1; }
  #tooltip { position: fixed; pointer-events: none; display: none; background: #fffff0; border: 1px solid #999; padding: 5px 8px;
             box-shadow: 0 2px 6px rgba(0,0,0,.25); max-width: 640px; word-break: break-all; z-index: 10; font-size: 12px; }
  #tooltip .name { font-family: ui-monospace, Menlo, Consolas, monospace; font-weight: 600; }
</style>
</head>
<body>
<header>
  <h1 id="title">@@TITLE@@</h1>
  <div id="summary"></div>
  <div id="controls">
    <input id="search" type="search" placeholder="Search functions (text or regular expression)" autocomplete="off">
    <button id="reset" type="button" disabled>Reset zoom</button>
    <span id="matches"></span>
    <span id="legend"></span>
  </div>
  <div id="path"></div>
</header>
<noscript>This flame graph needs JavaScript.</noscript>
<div id="chart" role="img" aria-label="flame graph"></div>
<div id="tooltip"></div>
<script type="application/json" id="heapwise-data">@@DATA@@</script>
<script>
(function () {
  'use strict';
  var ROW = 18, MAX_ELEMENTS = 20000;
  var data = JSON.parse(document.getElementById('heapwise-data').textContent);
  var names = data.names, N = data.n, D = data.d, V = data.v, count = N.length;
  var parent = new Int32Array(count), end = new Int32Array(count);
  var x = new Float64Array(count), w = new Float64Array(count), self = new Float64Array(count), used = new Float64Array(count);
  var stack = [], i, p;
  for (i = 0; i < count; i++) {
    while (stack.length && D[stack[stack.length - 1]] >= D[i]) { end[stack.pop()] = i; }
    p = stack.length ? stack[stack.length - 1] : -1;
    parent[i] = p;
    w[i] = Math.abs(V[i]);
    self[i] = V[i];
    if (p >= 0) { x[i] = x[p] + used[p]; used[p] += w[i]; self[p] -= V[i]; }
    stack.push(i);
  }
  while (stack.length) { end[stack.pop()] = count; }
  var total = Math.abs(data.total);
  // A difference page (--diff-base) also has "dv": the change per frame, while "v" is the value in
  // the profile and its base together; frames are red where the value grew, blue where it shrank.
  var DV = data.dv || null;

  var chart = document.getElementById('chart'), tooltip = document.getElementById('tooltip');
  var search = document.getElementById('search'), reset = document.getElementById('reset');
  var matchesText = document.getElementById('matches'), pathText = document.getElementById('path');
  var focus = 0, nameMatch = null;

  function trim2(a) { var s = a.toFixed(2); return s.slice(-3) === '.00' ? s.slice(0, -3) : s; }
  function format(v) {
    var sign = v < 0 ? '-' : '', a = Math.abs(v), k = 0, units;
    if (data.unit === 'bytes') {
      units = ['B', 'kB', 'MB', 'GB', 'TB', 'PB'];
      while (a >= 1024 && k < units.length - 1) { a /= 1024; k++; }
      return sign + trim2(a) + units[k];
    }
    if (data.unit === 'nanoseconds') {
      units = ['ns', 'us', 'ms', 's'];
      while (a >= 1000 && k < units.length - 1) { a /= 1000; k++; }
      return sign + trim2(a) + units[k];
    }
    var unit = data.unit && data.unit !== 'count' ? ' ' + data.unit : '';
    return sign + Math.round(a).toLocaleString('en-US') + unit;
  }
  function share(v) { return total ? (100 * Math.abs(v) / total).toFixed(2) + '%' : '0%'; }

  var colors = [];
  function color(nameId) {
    if (colors[nameId]) { return colors[nameId]; }
    var s = names[nameId], h = 0;
    for (var c = 0; c < s.length; c++) { h = (h * 31 + s.charCodeAt(c)) | 0; }
    h = Math.abs(h);
    colors[nameId] = 'hsl(' + (h % 50 + 5) + ',' + (70 + (h >> 8) % 25) + '%,' + (58 + (h >> 16) % 14) + '%)';
    return colors[nameId];
  }

  function diffColor(j) {
    var r = w[j] > 0 ? Math.min(1, Math.abs(DV[j]) / w[j]) : 0, light = Math.round(92 - 42 * r);
    if (DV[j] > 0) { return 'hsl(0,85%,' + light + '%)'; }
    if (DV[j] < 0) { return 'hsl(215,85%,' + light + '%)'; }
    return 'hsl(0,0%,86%)';
  }
  function signed(v) { return (v > 0 ? '+' : '') + format(v); }
  function diffText(j) {
    var after = (V[j] + DV[j]) / 2, before = (V[j] - DV[j]) / 2;
    return 'change ' + signed(DV[j]) + ' (before ' + format(before) + ', after ' + format(after) + ')';
  }

  // Frames at least minPx wide, raising minPx until the element count is bounded.
  function visible(width, scale, minPx) {
    var n = 0, j = focus, stop = end[focus];
    while (j < stop) {
      if (w[j] * scale < minPx) { j = end[j]; continue; }
      n++; j++;
    }
    return n;
  }

  function frame(fragment, j, left, width, ancestor) {
    var el = document.createElement('div');
    el.className = 'frame' + (ancestor ? ' ancestor' : '') + (nameMatch && nameMatch[N[j]] ? ' match' : '');
    el.style.left = left + 'px';
    el.style.top = (D[j] * ROW) + 'px';
    el.style.width = width + 'px';
    el.style.background = DV ? diffColor(j) : color(N[j]);
    if (DV) { el.className += DV[j] > 0 ? ' grew' : DV[j] < 0 ? ' shrank' : ' same'; }
    el.setAttribute('data-i', j);
    if (width >= 24) { el.textContent = names[N[j]]; }
    fragment.appendChild(el);
  }

  function render() {
    var width = chart.clientWidth || 1000, fragment = document.createDocumentFragment();
    var scale = w[focus] > 0 ? width / w[focus] : 0, maxDepth = D[focus], minPx = 1;
    while (visible(width, scale, minPx) > MAX_ELEMENTS) { minPx *= 2; }
    for (var a = parent[focus]; a >= 0; a = parent[a]) { frame(fragment, a, 0, width, true); }
    var j = focus, stop = end[focus], base = x[focus];
    while (j < stop) {
      var fw = w[j] * scale;
      if (fw < minPx) { j = end[j]; continue; }
      frame(fragment, j, (x[j] - base) * scale, fw, false);
      if (D[j] > maxDepth) { maxDepth = D[j]; }
      j++;
    }
    chart.replaceChildren(fragment);
    chart.style.height = ((maxDepth + 1) * ROW + 4) + 'px';
    reset.disabled = focus === 0;
    var names_ = [];
    for (var f = focus; f > 0; f = parent[f]) { names_.unshift(names[N[f]]); }
    pathText.textContent = focus === 0 ? '' : 'Zoomed into: ' + names_.join(' \u2192 ') + '  (' + format(V[focus]) + ', ' + share(V[focus]) + ')';
  }

  function nodeAt(target) {
    var el = target && target.closest ? target.closest('.frame') : null;
    return el ? parseInt(el.getAttribute('data-i'), 10) : -1;
  }

  chart.addEventListener('click', function (e) {
    var j = nodeAt(e.target);
    if (j >= 0) { focus = j; render(); }
  });
  chart.addEventListener('mousemove', function (e) {
    var j = nodeAt(e.target);
    if (j < 0) { tooltip.style.display = 'none'; return; }
    var nameLine = document.createElement('div');
    nameLine.className = 'name';
    nameLine.textContent = names[N[j]];
    var values = document.createElement('div');
    values.textContent = 'total ' + format(V[j]) + ' (' + share(V[j]) + ' of all), self ' + format(self[j]) + ' (' + share(self[j]) + ')';
    if (DV) { values.textContent = diffText(j); }
    tooltip.replaceChildren(nameLine, values);
    tooltip.style.display = 'block';
    var left = e.clientX + 14, top = e.clientY + 14;
    if (left + tooltip.offsetWidth > window.innerWidth) { left = Math.max(0, e.clientX - tooltip.offsetWidth - 14); }
    if (top + tooltip.offsetHeight > window.innerHeight) { top = Math.max(0, e.clientY - tooltip.offsetHeight - 14); }
    tooltip.style.left = left + 'px';
    tooltip.style.top = top + 'px';
  });
  chart.addEventListener('mouseleave', function () { tooltip.style.display = 'none'; });
  reset.addEventListener('click', function () { focus = 0; render(); });
  document.addEventListener('keydown', function (e) {
    if (e.key === 'Escape' && document.activeElement !== search) { focus = 0; render(); }
  });

  function runSearch() {
    var q = search.value;
    if (!q) { nameMatch = null; matchesText.textContent = ''; render(); return; }
    var re;
    try { re = new RegExp(q, 'i'); } catch (err) { re = new RegExp(q.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'i'); }
    nameMatch = new Uint8Array(names.length);
    for (var k = 1; k < names.length; k++) { nameMatch[k] = re.test(names[k]) ? 1 : 0; }
    // A matched frame counts once with everything beneath it: recursion is not counted twice.
    var sum = 0, frames = 0, j = 1;
    while (j < count) {
      if (nameMatch[N[j]]) { sum += w[j]; frames++; j = end[j]; } else { j++; }
    }
    matchesText.textContent = frames === 0 ? 'No match' : 'Matched: ' + format(sum) + ' (' + share(sum) + ' of total)';
    render();
  }
  var pending = 0;
  search.addEventListener('input', function () { clearTimeout(pending); pending = setTimeout(runSearch, 120); });

  document.getElementById('summary').textContent = 'Type: ' + data.type + ' \u00b7 Total: ' + format(data.total) +
    ' \u00b7 Frames: ' + (count - 1).toLocaleString('en-US') +
    (data.hidden ? ' (' + data.hidden.toLocaleString('en-US') + ' tiny frames not embedded)' : '');
  if (DV) {
    document.getElementById('summary').textContent = 'Type: ' + data.type + ' \u00b7 Difference: ' + diffText(0) +
      ' \u00b7 Frames: ' + (count - 1).toLocaleString('en-US');
    var grew = document.createElement('span'), shrank = document.createElement('span');
    grew.style.background = 'hsl(0,85%,60%)'; grew.textContent = 'grew';
    shrank.style.background = 'hsl(215,85%,60%)'; shrank.textContent = 'shrank';
    document.getElementById('legend').replaceChildren(grew, shrank);
  }
  var resizing = 0;
  window.addEventListener('resize', function () { cancelAnimationFrame(resizing); resizing = requestAnimationFrame(render); });
  render();
})();
</script>
</body>
</html>

""";
}
