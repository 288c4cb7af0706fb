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

  const NF = new Intl.NumberFormat("en-US");
  const num = (n) => (n === null || n === undefined ? "?" : NF.format(Number(n)));
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
      t.basis ? el("span", { class: `basis basis-${t.basis === "text" ? "text" : "model"}`, "data-basis": t.basis, text: `decided by ${t.basis}`,
        title: (t.rules || []).join("\n") }) : null,
      (t.rules || []).length ? el("span", { class: "rules muted", text: (t.rules || []).join(", ") }) : null,
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
      goldBlock(r.gold), timelineButton(ri));
  }

  // The exchange a record is a source of (catalogue pages), built on first use.
  let exchangeOf = null;
  function timelineButton(ri) {
    if (!DATA.catalogue) return null;
    if (!exchangeOf) {
      exchangeOf = new Map();
      for (const e of DATA.catalogue) for (const s of e.sources) if (s.record !== null) exchangeOf.set(s.record, e.id);
    }
    const id = exchangeOf.get(ri);
    return id === undefined ? null : el("div", { class: "to-timeline" }, el("button", { type: "button", class: "link", "data-timeline": id,
      text: "its exchange on the timeline", on: () => showExchange(id) }));
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
    const head = ["exchange", "date", "transfers", "total", "sources", "conflicts", "flags", "review notes"];
    const rows = DATA.catalogue.map((e) => el("tr", { "data-exchange": e.id },
      el("td", {}, el("div", { text: e.kind.replace(/_/g, " ") }), el("div", { class: "eid muted", text: e.id })),
      el("td", { text: `${e.date.value || "unresolved"} (${e.date.precision}, ${e.date.basis})` }),
      el("td", {}, e.transfers.map((t) => el("div", {}, el("span", { class: `dot to-${t.to}` }), ` ${count(t)} ${t.category.replace(/_/g, " ")} → ${t.to}`))),
      el("td", { text: e.total === null ? "–" : (QUAL[e.total_qualifier] || "") + num(e.total) }),
      el("td", {}, el("div", { class: "muted", text: `${e.independent_sources} independent of ${e.sources.length}` }), e.sources.map(sourceButton)),
      el("td", {}, e.conflicts.length ? e.conflicts.map(conflictBlock) : el("span", { class: "muted", text: "none" })),
      el("td", {}, e.flags.map((f) => el("div", { class: "flag", "data-flag": f.code, title: f.reason, text: f.code.replace("_", " ") })),
        el("button", { type: "button", class: "link", "data-timeline": e.id, text: "on the timeline", on: () => showExchange(e.id) })),
      el("td", {}, e.review.map((n) => el("div", { text: n })))));
    box.appendChild(el("table", { class: "cat" }, el("thead", {}, el("tr", {}, head.map((h) => el("th", { text: h })))), el("tbody", {}, rows)));
  }

  function setView(view) {
    state.view = ["exchanges", "timeline"].includes(view) && DATA.catalogue ? view : "articles";
    const ex = state.view === "exchanges", tv = state.view === "timeline";
    if (ex) buildExchanges();
    if (tv) { buildTimeline(); updateTimeline(); }
    $("#exchanges").hidden = !ex; $("#timeline").hidden = !tv; $("#detail").hidden = ex || tv; $("#list").hidden = ex || tv;
    for (const b of document.querySelectorAll("button.tab")) b.setAttribute("aria-pressed", String(b.dataset.view === state.view));
    saveHash();
  }

  // ---------------------------------------------------------------- timeline view
  // One mark per exchange on a date axis: a day is a narrow column at the day, a month or a year a pale
  // band spanning it. People handed over to Ukraine stack upwards, to Russia downwards, one colour per
  // category, on a square-root scale. Drawn with createElementNS / textContent only.
  const SVGNS = "http://www.w3.org/2000/svg";
  const CATS = ["bodies", "prisoners_of_war", "civilians", "children", "other"];
  const CAT_LABEL = { bodies: "bodies", prisoners_of_war: "prisoners of war", civilians: "civilians", children: "children", other: "other" };
  const FLAG = { large: ["▲", "far larger than others of its category and year"], conflict: ["◆", "sources disagree on a count"],
    findings: ["●", "a source record has errors or warnings"], single_source: ["○", "one independent source only"] };
  const TL = { W: 980, left: 64, right: 12, top: 30, half: 120, bars: 70, labels: 400 };
  const DAY = 86400000;
  const tl = { built: false, marks: new Map(), selected: null };

  function svg(tag, attrs, ...children) {
    const node = document.createElementNS(SVGNS, tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === null || v === undefined) continue;
      if (k === "text") node.textContent = v; else node.setAttribute(k, String(v));
    }
    for (const c of children.flat(Infinity)) if (c) node.appendChild(c);
    return node;
  }

  // [start, end) in ms of a catalogue date, or null (no year: not on the axis)
  function dateSpan(d) {
    const m = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/.exec(d.value || "");
    if (!m) return null;
    const y = Number(m[1]), mo = m[2] ? Number(m[2]) - 1 : null, day = m[3] ? Number(m[3]) : null;
    if (day !== null) return { start: Date.UTC(y, mo, day), end: Date.UTC(y, mo, day + 1), precision: "day" };
    if (mo !== null) return { start: Date.UTC(y, mo, 1), end: Date.UTC(y, mo + 1, 1), precision: "month" };
    return { start: Date.UTC(y, 0, 1), end: Date.UTC(y + 1, 0, 1), precision: "year" };
  }

  function sideStacks(e) {
    const out = { ukraine: [], russia: [] };
    for (const c of CATS) for (const side of ["ukraine", "russia"]) {
      const n = e.transfers.filter((t) => t.to === side && t.category === c && t.count !== null).reduce((a, t) => a + t.count, 0);
      if (n) out[side].push([c, n]);
    }
    return out;
  }
  const stackSum = (st) => st.reduce((a, [, n]) => a + n, 0);

  function exchangeVisible(e) {
    const recs = e.sources.filter((s) => s.record !== null).map((s) => s.record);
    if (state.filter === "all") return true;
    return recs.some(recordVisible);
  }

  function monthStarts(t0, t1) {
    const out = [];
    for (let d = new Date(t0); d.getTime() <= t1; d = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1))) out.push(d);
    return out;
  }

  function axis(x, t0, t1, y, h) {
    const g = svg("g", { class: "tl-axis" }), starts = monthStarts(t0, t1);
    const monthW = starts.length > 1 ? x(starts[1].getTime()) - x(starts[0].getTime()) : TL.W;
    for (const d of starts) {
      const px = x(d.getTime()), jan = d.getUTCMonth() === 0;
      g.appendChild(svg("line", { x1: px, x2: px, y1: y, y2: y + h, class: jan ? "tick year" : "tick" }));
      const label = monthW >= 26 ? d.toLocaleString("en-US", { month: "short", timeZone: "UTC" }) + (jan || px === x(t0) ? " " + d.getUTCFullYear() : "")
        : jan || px === x(t0) ? String(d.getUTCFullYear()) : null;
      if (label && d.getTime() < t1) g.appendChild(svg("text", { x: px + 2, y: y + h + 12, class: "tick-label", text: label }));
    }
    return g;
  }

  function segments(x0, w, y0, stack, dir, scale, cls) {
    let cum = 0;
    return stack.map(([c, n]) => {
      const a = scale(cum), b = scale(cum + n); cum += n;
      return svg("rect", { x: x0, width: w, y: dir < 0 ? y0 - b : y0 + a, height: Math.max(b - a, 0.5), class: `seg cat-${c} ${cls}`,
        "data-category": c, "data-count": n });
    });
  }

  function markFor(e, span, x, y0, scale, labels) {
    const st = sideStacks(e), ua = stackSum(st.ukraine), ru = stackSum(st.russia);
    const x0 = x(span.start), x1 = x(span.end);
    const w = span.precision === "day" ? Math.max(3, x1 - x0) : Math.max(2, x1 - x0);
    const xs = span.precision === "day" ? (x0 + x1) / 2 - w / 2 : x0;
    const codes = e.flags.map((f) => f.code);
    const g = svg("g", { class: `tl-mark p-${span.precision}` + codes.map((c) => " flag-" + c).join(""), "data-exchange": e.id,
      "data-date": e.date.value, "data-precision": span.precision, "data-ukraine": ua, "data-russia": ru,
      "data-sources": e.independent_sources, "data-flags": codes.join(" ") });
    const hit = Math.max(w, 8);
    const top = y0 - Math.max(scale(ua), 4), bottom = y0 + Math.max(scale(ru), 4);
    g.appendChild(svg("rect", { class: "hit", x: xs + w / 2 - hit / 2, width: hit, y: top - 22, height: bottom - top + 24 }));
    for (const r of segments(xs, w, y0, st.ukraine, -1, scale, "to-ukraine")) g.appendChild(r);
    for (const r of segments(xs, w, y0, st.russia, 1, scale, "to-russia")) g.appendChild(r);
    if (!ua && !ru) g.appendChild(svg("circle", { cx: xs + w / 2, cy: y0, r: 3, class: "seg uncounted" }));
    const cx = xs + w / 2;
    if (labels) g.appendChild(svg("text", { x: cx, y: top - 3, class: "tl-src", text: String(e.independent_sources) }));
    const glyphs = codes.filter((c) => c !== "single_source").map((c) => FLAG[c][0]).join("");
    if (glyphs) g.appendChild(svg("text", { x: cx, y: top - 13, class: "tl-flags", text: glyphs }));
    return g;
  }

  // A mark's tooltip, made the first time the pointer is over it (thousands of marks open faster without).
  function markTitle(g) {
    if (g.querySelector("title")) return;
    const e = DATA.catalogue.find((x) => x.id === g.dataset.exchange);
    const desc = [`${e.kind.replace(/_/g, " ")} ${e.date.value} (${e.date.precision})`,
      ...e.transfers.map((t) => `${count(t)} ${t.category.replace(/_/g, " ")} → ${t.to}`),
      `${e.independent_sources} independent source(s) of ${e.sources.length}`, ...e.flags.map((f) => `${FLAG[f.code][0]} ${f.code}: ${f.reason}`)];
    g.appendChild(svg("title", { text: desc.join("\n") }));
  }

  function tlScale(max, half) { const s = Math.sqrt(Math.max(max, 1)); return (v) => (Math.sqrt(v) / s) * half; }

  // 1, 5, 10, 50, ... up to max, at least 14 px apart (the largest first)
  function yTicks(max, scale) {
    const all = [], out = [];
    for (const base of [1, 10, 100, 1000, 10000, 100000, 1000000]) for (const k of [1, 5]) if (base * k <= max) all.push(base * k);
    for (const v of all.reverse()) if (!out.length || scale(out[out.length - 1]) - scale(v) >= 14) out.push(v);
    return out;
  }

  function drawTimeline(placed, t0, t1) {
    const plotW = TL.W - TL.left - TL.right, x = (t) => TL.left + ((t - t0) / (t1 - t0)) * plotW;
    const y0 = TL.top + TL.half, H = TL.top + 2 * TL.half + 32;
    const max = Math.max(1, ...placed.map(({ e }) => { const st = sideStacks(e); return Math.max(stackSum(st.ukraine), stackSum(st.russia)); }));
    const scale = tlScale(max, TL.half);
    const root = svg("svg", { id: "tl-svg", width: TL.W, height: H, viewBox: `0 0 ${TL.W} ${H}`, role: "img",
      "aria-label": "Exchanges over time", "data-t0": new Date(t0).toISOString().slice(0, 10), "data-t1": new Date(t1).toISOString().slice(0, 10),
      "data-x0": TL.left, "data-x1": TL.W - TL.right, "data-baseline": y0 });
    root.appendChild(axis(x, t0, t1, TL.top, 2 * TL.half));
    const ya = svg("g", { class: "tl-yaxis" });
    for (const v of yTicks(max, scale)) for (const dir of [-1, 1]) {
      ya.appendChild(svg("line", { x1: TL.left - 4, x2: TL.W - TL.right, y1: y0 + dir * scale(v), y2: y0 + dir * scale(v), class: "grid" }));
      ya.appendChild(svg("text", { x: TL.left - 6, y: y0 + dir * scale(v) + 3, class: "y-label", text: num(v) }));
    }
    ya.appendChild(svg("text", { x: 4, y: 12, class: "side-label", text: "to Ukraine ↑ (people, square-root scale)" }));
    ya.appendChild(svg("text", { x: 4, y: H - 4, class: "side-label", text: "to Russia ↓" }));
    root.appendChild(ya);
    root.appendChild(svg("line", { x1: TL.left, x2: TL.W - TL.right, y1: y0, y2: y0, class: "baseline" }));
    const order = { year: 0, month: 1, day: 2 };
    const marks = svg("g", { class: "tl-marks" });
    for (const p of [...placed].sort((a, b) => order[a.span.precision] - order[b.span.precision])) {
      const g = markFor(p.e, p.span, x, y0, scale, placed.length <= TL.labels);
      tl.marks.set(p.e.id, g);
      marks.appendChild(g);
    }
    root.appendChild(marks);
    marks.addEventListener("click", (ev) => { const g = ev.target.closest("g.tl-mark"); if (g) showExchange(g.dataset.exchange); });
    marks.addEventListener("mouseover", (ev) => { const g = ev.target.closest("g.tl-mark"); if (g) markTitle(g); });
    return { root, x };
  }

  function monthlyBars(x, months) {
    const h = TL.bars, y0 = h + 4, H = 2 * h + 24;
    const cols = DATA.timeline.columns;
    const side = (r, s) => CATS.map((c) => [c, r[`to_${s}_${c}`]]).filter(([, n]) => n);
    const max = Math.max(1, ...months.flatMap((r) => [stackSum(side(r, "ukraine")), stackSum(side(r, "russia"))]));
    const lin = (v) => (v / max) * h;
    const root = svg("svg", { id: "tl-bars", width: TL.W, height: H, viewBox: `0 0 ${TL.W} ${H}`, role: "img", "aria-label": "Monthly totals" });
    root.appendChild(svg("text", { x: 4, y: H - 4, class: "side-label", text: "per month" }));
    for (const dir of [-1, 1]) root.appendChild(svg("text", { x: TL.left - 6, y: y0 + dir * h + 3, class: "y-label", text: num(max) }));
    root.appendChild(svg("line", { x1: TL.left, x2: TL.W - TL.right, y1: y0, y2: y0, class: "baseline" }));
    for (const r of months) {
      const [yy, mm] = r.period.split("-").map(Number), a = x(Date.UTC(yy, mm - 1, 1)), b = x(Date.UTC(yy, mm, 1));
      const g = svg("g", { class: "tl-month", "data-period": r.period, "data-ukraine": stackSum(side(r, "ukraine")), "data-russia": stackSum(side(r, "russia")) },
        segments(a + 1, Math.max(b - a - 2, 1), y0, side(r, "ukraine"), -1, lin, "to-ukraine"),
        segments(a + 1, Math.max(b - a - 2, 1), y0, side(r, "russia"), 1, lin, "to-russia"),
        svg("title", { text: `${r.period}: ${r.exchanges} exchange(s); ` + cols.filter((c) => r[c]).map((c) => `${c} ${num(r[c])}`).join(", ") }));
      root.appendChild(g);
    }
    return root;
  }

  function monthlyTable() {
    const rows = DATA.timeline.monthly, cols = DATA.timeline.columns.filter((c) => rows.some((r) => r[c]));
    const label = (c) => { const [, s, ...rest] = c.split("_"); return `→${SIDE[s]} ${CAT_LABEL[rest.join("_")] || rest.join(" ")}`; };
    return el("table", { class: "cat tl-table", id: "tl-table" },
      el("thead", {}, el("tr", {}, el("th", { text: "month" }), el("th", { text: "exchanges" }), cols.map((c) => el("th", { text: label(c) })),
        el("th", { text: "qualified" }))),
      el("tbody", {}, rows.map((r) => el("tr", { "data-period": r.period },
        el("td", { text: r.period + (r.precision === "year" ? " (year only)" : "") }), el("td", { class: "n", text: num(r.exchanges) }),
        cols.map((c) => el("td", { class: "n", "data-column": c, text: r[c] ? num(r[c]) : "" })),
        el("td", { class: "n", text: r.qualified ? String(r.qualified) : "" })))));
  }

  function timelineLegend() {
    return el("div", { class: "legend tl-legend" }, CATS.map((c) => el("span", {}, el("span", { class: `dot cat-${c}` }), " " + CAT_LABEL[c])),
      el("span", { class: "muted", text: "· a day: a column; a month or a year: a pale band across it · number: independent sources ·" }),
      Object.values(FLAG).filter(([g]) => g !== "○").map(([g, t]) => el("span", { class: "flag-key", text: `${g} ${t}` })),
      el("span", { class: "flag-key", text: DATA.catalogue.length <= TL.labels ? "red italic number: one independent source"
        : `more than ${TL.labels} exchanges: the number of sources is in each mark's tooltip and card` }),
      el("span", { class: "muted", text: `(“far larger”: more than ${DATA.timeline.large_rule.factor}× the median of the others, at least ${DATA.timeline.large_rule.min_others} of them)` }));
  }

  function buildTimeline() {
    if (tl.built) return;
    tl.built = true;
    const box = $("#timeline"), placed = [], undated = [];
    for (const e of DATA.catalogue) { const span = dateSpan(e.date); if (span) placed.push({ e, span }); else undated.push(e); }
    const main = el("div", { class: "tl-main" }, el("div", { id: "tl-count", class: "muted" }), timelineLegend());
    if (placed.length) {
      const months = DATA.timeline.monthly.filter((r) => r.precision === "month");
      const spans = placed.map((p) => p.span).concat(months.map((r) => { const [y, m] = r.period.split("-").map(Number); return { start: Date.UTC(y, m - 1, 1), end: Date.UTC(y, m, 1) }; }));
      const lo = new Date(Math.min(...spans.map((s) => s.start))), hi = new Date(Math.max(...spans.map((s) => s.end)) - 1);
      const t0 = Date.UTC(lo.getUTCFullYear(), lo.getUTCMonth(), 1), t1 = Date.UTC(hi.getUTCFullYear(), hi.getUTCMonth() + 1, 1);
      const { root, x } = drawTimeline(placed, t0, t1);
      main.appendChild(root);
      main.appendChild(monthlyBars(x, months));
    } else main.appendChild(el("p", { class: "muted", text: "No exchange has a dated year." }));
    if (undated.length) main.appendChild(el("div", { class: "tl-undated" }, el("span", { class: "muted", text: `${undated.length} exchange(s) without a year, not on the axis: ` }),
      undated.map((e) => el("button", { type: "button", class: "link", "data-exchange": e.id, text: e.id, on: () => showExchange(e.id) }))));
    main.appendChild(el("h3", { text: "People handed over per month" }));
    main.appendChild(monthlyTable());
    box.appendChild(el("div", { class: "tl-cols" }, main, el("aside", { id: "tl-detail", class: "tl-detail" },
      el("p", { class: "muted", text: "Click a mark to open its exchange." }))));
    updateTimeline();
  }

  // The filter and the selected article, reflected on the marks.
  function updateTimeline() {
    if (!tl.built) return;
    let shown = 0;
    const current = new Set();
    const art = DATA.articles[state.selected];
    for (const e of DATA.catalogue) {
      const ok = exchangeVisible(e); shown += ok;
      if (art && e.sources.some((s) => s.record !== null && DATA.records[s.record].article === state.selected)) current.add(e.id);
      const g = tl.marks.get(e.id); if (!g) continue;
      g.classList.toggle("dim", !ok); g.classList.toggle("current", current.has(e.id));
    }
    $("#tl-count").textContent = `${shown} of ${DATA.catalogue.length} exchanges match the filter` +
      (current.size ? `; ${current.size} from the selected article (outlined)` : "");
  }

  function showExchange(id) {
    const e = DATA.catalogue.find((x) => x.id === id);
    if (!e) return;
    if (state.view !== "timeline") setView("timeline");
    tl.selected = id;
    for (const g of document.querySelectorAll("g.tl-mark.selected")) g.classList.remove("selected");
    const g = tl.marks.get(id); if (g) g.classList.add("selected");
    const box = $("#tl-detail"); box.textContent = "";
    box.appendChild(el("div", { class: "exchange-card", "data-exchange": e.id },
      el("div", { class: "head" }, el("strong", { text: e.kind.replace(/_/g, " ") }), el("span", { class: "eid", text: e.id })),
      el("div", { text: `date ${e.date.value || "unresolved"} (${e.date.precision}, ${e.date.basis})` }),
      el("ul", { class: "transfers" }, e.transfers.map((t) => el("li", {}, el("span", { class: `dot cat-${t.category}` }), `${count(t)} ${t.category.replace(/_/g, " ")} → ${t.to}`))),
      e.total !== null ? el("div", { text: `total ${(QUAL[e.total_qualifier] || "") + num(e.total)}` }) : null,
      e.mediators.length ? el("div", { text: "mediators: " + e.mediators.join("; ") }) : null,
      e.flags.length ? el("ul", { class: "flags" }, e.flags.map((f) => el("li", { class: "flag", "data-flag": f.code }, `${FLAG[f.code][0]} ${f.code.replace("_", " ")}: `, f.reason))) : null,
      e.conflicts.length ? e.conflicts.map(conflictBlock) : null,
      el("h4", { text: `sources: ${e.independent_sources} independent of ${e.sources.length}` }), e.sources.map(sourceButton),
      e.review.map((n) => el("div", { class: "note", text: n })),
      el("button", { type: "button", class: "link", text: "row in the catalogue table", on: () => {
        setView("exchanges"); flash(document.querySelectorAll(`tr[data-exchange="${CSS.escape(e.id)}"]`)); } })));
    saveHash();
  }

  // ---------------------------------------------------------------- state in the URL
  function saveHash() {
    const h = `#view=${state.view}&filter=${state.filter}` + (state.selected >= 0 ? `&article=${state.selected}` : "") +
      (state.view === "timeline" && tl.selected !== null ? `&exchange=${encodeURIComponent(tl.selected)}` : "");
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
    updateTimeline();
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
    if (DATA.catalogue) { $("#tab-exchanges").hidden = false; $("#tab-timeline").hidden = false; }
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
    if (state.view === "timeline" && h.has("exchange")) showExchange(h.get("exchange"));
    window.__reviewReady = performance.now();
    document.documentElement.setAttribute("data-ready", "1");
  }

  init();
})();
