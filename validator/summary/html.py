"""``summary --format html``: one self-contained page for the reviewer.

No network: CSS and JavaScript are inline and the fonts are the system's (a CJK font stack). The
table sorts when a header is clicked, filters as you type, and each report opens to its checklist with
the evidence quotes. Without JavaScript every checklist is simply shown.

Printing is A4 landscape: the title block, the table (its header repeated on every page, no row split
across pages, fixed column widths so the table never runs off the paper) and the pass rates, in
9.5-point type; a checklist prints when it is open on screen, so the five-report summary prints on
two pages rather than thirty.
"""

from __future__ import annotations

from html import escape

from validator.escape import visible

from validator.model import SEVERITY_NAME
from validator.summary.model import (
    CHECK_MARK,
    CHECK_NAME,
    NOT_REPORT,
    Check,
    Issue,
    Quote,
    Row,
    Summary,
    counts_text,
    date_text,
    heading_line,
    rate_text,
    score_text,
    unused_rules_text,
)

COLUMNS = (  # (header, sort type, class naming its printed width)
    ("序号", "number", "c-no"), ("报告", "text", "c-report"), ("发文机关", "text", "c-issuer"),
    ("年度", "number", "c-year"), ("类型", "text", "c-kind"), ("成文日期", "text", "c-date"),
    ("发布日期", "text", "c-date"), ("得分", "number", "c-score"), ("状态", "number", "c-status"),
    ("缺失或未通过的要素", "text", "c-missing"),
)
STATUS_RANK = {"error": 0, "fail": 1, "pass": 2, NOT_REPORT: 3}  # the 状态 column sorts worst first

CSS = """
:root { --pass:#1a7f37; --fail:#c62828; --warn:#9a6700; --line:#d0d7de; --muted:#57606a; --bg:#f6f8fa; }
* { box-sizing: border-box; }
body { margin: 1.5rem; color: #1f2328; line-height: 1.55;
  font-family: "Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Hiragino Sans GB", "Microsoft YaHei",
               "WenQuanYi Micro Hei", "Noto Sans SC", sans-serif; }
h1 { font-size: 1.5rem; margin: 0 0 .25rem; }
h2 { font-size: 1.15rem; margin: 2rem 0 .5rem; }
.byline { margin: 0 0 .25rem; }
.counts { color: var(--muted); margin: 0 0 1rem; }
.batch-notes { border-left: 4px solid var(--warn); background: #fff8e1; padding: .4rem .8rem; margin: 0 0 1rem; }
.batch-notes ul { margin: .2rem 0; padding-left: 1.2rem; }
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
.st-not_report { color: var(--muted); }
td.date { white-space: nowrap; }
.missing-group { display: block; }
.badge { display: inline-block; font-size: .8em; font-weight: 600; padding: 0 .3em; border-radius: 3px;
  margin-right: .3em; border: 1px solid currentColor; }
.rule-id { color: var(--muted); font-size: .8em; }
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
@page { size: A4 landscape; margin: 10mm 12mm 12mm; }
@media print {
  body { margin: 0; font-size: 9.5pt; line-height: 1.35; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  h1 { font-size: 15pt; } h2 { font-size: 11.5pt; margin: 1rem 0 .3rem; break-after: avoid; }
  .toolbar, .no-print, footer { display: none !important; }
  #reports { table-layout: fixed; }
  th, td { padding: 2.5pt 4pt; overflow-wrap: anywhere; }
  #reports > thead th { position: static; white-space: normal; }
  #reports > thead th[aria-sort]::after { content: ""; }
  thead { display: table-header-group; }
  tr, tbody.report { break-inside: avoid; }
  table.rates td, table.rates th { padding: .8pt 4pt; font-size: 8.5pt; line-height: 1.25; }
  table.rates .bar { height: .5em; }
  .c-no { width: 3.2em; } .c-report { width: 19%; } .c-issuer { width: 12%; } .c-year { width: 3.2em; }
  .c-kind { width: 3em; } .c-date { width: 7.8em; } .c-score { width: 3.4em; } .c-status { width: 5.2em; }
  .c-missing { width: auto; }
  .path { font-size: 7.5pt; }
  tr.detail > td { padding: 2pt 4pt 6pt 14pt; }
  table.checklist td, table.checklist th { font-size: 8.5pt; }
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
    title = e(summary.heading.title)
    head = "".join(f'<th scope="col" data-type="{kind}" class="{cls}">{e(name)}</th>' for name, kind, cls in COLUMNS)
    body = "".join(report_group(i, row) for i, row in enumerate(summary.rows, 1))
    notes = ""
    if summary.notes:
        items = "".join(f"<li>{e(note)}</li>" for note in summary.notes)
        notes = f'<div class="batch-notes" id="batch-notes"><strong>本批报告需要注意：</strong><ul>{items}</ul></div>'
    return f"""<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="fazhi-lint {e(summary.tool_version)}">
