// The Midflight dashboard: the node's status polled each second, its reconfigurations streamed live.
// Every request carries the token in a header; the page itself holds no data and stores the token only
// for this tab (sessionStorage). Its addresses are relative: the API may be served under a path of an
// application's own (MapMidflightControl), the page at PATH/dashboard beside PATH/v1/….
"use strict";

const TokenKey = "midflight.token";
const PollEvery = 1000;       // ms between two looks at the status
const PlotSeconds = 120;      // how much throughput history the plot shows
const TimelineRows = 50;

const svgNs = "http://www.w3.org/2000/svg";
const $ = id => document.getElementById(id);

let token = sessionStorage.getItem(TokenKey);
let previous = null;          // the last status and when it came, for rates
const samples = [];           // { at, rate } of messages taken per second
const events = new Map();     // reconfiguration id -> its latest entry
let streaming = null;         // the live timeline's AbortController

start();

async function start() {
  $("token-form").addEventListener("submit", e => {
    e.preventDefault();
    useToken($("token").value.trim());
  });
  const ticket = new URLSearchParams(location.hash.slice(1)).get("ticket");
  if (ticket) {
    // The fragment never reached a server; drop it from the address bar and history too.
    history.replaceState(null, "", location.pathname);
    const answer = await fetch("dashboard/redeem", {
      method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ ticket }),
    });
    if (answer.ok) {
      useToken((await answer.json()).token);
      return;
    }
    signIn((await answer.json()).error);
    return;
  }
  if (token) {
    useToken(token);
  } else {
    signIn("");
  }
}

function signIn(error) {
  token = null;
  sessionStorage.removeItem(TokenKey);
  if (streaming) streaming.abort();
  $("board").hidden = true;
  $("sign-in").hidden = false;
  $("sign-in-error").textContent = error;
  setConnection("not connected", "");
}

function useToken(given) {
  if (!given) return;
  token = given;
  sessionStorage.setItem(TokenKey, token);
  $("sign-in").hidden = true;
  $("board").hidden = false;
  poll();
  watchTimeline();
}

function api(path, options = {}) {
  return fetch(path, { ...options, headers: { ...(options.headers || {}), Authorization: `Bearer ${token}` }, cache: "no-store" });
}

/** Refused: the token is wrong or lacks the right; say why and ask again. */
async function refused(answer) {
  let why = `the node answered ${answer.status}`;
  try { why = (await answer.json()).error || why; } catch { /* not JSON */ }
  signIn(why);
}

async function poll() {
  if (!token) return;
  try {
    const answer = await api("v1/status");
    if (answer.status === 401 || answer.status === 403) {
      await refused(answer);
      return;
    }
    if (answer.ok) {
      const status = await answer.json();
      const at = performance.now();
      render(status, previous && { status: previous.status, seconds: (at - previous.at) / 1000 });
      previous = { status, at };
      setConnection("live", "live");
    } else {
      setConnection(`the node answered ${answer.status}`, "lost");
    }
  } catch {
    setConnection("the node does not answer", "lost");
  }
  setTimeout(poll, PollEvery);
}

function setConnection(text, kind) {
  const element = $("connection");
  element.textContent = text;
  element.className = `connection ${kind}`;
}

// ---- the live timeline: server-sent events read from a fetch, which can carry the token ----

async function watchTimeline() {
  if (streaming) streaming.abort();
  const controller = new AbortController();
  streaming = controller;
  try {
    const answer = await api(`v1/events?history=${TimelineRows}`, { signal: controller.signal, headers: { Accept: "text/event-stream" } });
    if (answer.status === 401 || answer.status === 403) {
      await refused(answer);
      return;
    }
    const reader = answer.body.pipeThrough(new TextDecoderStream()).getReader();
    let pending = "";
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      pending += value;
      let end;
      while ((end = pending.indexOf("\n\n")) >= 0) {
        received(pending.slice(0, end));
        pending = pending.slice(end + 2);
      }
    }
  } catch {
    if (controller.signal.aborted) return;
  }
  // The stream ended (the node restarted, say): look again in a moment.
  if (streaming === controller && token) setTimeout(watchTimeline, 2000);
}

