"""``summary --format html``: one self-contained page for the reviewer.

No network: CSS and JavaScript are inline and the fonts are the system's (a CJK font stack). The
table sorts when a header is clicked, filters as you type, and each report opens to its checklist with
the evidence quotes. Without JavaScript every checklist is simply shown; printing shows them all too.
"""

from __future__ import annotations

from html import escape

from validator.escape import visible

from validator.model import SEVERITY_NAME
from validator.summary.model import (
    CHECK_MARK,
    CHECK_NAME,
    Check,
    Issue,
    Quote,
    Row,
    Summary,
    rate_text,
    score_text,
)

TITLE = "法治政府建设年度报告审查汇总"
COLUMNS = (  # (header, sort type)
    ("序号", "number"), ("报告", "text"), ("发文机关", "text"), ("年度", "number"), ("类型", "text"),
    ("得分", "number"), ("状态", "number"), ("缺失或未通过的要素", "text"),
)
STATUS_RANK = {"error": 0, "fail": 1, "pass": 2}  # the 状态 column sorts worst first

CSS = """
:root { --pass:#1a7f37; --fail:#c62828; --warn:#9a6700; --line:#d0d7de; --muted:#57606a; --bg:#f6f8fa; }
* { box-sizing: border-box; }
body { margin: 1.5rem; color: #1f2328; line-height: 1.55;
  font-family: "Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Hiragino Sans GB", "Microsoft YaHei",
               "WenQuanYi Micro Hei", "Noto Sans SC", sans-serif; }
h1 { font-size: 1.5rem; margin: 0 0 .25rem; }
h2 { font-size: 1.15rem; margin: 2rem 0 .5rem; }
.counts { color: var(--muted); margin: 0 0 1rem; }
.toolbar { display: flex; gap: .75rem; align-items: center; margin-bottom: .75rem; flex-wrap: wrap; }
.toolbar input { font: inherit; padding: .3rem .5rem; min-width: 22rem; border: 1px solid var(--line); border-radius: 4px; }
.toolbar button { font: inherit; padding: .3rem .75rem; border: 1px solid var(--line); border-radius: 4px; background: #fff; cursor: pointer; }
table { border-collapse: collapse; width: 100%; }
th, td { border-bottom: 1px solid var(--line); padding: .4rem .5rem; text-align: left; vertical-align: top; }
#reports > thead th { background: var(--bg); position: sticky; top: 0; cursor: pointer; user-select: none; white-space: nowrap; }
#reports > thead th[aria-sort="ascending"]::after { content: " ▲"; font-size: .7em; }
#reports > thead th[aria-sort="descending"]::after { content: " ▼"; font-size: .7em; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
.path { color: var(--muted); font-size: .8em; word-break: break-all; }
button.toggle { font: inherit; text-align: left; background: none; border: 0; padding: 0; color: #0969da; cursor: pointer; }
button.toggle::before { content: "▸ "; }
button.toggle[aria-expanded="true"]::before { content: "▾ "; }
.status { font-weight: 600; white-space: nowrap; }
.st-pass { color: var(--pass); } .st-fail { color: var(--fail); } .st-error { color: var(--warn); }
.ck-pass { color: var(--pass); } .ck-fail, .ck-error { color: var(--fail); } .ck-partial { color: var(--warn); }
.ck-not_applicable { color: var(--muted); }
tr.detail > td { background: #fbfcfd; padding: .5rem 1rem 1rem 2rem; }
table.checklist { margin-top: .25rem; }
table.checklist th { background: none; position: static; cursor: default; font-size: .9em; }
table.checklist td { font-size: .92em; }
table.checklist td:first-child { white-space: nowrap; }
blockquote { margin: .2rem 0; padding: .1rem .6rem; border-left: 3px solid var(--line); color: #333; }
.where { color: var(--muted); font-size: .85em; }
.issue { margin: .2rem 0 .4rem; }
.issue .sev { font-weight: 600; }
.sev-error { color: var(--fail); } .sev-warning { color: var(--warn); } .sev-info { color: var(--muted); }
.fix { color: #333; font-size: .9em; }
.bar { display: inline-block; height: .6em; background: var(--pass); vertical-align: middle; margin-right: .4rem; }
footer { margin-top: 2rem; color: var(--muted); font-size: .85em; }
@media print {
  body { margin: 0; font-size: 10.5pt; }
  .toolbar, .no-print { display: none !important; }
  thead th { position: static; }
  thead { display: table-header-group; }
  tr.main { break-inside: avoid; }
  tr.detail, tr.detail[hidden] { display: table-row !important; }
  button.toggle { color: inherit; }
  button.toggle::before { content: ""; }
  a { color: inherit; text-decoration: none; }
}
"""

