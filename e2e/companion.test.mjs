// The documentation companion: every line explained (data-explain), a value traced through
// every file and step, and the personal guide, downloaded byte for byte and rendered.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import markdownit from 'markdown-it';
import { openPage, suite } from './harness.mjs';

const s = suite();

test('every key line and every step has its explanation in the page, shown by Explain', async () => {
  const { page, context } = await openPage(s.browser, s.url);
  const rserver = '/etc/rstudio/rserver.conf';
  await page.waitForSelector(`[data-explain="${rserver}"]`, { state: 'attached' });
  const keys = (await page.textContent(`[data-file="${rserver}"]`)).split('\n').filter(l => /^[a-z-]+=/.test(l));
  const notes = await page.$$eval(`[data-explain="${rserver}"]`, els => els.map(e => e.textContent));
  assert.equal(notes.length, keys.length, 'one explanation per key line');
  assert.ok(notes.every(n => n.length > 10));
  assert.equal(await page.isVisible(`[data-explain="${rserver}"]`), false, 'hidden until asked for');
  await page.click(`button[aria-label="Explain ${rserver}"]`);
  assert.equal(await page.isVisible(`[data-explain="${rserver}"]`), true);
  assert.equal(await page.locator(`[data-file="${rserver}"]`).count(), 1, 'the file stays in the page');
  for (const id of await page.$$eval('[data-step]', els => els.map(e => e.dataset.step))) {
    const text = await page.textContent(`[data-explain="step:${id}"]`);
    assert.ok(text.length > 10, `step ${id}`);
  }
  await context.close();
});

test('tracing a field highlights what it produced in every file and step', async () => {
  const { page, context } = await openPage(s.browser, s.url);
  await page.focus('input[name="vm-ip"]');
  const lit = await page.$$eval('.line.traced', els => els.map(e => `${e.closest('pre').dataset.file}: ${e.textContent.trim()}`));
  assert.ok(lit.includes('/etc/rstudio/rserver.conf: launcher-sessions-callback-address=http://10.154.0.16:8787'), lit.join('\n'));
  assert.ok(lit.includes('/etc/rstudio/launcher-mounts: Host: 10.154.0.16'), lit.join('\n'));
  assert.ok(!lit.some(l => l.includes('launcher-port')), 'nothing it did not produce');
  const steps = await page.$$eval('li.traced[data-step]', els => els.map(e => e.dataset.step));
  // The steps its `sets` names (in a cluster it also feeds the NFS server's steps).
  assert.deepEqual(steps, ['firewall', 'nfs-server', 'nfs-export', 'troubleshoot']);
  await context.close();
});

test('the guide downloads with the bytes the page shows, holds no secret, and renders', async () => {
  const { page, context } = await openPage(s.browser, s.url);
  await page.waitForFunction(() => document.querySelector('[data-guide]').textContent.startsWith('# '));
  const shown = await page.textContent('[data-guide]');
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('button[aria-label="Download guide (Markdown)"]')]);
  assert.equal(download.suggestedFilename(), 'rsp-k8s-config-guide.md');
  assert.equal(await readFile(await download.path(), 'utf8'), shown);
  const token = (await page.inputValue('textarea#token')).trim();
  assert.ok(!shown.includes(token.slice(20, 80)), 'no token in the guide');
  const steps = await page.locator('[data-step]').count();
  const html = markdownit().render(shown);
  const view = await context.newPage();
  await view.setContent(html);
  assert.match(await view.textContent('h1'), /^Posit Workbench on Kubernetes/);
  assert.equal(await view.locator('h4').count(), steps, 'one heading per step');
  assert.ok(await view.locator('pre code.language-bash').count() >= steps);
  assert.ok(await view.locator('table tr').count() > 10, 'the inputs table');
  await context.close();
});