function received(block) {
  const data = block.split("\n").filter(l => l.startsWith("data:")).map(l => l.slice(5).trimStart()).join("\n");
  if (!data) return;
  const entry = JSON.parse(data);
  const known = events.get(entry.id);
  events.set(entry.id, { ...entry, fresh: !known || known.outcome !== entry.outcome });
  renderTimeline();
}

function renderTimeline() {
  const rows = [...events.values()].sort((a, b) => b.id - a.id).slice(0, TimelineRows);
  const body = $("timeline");
  body.replaceChildren(...rows.map(e => {
    const row = element("tr", { "data-event-id": e.id, "data-outcome": e.outcome, class: e.fresh ? "fresh" : "" });
    e.fresh = false;
    row.append(
      cell(new Date(e.at).toLocaleTimeString()),
      cell(e.title, e.error ? element("div", { class: "error-text" }, e.error) : null),
      cell(e.requestedBy),
      cell(milliseconds(e.durationMs), null, "number"),
      cell(e.pausedMs > 0 ? milliseconds(e.pausedMs) : "none", null, "number"),
      cell(e.outcome === "InProgress" ? "in progress" : e.outcome.toLowerCase(), null, `outcome-${e.outcome}`));
    return row;
  }));
}

// ---- the status ----

function render(status, before) {
  const rates = bindingRates(status, before);
  renderTopology(status, rates);
  renderInstances(status);
  if (before && before.seconds > 0) {
    const taken = total(status, "taken") - total(before.status, "taken");
    samples.push({ at: Date.now(), rate: Math.max(0, taken) / before.seconds });
    while (samples.length && samples[0].at < Date.now() - PlotSeconds * 1000) samples.shift();
  }
  renderThroughput();
}

function total(status, count) {
  return status.instances.reduce((sum, i) => sum + Object.values(i.messages || {}).reduce((s, m) => s + m[count], 0), 0);
}

function bindingKey(b) {
  return `${b.from.instance} ${b.from.interface} -> ${b.to.instance} ${b.to.interface}`;
}

/** Messages per second on each binding: what either end wrote on its interface since the last look. */
function bindingRates(status, before) {
  const rates = new Map();
  if (!before || before.seconds <= 0) return rates;
  const sent = (s, end) => s.instances.find(i => i.name === end.instance)?.messages?.[end.interface]?.sent ?? 0;
  for (const b of status.bindings) {
    const now = sent(status, b.from) + sent(status, b.to);
    const then = sent(before.status, b.from) + sent(before.status, b.to);
    rates.set(bindingKey(b), Math.max(0, now - then) / before.seconds);
  }
  return rates;
}

function queueClass(instance) {
  const depth = Object.values(instance.queueDepths || {}).reduce((a, b) => a + b, 0);
  return depth >= 100 ? "q3" : depth >= 10 ? "q2" : depth > 0 ? "q1" : "q0";
}

/** Instances in columns by the longest chain of bindings that leads to them, callers to the left. */
function layout(status) {
  const depth = new Map(status.instances.map(i => [i.name, 0]));
  for (let round = 0; round < status.instances.length; round++) {
    for (const b of status.bindings) {
      const d = depth.get(b.from.instance) + 1;
      if (depth.has(b.to.instance) && d > depth.get(b.to.instance) && d < status.instances.length) depth.set(b.to.instance, d);
    }
  }
  const columns = [];
  for (const i of status.instances) (columns[depth.get(i.name)] ||= []).push(i.name);
  return columns.filter(Boolean);
}

