"use strict";
// The review page's script. Every string from the data is put into the page with
// textContent / setAttribute (never innerHTML); an article's text and highlights
// are built only when the article is shown.
(function () {
  const DATA = JSON.parse(document.getElementById("review-data").textContent);
  const SIDE = { ukraine: "UA", russia: "RU" };
  const QUAL = { exact: "", at_least: "≥", more_than: ">", up_to: "≤", about: "~", unknown: "?" };
  const state = { view: "articles", filter: "all", selected: -1 };
  const $ = (sel) => document.querySelector(sel);

  function el(tag, props, ...children) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(props || {})) {
      if (v === null || v === undefined || v === false) continue;
      if (k === "class") node.className = v;
      else if (k === "text") node.textContent = v;
      else if (k === "on") node.addEventListener("click", v);
      else node.setAttribute(k, v === true ? "" : String(v));
    }
    for (const c of children.flat(Infinity)) {
      if (c === null || c === undefined || c === false) continue;
      node.appendChild(c instanceof Node ? c : document.createTextNode(String(c)));
    }
    return node;
  }

  const num = (n) => (n === null || n === undefined ? "?" : Number(n).toLocaleString("en-US"));
  const count = (x) => (QUAL[x.qualifier] || "") + num(x.count);
  const severe = (i) => i.severity === "error" || i.severity === "warning";
  const hasFindings = (r) => r.issues.some(severe);
  const worst = (r) => (r.issues.some((i) => i.severity === "error") ? "error" : r.issues.some(severe) ? "warning" : "ok");

  // ---------------------------------------------------------------- filters
  function recordVisible(ri) {
    const r = DATA.records[ri];
    if (state.filter === "findings") return hasFindings(r);
    if (state.filter === "gold") return !!r.gold && r.gold.status === "invented";
    return true;
  }
  function articleVisible(a) {
    if (state.filter === "all") return true;
    if (state.filter === "findings" && a.status === "failed") return true;
    if (state.filter === "gold" && a.missed.length) return true;
    return a.records.some(recordVisible);
  }

  // ---------------------------------------------------------------- summary and list
  function summary() {
    const m = DATA.meta, box = $("#summary");
    const chips = [
      [`${DATA.articles.length} articles`, ""], [`${DATA.records.length} records`, ""],
      [`${m.with_findings} with findings`, m.with_findings ? "warn" : "ok"],
    ];
    if (m.failed) chips.push([`${m.failed} failed`, "err"]);
    if (m.unreadable) chips.push([`${m.unreadable} not highlighted`, "warn"]);
    if (m.gold) {
      chips.push([`gold: ${m.gold.found} found`, "ok"]);
      chips.push([`${m.gold.missed} missed`, m.gold.missed ? "err" : "ok"]);
      chips.push([`${m.gold.invented} invented`, m.gold.invented ? "err" : "ok"]);
    }
    for (const [t, c] of chips) box.appendChild(el("span", { class: "chip " + c, text: t }));
  }

  function articleBadges(a) {
    const recs = a.records.map((i) => DATA.records[i]);
    const errs = recs.filter((r) => worst(r) === "error").length;
    const warns = recs.filter((r) => worst(r) === "warning").length;
    const invented = recs.filter((r) => r.gold && r.gold.status === "invented").length;
    return el("span", { class: "badges" },
      el("span", { class: "badge " + a.status, text: a.status === "ok" ? `${recs.length} record(s)` : a.status.replace("_", " ") }),
      errs ? el("span", { class: "badge error", text: `${errs} error` }) : null,
      warns ? el("span", { class: "badge warning", text: `${warns} warning` }) : null,
      a.missed.length ? el("span", { class: "badge missed", text: `${a.missed.length} missed` }) : null,
      invented ? el("span", { class: "badge invented", text: `${invented} invented` }) : null,
      a.notice && a.status !== "absent" ? el("span", { class: "badge warning", text: "no highlights" }) : null);
  }

  function buildList() {
    const ul = $("#articles"), frag = document.createDocumentFragment();
    DATA.articles.forEach((a, i) => {
      frag.appendChild(el("li", { "data-article": i, title: a.path }, el("span", { class: "name", text: a.name }), articleBadges(a)));
    });
    ul.appendChild(frag);
    ul.addEventListener("click", (ev) => {
      const li = ev.target.closest("li[data-article]");
      if (li) select(Number(li.dataset.article));
    });
  }

  function applyFilter() {
    let shown = 0;
    for (const li of $("#articles").children) {
      const ok = articleVisible(DATA.articles[Number(li.dataset.article)]);
      li.classList.toggle("hidden", !ok);
      shown += ok;
    }
    $("#list-count").textContent = `${shown} of ${DATA.articles.length} articles`;
    for (const b of document.querySelectorAll("button.filter")) b.setAttribute("aria-pressed", String(b.dataset.filter === state.filter));
  }

  // ---------------------------------------------------------------- highlights
  function spansFor(ri) {
    const r = DATA.records[ri], out = {}, pre = `r${ri}:`;
    r.transfers.forEach((t, k) => {
      if (t.span) out["t" + k] = { start: t.span[0], end: t.span[1], cls: `span-t to-${t.to}`,
        label: `${count(t)} ${t.category.replace(/_/g, " ")} → ${SIDE[t.to] || t.to}`,
        title: `transfer ${k + 1}: ${count(t)} ${t.category} to ${t.to}` };
    });
    if (r.total && r.total.span) out.total = { start: r.total.span[0], end: r.total.span[1], cls: "span-total",
      label: `total ${count(r.total)}`, title: `total ${count(r.total)}` };
    if (r.date_span) out.date = { start: r.date_span[0], end: r.date_span[1], cls: "span-date", label: null,
      title: `date: ${r.date.value || "unresolved"} (${r.date.precision}, ${r.date.basis})` };
    r.issues.forEach((iss, n) => {
      const t = iss.target; if (!t) return;
      const key = t.kind === "transfer" ? "t" + t.index : t.kind === "total" ? "total" : t.kind === "date" ? "date" : "i" + n;
      if (t.kind === "text") out[key] = { start: t.span[0], end: t.span[1], cls: "span-issue", label: iss.code, title: "" };
      const s = out[key]; if (!s) return;
      s.cls += ` has-issue sev-${iss.severity}`;
      s.title += `${s.title ? "\n" : ""}${iss.severity}: ${iss.code}: ${iss.message}`;
      s.codes = (s.codes ? s.codes + " " : "") + iss.code;
      if (s.label !== null) s.label = s.label.startsWith("⚠") ? s.label : "⚠ " + s.label;
    });
    return Object.entries(out).map(([k, s]) => Object.assign(s, { id: pre + k, record: ri,
      title: `record ${r.event_id} (${r.kind}, ${r.mention}) — ${s.title}` }));
  }

  // Nested <mark>s; a span crossing another is split into pieces that share data-span.
  function buildText(container, text, spans) {
    spans = spans.filter((s) => s.end > s.start && s.start >= 0 && s.end <= text.length);
    const opens = new Map(), closes = new Map(), points = new Set([0, text.length]);
    const push = (m, k, v) => (m.get(k) || m.set(k, []).get(k)).push(v);
    for (const s of spans) { push(opens, s.start, s); push(closes, s.end, s); points.add(s.start); points.add(s.end); }
    const stack = [];
    const top = () => (stack.length ? stack[stack.length - 1].node : container);
    const open = (s) => {
      const node = el("mark", { class: s.cls, "data-span": s.id, "data-record": s.record, title: s.title, "data-codes": s.codes });
      top().appendChild(node); stack.push({ s, node });
    };
    let pos = 0;
    for (const p of [...points].sort((a, b) => a - b)) {
      if (p > pos) { top().appendChild(document.createTextNode(text.slice(pos, p))); pos = p; }
      const ending = closes.get(p) || [];
      const reopen = [];
      while (stack.some((e) => ending.includes(e.s))) {
        const e = stack.pop();
        if (ending.includes(e.s)) { if (e.s.label) e.node.setAttribute("data-label", e.s.label); } else reopen.push(e.s);
      }
      reopen.reverse().forEach(open);
      (opens.get(p) || []).sort((a, b) => b.end - a.end).forEach(open);
    }
  }

  function flash(nodes) {
    nodes = [...nodes]; if (!nodes.length) return;
    nodes[0].scrollIntoView({ block: "center" });
    for (const n of nodes) { n.classList.remove("flash"); void n.offsetWidth; n.classList.add("flash"); }
  }
  const showSpan = (id) => flash(document.querySelectorAll(`mark[data-span="${CSS.escape(id)}"]`));
  const showRecord = (ri) => flash(document.querySelectorAll(`.record[data-record="${ri}"]`));

  // ---------------------------------------------------------------- record cards
  function showButton(ri, key, ok) {
    return ok ? el("button", { type: "button", class: "link show", text: "show", on: () => showSpan(`r${ri}:${key}`) }) : null;
  }

  function evidenceNote(x) { return x.span_note ? el("div", { class: "note", text: "⚠ " + x.span_note }) : null; }

  function transferItem(ri, t, k, highlights) {
    return el("li", { "data-transfer": k }, el("span", { class: `dot to-${t.to}` }),
      el("span", { text: `${count(t)} ${t.category.replace(/_/g, " ")} → ${t.to}` }),
      t.count_text ? el("span", { class: "muted", text: `“${t.count_text}”` }) : null,
      t.qualifier !== "exact" ? el("span", { class: "muted", text: `(${t.qualifier.replace("_", " ")})` }) : null,
      showButton(ri, "t" + k, highlights && t.span), highlights ? evidenceNote(t) : null);
  }

  function issueItem(ri, iss) {
    const t = iss.target, key = !t ? null : t.kind === "transfer" ? "t" + t.index : t.kind === "text" ? "i" + DATA.records[ri].issues.indexOf(iss) : t.kind;
    return el("li", { class: `issue sev-${iss.severity}${iss.code.startsWith("corrected_") ? " corrected" : ""}`, "data-code": iss.code },
      el("span", { class: "sev", text: iss.severity }), el("span", { class: "code", text: iss.code }), " ",
      iss.field ? el("span", { class: "muted", text: `[${iss.field}] ` }) : null,
      el("div", { class: "msg", text: iss.message }), key ? showButton(ri, key, true) : null);
  }

  function goldBlock(g) {
    if (!g) return null;
    if (g.status === "invented") return el("div", { class: "gold bad", text: "Gold: invented — no gold mention matches this record." });
    const bad = g.checks.filter((c) => !c.ok);
    return el("div", { class: "gold" }, el("span", { class: "badge found", text: "found" }), ` gold ${g.event} (${g.mention}) `,
      bad.length ? el("ul", {}, bad.map((c) => el("li", { class: "bad", text: `${c.field}: gold ${c.gold ?? "–"}, record ${c.predicted ?? "–"}` })))
        : el("span", { class: "muted", text: `all ${g.checks.length} checked fields agree` }));
  }

  function recordCard(ri, highlights) {
    const r = DATA.records[ri], d = r.date;
    const rows = [["date", el("span", {}, `${d.value || "unresolved"} (${d.precision}, ${d.basis})`,
      d.text ? el("span", { class: "muted", text: ` “${d.text}”` }) : null, showButton(ri, "date", highlights && r.date_span),
      highlights && d.text && !r.date_span ? el("div", { class: "note", text: "⚠ the date words are not in the article" }) : null)]];
    rows.push(["transfers", el("ul", { class: "transfers" }, r.transfers.map((t, k) => transferItem(ri, t, k, highlights)))]);
    if (r.total) rows.push(["total", el("span", {}, el("span", { class: "dot total" }), ` ${count(r.total)} `,
      r.total.count_text ? el("span", { class: "muted", text: `“${r.total.count_text}”` }) : null,
      showButton(ri, "total", highlights && r.total.span), highlights ? evidenceNote(r.total) : null)]);
    if (r.mediators.length) rows.push(["mediators", r.mediators.join("; ")]);
    if (r.agreement) rows.push(["agreement", r.agreement]);
    const st = worst(r);
    return el("article", { class: `record st-${st}`, "data-record": ri, "data-event-id": r.event_id },
      el("div", { class: "head" }, el("strong", { text: r.kind.replace(/_/g, " ") }),
        el("span", { class: "badge " + r.mention, text: r.mention }), el("span", { class: "badge " + st, text: st }),
        r.gold ? el("span", { class: "badge " + r.gold.status, text: "gold: " + r.gold.status }) : null,
        el("span", { class: "eid", text: r.event_id })),
      el("dl", {}, rows.map(([k, v]) => [el("dt", { text: k }), el("dd", {}, v)])),
      r.issues.length ? el("ul", { class: "issues" }, r.issues.map((i) => issueItem(ri, i))) : null,
      goldBlock(r.gold));
  }

  function missedCard(m) {
    return el("div", { class: "missed", "data-missed": m.event },
      el("div", { class: "head" }, el("span", { class: "badge missed", text: "gold: missed" }), " ", el("strong", { text: m.event }),
        el("span", { class: "muted", text: ` (${m.mention})` })),
      el("div", { text: `expected date ${m.expected_date || "none"}; transfers ${m.transfers.join(", ") || "none"}` }));
  }

  // ---------------------------------------------------------------- article view
  function renderArticle(ai) {
    const a = DATA.articles[ai], main = $("#detail");
    main.textContent = "";
    const visible = a.records.filter(recordVisible);
    main.appendChild(el("div", { class: "article-head" }, el("h2", { text: a.name }),
      el("div", { class: "path", text: a.path }),
      el("div", { class: "muted", text: [a.outlet, a.published ? `published ${a.published}` : "publication date unknown",
        `status ${a.status}`, `${a.records.length} record(s)` + (visible.length !== a.records.length ? `, ${visible.length} shown` : "")]
        .filter(Boolean).join(" · ") }),
      a.error ? el("div", { class: "notice failed", text: `Failed: ${a.error}` }) : null,
      a.notice ? el("div", { class: "notice", text: a.notice }) : null));
    const text = el("div", { class: "article-text", id: "article-text" });
    if (a.text !== null) buildText(text, a.text, a.highlights ? visible.flatMap(spansFor) : []);
    else text.appendChild(el("span", { class: "muted", text: "(no article text)" }));
    text.addEventListener("click", (ev) => { const m = ev.target.closest("mark[data-record]"); if (m) showRecord(m.dataset.record); });
    const side = el("aside", { class: "records", id: "records" }, visible.map((ri) => recordCard(ri, a.highlights)),
      state.filter !== "findings" ? a.missed.map(missedCard) : []);
    if (!side.children.length) side.appendChild(el("p", { class: "muted", text: a.records.length ? "No record matches the filter." : "No records." }));
    main.appendChild(el("div", { class: "cols" }, text, side));
    main.scrollTop = 0;
  }

  function select(ai) {
    if (!(ai >= 0 && ai < DATA.articles.length)) return;
    state.selected = ai;
    for (const li of document.querySelectorAll("#articles li.selected")) li.classList.remove("selected");
    const li = $(`#articles li[data-article="${ai}"]`);
    if (li) { li.classList.add("selected"); li.scrollIntoView({ block: "nearest" }); }
    if (state.view !== "articles") setView("articles");
    renderArticle(ai);
    saveHash();
  }

  // ---------------------------------------------------------------- catalogue view
  function sourceButton(s) {
    const label = `${s.path.split("/").pop()} (${s.mention}${s.outlet ? ", " + s.outlet : ""})`;
    if (s.record === null) return el("div", { class: "muted", text: label + " — record not in this events file" });
    return el("div", {}, el("button", { type: "button", class: "link", "data-source": s.event_id, text: label, on: () => {
      select(DATA.records[s.record].article);
      const t = DATA.records[s.record].transfers.findIndex((x) => x.span);
      if (t >= 0) showSpan(`r${s.record}:t${t}`);
      showRecord(s.record);
    } }));
  }

  function conflictBlock(c) {
    return el("div", { class: "conflict-row" }, el("strong", { text: c.field + (c.tie ? " (tie)" : "") }),
      el("div", { class: "conflict" }, c.values.map((v) => el("div", { class: "val" + (v.value === c.chosen ? " chosen" : "") },
        el("div", { text: v.value === null ? "–" : v.value }),
        el("div", { class: "muted", text: [...v.sources, ...v.derived.map((x) => x + " (derived)")].join(", ") })))));
  }

  function buildExchanges() {
    const box = $("#exchanges");
    if (box.dataset.built) return;
    box.dataset.built = "1";
    const head = ["exchange", "date", "transfers", "total", "sources", "conflicts", "review notes"];
    const rows = DATA.catalogue.map((e) => el("tr", { "data-exchange": e.id },
      el("td", {}, el("div", { text: e.kind.replace(/_/g, " ") }), el("div", { class: "eid muted", text: e.id })),
      el("td", { text: `${e.date.value || "unresolved"} (${e.date.precision}, ${e.date.basis})` }),
      el("td", {}, e.transfers.map((t) => el("div", {}, el("span", { class: `dot to-${t.to}` }), ` ${count(t)} ${t.category.replace(/_/g, " ")} → ${t.to}`))),
      el("td", { text: e.total === null ? "–" : (QUAL[e.total_qualifier] || "") + num(e.total) }),
      el("td", {}, el("div", { class: "muted", text: `${e.independent_sources} independent of ${e.sources.length}` }), e.sources.map(sourceButton)),
      el("td", {}, e.conflicts.length ? e.conflicts.map(conflictBlock) : el("span", { class: "muted", text: "none" })),
      el("td", {}, e.review.map((n) => el("div", { text: n })))));
    box.appendChild(el("table", { class: "cat" }, el("thead", {}, el("tr", {}, head.map((h) => el("th", { text: h })))), el("tbody", {}, rows)));
  }

  function setView(view) {
    state.view = view === "exchanges" && DATA.catalogue ? "exchanges" : "articles";
    const ex = state.view === "exchanges";
    if (ex) buildExchanges();
    $("#exchanges").hidden = !ex; $("#detail").hidden = ex; $("#list").hidden = ex;
    for (const b of document.querySelectorAll("button.tab")) b.setAttribute("aria-pressed", String(b.dataset.view === state.view));
    saveHash();
  }

  // ---------------------------------------------------------------- state in the URL
  function saveHash() {
    const h = `#view=${state.view}&filter=${state.filter}` + (state.selected >= 0 ? `&article=${state.selected}` : "");
    try { history.replaceState(null, "", h); } catch (e) { /* file: URLs in some browsers */ }
  }

  function setFilter(f) {
    state.filter = ["all", "findings", "gold"].includes(f) ? f : "all";
    applyFilter();
    const cur = DATA.articles[state.selected];
    if (!cur || !articleVisible(cur)) {
      const first = DATA.articles.findIndex(articleVisible);
      if (first >= 0) select(first); else { state.selected = -1; $("#detail").textContent = "No article matches the filter."; }
    } else renderArticle(state.selected);
    saveHash();
  }

  function step(dir) {
    for (let i = state.selected + dir; i >= 0 && i < DATA.articles.length; i += dir) {
      if (articleVisible(DATA.articles[i])) return select(i);
    }
  }

  function init() {
    summary();
    buildList();
    if (DATA.catalogue) $("#tab-exchanges").hidden = false;
    if (DATA.meta.gold) $('button.filter[data-filter="gold"]').hidden = false;
    for (const b of document.querySelectorAll("button.filter")) b.addEventListener("click", () => setFilter(b.dataset.filter));
    for (const b of document.querySelectorAll("button.tab")) b.addEventListener("click", () => setView(b.dataset.view));
    document.addEventListener("keydown", (ev) => {
      if (ev.target.closest("input, textarea, select")) return;
      if (ev.key === "j") step(1); else if (ev.key === "k") step(-1);
    });
    const h = new URLSearchParams(location.hash.slice(1));
    state.filter = ["all", "findings", "gold"].includes(h.get("filter")) ? h.get("filter") : "all";
    applyFilter();
    const want = h.has("article") ? Number(h.get("article")) : DATA.articles.findIndex(articleVisible);
    if (want >= 0 && want < DATA.articles.length) select(want);
    setView(h.get("view") || "articles");
    window.__reviewReady = performance.now();
    document.documentElement.setAttribute("data-ready", "1");
  }

  init();
})();
