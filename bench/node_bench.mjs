#!/usr/bin/env node
// journey-wasm in Node on a generated CSV event log (figures, not assertions).
//
//   node bench/node_bench.mjs /tmp/journey-bench-1m.csv [runs] [json-out]
//
// Times EventLog.fromCsv (bytes already read into memory, then again from a string), discover, funnel and
// Markov order 1 attribution; medians of `runs` runs (default 3). Needs journey-wasm/pkg/node
// (scripts/build-wasm.sh); skips with a message when it is missing.
import { readFileSync, writeFileSync, existsSync } from "node:fs";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import path from "node:path";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const pkg = path.join(root, "journey-wasm", "pkg", "node", "journey_wasm.js");
const [csvPath, runsArg, jsonOut] = process.argv.slice(2);
if (!csvPath) {
  console.error("usage: node bench/node_bench.mjs FILE.csv [runs] [json-out]");
  process.exit(2);
}
if (!existsSync(pkg)) {
  console.log(`node bench skipped: ${path.relative(root, pkg)} is missing (run scripts/build-wasm.sh)`);
  process.exit(0);
}
const require = createRequire(import.meta.url);
const journey = require(pkg);
if (!journey.EventLog || typeof journey.EventLog.fromCsv !== "function") {
  console.log("node bench skipped: this journey-wasm build has no EventLog.fromCsv yet");
  process.exit(0);
}

const runs = Number(runsArg || 3);
const funnel = ["aware_t00", "consider_t00", "cart_t00", "checkout_t00", "purchase_t00"];
const columns = { outcome: "value" };
const bytes = readFileSync(csvPath);
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const n = s.length;
  return n % 2 ? s[(n - 1) / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
};
const time = (f) => {
  const t = process.hrtime.bigint();
  const r = f();
  return [r, Number(process.hrtime.bigint() - t) / 1e9];
};

const steps = { fromCsv: [], discover: [], funnel: [], markov1: [], total: [], fromCsvString: [] };
let check = null;
for (let i = 0; i < runs; i++) {
  const [log, tLoad] = time(() => journey.EventLog.fromCsv(bytes, columns));
  const [found, tDisc] = time(() => log.discover());
  const [f, tFun] = time(() => log.funnel(funnel));
  const [m, tMarkov] = time(() => log.attribution({ model: "markov", order: 1 }));
  steps.fromCsv.push(tLoad);
  steps.discover.push(tDisc);
  steps.funnel.push(tFun);
  steps.markov1.push(tMarkov);
  steps.total.push(tLoad + tDisc + tFun + tMarkov);
  check = {
    events: found.events,
    customers: found.customers,
    variants: found.variants.length,
    funnel: f.steps.map((s) => s.customers),
    conversion_probability: m.conversion_probability,
  };
  log.free();
  const text = bytes.toString("utf8");
  const [log2, tStr] = time(() => journey.EventLog.fromCsv(text, columns));
  steps.fromCsvString.push(tStr);
  log2.free();
}
const out = Object.fromEntries(Object.entries(steps).map(([k, v]) => [k, median(v)]));
const mb = bytes.length / 1e6;
console.log(`node ${process.version}, journey-wasm: ${csvPath} (${mb.toFixed(1)} MB), median of ${runs} runs`);
console.log(`  result: ${JSON.stringify(check)}`);
for (const [k, v] of Object.entries(out)) console.log(`  ${k.padEnd(14)} ${v.toFixed(3)} s`);
console.log(`  CSV ingest in wasm: ${(mb / out.fromCsv).toFixed(0)} MB/s; peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB`);
console.log(`  fromCsv + discover + funnel + markov1: ${out.total.toFixed(3)} s (target < 5 s for 1M events)`);
if (jsonOut) {
  writeFileSync(jsonOut, JSON.stringify({ node: process.version, bytes: bytes.length, runs, median: out, check,
    peak_rss: process.resourceUsage().maxRSS * 1024 }, null, 1));
}