function renderTopology(status, rates) {
  const svg = $("topology");
  const width = svg.clientWidth || 600, height = svg.clientHeight || 260;
  const box = { w: 150, h: 58 };
  const columns = layout(status);
  const place = new Map();
  columns.forEach((names, c) => names.forEach((name, r) => place.set(name, {
    x: (width - box.w) * (columns.length === 1 ? 0.5 : c / (columns.length - 1)),
    y: (height - box.h) * ((r + 1) / (names.length + 1)),
  })));
  const arrow = element("marker", { id: "arrow", viewBox: "0 0 10 10", refX: 10, refY: 5, markerWidth: 8, markerHeight: 8, orient: "auto-start-reverse" }, null, svgNs);
  arrow.append(element("path", { d: "M 0 0 L 10 5 L 0 10 z", fill: "#59627a" }, null, svgNs));
  const defs = element("defs", {}, null, svgNs);
  defs.append(arrow);
  const edges = status.bindings.map(b => {
    const from = place.get(b.from.instance), to = place.get(b.to.instance);
    const group = element("g", { class: "binding", "data-binding": bindingKey(b) }, null, svgNs);
    if (!from || !to) return group;
    const x1 = from.x + box.w, y1 = from.y + box.h / 2, x2 = to.x, y2 = to.y + box.h / 2;
    const back = x2 < x1;
    const path = back
      ? `M ${from.x + box.w / 2} ${from.y + box.h} C ${from.x + box.w / 2} ${height}, ${to.x + box.w / 2} ${height}, ${to.x + box.w / 2} ${to.y + box.h}`
      : `M ${x1} ${y1} C ${(x1 + x2) / 2} ${y1}, ${(x1 + x2) / 2} ${y2}, ${x2} ${y2}`;
    group.append(element("path", { d: path, "marker-end": "url(#arrow)" }, null, svgNs));
    const rate = rates.get(bindingKey(b));
    const label = `${b.from.interface} → ${b.to.interface}${rate === undefined ? "" : ` · ${rate.toFixed(rate < 10 ? 1 : 0)}/s`}`;
    group.append(element("text", { x: (x1 + x2) / 2, y: (y1 + y2) / 2 - 6, "text-anchor": "middle" }, label, svgNs));
    return group;
  });
  const nodes = status.instances.map(i => {
    const p = place.get(i.name);
    const group = element("g", { class: `instance ${queueClass(i)}`, "data-instance": i.name, transform: `translate(${p.x},${p.y})` }, null, svgNs);
    const where = i.node ? ` @ ${i.node}` : "";
    group.append(
      element("rect", { width: box.w, height: box.h, rx: 6 }, null, svgNs),
      element("text", { x: 8, y: 18, class: "name" }, i.name + where, svgNs),
      element("text", { x: 8, y: 34, class: "detail" }, statusText(i), svgNs),
      element("text", { x: 8, y: 50, class: "detail" }, queuesText(i) || "no queues", svgNs));
    return group;
  });
  svg.replaceChildren(defs, ...edges, ...nodes);
}

function statusText(i) {
  const waiting = i.waitingFor ? ` (${i.waitingFor})` : "";
  return i.status.toLowerCase() + waiting;
}

function queuesText(i) {
  return Object.entries(i.queueDepths || {}).map(([name, depth]) => `${name}: ${depth}`).join(", ");
}

function renderInstances(status) {
  $("instances").replaceChildren(...status.instances.map(i => {
    const counts = Object.values(i.messages || {});
    const sum = count => counts.reduce((s, m) => s + m[count], 0);
    const updated = Object.entries(i.procedures || {}).map(([p, n]) => `${p} (update ${n})`).join(", ");
    const points = (i.points || []).join(", ") + (i.awaitedAtPoint ? " — awaited at its next point" : "");
    const row = element("tr", { "data-instance-row": i.name });
    row.append(
      cell(i.name + (i.node ? ` @ ${i.node}` : ""), element("div", { class: "plot-label" }, i.module)),
      cell(statusText(i), i.switchHeldBy ? element("div", { class: "plot-label" }, `switch held by ${i.switchHeldBy.join(", ") || "nothing yet"}`) : null),
      versionCell(i.source, updated),
      cell(points || "none"),
      cell(queuesText(i) || "—"),
      cell(sum("sent").toLocaleString(), null, "number"),
      cell(sum("taken").toLocaleString(), null, "number"),
      cell(sum("refused").toLocaleString(), null, "number"));
    return row;
  }));
}

