// The web example: everything is computed in the browser by journey-wasm; there is no server logic.
//
// A map (JSON) gives the poster, the scores, the gaps and the backlog; an event log (CSV) gives the observed
// stage funnel, the drop-off, the Markov attribution, the paths around a touchpoint the user picks (a Sankey
// diagram) and the time to convert (the Kaplan–Meier curve). Every failure is shown with the library's error
// kind and message instead of leaving the page blank.
import init, {
  EventLog,
  Journey,
  attributionSvg,
  formatCount,
  formatDuration,
  formatNumber,
  formatPercent,
  formatSigned,
  funnelSvg,
  pathsSankeySvg,
  timeToConvertSvg,
} from '../../journey-wasm/pkg/web/journey_wasm.js';

const EXAMPLE_MAP = '../data/electronics-retailer.json';
const EXAMPLE_LOG = '../data/electronics-events.csv';
const COLUMNS = ['customer', 'timestamp', 'touchpoint', 'outcome'];

/** What is loaded. `journey` and `log` are wasm objects: freed when replaced. */
const state = { journey: null, mapName: '', log: null, logFile: null, logName: '', logSeq: 0 };

const $ = (id) => document.getElementById(id);
// Numbers are written by the library's own words (journey_core::words), as on the poster and in the report.
const pct = (x) => (Number.isFinite(x) ? formatPercent(x) : '–');
/** A count and its noun, agreeing: `1 customer`, `1,204 customers`. */
const plural = (n, noun) => `${formatCount(n)} ${n === 1 ? noun : `${noun}s`}`;

// ---------------------------------------------------------------------------------------------- errors

/** The kind and message of anything thrown: a JourneyError's own, or a plain error's. */
function describe(e) {
  if (e && e.name === 'JourneyError') {
    return { kind: e.kind, message: e.message, problems: e.problems ?? [] };
  }
  const message = e instanceof Error ? e.message : String(e);
  return { kind: e instanceof Error ? e.name : 'error', message, problems: [] };
}

function showError(title, e) {
  const { kind, message, problems } = describe(e);
  $('error-title').textContent = title;
  $('error-kind').textContent = kind;
  $('error-message').textContent = message;
  const list = $('error-problems');
  list.replaceChildren(
    ...problems.slice(0, 50).map((p) => el('li', {}, `${p.path}: ${p.message} (${p.kind})`)),
  );
  if (problems.length > 50) list.append(el('li', {}, `… and ${problems.length - 50} more`));
  $('error').hidden = false;
  $('error').scrollIntoView({ block: 'nearest' });
}

function clearError() {
  $('error').hidden = true;
}

/** Runs `f`; shows what it throws under `title`. */
async function guarded(title, f) {
  try {
    clearError();
    return await f();
  } catch (e) {
    showError(typeof title === 'function' ? title() : title, e);
    return undefined;
  }
}

// ------------------------------------------------------------------------------------------------ DOM

/** A new element with attributes and children (strings become text, never markup). */
function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'class') node.className = v;
    else node.setAttribute(k, v === true ? '' : String(v));
  }
  node.append(...children.flat().filter((c) => c !== undefined && c !== null));
  return node;
}

const td = (text, attrs = {}) => el('td', attrs, text);
const num = (text, value) => el('td', { class: 'num', 'data-value': value }, text);

function fillTable(id, rows, empty) {
  const body = $(id).tBodies[0];
  if (rows.length === 0 && empty) {
    const cols = $(id).tHead.rows[0].cells.length;
    body.replaceChildren(el('tr', { class: 'empty' }, el('td', { colspan: cols }, empty)));
  } else {
    body.replaceChildren(...rows);
  }
}

/** Puts an SVG document (text from the library) into `container`, parsed as SVG, never as HTML. */
function placeSvg(container, text) {
  const doc = new DOMParser().parseFromString(text, 'image/svg+xml');
  const error = doc.querySelector('parsererror');
  if (error || doc.documentElement.localName !== 'svg') {
    throw new Error(`the library gave an SVG that does not parse: ${error ? error.textContent : 'no <svg>'}`);
  }
  container.replaceChildren(document.importNode(doc.documentElement, true));
}

