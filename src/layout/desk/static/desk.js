// layout serve — the proof desk in the browser. Plain JavaScript, no build step: the server sends page images
// (PNG rendered by pypdfium2 at the scale asked for) and JSON; this file lays them out, draws the overlays in
// SVG in points (viewBox = the trim), and follows server-sent events.
"use strict";

const $ = (id) => document.getElementById(id);
const SCALES = [0.5, 0.75, 1, 1.5, 2, 3];
const st = {
  ed: null, state: null, shownGen: 0, zoom: 0, view: "page", seq: 0,
  grid: false, marks: true, diff: null, diffPage: 0, mode: "side", syncing: false,
};

async function getJSON(url, opts) {
  const r = await fetch(url, opts);
  const data = await r.json();
  if (!r.ok && !(data && data.error)) throw new Error(`${url}: HTTP ${r.status}`);
  return data;
}

function q(params) { return new URLSearchParams(params).toString(); }

function pickScale(zoom) {
  const want = zoom * (window.devicePixelRatio || 1);
  for (const s of SCALES) if (s >= want - 0.01) return s;
  return SCALES[SCALES.length - 1];
}

function svgEl(name, attrs, parent) {
  const el = document.createElementNS("http://www.w3.org/2000/svg", name);
  for (const [k, v] of Object.entries(attrs || {})) el.setAttribute(k, v);
  if (parent) parent.appendChild(el);
  return el;
}

function preload(src) {
  return new Promise((resolve, reject) => {
    const im = new Image();
    im.onload = () => resolve(im);
    im.onerror = () => reject(new Error(`cannot load ${src}`));
    im.src = src;
  });
}

// ---- zoom -------------------------------------------------------------------------------------------------
function widestPage(pages) {
  return (pages || (st.state && st.state.pages) || []).reduce((w, p) => Math.max(w, p.w), 0) || 1000;
}

function fitZoom(pages) {
  const pane = st.view === "page" ? $("pages") : $("pane-new");
  return Math.max(0.2, (pane.clientWidth - 40) / widestPage(pages));
}

function zoom() { return st.zoom || fitZoom(); }

function setZoom(z) {
  const panes = st.view === "page" ? [$("pages")] : [$("pane-old"), $("pane-new"), $("overlay")];
  const keep = panes.map((p) => [p.scrollLeft / Math.max(1, p.scrollWidth), p.scrollTop / Math.max(1, p.scrollHeight)]);
  st.zoom = z ? Math.min(4, Math.max(0.2, z)) : 0;
  $("zoom-level").textContent = `${Math.round(zoom() * 100)}%`;
  layoutSheets();
  panes.forEach((p, k) => { p.scrollLeft = keep[k][0] * p.scrollWidth; p.scrollTop = keep[k][1] * p.scrollHeight; });
  clearTimeout(st.sharpen);
  st.sharpen = setTimeout(sharpen, 150);
}

function layoutSheets() {
  const z = zoom();
  for (const el of document.querySelectorAll(".page, .sheet")) {
    if (!el.dataset.w) continue;
    el.style.width = `${el.dataset.w * z}px`;
    el.style.height = `${el.dataset.h * z}px`;
  }
}

// after zooming, each image is swapped for one rendered at the new scale once it has loaded
function sharpen() {
  const scale = pickScale(zoom());
  for (const img of document.querySelectorAll("img[data-base]")) {
    if (Number(img.dataset.scale) === scale) continue;
    const src = `${img.dataset.base}&scale=${scale}`;
    preload(src).then(() => {
      if (src.startsWith(img.dataset.base)) { img.src = src; img.dataset.scale = scale; }
    }).catch(() => {});
  }
}