function renderThroughput() {
  const svg = $("throughput");
  const width = svg.clientWidth || 600, height = svg.clientHeight || 260;
  const pad = { left: 48, right: 8, top: 10, bottom: 22 };
  // From the first look, until there are PlotSeconds of them: a young page's line fills the plot.
  const now = Date.now();
  const from = Math.max(now - PlotSeconds * 1000, Math.min(samples.length ? samples[0].at : now, now - 30_000));
  const top = Math.max(1, ...samples.map(s => s.rate)) * 1.1;
  const x = at => pad.left + (width - pad.left - pad.right) * (at - from) / (now - from);
  const y = rate => height - pad.bottom - (height - pad.top - pad.bottom) * rate / top;
  const parts = [
    element("line", { x1: pad.left, y1: height - pad.bottom, x2: width - pad.right, y2: height - pad.bottom, class: "plot-axis" }, null, svgNs),
    element("line", { x1: pad.left, y1: pad.top, x2: pad.left, y2: height - pad.bottom, class: "plot-axis" }, null, svgNs),
    element("text", { x: pad.left - 6, y: pad.top + 10, "text-anchor": "end", class: "plot-label" }, top.toFixed(top < 10 ? 1 : 0), svgNs),
    element("text", { x: pad.left - 6, y: height - pad.bottom, "text-anchor": "end", class: "plot-label" }, "0", svgNs),
    element("text", { x: pad.left, y: height - 6, class: "plot-label" }, `${Math.round((now - from) / 1000)} s ago`, svgNs),
    element("text", { x: width - pad.right, y: height - 6, "text-anchor": "end", class: "plot-label" }, "now", svgNs),
  ];
  for (const e of events.values()) {
    const at = Date.parse(e.at);
    if (at < from) continue;
    const mark = element("line", { x1: x(at), y1: pad.top, x2: x(at), y2: height - pad.bottom, class: `plot-mark ${e.outcome}` }, null, svgNs);
    mark.append(element("title", {}, `${e.title}: ${e.outcome.toLowerCase()}, paused ${milliseconds(e.pausedMs)}`, svgNs));
    parts.push(mark);
  }
  if (samples.length > 1) {
    parts.push(element("polyline", { class: "plot-line", points: samples.map(s => `${x(s.at).toFixed(1)},${y(s.rate).toFixed(1)}`).join(" ") }, null, svgNs));
  }
  svg.replaceChildren(...parts);
  svg.dataset.samples = samples.length;
}

// ---- small helpers ----

/** A version as its file and class, short; the whole source in its tooltip. */
function versionCell(source, updated) {
  const [file, type] = source.split("#");
  const td = cell(`${file.split(/[\\/]/).pop()}${type ? "#" + type.split(".").pop() : ""}`,
    updated ? element("div", { class: "plot-label" }, `procedures updated: ${updated}`) : null);
  td.title = source;
  return td;
}

function milliseconds(ms) {
  return ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(ms < 10 ? 2 : 0)} ms`;
}

function cell(text, extra = null, className = "") {
  const td = element("td", className ? { class: className } : {}, text);
  if (extra) td.append(extra);
  return td;
}

function element(name, attributes, text, ns = null) {
  const e = ns ? document.createElementNS(ns, name) : document.createElement(name);
  for (const [key, value] of Object.entries(attributes || {})) e.setAttribute(key, value);
  if (text !== null && text !== undefined) e.textContent = text;
  return e;
}