SCRIPT = """
(function () {
  var table = document.getElementById("reports");
  var groups = function () { return Array.prototype.slice.call(table.querySelectorAll("tbody.report")); };
  groups().forEach(function (g) {
    var detail = g.querySelector("tr.detail"), button = g.querySelector("button.toggle");
    detail.hidden = true;
    button.setAttribute("aria-expanded", "false");
    button.addEventListener("click", function () {
      var open = detail.hidden;
      detail.hidden = !open;
      button.setAttribute("aria-expanded", open ? "true" : "false");
    });
  });
  var headers = Array.prototype.slice.call(table.tHead.rows[0].cells);
  headers.forEach(function (th, column) {
    th.tabIndex = 0;
    var sort = function () {
      var ascending = th.getAttribute("aria-sort") !== "ascending";
      var numeric = th.dataset.type === "number";
      var key = function (g) { return g.querySelector("tr.main").children[column].dataset.sort; };
      var rows = groups();
      rows.sort(function (a, b) {
        var x = key(a), y = key(b), d;
        if (numeric) { d = (x === "" ? -1 : Number(x)) - (y === "" ? -1 : Number(y)); }
        else { d = x.localeCompare(y, "zh-Hans-CN"); }
        return ascending ? d : -d;
      });
      rows.forEach(function (g) { table.appendChild(g); });
      headers.forEach(function (h) { h.removeAttribute("aria-sort"); });
      th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
    };
    th.addEventListener("click", sort);
    th.addEventListener("keydown", function (e) { if (e.key === "Enter" || e.key === " ") { e.preventDefault(); sort(); } });
  });
  var filter = document.getElementById("filter"), shown = document.getElementById("shown");
  filter.addEventListener("input", function () {
    var q = filter.value.trim().toLowerCase(), n = 0;
    groups().forEach(function (g) {
      var hit = !q || g.querySelector("tr.main").textContent.toLowerCase().indexOf(q) >= 0;
      g.hidden = !hit;
      if (hit) { n++; }
    });
    shown.textContent = q ? "显示 " + n + " 份" : "";
  });
  var expand = function (open) {
    groups().forEach(function (g) {
      g.querySelector("tr.detail").hidden = !open;
      g.querySelector("button.toggle").setAttribute("aria-expanded", open ? "true" : "false");
    });
  };
  document.getElementById("expand-all").addEventListener("click", function () { expand(true); });
  document.getElementById("collapse-all").addEventListener("click", function () { expand(false); });
})();
"""


def e(text: object) -> str:
    """Text for HTML: control characters and bytes that were not UTF-8 shown as escapes, markup escaped."""
    return escape(visible(str(text)), quote=True)


def render_html(summary: Summary) -> str:
    average = score_text(summary.average)
    counts = (f"共 {len(summary.rows)} 份：通过 {summary.count('pass')}，未通过 {summary.count('fail')}，"
              f"无法读取 {summary.count('error')}；平均得分 {average}"
              + (f"；已抑制问题 {summary.suppressed} 个" if summary.suppressed else "") + "。")
    head = "".join(f'<th scope="col" data-type="{kind}">{e(name)}</th>' for name, kind in COLUMNS)
    body = "".join(report_group(i, row) for i, row in enumerate(summary.rows, 1))
    return f"""<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="fazhi-lint {e(summary.tool_version)}">
<title>{TITLE}</title>
<style>{CSS}</style>
</head>
<body>
<h1>{TITLE}</h1>
<p class="counts" id="counts">{e(counts)}按状态和得分排列，最需要处理的在前<span class="no-print">；点击表头排序，点击报告名称展开检查清单</span>。</p>
<div class="toolbar">
<input id="filter" type="search" placeholder="筛选：报告、发文机关、缺失要素……" aria-label="筛选">
<button type="button" id="expand-all">全部展开</button>
<button type="button" id="collapse-all">全部收起</button>
<span id="shown" class="where"></span>
</div>
<table id="reports">
<thead><tr>{head}</tr></thead>
{body}
</table>
<h2>各规则通过率</h2>
{rates_table(summary)}
<footer>由 fazhi-lint {e(summary.tool_version)} 生成。得分 = 100 × Σ(权重 × 得分系数) / Σ(适用规则的权重)；
有任一“错误”级别问题的报告为“未通过”。已抑制的问题不影响状态，但不改变得分。</footer>
<script>{SCRIPT}</script>
</body>
</html>
"""


