// layout serve — revisions and the diff: the list, a proof on the button, any two side by side or
// overlaid, each change boxed on both pages and clickable. Uses desk.js's helpers and state.
"use strict";

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