<title>{title}</title>
<style>{CSS}</style>
</head>
<body>
<h1>{title}</h1>
<p class="byline" id="byline">{e(heading_line(summary))}</p>
<p class="counts" id="counts">{e(counts_text(summary))}按状态和得分排列，最需要处理的在前<span class="no-print">；点击表头排序，点击报告名称展开检查清单（打印时只打印展开的清单）</span>。</p>
{notes}
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
    label = row.label
    cells = [
        (str(index), str(index), "num"),
        (label, f'<button type="button" class="toggle" aria-controls="d{index}">{e(label)}</button>'
                f'<div class="path">{e(row.name)}</div>', ""),
        (row.issuer, e(row.issuer), ""),
        (str(row.year or ""), e(row.year or ""), "num"),
        (row.kind, e(row.kind), ""),
        (row.signed.isoformat() if row.signed else "", e(date_text(row.signed)), "date"),
        (row.published.isoformat() if row.published else "", e(date_text(row.published)), "date"),
        (score, e(score_text(row.score)), "num"),
        (str(STATUS_RANK.get(row.status, 0)), f'<span class="status st-{e(row.status)}">{e(row.status_name)}</span>'
         + (f'<div class="where">{e(row.reason)}</div>' if row.reason else ""), ""),
        (row.missing, missing_html(row), ""),
    ]
    tds = "".join(f'<td data-sort="{e(key)}"{f" class={chr(34)}{cls}{chr(34)}" if cls else ""}>{html}</td>'
                  for key, html, cls in cells)
    return (f'<tbody class="report" data-status="{e(row.status)}">'
            f'<tr class="main">{tds}</tr>'
            f'<tr class="detail" id="d{index}"><td colspan="{len(COLUMNS)}">{detail(row)}</td></tr></tbody>\n')


def missing_html(row: Row) -> str:
    """The failing elements, one line per severity with its name as a coloured badge, errors first."""
    if row.error is not None or row.not_report is not None:
        return e(row.missing)
    groups = "".join(f'<span class="missing-group sev-{e(sev)}"><span class="badge">{e(SEVERITY_NAME.get(sev, sev))}</span>'
                     f'<span class="items">{e("、".join(items))}</span></span>' for sev, items in row.missing_groups())
    notes = "".join(f'<span class="missing-group where">{e(note)}</span>' for note in row.notes)
    return groups + notes


def detail(row: Row) -> str:
    if row.error is not None:
        return f"<p>无法读取：{e(row.error)}</p>"
    if row.not_report is not None:
        return f"<p>不是年度报告，未评分：{e(row.not_report)}</p>"
    rows = "".join(check_row(c) for c in row.checks)
    extra = [issue_html(i) for i in row.issues if i.rule not in {c.rule for c in row.checks}]
    parts = [f'<table class="checklist"><thead><tr><th>状态</th><th>检查项</th><th>得分</th>'
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
            f'</td><td>{e(c.title)}<br><code class="rule-id">{e(c.rule)}</code></td><td class=num>{points}</td>'
            f"<td>{body}</td></tr>")


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
    """Pass rates of the rules that applied to some report; those that applied to none on one line below."""
    rows = []
    for r in summary.rates:
        if r.applicable == 0:
            continue
        width = 0 if r.rate is None else round(r.rate * 100)
        rows.append(f'<tr><td>{e(r.title)}</td><td><code class="rule-id">{e(r.rule)}</code></td><td class=num>{r.passed}</td>'
                    f"<td class=num>{r.partial}</td><td class=num>{r.failed}</td><td class=num>{r.not_applicable}</td>"
                    f'<td><span class="bar" style="width:{width * 0.8:.0f}px"></span>{rate_text(r.rate)}</td></tr>')
    table = ('<table class="rates"><thead><tr><th class="r-title">检查项</th><th class="r-rule">规则</th><th>通过</th>'
             '<th>部分通过</th><th>未通过</th><th>不适用</th><th>通过率</th></tr></thead>'
             f'<tbody>{"".join(rows)}</tbody></table>')
    unused = unused_rules_text(summary)
    return table + (f'<p class="where" id="unused-rules">{e(unused)}</p>' if unused else "")