def report_group(index: int, row: Row) -> str:
    score = "" if row.score is None else f"{row.score:.1f}"
    label = row.title or row.name
    cells = [
        (str(index), str(index), "num"),
        (label, f'<button type="button" class="toggle" aria-controls="d{index}">{e(label)}</button>'
                f'<div class="path">{e(row.name)}</div>', ""),
        (row.issuer, e(row.issuer), ""),
        (str(row.year or ""), e(row.year or ""), "num"),
        (row.kind, e(row.kind), ""),
        (score, e(score_text(row.score)), "num"),
        (str(STATUS_RANK.get(row.status, 0)), f'<span class="status st-{e(row.status)}">{e(row.status_name)}</span>'
         + (f'<div class="where">{e(row.reason)}</div>' if row.reason else ""), ""),
        (row.missing, e(row.missing), ""),
    ]
    tds = "".join(f'<td data-sort="{e(key)}"{f" class={chr(34)}{cls}{chr(34)}" if cls else ""}>{html}</td>'
                  for key, html, cls in cells)
    return (f'<tbody class="report" data-status="{e(row.status)}">'
            f'<tr class="main">{tds}</tr>'
            f'<tr class="detail" id="d{index}"><td colspan="{len(COLUMNS)}">{detail(row)}</td></tr></tbody>\n')


def detail(row: Row) -> str:
    if row.error is not None:
        return f"<p>无法读取：{e(row.error)}</p>"
    rows = "".join(check_row(c) for c in row.checks)
    extra = [issue_html(i) for i in row.issues if i.rule not in {c.rule for c in row.checks}]
    parts = [f'<table class="checklist"><thead><tr><th>状态</th><th>检查项</th><th>规则</th><th>得分</th>'
             f'<th>证据 / 问题</th></tr></thead><tbody>{rows}</tbody></table>']
    if extra:
        parts.append("<p><strong>其他问题</strong></p>" + "".join(extra))
    if row.suppressed:
        items = "".join(f"<li>{e(s.state)}：{e(s.issue.title)}（<code>{e(s.issue.rule)}</code>）：{e(s.issue.message)}。"
                        f"<br><span class=where>理由：{e(s.reason)}（{e(s.source)}）</span></li>"
                        for s in row.suppressed)
        parts.append(f"<p><strong>已抑制的问题（{len(row.suppressed)}）</strong></p><ul>{items}</ul>")
    return "".join(parts)


def check_row(c: Check) -> str:
    points = "—" if c.points is None else f"{c.points:g}/{c.weight:g}"
    quoted = {i.quote.text for i in c.issues}  # evidence an issue already quotes is not shown twice
    body = "".join(issue_html(i) for i in c.issues) + "".join(quote_html(q) for q in c.evidence
                                                              if q.text not in quoted)
    if not body and c.note:
        body = f'<span class="where">{e(c.note)}</span>'
    return (f'<tr><td class="ck-{e(c.status)}">{CHECK_MARK.get(c.status, "?")} {e(CHECK_NAME.get(c.status, c.status))}'
            f"</td><td>{e(c.title)}</td><td><code>{e(c.rule)}</code></td><td class=num>{points}</td><td>{body}</td></tr>")


def quote_html(q: Quote) -> str:
    where = f' <span class="where">（{e(q.where)}）</span>' if q.where else ""
    return f"<blockquote>{e(q.text)}{where}</blockquote>" if q.text else ""


def issue_html(i: Issue) -> str:
    where = f' <span class="where">（{e(i.quote.where)}）</span>' if i.quote.where else ""
    quote = f"<blockquote>{e(i.quote.text)}</blockquote>" if i.quote.text else ""
    return (f'<div class="issue"><span class="sev sev-{e(i.severity)}">[{e(SEVERITY_NAME.get(i.severity, i.severity))}]'
            f"</span> {e(i.message)}{where}{quote}"
            f'<div class="fix">依据：{e(i.basis)}<br>建议：{e(i.hint)}</div></div>')


def rates_table(summary: Summary) -> str:
    rows = []
    for r in summary.rates:
        width = 0 if r.rate is None else round(r.rate * 100)
        rows.append(f"<tr><td><code>{e(r.rule)}</code></td><td>{e(r.title)}</td><td class=num>{r.passed}</td>"
                    f"<td class=num>{r.partial}</td><td class=num>{r.failed}</td><td class=num>{r.not_applicable}</td>"
                    f'<td><span class="bar" style="width:{width * 0.8:.0f}px"></span>{rate_text(r.rate)}</td></tr>')
    return ('<table class="rates"><thead><tr><th>规则</th><th>检查项</th><th>通过</th><th>部分通过</th><th>未通过</th>'
            f'<th>不适用</th><th>通过率</th></tr></thead><tbody>{"".join(rows)}</tbody></table>')
