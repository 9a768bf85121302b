/* fazhi-lint serve: the reviewer's page.
 *
 * Everything that came from an upload (file names, report text, messages naming files) is put into the page
 * as text (textContent, createTextNode), never as markup; the server's Content-Security-Policy allows no
 * inline script either. Requests that change something carry the CSRF token the server gave this page.
 */
(function () {
  "use strict";

  var S = { csrf: null, limits: null, batch: null, state: null, timer: null, detailCache: {}, busy: false };
  var ZONE_NAME = { current: "本年报告", previous: "上年报告" };

  function $(id) { return document.getElementById(id); }

  /* el("td", {className: "num", dataset: {sort: "1"}}, ["text", node]) — strings become text nodes. */
  function el(tag, props, children) {
    var node = document.createElement(tag);
    var key;
    props = props || {};
    for (key in props) {
      if (!Object.prototype.hasOwnProperty.call(props, key)) { continue; }
      if (key === "dataset") {
        Object.keys(props.dataset).forEach(function (k) { node.dataset[k] = props.dataset[k]; });
      } else if (key === "attrs") {
        Object.keys(props.attrs).forEach(function (k) { node.setAttribute(k, props.attrs[k]); });
      } else if (key === "text") {
        node.textContent = props.text;
      } else {
        node[key] = props[key];
      }
    }
    (children || []).forEach(function (child) {
      if (child === null || child === undefined) { return; }
      node.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
    });
    return node;
  }

  function clear(node) { while (node.firstChild) { node.removeChild(node.firstChild); } }

  function showMessage(text) {
    var box = $("message");
    box.textContent = text || "";
    box.hidden = !text;
  }

  function api(method, url, body) {
    var init = { method: method, credentials: "same-origin", headers: {} };
    if (method !== "GET") { init.headers["X-Fazhi-Lint-CSRF"] = S.csrf; }
    if (body !== undefined) {
      init.headers["Content-Type"] = "application/json";
      init.body = JSON.stringify(body);
    }
    return fetch(url, init).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (data) {
        return { ok: response.ok, status: response.status, data: data };
      });
    }, function () {
      return { ok: false, status: 0, data: { error: "无法连接服务器（服务器可能已停止）" } };
    });
  }

  function batchUrl(rest) { return "/api/batches/" + encodeURIComponent(S.batch) + (rest || ""); }

  function sizeText(bytes) {
    if (bytes >= 1048576) { return (bytes / 1048576).toFixed(1) + " MB"; }
    return Math.max(1, Math.round(bytes / 1024)) + " KB";
  }

  // ------------------------------------------------------------------ settings

  var SETTINGS = ["profile", "kind", "unit", "batch-title"];

  function loadSession() {
    return api("GET", "/api/session").then(function (r) {
      if (!r.ok) { throw new Error(r.data.error || "无法读取服务器设置"); }
      var s = r.data;
      S.csrf = s.csrf;
      S.limits = s.limits;
      $("version").textContent = " fazhi-lint " + s.version;
      s.choices.forEach(function (c) { $("profile").appendChild(el("option", { value: c.value, text: c.label })); });
      s.kinds.forEach(function (k) { $("kind").appendChild(el("option", { value: k.value, text: k.label })); });
      $("profile").value = s.default_profile;
      $("unit").maxLength = s.limits.setting_chars;
      $("batch-title").maxLength = s.limits.setting_chars;
      $("accepts").textContent = "可上传：" + s.suffixes.join(" ") + "（.zip 中的报告会逐份展开）";
      $("limits").textContent = "每份报告最多 " + s.limits.file_mb + " MB，每个压缩包最多 " + s.limits.upload_mb +
        " MB；每批最多 " + s.limits.batch_files + " 份、" + s.limits.batch_mb + " MB。";
      SETTINGS.forEach(function (id) {
        var saved = window.localStorage ? localStorage.getItem("fazhi-lint." + id) : null;
        if (saved !== null && (id !== "profile" || s.choices.some(function (c) { return c.value === saved; }))) {
          $(id).value = saved;
        }
        $(id).addEventListener("change", function () {
          if (window.localStorage) { localStorage.setItem("fazhi-lint." + id, $(id).value); }
        });
      });
    });
  }

  // ------------------------------------------------------------------ batches and uploads

  function ensureBatch() {
    if (S.batch && S.state === "open") { return Promise.resolve(S.batch); }
    return api("POST", "/api/batches").then(function (r) {
      if (!r.ok) { throw new Error(r.data.error || "无法新建批次"); }
      S.batch = r.data.id;
      S.state = "open";
      sessionStorage.setItem("fazhi-lint.batch", S.batch);
      return S.batch;
    });
  }

  function fileRow(name, zone) {
    var state = el("span", { className: "state", text: "等待上传" });
    var li = el("li", {}, [el("span", { className: "fname", text: name }),
      el("span", { className: "zone", text: ZONE_NAME[zone] }), state]);
    $("files").appendChild(li);
    return { li: li, state: state };
  }

  function noteRow(text, cls) {
    $("files").appendChild(el("li", { className: cls || "note" }, [el("span", { className: "fname", text: text })]));
  }

  function uploadOne(file, zone, row) {
    return new Promise(function (resolve) {
      var xhr = new XMLHttpRequest();
      xhr.open("PUT", batchUrl("/files?zone=" + zone + "&name=" + encodeURIComponent(file.name)));
      xhr.setRequestHeader("X-Fazhi-Lint-CSRF", S.csrf);
      xhr.setRequestHeader("Content-Type", "application/octet-stream");
      xhr.upload.onprogress = function (e) {
        if (e.lengthComputable) { row.state.textContent = "上传中 " + Math.floor(100 * e.loaded / e.total) + "%"; }
      };
      xhr.onload = function () {
        var data = {};
        try { data = JSON.parse(xhr.responseText); } catch (err) { data = {}; }
        resolve({ ok: xhr.status >= 200 && xhr.status < 300, status: xhr.status, data: data });
      };
      xhr.onerror = function () {
        resolve({ ok: false, status: 0, data: { error: file.name + ": 上传失败（连接中断；文件可能过大）" } });
      };
      row.state.textContent = "上传中";
      xhr.send(file);
    });
  }

  function addFiles(files, zone) {
    if (S.busy) { return; }
    if (S.state && S.state !== "open") {
      showMessage("这一批已经开始检查；要检查其他报告，请点击“新的一批”。");
      return;
    }
    showMessage("");
    var list = Array.prototype.slice.call(files);
    if (!list.length) { return; }
    S.busy = true;
    setButtons();
    var rows = list.map(function (f) { return fileRow(f.name, zone); });
    ensureBatch().then(function () {
      var chain = Promise.resolve();
      list.forEach(function (file, i) {
        chain = chain.then(function () {
          return uploadOne(file, zone, rows[i]).then(function (r) { showUpload(r, rows[i]); });
        });
      });
      return chain;
    }).catch(function (err) {
      showMessage(err.message);
    }).then(function () {
      S.busy = false;
      return refreshState();
    });
  }

  function showUpload(r, row) {
    if (!r.ok) {
      row.li.className = "refused";
      row.state.textContent = "";
      row.li.querySelector(".fname").textContent = r.data.error || ("上传失败（" + r.status + "）");
      return;
    }
    var accepted = r.data.accepted || [];
    if (accepted.length === 1 && (r.data.notes || []).length === 0) {
      row.li.className = "ok";
      row.li.querySelector(".fname").textContent = accepted[0].name;
      row.state.textContent = "已加入（" + sizeText(accepted[0].size) + "）";
    } else {
      row.li.className = accepted.length ? "ok" : "refused";
      row.state.textContent = accepted.length ? "已展开 " + accepted.length + " 份" : "没有加入任何文件";
      accepted.forEach(function (a) {
        var li = el("li", { className: "ok" }, [el("span", { className: "fname", text: "└ " + a.name }),
          el("span", { className: "zone", text: ZONE_NAME[a.zone] }),
          el("span", { className: "state", text: "已加入（" + sizeText(a.size) + "）" })]);
        $("files").appendChild(li);
      });
    }
    (r.data.notes || []).forEach(function (n) { noteRow(n, "refused"); });
  }

  function setButtons() {
    var open = S.state === "open";
    var count = S.files ? S.files.filter(function (f) { return f.zone === "current"; }).length : 0;
    $("start").disabled = S.busy || !open || count === 0;
    $("discard").disabled = S.busy || !S.batch;
    $("new-batch").hidden = !S.state || open;
    ["drop-current", "drop-previous"].forEach(function (id) {
      $(id).classList.toggle("disabled", !!S.state && !open);
    });
  }

  function startBatch() {
    if (!S.batch) { return; }
    showMessage("");
    $("start").disabled = true;
    api("POST", batchUrl("/start"), {
      profile: $("profile").value, kind: $("kind").value, unit: $("unit").value, title: $("batch-title").value
    }).then(function (r) {
      if (!r.ok) { showMessage(r.data.error || "无法开始检查"); setButtons(); return; }
      applyState(r.data);
      poll();
    });
  }

  function discardBatch() {
    if (!S.batch) { return; }
    var id = S.batch;
    api("DELETE", batchUrl()).then(function () {
      if (S.batch === id) { reset(); }
    });
  }

  function reset() {
    if (S.timer) { clearTimeout(S.timer); S.timer = null; }
    S.batch = null; S.state = null; S.files = []; S.detailCache = {};
    sessionStorage.removeItem("fazhi-lint.batch");
    clear($("files"));
    showMessage("");
    $("progress-box").hidden = true;
    $("results").hidden = true;
    $("heading").textContent = "法治政府建设年度报告审查";
    setButtons();
  }

  function refreshState() {
    if (!S.batch) { setButtons(); return Promise.resolve(); }
    return api("GET", batchUrl()).then(function (r) {
      if (!r.ok) {
        if (r.status === 404) { reset(); showMessage(r.data.error); }
        return;
      }
      applyState(r.data);
    });
  }

  function applyState(data) {
    S.state = data.state;
    S.files = data.files;
    setButtons();
    if (data.state === "open") { return; }
    $("progress-box").hidden = false;
    var total = data.to_read + data.to_check + 1;
    var done = data.read + data.checked + (data.state === "done" ? 1 : 0);
    $("progress").max = total;
    $("progress").value = done;
    var text = data.state_name + "：读取 " + data.read + "/" + data.to_read + "，检查 " + data.checked + "/" + data.to_check;
    if (data.state === "failed") { text += "。" + (data.error || ""); }
    $("progress-text").textContent = text;
    if (data.state === "done" && $("results").hidden) { loadSummary(); }
  }

  function poll() {
    if (S.timer) { clearTimeout(S.timer); }
    S.timer = setTimeout(function () {
      S.timer = null;
      refreshState().then(function () {
        if (S.state === "queued" || S.state === "reading" || S.state === "checking") { poll(); }
      });
    }, 400);
  }

  // ------------------------------------------------------------------ the summary table

  function loadSummary() {
    api("GET", batchUrl("/summary")).then(function (r) {
      if (!r.ok) { showMessage(r.data.error || "无法读取汇总"); return; }
      renderSummary(r.data);
    });
  }

  function renderSummary(data) {
    var table = data.table;
    $("heading").textContent = data.title;
    $("batch-line").textContent = data.title + (data.unit ? "；审查单位：" + data.unit : "") + "；规则方案：" + data.profile;
    $("counts").textContent = table.counts + "按状态和得分排列，最需要处理的在前；点击表头排序，点击报告名称展开检查清单。";
    var notes = $("notes");
    clear(notes);
    (data.notes || []).forEach(function (n) { notes.appendChild(el("li", { text: n })); });
    $("dl-xlsx").href = batchUrl("/download/summary.xlsx");
    $("dl-html").href = batchUrl("/download/summary.html");
    $("dl-opinions").href = batchUrl("/download/opinions.zip");
    var reports = $("reports");
    var headRow = reports.tHead.rows[0];
    clear(headRow);
    table.columns.forEach(function (c) {
      headRow.appendChild(el("th", { attrs: { scope: "col" }, dataset: { type: c.type }, text: c.name }));
    });
    Array.prototype.slice.call(reports.tBodies).forEach(function (b) { reports.removeChild(b); });
    table.rows.forEach(function (row) { reports.appendChild(reportGroup(row, table.columns.length)); });
    renderRates(table.rates);
    wireSorting();
    $("filter").value = "";
    $("shown").textContent = "";
    $("results").hidden = false;
  }

  var NUMERIC = { 0: true, 3: true, 5: true };

  function reportGroup(row, width) {
    var tr = el("tr", { className: "main" });
    row.cells.forEach(function (cell, i) {
      var td = el("td", { dataset: { sort: cell.sort } });
      if (NUMERIC[i]) { td.className = "num"; }
      if (i === 1) {
        var button = el("button", { type: "button", className: "toggle", text: cell.text });
        button.setAttribute("aria-expanded", "false");
        td.appendChild(button);
        td.appendChild(el("div", { className: "path", text: row.name }));
      } else if (i === 6) {
        td.appendChild(el("span", { className: "status st-" + row.status, text: cell.text }));
      } else {
        td.textContent = cell.text;
      }
      tr.appendChild(td);
    });
    var cell = el("td", { colSpan: width });
    var detail = el("tr", { className: "detail" }, [cell]);
    detail.hidden = true;
    var group = el("tbody", { className: "report", dataset: { status: row.status, index: String(row.index) } }, [tr, detail]);
    var toggle = tr.querySelector("button.toggle");
    toggle.addEventListener("click", function () { setOpen(group, detail.hidden); });
    return group;
  }

  function setOpen(group, open) {
    var detail = group.querySelector("tr.detail");
    detail.hidden = !open;
    group.querySelector("button.toggle").setAttribute("aria-expanded", open ? "true" : "false");
    if (open && !detail.dataset.loaded) {
      detail.dataset.loaded = "1";
      var cell = detail.firstChild;
      cell.textContent = "正在读取检查清单……";
      api("GET", batchUrl("/reports/" + group.dataset.index)).then(function (r) {
        clear(cell);
        if (!r.ok) { cell.textContent = r.data.error || "无法读取检查清单"; delete detail.dataset.loaded; return; }
        renderDetail(cell, r.data);
      });
    }
  }

  function renderDetail(cell, d) {
    var links = el("div", { className: "detail-links" }, [
      el("a", { href: batchUrl("/reports/" + d.index + "/opinion"), className: "dl-opinion", attrs: { download: "" },
        text: "下载审查意见草稿" })
    ]);
    if (d.annotate) {
      links.appendChild(el("a", { href: batchUrl("/reports/" + d.index + "/annotated"), className: "dl-annotated",
        attrs: { download: "" }, text: "下载批注版 Word（.docx）" }));
    }
    cell.appendChild(links);
    var facts = [];
    if (d.profile) { facts.push("规则方案：" + d.profile); }
    if (d.previous) { facts.push("已与上年报告 " + d.previous + " 对照"); }
    d.notes.forEach(function (n) { facts.push(n); });
    if (facts.length) { cell.appendChild(el("p", { className: "where", text: facts.join("；") })); }
    if (d.error) {
      cell.appendChild(el("p", { text: "无法读取：" + d.error }));
      return;
    }
    var body = el("tbody");
    d.checks.forEach(function (c) {
      body.appendChild(el("tr", {}, [
        el("td", { className: "ck-" + c.status, text: c.mark + " " + c.status_name }),
        el("td", { text: c.title }),
        el("td", {}, [el("code", { text: c.rule })]),
        el("td", { className: "num", text: c.points }),
        el("td", {}, c.body.map(bodyItem))
      ]));
    });
    cell.appendChild(el("table", { className: "checklist" }, [
      el("thead", {}, [el("tr", {}, ["状态", "检查项", "规则", "得分", "证据 / 问题"].map(function (h) {
        return el("th", { text: h });
      }))]), body]));
    if (d.other.length) {
      cell.appendChild(el("p", {}, [el("strong", { text: "其他问题" })]));
      d.other.forEach(function (i) { cell.appendChild(bodyItem(i)); });
    }
    if (d.suppressed.length) {
      cell.appendChild(el("p", {}, [el("strong", { text: "已抑制的问题（" + d.suppressed.length + "）" })]));
      cell.appendChild(el("ul", {}, d.suppressed.map(function (s) {
        return el("li", {}, [s.title + "（", el("code", { text: s.rule }), "）：" + s.message + "。",
          el("br"), el("span", { className: "where", text: "理由：" + s.reason + "（" + s.source + "）" })]);
      })));
    }
  }

  function bodyItem(item) {
    if (item.kind === "quote") {
      return el("blockquote", {}, [item.text, item.where ? el("span", { className: "where", text: "（" + item.where + "）" }) : null]);
    }
    if (item.kind === "note") { return el("span", { className: "where", text: item.text }); }
    return el("div", { className: "issue" }, [
      el("span", { className: "sev sev-" + item.severity, text: "[" + item.severity_name + "]" }),
      " " + item.message,
      item.where ? el("span", { className: "where", text: " （" + item.where + "）" }) : null,
      item.quote ? el("blockquote", { text: item.quote }) : null,
      el("div", { className: "fix" }, ["依据：" + item.basis, el("br"), "建议：" + item.hint])
    ]);
  }

  function renderRates(rates) {
    var body = $("rates").tBodies[0];
    clear(body);
    rates.forEach(function (r) {
      var bar = el("span", { className: "bar" });
      bar.style.width = Math.round((r.rate === null ? 0 : r.rate) * 80) + "px";
      body.appendChild(el("tr", {}, [el("td", {}, [el("code", { text: r.rule })]), el("td", { text: r.title }),
        el("td", { className: "num", text: String(r.passed) }), el("td", { className: "num", text: String(r.partial) }),
        el("td", { className: "num", text: String(r.failed) }), el("td", { className: "num", text: String(r.not_applicable) }),
        el("td", {}, [bar, r.rate_text])]));
    });
  }

  // ------------------------------------------------------------------ sorting and filtering (as the HTML summary)

  function groups() { return Array.prototype.slice.call($("reports").querySelectorAll("tbody.report")); }

  function wireSorting() {
    var table = $("reports");
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
  }

  function wireFilter() {
    $("filter").addEventListener("input", function () {
      var q = $("filter").value.trim().toLowerCase(), n = 0;
      groups().forEach(function (g) {
        var hit = !q || g.querySelector("tr.main").textContent.toLowerCase().indexOf(q) >= 0;
        g.hidden = !hit;
        if (hit) { n++; }
      });
      $("shown").textContent = q ? "显示 " + n + " 份" : "";
    });
    $("expand-all").addEventListener("click", function () { groups().forEach(function (g) { setOpen(g, true); }); });
    $("collapse-all").addEventListener("click", function () { groups().forEach(function (g) { setOpen(g, false); }); });
  }

  // ------------------------------------------------------------------ drag and drop

  function wireDrops() {
    // a file dropped beside the zones must not make the browser leave the page to show it
    ["dragover", "drop"].forEach(function (type) {
      window.addEventListener(type, function (e) { e.preventDefault(); });
    });
    ["current", "previous"].forEach(function (zone) {
      var box = $("drop-" + zone), pick = $("pick-" + zone);
      box.addEventListener("dragover", function (e) { e.preventDefault(); box.classList.add("over"); });
      box.addEventListener("dragleave", function () { box.classList.remove("over"); });
      box.addEventListener("drop", function (e) {
        e.preventDefault();
        box.classList.remove("over");
        if (e.dataTransfer && e.dataTransfer.files) { addFiles(e.dataTransfer.files, zone); }
      });
      box.addEventListener("keydown", function (e) {
        if (e.key === "Enter" || e.key === " ") { e.preventDefault(); pick.click(); }
      });
      pick.addEventListener("change", function () {
        addFiles(pick.files, zone);
        pick.value = "";
      });
    });
  }

  function init() {
    wireDrops();
    wireFilter();
    $("start").addEventListener("click", startBatch);
    $("discard").addEventListener("click", discardBatch);
    $("new-batch").addEventListener("click", function () {
      var old = S.batch;
      reset();
      if (old) { api("DELETE", "/api/batches/" + encodeURIComponent(old)); }
    });
    loadSession().then(function () {
      var saved = sessionStorage.getItem("fazhi-lint.batch");
      if (saved) {
        S.batch = saved;
        return refreshState().then(function () {
          (S.files || []).forEach(function (f) {
            var row = fileRow(f.name, f.zone);
            row.li.className = "ok";
            row.state.textContent = "已加入（" + sizeText(f.size) + "）";
          });
          if (S.state === "queued" || S.state === "reading" || S.state === "checking") { poll(); }
        });
      }
      setButtons();
    }).catch(function (err) { showMessage(err.message); });
  }

  document.addEventListener("DOMContentLoaded", init);
})();