// ---- the page view ----------------------------------------------------------------------------------------
async function refresh() {
  if (!st.ed) return;
  const seq = ++st.seq;
  const state = await getJSON(`/api/state?${q({ ed: st.ed })}`);
  if (seq !== st.seq) return;                    // a newer refresh is on its way
  const err = $("error");
  err.hidden = !state.error;
  $("error-text").textContent = state.error || "";
  document.body.dataset.error = state.error ? "1" : "";
  if (state.gen && state.gen !== st.shownGen) {
    const scale = pickScale(st.zoom || fitZoom(state.pages));
    const old = st.state && st.state.pages ? st.state.pages : [];
    const same = old.length === state.pages.length && old.every((p, k) => p.number === state.pages[k].number);
    // only the pages an edit changed are fetched (a page's image is named by its digest); on a first showing,
    // the first page before the page appears and the others as they scroll into view
    const fetch = same ? state.pages.filter((p, k) => p.digest !== old[k].digest) : state.pages.slice(0, 1);
    try {
      await Promise.all(fetch.map((p) => preload(`${pageBase(p)}&scale=${scale}`)));
    } catch (e) { return; }                      // gone meanwhile: the next event brings a newer one
    if (seq !== st.seq) return;
    st.state = state;
    if (same) updatePages(state, scale); else showPages(state, scale);
    st.shownGen = state.gen;
    const shown = Date.now() / 1000;
    document.body.dataset.gen = String(state.gen);
    document.body.dataset.shownAt = String(shown);
    status(state, shown);
  } else if (state.gen) {
    st.state = Object.assign(st.state || {}, { error: state.error, attempts: state.attempts });
    status(state, 0);
  } else {
    $("status").textContent = state.error ? "构建失败 build failed" : "构建中… building";
  }
}

function status(state, shown) {
  const t = state.timings || {};
  let text = `第${state.gen}次构建 gen ${state.gen} · build ${(t.total || 0).toFixed(2)} s`;
  if (shown && state.saved && shown - state.saved < 30) {
    text += ` · shown ${(shown - state.saved).toFixed(2)} s after the save`;
  }
  if (state.error) text += " · 最新修改有错 last save failed";
  $("status").textContent = text;
}

function pageBase(p) {
  return `/api/page.png?${q({ ed: st.ed, page: p.number, digest: p.digest })}`;
}

function showPages(state, scale) {
  const stack = $("page-stack");
  const pane = $("pages");
  const top = pane.scrollTop, left = pane.scrollLeft;
  stack.textContent = "";
  for (const p of state.pages) {
    const div = document.createElement("div");
    div.className = "page";
    div.id = `page-${p.number}`;
    div.dataset.w = p.w; div.dataset.h = p.h; div.dataset.number = p.number;
    const label = document.createElement("span");
    label.className = "pagelabel";
    label.textContent = `第${p.number}版`;
    const img = document.createElement("img");
    img.alt = `page ${p.number}`;
    img.loading = "lazy";
    setImage(img, p, state.gen, scale);
    div.append(label, img, overlay(p, state.marks.filter((m) => m.page === p.number)));
    stack.appendChild(div);
  }
  stack.dataset.gen = String(state.gen);
  layoutSheets();
  pane.scrollTop = top; pane.scrollLeft = left;
  listMarks(state);
  $("zoom-level").textContent = `${Math.round(zoom() * 100)}%`;
}

// the same pages: swap the images whose digest changed (already loaded), redraw every page's marks
function updatePages(state, scale) {
  for (const p of state.pages) {
    const div = $(`page-${p.number}`);
    const img = div.querySelector("img");
    if (img.dataset.digest !== p.digest) setImage(img, p, state.gen, scale);
    img.dataset.gen = String(state.gen);
    div.querySelector("svg").replaceWith(overlay(p, state.marks.filter((m) => m.page === p.number)));
  }
  $("page-stack").dataset.gen = String(state.gen);
  listMarks(state);
}

function setImage(img, p, gen, scale) {
  img.dataset.base = pageBase(p);
  img.dataset.digest = p.digest;
  img.dataset.scale = scale;
  img.dataset.gen = String(gen);
  img.src = `${img.dataset.base}&scale=${scale}`;
}

function overlay(p, marks) {
  const svg = svgEl("svg", { viewBox: `0 0 ${p.w} ${p.h}`, preserveAspectRatio: "none" });
  const g = svgEl("g", { class: "grid" }, svg);
  g.style.display = st.grid ? "" : "none";
  const gr = p.grid;
  for (const [x, w] of gr.columns) svgEl("rect", { x, y: p.type_area[1], width: w, height: p.type_area[3] }, g);
  for (let k = 0; k < gr.lines; k++) {
    const y = gr.first_baseline + k * gr.pitch;
    svgEl("line", { x1: p.type_area[0], x2: p.type_area[0] + p.type_area[2], y1: y, y2: y }, g);
  }
  const mg = svgEl("g", { class: "marks" }, svg);
  mg.style.display = st.marks ? "" : "none";
  for (const m of marks) {
    const [x, y, w, h] = m.box;
    const mk = svgEl("g", { class: `mark ${m.severity}`, "data-id": m.id }, mg);
    svgEl("rect", { x: x - 1, y: y - 1, width: w + 2, height: h + 2 }, mk);
    const t = svgEl("text", { x: x + w + 2, y: y + Math.min(h, 9) }, mk);
    t.textContent = m.label;
  }
  return svg;
}

