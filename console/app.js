// ElectionBot admin console. No framework, no build step; see docs/console.md.
//
// Safety rules kept throughout this file (the page is served with a strict CSP):
//  - everything that came from the API (citizens' questions, replies, broadcast texts, names, file errors)
//    reaches the page only as text nodes (createTextNode / textContent), never as HTML;
//  - no inline styles: geometry is drawn with SVG attributes, colours come from CSS classes;
//  - the admin token lives in sessionStorage only, and is sent as `Authorization: Bearer`.
"use strict";

(function () {
  const TOKEN_KEY = "electionbot.admin.token";
  const SVG_NS = "http://www.w3.org/2000/svg";
  const TZ = "Asia/Ho_Chi_Minh";

  // ---------------------------------------------------------------- DOM helpers

  const $ = (id) => document.getElementById(id);

  // el("td", {class: "x"}, "text", childNode, ...): strings become text nodes, so nothing is parsed as HTML.
  function el(tag, attrs, ...children) {
    return fill(document.createElement(tag), attrs, children);
  }

  function svg(tag, attrs, ...children) {
    return fill(document.createElementNS(SVG_NS, tag), attrs, children);
  }

  function fill(node, attrs, children) {
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === undefined || v === null || v === false) continue;
      // Inline style attributes would be refused by the CSP anyway; never create them.
      if (k === "style" || k.startsWith("on")) throw new Error("refused attribute " + k);
      node.setAttribute(k, v === true ? "" : String(v));
    }
    for (const c of children) {
      if (c === undefined || c === null || c === false) continue;
      node.appendChild(typeof c === "object" ? c : document.createTextNode(String(c)));
    }
    return node;
  }

  function clear(node) {
    while (node.firstChild) node.removeChild(node.firstChild);
    return node;
  }

  function setText(id, text) {
    $(id).textContent = text === undefined || text === null ? "—" : String(text);
  }

  // ---------------------------------------------------------------- formatting

  function fmtTime(iso) {
    if (!iso) return "—";
    const d = new Date(iso);
    if (isNaN(d)) return String(iso);
    // dd/mm/yyyy hh:mm in the election's time zone, whatever the admin's own browser is set to.
    return d.toLocaleString("vi-VN", {
      timeZone: TZ, day: "2-digit", month: "2-digit", year: "numeric", hour: "2-digit", minute: "2-digit", hour12: false,
    });
  }

  // "2021-05-23" → "23/05/2021" (days are already in the election's time zone).
  function fmtDay(day) {
    const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day || "");
    return m ? `${m[3]}/${m[2]}/${m[1]}` : String(day || "—");
  }

  function dayNumber(day) {
    const [y, m, d] = day.split("-").map(Number);
    return Date.UTC(y, m - 1, d) / 86400000;
  }

  function fmtNumber(n) {
    return typeof n === "number" ? n.toLocaleString("vi-VN") : "—";
  }

  function fmtPercent(x) {
    return typeof x === "number" ? (x * 100).toLocaleString("vi-VN", { maximumFractionDigits: 1 }) + "%" : "—";
  }

  const OUTCOMES = { answer: "Trả lời", fallback: "Không trả lời được", command: "Lệnh" };
  const KINDS = {
    deadline: "Hạn chót",
    on: "Đúng ngày",
    from: "Bắt đầu từ",
    until: "Kéo dài đến",
  };
  const LEVELS = { "trung-uong": "trung ương", tinh: "tỉnh", huyen: "huyện", xa: "xã" };
  const TRIGGERS = { start: "khởi động", watch: "tệp thay đổi", signal: "tín hiệu SIGHUP" };

  function fmtTrigger(t) {
    if (!t) return "—";
    if (t.startsWith("api:")) return "quản trị viên " + t.slice(4) + " (qua bảng điều khiển)";
    return TRIGGERS[t] || t;
  }

  // ---------------------------------------------------------------- messages

  function showMessage(text, kind) {
    const m = $("global-message");
    m.textContent = text;
    m.className = "banner " + (kind || "info");
    m.hidden = !text;
  }

  // ---------------------------------------------------------------- API

  class ApiError extends Error {
    constructor(status, message, data) {
      super(message);
      this.status = status;
      this.data = data;
    }
  }

  function token() {
    return sessionStorage.getItem(TOKEN_KEY);
  }

  // Calls the admin API. 401 sends the admin back to the login form; 429 becomes "thử lại sau N giây".
  // `accept` lists further statuses whose JSON body the caller wants (e.g. 422 of a failed reload).
  async function api(method, path, body, opts) {
    opts = opts || {};
    const headers = { Authorization: "Bearer " + (opts.token || token() || "") };
    const init = { method, headers, cache: "no-store", credentials: "omit" };
    if (body !== undefined) {
      headers["Content-Type"] = "application/json; charset=utf-8";
      init.body = JSON.stringify(body);
    }
    let res;
    try {
      res = await fetch("/admin/api/" + path, init);
    } catch (e) {
      throw new ApiError(0, "Không kết nối được tới máy chủ.");
    }
    if (res.status === 429) {
      const after = parseInt(res.headers.get("Retry-After") || "", 10);
      throw new ApiError(429, `Quá nhiều lần thử sai, thử lại sau ${isNaN(after) ? 60 : after} giây.`);
    }
    if (res.status === 401) {
      if (!opts.token) toLogin("Phiên đăng nhập không còn hợp lệ. Vui lòng đăng nhập lại.");
      throw new ApiError(401, "Mã truy cập không đúng hoặc đã bị thu hồi.");
    }
    if (opts.raw) {
      if (!res.ok) throw new ApiError(res.status, `Máy chủ trả lời lỗi ${res.status}.`);
      return res;
    }
    let data = null;
    try {
      data = await res.json();
    } catch (e) {
      data = null;
    }
    if (res.ok || (opts.accept || []).includes(res.status)) return { status: res.status, data };
    // {"error": "…"} from the admin routes; Hummingbird's HTTPError answers {"error": {"message": "…"}}.
    const err = data && data.error;
    const msg = typeof err === "string" ? err : err && typeof err.message === "string" ? err.message : "";
    const detail = msg ? ": " + msg : ".";
    throw new ApiError(res.status, `Máy chủ trả lời lỗi ${res.status}${detail}`, data);
  }

  // ---------------------------------------------------------------- login

  function toLogin(message) {
    sessionStorage.removeItem(TOKEN_KEY);
    $("app").hidden = true;
    $("login").hidden = false;
    $("login-error").textContent = message || "";
    $("token").value = "";
    $("token").focus();
  }

  async function login(ev) {
    ev.preventDefault();
    const t = $("token").value.trim();
    if (!t) return;
    $("login-error").textContent = "";
    $("login-btn").disabled = true;
    try {
      const { data } = await api("GET", "whoami", undefined, { token: t });
      sessionStorage.setItem(TOKEN_KEY, t);
      enterApp(data.name);
    } catch (e) {
      $("login-error").textContent = e.message;
    } finally {
      $("login-btn").disabled = false;
    }
  }

  function enterApp(name) {
    $("token").value = "";
    $("admin-name").textContent = name;
    $("login").hidden = true;
    $("app").hidden = false;
    route();
  }

  function logout() {
    sessionStorage.clear();
    toLogin("Đã đăng xuất.");
  }

  // ---------------------------------------------------------------- routing

  const PAGES = {};

  function route() {
    if ($("app").hidden) return;
    let name = location.hash.replace(/^#/, "");
    if (!PAGES[name]) name = "try";
    for (const sec of document.querySelectorAll("section.page")) sec.hidden = sec.dataset.page !== name;
    for (const a of document.querySelectorAll("#nav a")) {
      if (a.dataset.page === name) a.setAttribute("aria-current", "page");
      else a.removeAttribute("aria-current");
    }
    showMessage("");
    load(name);
  }

  // Runs a page's loader and records its state on the section (data-state), which the browser test polls.
  async function load(name) {
    const sec = $("page-" + name);
    sec.dataset.state = "loading";
    try {
      await PAGES[name]();
      sec.dataset.state = "ready";
    } catch (e) {
      sec.dataset.state = "error";
      if (e.status !== 401) showMessage(e.message, "error");
    }
  }

  // ---------------------------------------------------------------- page: try

  PAGES.try = async function () {
    $("try-text").focus();
  };

  async function tryAsk(ev) {
    ev.preventDefault();
    const text = $("try-text").value;
    if (!text.trim()) return;
    const body = { text };
    if ($("try-today").value) body.today = $("try-today").value;
    const log = $("try-log");
    log.appendChild(el("div", { class: "bubble user", "data-test": "try-question" }, text));
    $("try-send").disabled = true;
    const sec = $("page-try");
    sec.dataset.state = "loading";
    try {
      const { data } = await api("POST", "try", body);
      log.appendChild(el("div", { class: "bubble bot", "data-test": "try-reply" }, data.reply || ""));
      // Suggested topics, as the chat apps show them under an answer: a tap asks that topic.
      if ((data.suggestions || []).length && data.outcome !== "fallback") {
        log.appendChild(el("div", { class: "chips", "data-test": "try-suggestions" },
          ...data.suggestions.map((t) => {
            const chip = el("button", { type: "button", class: "chip" }, t);
            chip.addEventListener("click", () => { $("try-text").value = t; $("try-form").requestSubmit(); });
            return chip;
          })));
      }
      showExplanation(data);
      $("try-text").value = "";
      sec.dataset.state = "ready";
    } catch (e) {
      log.appendChild(el("div", { class: "bubble error" }, e.message));
      sec.dataset.state = "error";
    } finally {
      $("try-send").disabled = false;
      log.lastChild.scrollIntoView({ block: "nearest" });
    }
  }

  function showExplanation(t) {
    $("try-explain").hidden = false;
    setText("try-outcome", OUTCOMES[t.outcome] || t.outcome);
    $("try-outcome").className = "outcome " + (t.outcome || "");
    setText("try-intent", t.intent || "(không có)");
    setText("try-confidence", typeof t.confidence === "number" ? t.confidence.toFixed(2) : "—");
    const tbody = clear($("try-ranking").tBodies[0]);
    for (const r of t.ranking || []) {
      tbody.appendChild(
        el("tr", { class: r.intent === t.intent ? "chosen" : null },
          el("td", { class: "mono" }, r.intent),
          el("td", null, r.title),
          el("td", { class: "num" }, typeof r.score === "number" ? r.score.toFixed(2) : ""),
          el("td", null, r.why)));
    }
    if (!tbody.rows.length) tbody.appendChild(el("tr", null, el("td", { colspan: 4, class: "muted" }, "Không có ứng viên nào.")));
    $("try-explanation").textContent = t.explanation || "";
    setText("try-sources", (t.sources || []).join("; ") || "—");
    setText("try-meta", [t.today ? "hôm nay = " + fmtDay(t.today) : null, t.kb_version ? "kiến thức " + t.kb_version : null]
      .filter(Boolean).join(", ") || "—");
  }

  // ---------------------------------------------------------------- page: timeline

  PAGES.timeline = async function () {
    const { data } = await api("GET", "timeline");
    drawTimeline(data);
  };

  function drawTimeline(tl) {
    const ms = (tl.milestones || []).slice().sort((a, b) =>
      a.date === b.date ? (a.time || "").localeCompare(b.time || "") : a.date.localeCompare(b.date));
    $("timeline-summary").textContent = (tl.election ? tl.election + ". " : "") +
      `${ms.length} mốc. Ngày bầu cử: ${fmtDay(tl.election_date)}. Hôm nay: ${fmtDay(tl.today)}.`;

    // Legend: one swatch per kind, coloured by the same CSS classes as the chart.
    const legend = clear($("timeline-legend"));
    for (const [k, label] of Object.entries(KINDS)) {
      legend.appendChild(el("li", null, el("span", { class: "swatch kind-" + k }), label));
    }
    legend.appendChild(el("li", null, el("span", { class: "swatch today" }), "Hôm nay"));
    legend.appendChild(el("li", null, el("span", { class: "swatch election" }), "Ngày bầu cử"));

    // Layout: one row per milestone (sorted by date), x is the date. Rows avoid overlapping labels on
    // the many milestones that share a day; the chart scrolls sideways on a phone.
    const days = ms.map((m) => dayNumber(m.date));
    if (tl.election_date) days.push(dayNumber(tl.election_date));
    let lo = Math.min(...days) - 3, hi = Math.max(...days) + 3;
    // Today widens the axis only when it is near the calendar; long before or after the election (say, the
    // console opened years later) the marker sits at the edge instead of squeezing every milestone together.
    let todayEdge = null;
    if (tl.today) {
      const t = dayNumber(tl.today);
      if (t < lo - 45) todayEdge = "left";
      else if (t > hi + 45) todayEdge = "right";
      else { lo = Math.min(lo, t - 3); hi = Math.max(hi, t + 3); }
    }
    const W = 1100, left = 10, right = 10, top = 42, row = 22;
    const H = top + ms.length * row + 16;
    const x = (day) => left + ((Math.min(hi, Math.max(lo, dayNumber(day))) - lo) / (hi - lo || 1)) * (W - left - right);

    const root = svg("svg", {
      id: "timeline-svg", viewBox: `0 0 ${W} ${H}`, width: W, height: H, role: "img",
      "aria-label": "Biểu đồ các mốc thời gian của cuộc bầu cử", "data-test": "timeline-svg",
    });
    root.appendChild(svg("title", null, "Các mốc thời gian của cuộc bầu cử"));

    // Month ticks on the axis.
    const axis = svg("g", { class: "axis" });
    axis.appendChild(svg("line", { x1: left, x2: W - right, y1: top - 10, y2: top - 10 }));
    const start = new Date(lo * 86400000), end = hi * 86400000;
    for (let d = Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + 1, 1); d <= end;
      d = Date.UTC(new Date(d).getUTCFullYear(), new Date(d).getUTCMonth() + 1, 1)) {
      const iso = new Date(d).toISOString().slice(0, 10);
      const px = x(iso);
      axis.appendChild(svg("line", { class: "grid", x1: px, x2: px, y1: top - 14, y2: H - 8 }));
      axis.appendChild(svg("text", { x: px + 3, y: top - 16 }, "Th" + iso.slice(5, 7) + "/" + iso.slice(0, 4)));
    }
    root.appendChild(axis);

    // Election day and today: vertical lines across every row.
    const marker = (day, cls, label, test, edge) => {
      const px = x(day);
      // Near the right edge the label goes to the left of the line, so it stays inside the chart.
      const flip = edge === "right" || px > W - 140;
      const text = edge === "right" ? `${label} (${fmtDay(day)}) →` : edge === "left" ? `← ${label} (${fmtDay(day)})` : label;
      return svg("g", { class: cls + (edge ? " off-scale" : ""), "data-test": test, "data-day": day },
        svg("title", null, label + ": " + fmtDay(day)),
        svg("line", { x1: px, x2: px, y1: 4, y2: H - 4 }),
        svg("text", { x: flip ? px - 4 : px + 4, y: 14, "text-anchor": flip ? "end" : "start" }, text));
    };
    if (tl.election_date) root.appendChild(marker(tl.election_date, "election-marker", "Ngày bầu cử", "election-marker"));

    ms.forEach((m, i) => {
      const cy = top + i * row + row / 2;
      const px = x(m.date);
      const roles = (m.roles || []).map((r) => r.name).join("; ");
      const g = svg("g", { class: "milestone kind-" + m.kind, "data-milestone-id": m.id, "data-kind": m.kind, "data-date": m.date });
      g.appendChild(svg("title", null,
        `${m.title}\n${KINDS[m.kind] || m.kind}: ${fmtDay(m.date)}${m.time ? " " + m.time : ""}` +
        (roles ? `\nCơ quan: ${roles}` : "")));
      if (i % 2 === 0) g.appendChild(svg("rect", { class: "stripe", x: 0, y: cy - row / 2, width: W, height: row }));
      // "from" runs on to the end of the chart, "until" starts at its beginning: a bar shows the span.
      if (m.kind === "from") g.appendChild(svg("rect", { class: "span", x: px, y: cy - 3, width: W - right - px, height: 6 }));
      if (m.kind === "until") g.appendChild(svg("rect", { class: "span", x: left, y: cy - 3, width: px - left, height: 6 }));
      if (m.kind === "deadline") {
        g.appendChild(svg("path", { class: "dot", d: `M${px} ${cy - 7} L${px + 7} ${cy} L${px} ${cy + 7} L${px - 7} ${cy} Z` }));
      } else {
        g.appendChild(svg("circle", { class: "dot", cx: px, cy, r: 6 }));
      }
      // Labels go to the side with more room.
      const onRight = px < W / 2;
      const label = `${fmtDay(m.date).slice(0, 5)}${m.time ? " " + m.time : ""} · ${m.title}`;
      g.appendChild(svg("text", { class: "label", x: onRight ? px + 11 : px - 11, y: cy + 4, "text-anchor": onRight ? "start" : "end" }, label));
      root.appendChild(g);
    });

    // Today on top of the rows so it stays visible.
    if (tl.today) root.appendChild(marker(tl.today, "today-marker", "hôm nay", "today-marker", todayEdge));

    clear($("timeline-chart")).appendChild(root);

    // The list below repeats every milestone with its responsible bodies, readable without hovering.
    const list = clear($("timeline-list"));
    for (const m of ms) {
      const when = fmtDay(m.date) + (m.time ? " lúc " + m.time : "");
      const passed = tl.today && m.date < tl.today;
      list.appendChild(el("li", { class: "kind-" + m.kind + (passed ? " passed" : ""), "data-milestone-id": m.id },
        el("span", { class: "badge kind-" + m.kind }, KINDS[m.kind] || m.kind),
        " ", el("strong", null, when), " — ", m.title,
        (m.roles || []).length
          ? el("ul", { class: "roles" }, ...m.roles.map((r) => el("li", { "data-role-id": r.id }, r.name)))
          : null));
    }
  }

  // ---------------------------------------------------------------- page: unanswered

  function daysParam(id) {
    const n = parseInt($(id).value, 10);
    return isNaN(n) || n < 1 ? 30 : Math.min(n, 365);
  }

  PAGES.unanswered = async function () {
    const { data } = await api("GET", "unanswered?days=" + daysParam("unanswered-days"));
    const tbody = clear($("unanswered-table").tBodies[0]);
    const groups = data.groups || [];
    $("unanswered-empty").hidden = groups.length > 0;
    groups.forEach((g, i) => {
      const snippetRow = el("tr", { class: "snippet-row", hidden: true },
        el("td", { colspan: 7 }, snippetBox(g.snippet || "", i)));
      const btn = el("button", { type: "button", class: "secondary small", "aria-expanded": "false", "data-test": "snippet-toggle" }, "Mẫu ý định");
      btn.addEventListener("click", () => {
        snippetRow.hidden = !snippetRow.hidden;
        btn.setAttribute("aria-expanded", String(!snippetRow.hidden));
      });
      tbody.appendChild(el("tr", { "data-test": "unanswered-row" },
        el("td", { class: "mono" }, g.folded),
        el("td", { class: "num" }, fmtNumber(g.count)),
        el("td", null, fmtTime(g.first_seen)),
        el("td", null, fmtTime(g.last_seen)),
        el("td", { class: "mono" }, g.nearest_intent || "—"),
        el("td", null, el("ul", { class: "examples" }, ...(g.examples || []).map((e) => el("li", { "data-test": "example" }, e)))),
        el("td", null, btn)));
      tbody.appendChild(snippetRow);
    });
  }

  function snippetBox(text, i) {
    const pre = el("pre", { class: "pre snippet", id: "snippet-" + i, "data-test": "snippet" }, text);
    const copy = el("button", { type: "button", class: "small" }, "Sao chép");
    const note = el("span", { class: "muted", role: "status" });
    copy.addEventListener("click", async () => {
      note.textContent = (await copyText(text, pre)) ? "Đã sao chép." : "Không sao chép được; hãy chọn và sao chép thủ công.";
    });
    return el("div", { class: "snippet-box" },
      el("p", null, "Mẫu YAML cho một ý định mới (dán vào một tệp trong intents/ rồi sửa):"), pre, copy, " ", note);
  }

  // The Clipboard API needs a secure context; on plain http from another host fall back to a selection.
  async function copyText(text, node) {
    try {
      if (navigator.clipboard && window.isSecureContext) {
        await navigator.clipboard.writeText(text);
        return true;
      }
    } catch (e) { /* fall through */ }
    const range = document.createRange();
    range.selectNodeContents(node);
    const sel = window.getSelection();
    sel.removeAllRanges();
    sel.addRange(range);
    try {
      return document.execCommand("copy");
    } catch (e) {
      return false;
    }
  }

  // The CSV needs the Authorization header, so a plain link would not do: fetch it, hand the browser a Blob URL.
  async function downloadCsv() {
    try {
      const days = daysParam("unanswered-days");
      const res = await api("GET", `unanswered?days=${days}&format=csv`, undefined, { raw: true });
      const blob = await res.blob();
      const url = URL.createObjectURL(new Blob([blob], { type: "text/csv;charset=utf-8" }));
      const a = el("a", { href: url, download: `cau-hoi-chua-tra-loi-${days}-ngay.csv` });
      document.body.appendChild(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 60000);
    } catch (e) {
      if (e.status !== 401) showMessage(e.message, "error");
    }
  }

  // ---------------------------------------------------------------- page: stats

  PAGES.stats = async function () {
    const { data } = await api("GET", "stats?days=" + daysParam("stats-days"));
    const t = data.totals || {};
    const am = data.answer_micros || {};
    const totals = clear($("stats-totals"));
    const tile = (label, value, test) =>
      totals.appendChild(el("div", { class: "tile", "data-test": test }, el("dt", null, label), el("dd", null, value)));
    tile("Câu hỏi", fmtNumber(t.questions), "total-questions");
    tile("Đã trả lời", fmtNumber(t.answered), "total-answered");
    tile("Không trả lời được", fmtNumber(t.fallbacks), "total-fallbacks");
    tile("Tỉ lệ không trả lời được", t.questions ? fmtPercent(t.fallbacks / t.questions) : "—", "fallback-rate");
    tile("Thời gian trả lời p50", am.p50 !== undefined ? fmtNumber(am.p50) + " µs" : "—", "answer-p50");
    tile("Thời gian trả lời p99", am.p99 !== undefined ? fmtNumber(am.p99) + " µs" : "—", "answer-p99");

    drawStats(fillDays(data.days || [], daysParam("stats-days")));

    const ti = clear($("stats-top-intents").tBodies[0]);
    for (const r of data.top_intents || []) {
      ti.appendChild(el("tr", null,
        el("td", null, r.title && r.title !== r.intent ? r.title : "", r.title && r.title !== r.intent ? el("br") : null,
          el("span", { class: "mono muted" }, r.intent)),
        el("td", { class: "num" }, fmtNumber(r.count))));
    }
    const tf = clear($("stats-top-fallbacks").tBodies[0]);
    for (const r of data.top_fallbacks || []) tf.appendChild(el("tr", null, el("td", null, r.text), el("td", { class: "num" }, fmtNumber(r.count))));
    for (const tb of [ti, tf]) {
      if (!tb.rows.length) tb.appendChild(el("tr", null, el("td", { colspan: 2, class: "muted" }, "Chưa có dữ liệu.")));
    }
  };

  // The API lists only the days that had questions; the chart shows every day of the period (in the
  // election's time zone, up to today), the quiet ones as zero.
  function fillDays(days, n) {
    const today = new Intl.DateTimeFormat("en-CA", { timeZone: TZ, year: "numeric", month: "2-digit", day: "2-digit" }).format(new Date());
    const byDay = new Map(days.map((d) => [d.day, d]));
    let first = dayNumber(today) - n + 1;
    let last = dayNumber(today);
    for (const d of days) {
      first = Math.min(first, dayNumber(d.day));
      last = Math.max(last, dayNumber(d.day));
    }
    if (last - first > 400) return days; // a server clock far from its data: do not draw years of zeros
    const out = [];
    for (let k = first; k <= last; k++) {
      const iso = new Date(k * 86400000).toISOString().slice(0, 10);
      out.push(byDay.get(iso) || { day: iso, questions: 0, fallbacks: 0, platforms: {} });
    }
    return out;
  }

  // A round ceiling for the axis: four grid steps, each a whole number from 1, 1.5, 2, 2.5, 3, 5, 7.5 × 10^k.
  function niceCeiling(n) {
    const raw = n / 4;
    if (raw <= 1) return 4;
    const p = Math.pow(10, Math.floor(Math.log10(raw)));
    for (const f of [1, 1.5, 2, 2.5, 3, 5, 7.5, 10]) {
      if (f * p >= raw && Number.isInteger(f * p)) return f * p * 4;
    }
    return Math.ceil(raw) * 4;
  }

  // Bars: questions per day (left axis). Line: share of those that fell back (right axis, 0–100 %).
  function drawStats(days) {
    const W = 900, H = 280, L = 44, R = 44, T = 16, B = 40;
    const root = svg("svg", { id: "stats-svg", viewBox: `0 0 ${W} ${H}`, width: W, height: H, role: "img",
      "aria-label": "Số câu hỏi và tỉ lệ không trả lời được theo ngày", "data-test": "stats-svg" });
    root.appendChild(svg("title", null, "Số câu hỏi mỗi ngày và tỉ lệ không trả lời được"));
    const max = niceCeiling(Math.max(1, ...days.map((d) => d.questions || 0)));
    const step = (W - L - R) / Math.max(1, days.length);
    const y = (v) => T + (1 - v / max) * (H - T - B);
    const yRate = (r) => T + (1 - r) * (H - T - B);

    const axis = svg("g", { class: "axis" });
    for (const f of [0, 0.25, 0.5, 0.75, 1]) {
      const py = T + (1 - f) * (H - T - B);
      axis.appendChild(svg("line", { class: "grid", x1: L, x2: W - R, y1: py, y2: py }));
      axis.appendChild(svg("text", { x: L - 4, y: py + 4, "text-anchor": "end" }, String(Math.round(max * f))));
      axis.appendChild(svg("text", { x: W - R + 4, y: py + 4, class: "rate" }, Math.round(f * 100) + "%"));
    }
    root.appendChild(axis);

    const points = [];
    days.forEach((d, i) => {
      const q = d.questions || 0;
      const rate = q ? (d.fallbacks || 0) / q : 0;
      const bx = L + i * step + step * 0.15;
      const platforms = Object.entries(d.platforms || {}).map(([p, n]) => `${p}: ${n}`).join(", ");
      root.appendChild(svg("rect", {
        class: "bar", "data-test": "bar", "data-day": d.day, "data-questions": q,
        x: bx, y: y(q), width: step * 0.7, height: H - B - y(q),
      }, svg("title", null, `${fmtDay(d.day)}: ${q} câu hỏi, ${d.fallbacks || 0} không trả lời được (${fmtPercent(rate)})` +
        (platforms ? `\n${platforms}` : ""))));
      // No questions, no rate: the line skips quiet days rather than dropping to 0 %.
      if (q) points.push([L + i * step + step / 2, yRate(rate)]);
      // A date label every few bars keeps the axis readable.
      if (i % Math.ceil(days.length / 10 || 1) === 0) {
        root.appendChild(svg("text", { class: "tick", x: L + i * step + step / 2, y: H - B + 16, "text-anchor": "middle" }, fmtDay(d.day).slice(0, 5)));
      }
    });
    if (points.length > 1) {
      root.appendChild(svg("polyline", { class: "rate-line", "data-test": "fallback-line", points: points.map((p) => p.join(",")).join(" ") }));
    }
    if (points.length) {
      for (const [px, py] of points) root.appendChild(svg("circle", { class: "rate-dot", cx: px, cy: py, r: 3 }));
    } else {
      root.appendChild(svg("text", { x: W / 2, y: H / 2, "text-anchor": "middle", class: "empty" }, "Chưa có dữ liệu"));
    }
    clear($("stats-chart")).appendChild(root);
  }

  // ---------------------------------------------------------------- page: broadcasts

  let broadcastTimer = null;

  PAGES.broadcasts = async function () {
    const { data } = await api("GET", "broadcasts");
    const list = clear($("bc-list"));
    const items = data.broadcasts || [];
    if (!items.length) list.appendChild(el("p", { class: "muted" }, "Chưa có thông báo nào."));
    for (const b of items) list.appendChild(broadcastCard(b));
    // While deliveries are pending, refresh the progress bars every 5 s, as long as this page is shown.
    clearTimeout(broadcastTimer);
    if (items.some((b) => b.pending > 0)) {
      broadcastTimer = setTimeout(() => {
        if (!$("page-broadcasts").hidden && !$("app").hidden) PAGES.broadcasts().catch(() => {});
      }, 5000);
    }
  };

  function broadcastCard(b) {
    const total = b.total || 0;
    const aud = b.audience || {};
    const audience = [aud.role ? "vai trò " + aud.role : null, aud.level ? "cấp " + (LEVELS[aud.level] || aud.level) : null].filter(Boolean).join(", ") || "mọi cán bộ đã đăng ký";
    // Progress bar in SVG: widths are attributes, so no inline style is needed.
    const W = 300;
    const bar = svg("svg", { class: "progress", viewBox: `0 0 ${W} 12`, preserveAspectRatio: "none", role: "img",
      "aria-label": `Đã gửi ${b.sent} / ${total}` });
    let at = 0;
    for (const [k, cls] of [["sent", "sent"], ["failed", "failed"], ["pending", "pending"]]) {
      const w = total ? ((b[k] || 0) / total) * W : 0;
      bar.appendChild(svg("rect", { class: cls, x: at, y: 0, width: w, height: 12 }));
      at += w;
    }
    return el("article", { class: "card broadcast", "data-test": "broadcast", "data-id": b.id },
      el("div", { class: "meta" }, `#${b.id} · ${fmtTime(b.created_at)} · ${b.created_by} · gửi tới ${audience}`),
      el("p", { class: "prewrap" }, b.text),
      bar,
      el("p", { class: "muted small" },
        `Đã gửi ${fmtNumber(b.sent)}, lỗi ${fmtNumber(b.failed)}, đang chờ ${fmtNumber(b.pending)} trên tổng ${fmtNumber(total)}.`));
  }

  function broadcastBody(dry) {
    const body = { text: $("bc-text").value };
    const role = $("bc-role").value.trim();
    const level = $("bc-level").value;
    if (role) body.role = role;
    if (level) body.level = level;
    if (dry) body.dry_run = true;
    return body;
  }

  async function broadcastDry() {
    const out = $("bc-result");
    if (!$("bc-text").value.trim()) { out.textContent = "Hãy nhập nội dung thông báo."; return; }
    out.textContent = "Đang đếm người nhận…";
    try {
      const { data } = await api("POST", "broadcasts", broadcastBody(true));
      out.textContent = `Thông báo này sẽ tới ${fmtNumber(data.recipients)} người nhận. (Chưa gửi gì.)`;
    } catch (e) {
      out.textContent = e.message;
    }
  }

  async function broadcastSend(ev) {
    ev.preventDefault();
    const out = $("bc-result");
    if (!$("bc-text").value.trim()) { out.textContent = "Hãy nhập nội dung thông báo."; return; }
    if (!confirm("Gửi thông báo này tới mọi người nhận phù hợp? Không thể thu hồi sau khi gửi.")) return;
    $("bc-send").disabled = true;
    try {
      const { data } = await api("POST", "broadcasts", broadcastBody(false));
      out.textContent = `Đã tạo thông báo #${data.broadcast.id} cho ${fmtNumber(data.broadcast.total)} người nhận.`;
      $("bc-text").value = "";
      await load("broadcasts");
    } catch (e) {
      out.textContent = e.message;
    } finally {
      $("bc-send").disabled = false;
    }
  }

  // ---------------------------------------------------------------- page: knowledge

  function showVersion(v) {
    v = v || {};
    setText("kn-hash", v.hash);
    setText("kn-files-count", v.files);
    setText("kn-intents", v.intents);
    setText("kn-loaded-at", fmtTime(v.loaded_at));
    setText("kn-trigger", fmtTrigger(v.trigger));
  }

  function errorList(node, errors) {
    clear(node);
    for (const e of errors || []) node.appendChild(el("li", { "data-test": "kn-error" }, e));
  }

  PAGES.knowledge = async function () {
    const { data } = await api("GET", "knowledge");
    showVersion(data.version);
    const tbody = clear($("kn-files").tBodies[0]);
    for (const f of data.files || []) {
      tbody.appendChild(el("tr", null, el("td", { class: "mono" }, f.name), el("td", { class: "num" }, fmtNumber(f.intents)),
        el("td", { class: "num" }, typeof f.bytes === "number" ? fmtNumber(Math.ceil(f.bytes / 1024)) + " KB" : "—")));
    }
    const r = data.last_reload;
    $("kn-last-reload").textContent = r
      ? `${fmtTime(r.at)}, do ${fmtTrigger(r.trigger)}: ${r.ok ? "thành công" : "thất bại, vẫn dùng phiên bản cũ"}.`
      : "Chưa nạp lại lần nào kể từ khi khởi động.";
    errorList($("kn-errors"), r && r.errors);
  };

  async function reload() {
    const out = clear($("kn-reload-result"));
    $("kn-reload-btn").disabled = true;
    out.appendChild(el("p", null, "Đang nạp lại…"));
    try {
      const { status, data } = await api("POST", "reload", undefined, { accept: [422] });
      clear(out);
      if (status === 200) {
        out.className = "ok";
        out.appendChild(el("p", null, data.unchanged
          ? `Các tệp không thay đổi; vẫn dùng phiên bản ${data.version.hash}.`
          : `Đã nạp phiên bản ${data.version.hash} (${data.version.intents} ý định, ${data.version.files} tệp).`));
        await PAGES.knowledge();
      } else {
        out.className = "error";
        out.appendChild(el("p", null, `Không nạp được; vẫn dùng phiên bản ${data.version ? data.version.hash : "cũ"}. Lỗi:`));
        const ul = el("ul", { class: "errors mono" });
        errorList(ul, data.errors);
        out.appendChild(ul);
        await PAGES.knowledge(); // the last reload is now this refused one
      }
    } catch (e) {
      clear(out).appendChild(el("p", { class: "error" }, e.message));
    } finally {
      $("kn-reload-btn").disabled = false;
    }
  }

  // ---------------------------------------------------------------- pages: subscribers, audit

  function fillTable(id, rows, empty) {
    const tbody = clear($(id).tBodies[0]);
    const cols = $(id).tHead.rows[0].cells.length;
    if (!rows.length) tbody.appendChild(el("tr", null, el("td", { colspan: cols, class: "muted" }, empty)));
    for (const r of rows) tbody.appendChild(el("tr", null, ...r.map((c) => el("td", null, c))));
  }

  PAGES.subscribers = async function () {
    const { data } = await api("GET", "subscribers");
    const list = data.subscribers || [];
    fillTable("subscribers-table", list.map((s) =>
      [s.platform, s.user_id, s.display_name || "—", s.role, LEVELS[s.level] || s.level, fmtTime(s.subscribed_at)]), "Chưa có ai đăng ký.");
    // One "Xóa" button per official (DELETE /admin/api/subscribers/PLATFORM/USER, after confirm()).
    Array.from($("subscribers-table").tBodies[0].rows).forEach((tr, i) => {
      const s = list[i];
      if (!s) return;
      const btn = el("button", { type: "button", class: "secondary small", "data-test": "unsubscribe" }, "Xóa");
      btn.addEventListener("click", async () => {
        if (!confirm(`Xóa ${s.display_name || s.user_id} (${s.platform}) khỏi danh sách nhận thông báo?`)) return;
        btn.disabled = true;
        try {
          await api("DELETE", `subscribers/${encodeURIComponent(s.platform)}/${encodeURIComponent(s.user_id)}`);
          await load("subscribers");
        } catch (e) {
          btn.disabled = false;
          if (e.status !== 401) showMessage(e.message, "error");
        }
      });
      tr.appendChild(el("td", null, btn));
    });
  };

  async function invite(ev) {
    ev.preventDefault();
    const out = clear($("invite-result"));
    const body = { role: $("invite-role").value.trim() };
    if ($("invite-level").value) body.level = $("invite-level").value;
    body.max_uses = parseInt($("invite-uses").value, 10) || 1;
    body.days = parseInt($("invite-days").value, 10) || 7;
    $("invite-btn").disabled = true;
    try {
      const { data } = await api("POST", "invites", body);
      const code = el("code", { class: "mono invite-code", "data-test": "invite-code" }, "/dangky " + data.code);
      const copy = el("button", { type: "button", class: "small" }, "Sao chép");
      const note = el("span", { class: "muted", role: "status" });
      copy.addEventListener("click", async () => {
        note.textContent = (await copyText("/dangky " + data.code, code)) ? "Đã sao chép." : "Hãy chọn và sao chép thủ công.";
      });
      out.appendChild(el("p", null, `Mã mời cho ${data.role} (cấp ${LEVELS[data.level] || data.level}) — chỉ hiện một lần:`));
      out.appendChild(el("p", null, code, " ", copy, " ", note));
    } catch (e) {
      out.appendChild(el("p", { class: "error" }, e.message));
    } finally {
      $("invite-btn").disabled = false;
    }
  }

  PAGES.audit = async function () {
    const { data } = await api("GET", "audit");
    fillTable("audit-table", (data.entries || []).map((e) =>
      [fmtTime(e.at), e.admin, e.action, typeof e.detail === "string" ? e.detail : JSON.stringify(e.detail)]), "Nhật ký trống.");
  };

  // ---------------------------------------------------------------- start

  async function start() {
    $("login-form").addEventListener("submit", login);
    $("logout").addEventListener("click", logout);
    $("try-form").addEventListener("submit", tryAsk);
    // Enter sends, Shift+Enter adds a line, as in a chat app.
    $("try-text").addEventListener("keydown", (ev) => {
      if (ev.key === "Enter" && !ev.shiftKey && !ev.isComposing) {
        ev.preventDefault();
        $("try-form").requestSubmit();
      }
    });
    $("unanswered-form").addEventListener("submit", (ev) => { ev.preventDefault(); load("unanswered"); });
    $("unanswered-csv").addEventListener("click", downloadCsv);
    $("stats-form").addEventListener("submit", (ev) => { ev.preventDefault(); load("stats"); });
    $("bc-dry").addEventListener("click", broadcastDry);
    $("bc-form").addEventListener("submit", broadcastSend);
    $("kn-reload-btn").addEventListener("click", reload);
    $("invite-form").addEventListener("submit", invite);
    window.addEventListener("hashchange", route);

    const t = token();
    if (!t) { toLogin(""); return; }
    try {
      const { data } = await api("GET", "whoami", undefined, { token: t });
      enterApp(data.name);
    } catch (e) {
      toLogin(e.message);
    }
  }

  document.addEventListener("DOMContentLoaded", start);
})();
