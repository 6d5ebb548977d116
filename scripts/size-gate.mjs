// The size gate: the release build's critical path (what the first screen needs: html + the main
// js + wasm), the whole hosted load (with the on-demand module, fetched with the page but compiled
// on first use), both gzip -9, and the single offline file may not grow past the ceilings in
// size-budgets.json. Bytes are deterministic, so this is a check, not a benchmark.
// Usage: node scripts/size-gate.mjs [dist-dir]; exits 1 when over.
import { readFile, readdir } from 'node:fs/promises';
import { gzipSync } from 'node:zlib';

const root = new URL('..', import.meta.url).pathname;
const dist = (process.argv[2] ?? `${root}dist`).replace(/\/?$/, '/');
const budgets = JSON.parse(await readFile(`${root}size-budgets.json`, 'utf8'));

// The build's parts, as the page loads them.
const part = name =>
  name === 'index.html' || /^rsp-k8s-config-[0-9a-f]+(\.js|_bg\.wasm)$/.test(name) ? 'critical'
  : /^rsp-k8s-on-demand-[0-9a-f]+(\.js|_bg\.wasm)$/.test(name) ? 'on-demand' : null;

const gz = { critical: 0, 'on-demand': 0 };
for (const n of await readdir(dist)) {
  if (part(n)) gz[part(n)] += gzipSync(await readFile(dist + n), { level: 9 }).length;
}
const offlineRaw = (await readFile(`${dist}rsp-k8s-config-offline.html`)).length;

let over = 0;
for (const [name, value, limit] of [
  ['critical path, gzip -9', gz.critical, budgets.critical_gzip],
  ['hosted first load, gzip -9', gz.critical + gz['on-demand'], budgets.hosted_gzip],
  ['offline file, raw', offlineRaw, budgets.offline_raw],
]) {
  const ok = value <= limit;
  over += ok ? 0 : 1;
  console.log(`size gate: ${name}: ${value} bytes of ${limit} ${ok ? 'ok' : 'OVER BUDGET'}`);
}
process.exit(over ? 1 : 0);