function listMarks(state) {
  const ol = $("marks");
  ol.textContent = "";
  for (const m of state.marks) {
    const li = document.createElement("li");
    li.className = m.severity;
    li.dataset.id = m.id;
    li.textContent = `第${m.page}版 ${m.label}: ${m.text}`;
    li.addEventListener("click", () => locateMark(m));
    ol.appendChild(li);
  }
  if (!state.marks.length) ol.innerHTML = "<li class=small>没有问题 no findings, no overset</li>";
  $("summary").textContent = state.summary || "";
  $("warnings").textContent = (state.warnings || []).join("\n");
}

function scrollToBox(pane, sheet, box) {
  const z = zoom();
  const [x, y, w, h] = box;
  const top = sheet.offsetTop + (y + h / 2) * z - pane.clientHeight / 2;
  const left = sheet.offsetLeft + (x + w / 2) * z - pane.clientWidth / 2;
  pane.scrollTo({ top: Math.max(0, top), left: Math.max(0, left) });
}

function locateMark(m) {
  for (const el of document.querySelectorAll(".active")) el.classList.remove("active");
  const sheet = $(`page-${m.page}`);
  if (!sheet) return;
  scrollToBox($("pages"), sheet, m.box);
  const g = sheet.querySelector(`.mark[data-id="${m.id}"]`);
  if (g) g.classList.add("active");
  const li = document.querySelector(`#marks li[data-id="${m.id}"]`);
  if (li) li.classList.add("active");
}

// ---- revisions and the diff -------------------------------------------------------------------------------
async function loadRevs() {
  const revs = await getJSON(`/api/revs?${q({ ed: st.ed })}`);
  const ol = $("revs");
  ol.textContent = "";
  for (const r of revs) {
    const li = document.createElement("li");
    li.textContent = `${r.rev} · ${r.built} · 错误 ${r.errors} · 超版 ${r.overset}`;
    ol.appendChild(li);
  }
  const names = revs.map((r) => r.rev);
  for (const [sel, fallback] of [[$("rev-old"), names[names.length - 1] || "live"], [$("rev-new"), "live"]]) {
    const keep = sel.value;
    sel.textContent = "";
    for (const n of [...names, "live"]) {
      const o = document.createElement("option");
      o.value = n;
      o.textContent = n === "live" ? "live 当前版面" : n;
      sel.appendChild(o);
    }
    sel.value = names.includes(keep) || keep === "live" ? keep : fallback;
  }
  return revs;
}

async function makeProof() {
  $("make-proof").disabled = true;
  $("proof-status").textContent = "出校样中… making the proof";
  try {
    const r = await getJSON(`/api/revs?${q({ ed: st.ed })}`, { method: "POST" });
    $("proof-status").textContent = r.error ? r.error : `修订 ${r.rev}`;
    await loadRevs();
    if (!r.error) { $("rev-old").value = r.rev; $("proof-status").dataset.rev = r.rev; }
  } finally { $("make-proof").disabled = false; }
}

async function compare() {
  const old = $("rev-old").value, nw = $("rev-new").value;
  $("changes").innerHTML = "<li class=small>比较中… comparing</li>";
  const d = await getJSON(`/api/diff?${q({ ed: st.ed, old, new: nw })}`);
  if (d.error) { $("changes").textContent = d.error; return; }
  st.diff = d;
  st.diff.gen = st.shownGen;
  const sel = $("diff-page");
  sel.textContent = "";
  for (const n of d.pages_new) {
    const o = document.createElement("option");
    o.value = n; o.textContent = `第${n}版`;
    sel.appendChild(o);
  }
  const first = d.changes.find((c) => c.where_new.length || c.where_old.length);
  st.diffPage = first ? (first.where_new[0] || first.where_old[0]).page : d.pages_new[0];
  sel.value = st.diffPage;
  listChanges(d);
  showDiffPage();
}

function revSrc(rev, page) {
  const p = { ed: st.ed, rev, page };
  if (rev === "live") p.gen = st.diff.gen;
  return `/api/rev.png?${q(p)}`;
}

