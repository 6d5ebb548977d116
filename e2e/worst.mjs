// The browser's worst cases: hostile or huge input at every way in, each measured as the
// main thread's longest task, the tab's memory (JS heap + the wasm's memory) and an edit
// afterwards. Shared by e2e/trust.test.mjs (a few families, generous bounds) and
// e2e/bench.mjs (every family, at 1× and 4×, against the budgets).
import { gzipSync, createGzip } from 'node:zlib';
import { rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fixture } from './harness.mjs';

const MiB = 1024 * 1024;

/// A ustar archive of `(name, text)` members.
export function tar(members) {
  const blocks = [];
  for (const [name, text] of members) {
    const data = Buffer.from(text);
    const h = Buffer.alloc(512);
    h.write(name, 0);
    h.write('0000644\0', 100);
    h.write('0000000\0', 108);
    h.write('0000000\0', 116);
    h.write(data.length.toString(8).padStart(11, '0') + '\0', 124);
    h.write('00000000000\0', 136);
    h.write('        ', 148);
    h.write('0', 156);
    h.write('ustar\0', 257);
    h.write('00', 263);
    let sum = 0;
    for (const b of h) sum += b;
    h.write(sum.toString(8).padStart(6, '0') + '\0 ', 148);
    blocks.push(h, data, Buffer.alloc((512 - (data.length % 512)) % 512));
  }
  blocks.push(Buffer.alloc(1024));
  return Buffer.concat(blocks);
}

/// gzip of `size` zero bytes, streamed (a 1 GiB bomb never sits in memory here).
export async function zeroBomb(size) {
  const gz = createGzip({ level: 9 });
  const out = [];
  gz.on('data', c => out.push(c));
  const done = new Promise(r => gz.on('end', r));
  const chunk = Buffer.alloc(MiB);
  for (let left = size; left > 0; left -= MiB) if (!gz.write(chunk)) await new Promise(r => gz.once('drain', r));
  gz.end();
  await done;
  return Buffer.concat(out);
}

function kubeconfigWith(contexts) {
  let clusters = '- name: c\n  cluster:\n    server: https://10.0.0.1\n    insecure-skip-tls-verify: true\n';
  let ctx = '';
  for (const name of contexts) ctx += `- name: "${name}"\n  context:\n    cluster: c\n`;
  return `apiVersion: v1\nkind: Config\nclusters:\n${clusters}contexts:\n${ctx}current-context: "${contexts[0]}"\n`;
}

const dupes = 'a=1\n'.repeat(64 * 1024 - 1);

/// Paste `text` into the kubeconfig box over what it holds, as a person does (Ctrl+A, Ctrl+V).
async function pasteKubeconfig(page, text) {
  await page.evaluate(t => navigator.clipboard.writeText(t), text);
  await page.focus('textarea#kubeconfig');
  await page.keyboard.press('Control+A');
  await page.keyboard.press('Control+V');
}

