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
