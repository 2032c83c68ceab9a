// layout serve — wiring: the edition menu, buttons, keys, and the server-sent events. Loaded last.
"use strict";

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