/// Each family: what it does, and how (on a page opened on the example). `quick` families
/// also run in the end-to-end tests.
export const families = [
  {
    name: 'paste of 2 MiB into the kubeconfig box (refused)', quick: true,
    run: async page => {
      await pasteKubeconfig(page, 'x: '.padEnd(2 * MiB, 'y'));
      await page.waitForSelector('#field-kubeconfig [data-refused]');
    },
  },
  {
    // Held, not shown whole (the box shows its first lines): cleared with the note's button.
    name: 'a 1 MiB kubeconfig pasted, then cleared',
    run: async page => {
      await pasteKubeconfig(page, (await fixture('multi-cluster.yaml')).padEnd(MiB - 16, '#'));
      await page.click('#kubeconfig-held-clear');
      await page.waitForSelector('[data-code="kubeconfig.empty"]');
    },
  },
  {
    name: 'a kubeconfig of 10,000 contexts', quick: true,
    run: async page => {
      await pasteKubeconfig(page, kubeconfigWith(Array.from({ length: 10000 }, (_, i) => `ctx-${i}`)));
      await page.waitForFunction(() => document.querySelectorAll('select#context option').length >= 10000);
    },
  },
  {
    name: 'one context name of 300,000 characters',
    run: async page => {
      await pasteKubeconfig(page, kubeconfigWith(['n'.repeat(300000) + '\u202e']));
      await page.waitForFunction(() => document.querySelector('select#context option')?.textContent.endsWith('…'));
    },
  },
  {
    name: 'an imported 256 KiB rserver.conf of 65,535 duplicate keys', quick: true,
    run: async page => {
      await page.setInputFiles('input#import-files', { name: 'rserver.conf', mimeType: 'text/plain', buffer: Buffer.from(dupes) });
      await page.waitForSelector('[data-code="import.duplicate-key"]');
    },
  },
  {
    name: 'a 10 KB .tar.gz of 31 such files (8 MiB of tar)',
    run: async page => {
      const t = tar(Array.from({ length: 31 }, (_, i) => [`etc/rstudio/rserver.conf`, dupes]));
      await page.setInputFiles('input#import-files', { name: 'etc-rstudio.tar.gz', mimeType: 'application/gzip', buffer: gzipSync(t, { level: 9 }) });
      await page.waitForSelector('#field-import [data-diagnostic], #field-import [data-refused]');
    },
  },
  {
    name: 'a 1 MB .tar.gz that inflates to 1 GiB (refused at 8 MiB)',
    run: async page => {
      const bomb = await zeroBomb(1024 * MiB);
      await page.setInputFiles('input#import-files', { name: 'bomb.tar.gz', mimeType: 'application/gzip', buffer: bomb });
      await page.waitForSelector('#field-import [data-refused]');
    },
  },
  {
    name: 'three .tar.gz bombs picked together', quick: true,
    run: async page => {
      const bomb = await zeroBomb(64 * MiB);
      const files = [0, 1, 2].map(i => ({ name: `bomb-${i}.tgz`, mimeType: 'application/gzip', buffer: bomb }));
      await page.setInputFiles('input#import-files', files);
      await page.waitForFunction(() => document.querySelectorAll('#field-import [data-refused]').length === 3);
    },
  },
  {
    // Scanned in the on-demand worker: this thread only takes the paste and hands it over.
    name: 'a 4 MiB log pasted into the diagnose box',
    run: async page => {
      const noise = '2026-05-01T10:04:00.118Z [rstudio-kubernetes-launcher] INFO Job rstudio-launcher-k2x9f is pending\n';
      const log = noise.repeat(Math.floor((4 * MiB - 64) / noise.length)) + 'Error: ErrImagePull\n';
      await page.evaluate(t => navigator.clipboard.writeText(t), log);
      await page.focus('textarea#diagnose');
      await page.keyboard.press('Control+V');
      await page.waitForSelector('[data-diagnosis][data-cause="image-pull"]', { timeout: 60_000 });
    },
  },
  {
    name: 'a 200 MB file picked as the kubeconfig (refused unread)',
    run: async page => {
      // Playwright sends a buffer of over 50 MB only as a file on disk.
      const path = join(tmpdir(), `rsp-k8s-worst-${process.pid}.yaml`);
      await writeFile(path, Buffer.alloc(200 * 1000 * 1000, 0x41));
      await page.setInputFiles('input#kubeconfig-file', path).finally(() => rm(path, { force: true }));
      await page.waitForSelector('#field-kubeconfig [data-refused]');
    },
  },
];

/// In the page, before any script: the longest task since `__worst.mark()`, and the wasm's memory.
export const instrument = () => {
  window.__worst = { longest: 0, since: 0, mark() { this.longest = 0; this.since = performance.now(); } };
  new PerformanceObserver(list => {
    for (const e of list.getEntries()) if (e.startTime + e.duration >= window.__worst.since) window.__worst.longest = Math.max(window.__worst.longest, e.duration);
  }).observe({ type: 'longtask', buffered: true });
  addEventListener('TrunkApplicationStarted', e => { window.__wasmMemory = e.detail.wasm.memory; });
};

/// From an input event on a field to the files updated.
export const editOnce = page => page.evaluate(async () => {
  const input = document.querySelector('input[name="namespace"]');
  const conf = document.querySelector('[data-file="/etc/rstudio/launcher.kubernetes.conf"]');
  const ns = `ns-${Math.floor(performance.now())}`;
  const t0 = performance.now();
  input.value = ns;
  input.dispatchEvent(new Event('input', { bubbles: true }));
  for (let i = 0; !conf.textContent.includes(`kubernetes-namespace=${ns}\n`); i++) await (i < 10000 ? Promise.resolve() : new Promise(r => setTimeout(r, 0)));
  return performance.now() - t0;
});

/// Run one family on `page`: its longest task (ms), the tab's memory afterwards (bytes: JS heap
/// + the wasm's memory), the edit after it (ms), and its wall time (ms).
export async function measure(page, cdp, family) {
  await page.evaluate(() => window.__worst.mark());
  const t0 = Date.now();
  await family.run(page);
  const wall = Date.now() - t0;
  await page.evaluate(() => new Promise(r => setTimeout(r, 100))); // let the last long task report
  const edit = await editOnce(page);
  const longest = await page.evaluate(() => window.__worst.longest);
  const { metrics } = await cdp.send('Performance.getMetrics');
  const heap = metrics.find(m => m.name === 'JSHeapTotalSize').value;
  const wasm = await page.evaluate(() => window.__wasmMemory?.buffer.byteLength ?? 0);
  return { longest, memory: heap + wasm, edit, wall };
}