function download(name, type, text) {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = el('a', { href: url, download: name });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

// ------------------------------------------------------------------------------------------------ names

/** Display names of stages, touchpoints and personas of the loaded map (ids when unknown). */
function names() {
  const j = state.journey;
  const stages = new Map(j.stages().map((s) => [s.id, s.name]));
  const touchpoints = new Map(j.touchpoints().map((t) => [t.id, t.name]));
  const personas = new Map(j.personas().map((p) => [p.id, p.name]));
  return {
    stage: (id) => stages.get(id) ?? id,
    touchpoint: (id) => touchpoints.get(id) ?? id,
    persona: (id) => personas.get(id) ?? id,
  };
}

function where(location, n) {
  const parts = [];
  if (location.stage) parts.push(n.stage(location.stage));
  if (location.touchpoint) parts.push(n.touchpoint(location.touchpoint));
  if (location.transition) parts.push(`${n.touchpoint(location.transition[0])} → ${n.touchpoint(location.transition[1])}`);
  if (location.persona) parts.push(`for ${n.persona(location.persona)}`);
  return parts.length ? parts.join(' · ') : 'whole map';
}

// -------------------------------------------------------------------------------------------------- map

function persona() {
  return $('persona').value || undefined;
}

/**
 * The journey every view of the map uses (poster, scores, gaps, backlog, downloads): with the log's
 * observations written on when a log is loaded and "use the event log" is checked, so that no panel shows
 * map-only figures beside a poster with the log's.
 */
function withFlow(f) {
  if (state.log && $('show-flow').checked) {
    const observed = state.journey.apply(state.log);
    try {
      return f(observed);
    } finally {
      observed.free();
    }
  }
  return f(state.journey);
}

function drawPoster() {
  const svg = withFlow((j) => j.toSvg({ persona: persona() }));
  placeSvg($('poster'), svg);
  zoomPoster();
}

/** Shows the poster at the chosen scale of its own size, or fitted to the page's width. */
function zoomPoster() {
  const container = $('poster');
  const svg = container.querySelector('svg');
  const zoom = $('zoom').value;
  container.classList.toggle('fit', zoom === 'fit');
  if (!svg) return;
  const box = svg.viewBox.baseVal;
  if (zoom === 'fit' || !box || box.width === 0) {
    svg.style.width = '';
    svg.style.height = '';
  } else {
    svg.style.width = `${box.width * Number(zoom)}px`;
    svg.style.height = `${box.height * Number(zoom)}px`;
  }
}

function drawScores(n) {
  const p = persona();
  const score = withFlow((j) => j.score(p ? { persona: p } : undefined));
  $('journey-score').replaceChildren(
    el('span', { class: 'value' }, formatNumber(score.score.value, 1)),
    ` / 100 for ${p ? n.persona(p) : 'the whole journey'} `,
    el('span', { class: 'note' }, `(confidence ${pct(score.score.confidence)})`),
  );
  const scored = score.stages.filter((s) => s.score.confidence > 0);
  const weakest = scored.length
    ? scored.reduce((a, b) => (b.score.value < a.score.value ? b : a)).stage
    : undefined;
  fillTable(
    'stage-scores',
    score.stages.map((s) =>
      el(
        'tr',
        { class: s.stage === weakest ? 'weakest' : undefined, 'data-stage': s.stage },
        td([n.stage(s.stage), s.stage === weakest ? el('span', { class: 'tag' }, 'weakest') : null]),
        num(formatNumber(s.score.value, 1), s.score.value),
        num(pct(s.score.confidence), s.score.confidence),
        td(s.weakest ? n.touchpoint(s.weakest) : '–'),
      ),
    ),
  );
}

function drawGaps(n) {
  const gaps = withFlow((j) => j.gaps());
  $('gap-count').textContent = `(${gaps.length})`;
  fillTable(
    'gaps',
    gaps.map((g) =>
      el(
        'tr',
        { class: `severity-${g.severity}` },
        num(String(g.severity), g.severity),
        td(g.kind.replaceAll('_', ' ')),
        td(where(g.location, n)),
        td(g.message),
      ),
    ),
    'no gaps found',
  );
}

function drawBacklog(n) {
  // With a log that has conversions, each line's estimated effect ranks the backlog, as in the report.
  const log = state.log && $('show-flow').checked && state.log.conversions > 0 ? state.log : null;
  const items = withFlow((j) => (log ? j.prioritize({ log }) : j.prioritize()));
  // The figure that ranked a line: the effect's priority where the log shows a gain.
  const ranked = (b) => (b.ranked_by === 'effect' ? b.effect.priority : b.priority);
  const effect = (b) =>
    b.effect === null ? '' : `${formatSigned(b.effect.conversions, 1)} conversions, ${formatSigned(b.effect.value, 0)} in value`;
  $('backlog-count').textContent = `(${items.length})`;
  fillTable(
    'backlog',
    items.map((b) =>
      el(
        'tr',
        {},
        num(String(b.rank), b.rank),
        td([b.title, b.quick_win ? el('span', { class: 'tag win' }, 'quick win') : null]),
        td(b.kind.replaceAll('_', ' ')),
        td(where(b.location, n)),
        num(pct(b.reach), b.reach),
        num(formatNumber(b.impact, 1), b.impact),
        num(pct(b.confidence), b.confidence),
        num(formatNumber(b.effort, 1), b.effort),
        num(formatNumber(ranked(b), 2), ranked(b)),
        td(effect(b)),
      ),
    ),
    'nothing to do',
  );
}

function drawMap() {
  const j = state.journey;
  const n = names();
  $('map').hidden = false;
  $('map-title').textContent = j.name;
  $('map-description').textContent =
    `${j.description ?? ''} ${j.stages().length} stages, ${j.touchpointCount} touchpoints, ` +
    `${j.transitionCount} transitions (from ${state.mapName}).`;
  drawPoster();
  drawScores(n);
  drawGaps(n);
  drawBacklog(n);
}

function fillPersonas() {
  const select = $('persona');
  select.replaceChildren(
    el('option', { value: '' }, 'everyone'),
    ...state.journey.personas().map((p) => el('option', { value: p.id }, p.name)),
  );
}

/** Opens a map from JSON bytes; the map shown before stays when this one cannot be read. */
async function openMap(name, bytes) {
  await guarded(
    () => `Could not open ${name}${state.journey ? ' (the map shown is unchanged)' : ''}`,
    () => {
      const journey = Journey.fromJson(bytes);
      state.journey?.free();
      state.journey = journey;
      state.mapName = name;
      fillPersonas();
      drawMap();
      drawAnalytics();
      $('status').textContent = `opened ${name}`;
    },
  );
}

// ------------------------------------------------------------------------------------------------- log

function columns() {
  const out = {};
  for (const c of COLUMNS) {
    const v = $(`col-${c}`).value.trim();
    if (v) out[c] = v;
  }
  return out;
}

/** Reads an event log from a Blob (a dropped or chosen file) with the columns set on the page. */
async function openLog(name, file) {
  const seq = ++state.logSeq;
  state.logFile = file;
  state.logName = name;
  $('log-status').textContent = `reading ${name}…`;
  const ok = await guarded(`Could not read the event log ${name}`, async () => {
    const log = await EventLog.fromFile(file, columns(), (read, total) => {
      if (seq === state.logSeq && total > 0) {
        $('log-status').textContent = `reading ${name}… ${Math.round((100 * read) / total)} %`;
      }
    });
    if (seq !== state.logSeq) {
      log.free(); // A newer file was chosen meanwhile.
      return false;
    }
    state.log?.free();
    state.log = log;
    $('log-status').textContent =
      `${name}: ${formatCount(log.length)} events, ${formatCount(log.customerCount)} customers, ` +
      `${formatCount(log.conversions)} conversions`;
    if (state.journey) drawMap();
    drawAnalytics();
    return true;
  });
  if (!ok && seq === state.logSeq) {
    $('log-status').textContent = `${name} could not be read (see the message above)`;
  }
}

function drawFunnel(n) {
  const funnel = state.log.stageFunnel(state.journey);
  const named = { ...funnel, steps: funnel.steps.map((s) => ({ ...s, step: n.stage(s.step) })) };
  placeSvg($('funnel-chart'), funnelSvg(named));
  fillTable(
    'funnel',
    funnel.steps.map((s, i) => {
      const lost = i === 0 ? funnel.customers - s.customers : funnel.steps[i - 1].customers - s.customers;
      return el(
        'tr',
        { 'data-step': s.step },
        td(n.stage(s.step)),
        num(formatCount(s.customers), s.customers),
        num(pct(s.step_conversion), s.step_conversion),
        num(pct(s.overall_conversion), s.overall_conversion),
        num(formatCount(lost), lost),
      );
    }),
  );
}

function drawAttribution(n) {
  if (state.log.conversions === 0) {
    $('attribution-chart').replaceChildren(
      el('p', { class: 'note' }, 'No conversions in this log: name its outcome column above to see which touchpoints earn them.'),
    );
    fillTable('attribution', []);
    return;
  }
  const a = state.log.attribution({ model: 'markov' });
  const named = { ...a, rows: a.rows.map((r) => ({ ...r, touchpoint: n.touchpoint(r.touchpoint) })) };
  placeSvg($('attribution-chart'), attributionSvg(named));
  fillTable(
    'attribution',
    a.rows.map((r) =>
      el(
        'tr',
        { 'data-touchpoint': r.touchpoint },
        td(n.touchpoint(r.touchpoint)),
        num(formatNumber(r.conversions, 1), r.conversions),
        num(formatNumber(r.value, 2), r.value),
        num(r.removal_effect === null ? '–' : pct(r.removal_effect), r.removal_effect ?? ''),
      ),
    ),
  );
}

function drawDropoff(n) {
  const rows = [...state.log.discover().dropoff]
    .filter((d) => d.customers > 0)
    .sort((a, b) => b.customers - a.customers || a.touchpoint.localeCompare(b.touchpoint))
    .slice(0, 10);
  fillTable(
    'dropoff',
    rows.map((d) =>
      el(
        'tr',
        {},
        td(n.touchpoint(d.touchpoint)),
        num(formatCount(d.customers), d.customers),
        num(formatCount(d.visitors), d.visitors),
        num(pct(d.rate), d.rate),
      ),
    ),
    'every journey converted',
  );
}

/**
 * Fills the touchpoint list of the paths view with the log's touchpoints, most visited first, by the map's
 * names; keeps the one chosen before when the log still has it, else picks where most customers left.
 */
function fillPathsTouchpoints(n, discovery) {
  const select = $('paths-touchpoint');
  const before = select.value;
  const visited = [...discovery.visits].sort((a, b) => b.customers - a.customers || a.touchpoint.localeCompare(b.touchpoint));
  select.replaceChildren(...visited.map((v) => el('option', { value: v.touchpoint }, n.touchpoint(v.touchpoint))));
  const ids = visited.map((v) => v.touchpoint);
  const worst = discovery.dropoff.find((d) => d.customers > 0)?.touchpoint;
  select.value = ids.includes(before) ? before : (worst ?? ids[0] ?? '');
}

/** The paths around the chosen touchpoint, as the library's Sankey diagram with the map's names. */
function drawPaths(n) {
  const touchpoint = $('paths-touchpoint').value;
  if (!touchpoint) {
    $('paths-note').textContent = 'The log has no events.';
    $('paths-chart').replaceChildren();
    return;
  }
  const paths = state.log.pathsAround(touchpoint, { steps: Number($('paths-steps').value) });
  $('paths-note').textContent =
    `${plural(paths.customers, 'customer')} came to ${n.touchpoint(touchpoint)}: what led them there and what ` +
    `they did next, ${plural(paths.steps, 'event')} each way around their first visit.`;
  placeSvg($('paths-chart'), pathsSankeySvg(paths, state.journey));
}

/** How long customers took to convert: the figures in words and the Kaplan–Meier chart. */
function drawTimeToConvert() {
  if (state.log.conversions === 0) {
    $('time-figures').textContent = 'No conversions in this log: name its outcome column above to see how long customers take.';
    $('time-chart').replaceChildren();
    return;
  }
  const t = state.log.timeToConvert();
  const time = (seconds) => formatDuration(seconds * 1000);
  const km = t.km_median_seconds === null ? 'not reached (the estimated share not yet converted stays above a half)' : time(t.km_median_seconds);
  $('time-figures').textContent =
    `Of the ${plural(t.converted, 'customer')} who converted: median ${time(t.median_seconds)}, ` +
    `90th percentile ${time(t.p90_seconds)}. Counting the ${plural(t.censored, 'customer')} not converted by ` +
    `the log's last event (censored), the Kaplan–Meier median is ${km}.`;
  placeSvg($('time-chart'), timeToConvertSvg(t));
}

function drawAnalytics() {
  if (!state.log) return;
  if (!state.journey) {
    $('log-status').textContent += ' (open a map to see the stage funnel and the attribution by name)';
    return;
  }
  guarded('Could not analyse the event log', () => {
    const n = names();
    drawFunnel(n);
    drawAttribution(n);
    drawDropoff(n);
    fillPathsTouchpoints(n, state.log.discover());
    drawPaths(n);
    drawTimeToConvert();
    $('analytics').hidden = false;
  });
}

// ----------------------------------------------------------------------------------------------- wiring

async function fetchBytes(url) {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  return new Uint8Array(await response.arrayBuffer());
}

function exportAs(kind) {
  const j = state.journey;
  const base = j.id.replace(/[^\w.-]+/g, '_') || 'journey';
  guarded(`Could not export ${kind}`, () => {
    if (kind === 'svg') download(`${base}.svg`, 'image/svg+xml', withFlow((x) => x.toSvg({ persona: persona() })));
    if (kind === 'mermaid') download(`${base}.mmd`, 'text/plain', j.toMermaid(persona()));
    if (kind === 'dot') download(`${base}.dot`, 'text/vnd.graphviz', withFlow((x) => x.toDot()));
    if (kind === 'html') {
      const log = $('show-flow').checked ? (state.log ?? undefined) : undefined;
      download(`${base}.html`, 'text/html', j.toHtml({ svg: { persona: persona() } }, log));
    }
  });
}

function isJson(file) {
  return /\.json$/i.test(file.name) || file.type === 'application/json';
}

function wire() {
  $('error-close').addEventListener('click', clearError);
  $('load-example').addEventListener('click', () =>
    guarded('Could not load the example map', async () => openMap('electronics-retailer.json', await fetchBytes(EXAMPLE_MAP))),
  );
  $('map-file').addEventListener('change', async (event) => {
    const file = event.target.files[0];
    if (file) await openMap(file.name, new Uint8Array(await file.arrayBuffer()));
    event.target.value = '';
  });
  $('log-file').addEventListener('change', async (event) => {
    const file = event.target.files[0];
    if (file) await openLog(file.name, file);
    event.target.value = '';
  });
  $('load-example-log').addEventListener('click', () =>
    guarded('Could not load the example log', async () =>
      openLog('electronics-events.csv', new Blob([await fetchBytes(EXAMPLE_LOG)], { type: 'text/csv' })),
    ),
  );
  for (const c of COLUMNS) {
    $(`col-${c}`).addEventListener('change', () => {
      if (state.logFile) openLog(state.logName, state.logFile);
    });
  }
  $('persona').addEventListener('change', () => guarded('Could not draw the map', drawMap));
  $('zoom').addEventListener('change', zoomPoster);
  for (const id of ['paths-touchpoint', 'paths-steps']) {
    $(id).addEventListener('change', () => state.log && guarded('Could not draw the paths', () => drawPaths(names())));
  }
  $('show-flow').addEventListener('change', () => state.journey && guarded('Could not draw the map', drawMap));
  for (const button of document.querySelectorAll('[data-download]')) {
    button.addEventListener('click', () => exportAs(button.dataset.download));
  }

  // Drag and drop anywhere: a JSON file is a map, anything else an event log.
  const zone = $('drop-zone');
  document.addEventListener('dragover', (event) => {
    event.preventDefault();
    zone.classList.add('over');
  });
  document.addEventListener('dragleave', (event) => {
    if (event.relatedTarget === null) zone.classList.remove('over');
  });
  document.addEventListener('drop', async (event) => {
    event.preventDefault();
    zone.classList.remove('over');
    const file = event.dataTransfer?.files[0];
    if (!file) return;
    if (isJson(file)) await openMap(file.name, new Uint8Array(await file.arrayBuffer()));
    else await openLog(file.name, file);
  });
}

// Anything that escapes a handler still shows up on the page rather than only in the console.
window.addEventListener('error', (event) => showError('Something went wrong', event.error ?? event.message));
window.addEventListener('unhandledrejection', (event) => showError('Something went wrong', event.reason));

try {
  await init();
  wire();
  $('status').textContent = 'ready: open a map or load the example';
  document.body.dataset.ready = 'true';
} catch (e) {
  $('status').textContent = 'the library did not load';
  showError(
    location.protocol === 'file:'
      ? 'The WebAssembly library cannot load from a file:// page: serve the folder (node examples/web/serve.mjs)'
      : 'The WebAssembly library did not load (build it with scripts/build-wasm.sh)',
    e,
  );
}