function diffSheet(sheet, rev, trim, boxes, side) {
  sheet.textContent = "";
  sheet.dataset.w = trim[0]; sheet.dataset.h = trim[1];
  const scale = pickScale(zoom());
  const img = document.createElement("img");
  img.dataset.base = revSrc(rev, st.diffPage);
  img.dataset.scale = scale;
  img.src = `${img.dataset.base}&scale=${scale}`;
  img.alt = `${side} ${rev}`;
  sheet.appendChild(img);
  const svg = svgEl("svg", { viewBox: `0 0 ${trim[0]} ${trim[1]}`, preserveAspectRatio: "none" });
  for (const b of boxes) {
    const g = svgEl("g", { class: `chg ${b.cls}`, "data-ci": b.ci }, svg);
    const [x, y, w, h] = b.box;
    svgEl("rect", { x: x - 1, y: y - 1, width: w + 2, height: h + 2 }, g);
  }
  sheet.appendChild(svg);
  return img;
}

function boxesOf(d, side) {
  const out = [];
  d.changes.forEach((c, ci) => {
    const where = side === "old" ? c.where_old : c.where_new;
    const cls = c.kind === "reflow" ? "reflow" : (side === "old" ? "del" : "ins");
    for (const w of where) if (w.page === st.diffPage) out.push({ box: w.box, cls, ci });
  });
  return out;
}

function showDiffPage() {
  const d = st.diff;
  if (!d) return;
  const n = st.diffPage;
  const tOld = d.trim_old[n] || d.trim_new[n], tNew = d.trim_new[n] || tOld;
  const overlayMode = st.mode === "overlay";
  $("side").hidden = overlayMode;
  $("overlay").hidden = !overlayMode;
  $("slider").hidden = !overlayMode;
  if (overlayMode) {
    const sheet = $("sheet-overlay");
    diffSheet(sheet, d.new, tNew, [...boxesOf(d, "old"), ...boxesOf(d, "new")], "new");
    const top = document.createElement("img");
    top.className = "top";
    top.dataset.base = revSrc(d.old, n);
    top.dataset.scale = pickScale(zoom());
    top.src = `${top.dataset.base}&scale=${top.dataset.scale}`;
    top.alt = `old ${d.old}`;
    sheet.insertBefore(top, sheet.querySelector("svg"));
    slide();
  } else {
    if (d.pages_old.includes(n)) diffSheet($("sheet-old"), d.old, tOld, boxesOf(d, "old"), "old");
    else $("sheet-old").textContent = "（旧修订没有这一版 the old revision has no such page）";
    diffSheet($("sheet-new"), d.new, tNew, boxesOf(d, "new"), "new");
  }
  layoutSheets();
  document.body.dataset.diff = `${d.old}..${d.new}`;
}

function slide() {
  const v = Number($("slider").value);
  const top = document.querySelector("#sheet-overlay img.top");
  if (top) top.style.clipPath = `inset(0 ${100 - v}% 0 0)`;
}

function listChanges(d) {
  const ol = $("changes");
  ol.textContent = "";
  d.changes.forEach((c, ci) => {
    const li = document.createElement("li");
    li.dataset.ci = ci;
    li.className = c.kind;
    const zh = document.createElement("span");
    zh.className = "changes-zh";
    zh.textContent = c.summary_zh;
    const en = document.createElement("span");
    en.className = "change-en";
    en.textContent = c.message;
    li.append(zh, en);
    li.addEventListener("click", () => locateChange(ci));
    ol.appendChild(li);
  });
  for (const v of d.visual || []) {
    if (!v.other.length) continue;
    const li = document.createElement("li");
    li.textContent = `【其他】第${v.page}版 ${v.other.length} 处无法解释的变化 unexplained change(s)`;
    ol.appendChild(li);
  }
  if (!ol.children.length) ol.innerHTML = "<li class=small>没有改动 no differences</li>";
}

