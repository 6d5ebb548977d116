// The size gate: the release build's hosted first load (html + js + wasm, gzip -9) and the single
// offline file may not grow past the ceilings in size-budgets.json. Bytes are deterministic, so
// this is a check, not a benchmark. Usage: node scripts/size-gate.mjs [dist-dir]; exits 1 when over.
import { readFile, readdir } from 'node:fs/promises';
import { gzipSync } from 'node:zlib';

const root = new URL('..', import.meta.url).pathname;
const dist = (process.argv[2] ?? `${root}dist`).replace(/\/?$/, '/');
const budgets = JSON.parse(await readFile(`${root}size-budgets.json`, 'utf8'));

const hosted = (await readdir(dist)).filter(n => n === 'index.html' || n.endsWith('.js') || n.endsWith('_bg.wasm'));
let hostedGzip = 0;
for (const n of hosted) hostedGzip += gzipSync(await readFile(dist + n), { level: 9 }).length;
const offlineRaw = (await readFile(`${dist}rsp-k8s-config-offline.html`)).length;

let over = 0;
for (const [name, value, limit] of [['hosted first load, gzip -9', hostedGzip, budgets.hosted_gzip], ['offline file, raw', offlineRaw, budgets.offline_raw]]) {
  const ok = value <= limit;
  over += ok ? 0 : 1;
  console.log(`size gate: ${name}: ${value} bytes of ${limit} ${ok ? 'ok' : 'OVER BUDGET'}`);
}
process.exit(over ? 1 : 0);
