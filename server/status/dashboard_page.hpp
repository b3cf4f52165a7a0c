// The dashboard's page: HTML, CSS and script in one piece, nothing fetched from elsewhere.
#pragma once

#include <string_view>

namespace rr::status {

inline constexpr std::string_view kDashboardPage = R"HTML(<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>rr-php dashboard</title>
<style>
  body { font: 14px/1.4 system-ui, sans-serif; margin: 0; background: #f4f5f7; color: #1d2330; }
  header { background: #1d2330; color: #fff; padding: 12px 24px; display: flex; align-items: center; gap: 16px; }
  header h1 { font-size: 18px; margin: 0; font-weight: 600; }
  header .status { margin-left: auto; font-size: 12px; opacity: .8; }
  main { padding: 20px 24px; display: grid; gap: 16px; }
  .tiles { display: grid; grid-template-columns: repeat(4, minmax(140px, 1fr)); gap: 12px; }
  .tile, .card { background: #fff; border-radius: 8px; box-shadow: 0 1px 2px rgba(0,0,0,.08); padding: 12px 16px; }
  .tile .label { font-size: 12px; color: #667; text-transform: uppercase; letter-spacing: .04em; }
  .tile .value { font-size: 28px; font-weight: 600; margin-top: 4px; }
  .charts { display: grid; grid-template-columns: 1fr 1fr; gap: 12px; }
  .card h2 { font-size: 13px; margin: 0 0 8px; color: #445; font-weight: 600; }
  svg { width: 100%; height: 120px; display: block; }
  table { width: 100%; border-collapse: collapse; }
  th, td { text-align: left; padding: 6px 8px; border-bottom: 1px solid #eceef2; font-variant-numeric: tabular-nums; }
  th { font-size: 12px; color: #667; font-weight: 600; }
  .state { display: inline-block; padding: 1px 8px; border-radius: 10px; font-size: 12px; background: #e8eaf0; }
  .state.ready { background: #dff5e3; color: #13692a; }
  .state.working { background: #fff1cc; color: #7a5300; }
  .state.leaving, .state.stopping { background: #fde2e1; color: #8a1c17; }
  .reset { display: flex; gap: 8px; align-items: center; }
  input, button { font: inherit; padding: 4px 10px; border-radius: 6px; border: 1px solid #c9ccd6; }
  button { background: #1d2330; color: #fff; border-color: #1d2330; cursor: pointer; }
  #message { font-size: 12px; color: #667; }
</style>
</head>
<body>
<header><h1>rr-php</h1><span id="summary">connecting…</span><span class="status">updated <span id="updates">0</span> times, <span id="clock">-</span></span></header>
<main>
  <section class="tiles">
    <div class="tile"><div class="label">requests / s</div><div class="value" id="rps">-</div></div>
    <div class="tile"><div class="label">p99 latency (ms)</div><div class="value" id="p99">-</div></div>
    <div class="tile"><div class="label">server errors / min</div><div class="value" id="errors">-</div></div>
    <div class="tile"><div class="label">queued requests</div><div class="value" id="queue">-</div></div>
  </section>
  <section class="charts">
    <div class="card"><h2>requests per second, last 5 minutes</h2><svg id="chart-rps" viewBox="0 0 300 100" preserveAspectRatio="none"></svg></div>
    <div class="card"><h2>p50 / p99 latency (ms), last 5 minutes</h2><svg id="chart-latency" viewBox="0 0 300 100" preserveAspectRatio="none"></svg></div>
  </section>
  <section class="card">
    <h2>workers</h2>
    <table><thead><tr><th>plugin</th><th>pid</th><th>state</th><th>requests</th><th>memory</th><th>age</th><th>CPU</th></tr></thead>
    <tbody id="workers"></tbody></table>
  </section>
  <section class="card reset">
    <input id="token" type="password" placeholder="dashboard.token" autocomplete="off">
    <button id="reset" type="button">reset http workers</button>
    <span id="message"></span>
  </section>
</main>
<script>
"use strict";
let updates = 0;
const $ = (id) => document.getElementById(id);
const mb = (b) => (b / 1048576).toFixed(1) + " MB";
const age = (s) => s < 60 ? s + " s" : s < 3600 ? Math.floor(s / 60) + " min" : (s / 3600).toFixed(1) + " h";

function line(points, max, color) {
  const n = points.length;
  const d = points.map((v, i) => `${(i * 300 / Math.max(1, n - 1)).toFixed(1)},${(100 - (max ? v / max : 0) * 95).toFixed(1)}`).join(" ");
  return `<polyline fill="none" stroke="${color}" stroke-width="1.5" vector-effect="non-scaling-stroke" points="${d}"/>`;
}

function render(s) {
  const h = s.history;
  const last = h.length > 1 ? h[h.length - 2] : h[h.length - 1]; // the last complete second
  $("rps").textContent = last ? last.requests : 0;
  $("p99").textContent = last ? last.p99_ms : 0;
  $("errors").textContent = h.slice(-60).reduce((a, x) => a + x.errors, 0);
  $("queue").textContent = s.plugins.reduce((a, p) => a + p.queue, 0);
  const rps = h.map((x) => x.requests);
  $("chart-rps").innerHTML = line(rps, Math.max(1, ...rps), "#2f6fde");
  const p50 = h.map((x) => x.p50_ms), p99 = h.map((x) => x.p99_ms);
  const lmax = Math.max(0.001, ...p99);
  $("chart-latency").innerHTML = line(p50, lmax, "#2a9d55") + line(p99, lmax, "#d9822b");
  const rows = [];
  let count = 0;
  for (const p of s.plugins) {
    for (const w of p.workers) {
      count++;
      rows.push(`<tr data-pid="${w.pid}"><td>${p.name}</td><td>${w.pid}</td><td><span class="state ${w.state}">${w.state}</span></td>` +
        `<td>${w.requests}</td><td>${mb(w.memory)}</td><td>${age(w.age_s)}</td><td>${w.cpu.toFixed(1)}%</td></tr>`);
    }
  }
  $("workers").innerHTML = rows.join("");
  $("summary").textContent = `${count} workers`;
  $("updates").textContent = ++updates;
  $("clock").textContent = new Date(s.time * 1000).toLocaleTimeString();
}

async function refresh() {
  try {
    const r = await fetch("api/state", { cache: "no-store" });
    render(await r.json());
  } catch (e) {
    $("summary").textContent = "server unreachable";
  }
}

$("reset").addEventListener("click", async () => {
  const r = await fetch("api/reset?plugin=http", { method: "POST", headers: { "X-Rr-Token": $("token").value } });
  $("message").textContent = r.ok ? "workers replaced" : (await r.text()).trim();
  refresh();
});

refresh();
setInterval(refresh, 1000);
</script>
</body>
</html>
)HTML";

} // namespace rr::status