function locateChange(ci) {
  const c = st.diff.changes[ci];
  const at = c.where_new[0] || c.where_old[0];
  if (!at) return;
  if (at.page !== st.diffPage) { st.diffPage = at.page; $("diff-page").value = at.page; showDiffPage(); }
  for (const el of document.querySelectorAll(".active")) el.classList.remove("active");
  const oldAt = c.where_old[0] || at, newAt = c.where_new[0] || at;
  st.syncing = true;
  if (st.mode === "overlay") scrollToBox($("overlay"), $("sheet-overlay"), newAt.box);
  else {
    scrollToBox($("pane-old"), $("sheet-old"), oldAt.box);
    scrollToBox($("pane-new"), $("sheet-new"), newAt.box);
  }
  setTimeout(() => { st.syncing = false; }, 50);
  for (const g of document.querySelectorAll(`.chg[data-ci="${ci}"]`)) g.classList.add("active");
  const li = document.querySelector(`#changes li[data-ci="${ci}"]`);
  if (li) li.classList.add("active");
}

function syncScroll(from, to) {
  from.addEventListener("scroll", () => {
    if (st.syncing) return;
    st.syncing = true;
    to.scrollTop = from.scrollTop;
    to.scrollLeft = from.scrollLeft;
    requestAnimationFrame(() => { st.syncing = false; });
  });
}

// ---- wiring -----------------------------------------------------------------------------------------------
function setView(view) {
  st.view = view;
  $("view-page").hidden = view !== "page";
  $("view-revs").hidden = view !== "revs";
  for (const b of document.querySelectorAll(".tab")) b.classList.toggle("on", b.dataset.view === view);
  if (view === "revs") loadRevs();
  layoutSheets();
}

function listen() {
  const es = new EventSource("/api/events");
  es.addEventListener("build", (e) => { if (JSON.parse(e.data).ed === st.ed) refresh(); });
  es.addEventListener("failure", (e) => { if (JSON.parse(e.data).ed === st.ed) refresh(); });
  es.addEventListener("revs", (e) => { if (JSON.parse(e.data).ed === st.ed && st.view === "revs") loadRevs(); });
  es.addEventListener("open", () => refresh());
}

async function main() {
  const eds = await getJSON("/api/editions");
  const sel = $("edition");
  for (const e of eds) {
    const o = document.createElement("option");
    o.value = e.id; o.textContent = e.id; o.title = e.folder;
    sel.appendChild(o);
  }
  const want = new URLSearchParams(location.search).get("ed");
  st.ed = want && eds.some((e) => e.id === want) ? want : eds[0].id;
  sel.value = st.ed;
  sel.addEventListener("change", () => { st.ed = sel.value; st.shownGen = 0; st.state = null; refresh(); });
  for (const b of document.querySelectorAll(".tab")) b.addEventListener("click", () => setView(b.dataset.view));
  $("zoom-in").addEventListener("click", () => setZoom(zoom() * 1.25));
  $("zoom-out").addEventListener("click", () => setZoom(zoom() / 1.25));
  $("zoom-fit").addEventListener("click", () => setZoom(0));
  $("show-grid").addEventListener("change", (e) => {
    st.grid = e.target.checked;
    for (const g of document.querySelectorAll("svg .grid")) g.style.display = st.grid ? "" : "none";
  });
  $("show-marks").addEventListener("change", (e) => {
    st.marks = e.target.checked;
    for (const g of document.querySelectorAll("svg .marks")) g.style.display = st.marks ? "" : "none";
  });
  $("make-proof").addEventListener("click", makeProof);
  $("diff-go").addEventListener("click", compare);
  $("diff-page").addEventListener("change", (e) => { st.diffPage = Number(e.target.value); showDiffPage(); });
  $("mode-side").addEventListener("click", () => { st.mode = "side"; modeButtons(); showDiffPage(); });
  $("mode-overlay").addEventListener("click", () => { st.mode = "overlay"; modeButtons(); showDiffPage(); });
  $("slider").addEventListener("input", slide);
  syncScroll($("pane-old"), $("pane-new"));
  syncScroll($("pane-new"), $("pane-old"));
  document.addEventListener("keydown", (e) => {
    if (e.target.tagName === "INPUT" || e.target.tagName === "SELECT") return;
    if (e.key === "+" || e.key === "=") setZoom(zoom() * 1.25);
    else if (e.key === "-") setZoom(zoom() / 1.25);
    else if (e.key === "0") setZoom(0);
  });
  window.addEventListener("resize", () => { if (!st.zoom) setZoom(0); });
  listen();
  await refresh();
}

function modeButtons() {
  $("mode-side").classList.toggle("on", st.mode === "side");
  $("mode-overlay").classList.toggle("on", st.mode === "overlay");
}

main();
