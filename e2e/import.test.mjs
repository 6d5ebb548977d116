// An existing server: a .tar.gz of /etc/rstudio (and /etc/exports) loaded into the page fills
// the form from its values, is merged into (their settings kept) and shows the diff.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openPage, root, suite } from './harness.mjs';

const s = suite();

test('a tar.gz of /etc/rstudio: form pre-filled, files merged, diffs shown', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'rsp-import-'));
  mkdirSync(join(dir, 'etc/rstudio'), { recursive: true });
  copyFileSync(`${root}engine/tests/fixtures/existing/rserver-ssl-pam.conf`, join(dir, 'etc/rstudio/rserver.conf'));
  copyFileSync(`${root}engine/tests/fixtures/existing/launcher-rsp13.conf`, join(dir, 'etc/rstudio/launcher.conf'));
  copyFileSync(`${root}engine/tests/fixtures/existing/exports`, join(dir, 'etc/exports'));
  const archive = join(dir, 'etc-rstudio.tar.gz');
  execFileSync('tar', ['-czf', archive, '-C', dir, 'etc']);

  const { page, context, errors } = await openPage(s.browser, s.url);
  await page.setInputFiles('input#import-files', archive);
  await page.waitForSelector('[data-diff="/etc/rstudio/rserver.conf"]', { state: 'attached' });
  assert.equal(await page.inputValue('input[name="www-port"]'), '443', 'filled from the imported rserver.conf');
  assert.equal(await page.locator('#field-www-port .from-file').count(), 1, 'marked as from your file');
  const rserver = await page.textContent('[data-file="/etc/rstudio/rserver.conf"]');
  assert.match(rserver, /\nssl-enabled=1\n/);
  assert.match(rserver, /\nlauncher-sessions-enabled=1\n/);
  const diff = await page.textContent('[data-diff="/etc/rstudio/rserver.conf"]');
  assert.match(diff, /^--- \/etc\/rstudio\/rserver\.conf \(now\)\n\+\+\+ /);
  assert.match(diff, /\n-launcher-sessions-enabled=0\n/);
  assert.ok(await page.textContent('[data-diff="/etc/exports"]'), 'exports diff present');
  assert.ok((await page.$$eval('[data-diagnostic]', els => els.map(e => e.dataset.code))).includes('import.no-root-squash'));
  // A typed value is never overwritten by a later import.
  await page.fill('input[name="www-port"]', '8443');
  await page.setInputFiles('input#import-files', archive);
  await page.waitForTimeout(200);
  assert.equal(await page.inputValue('input[name="www-port"]'), '8443');
  assert.deepEqual(errors, []);
  await context.close();
});

test('settings saved as TOML load back into the form', async () => {
  const { page, context } = await openPage(s.browser, s.url);
  await page.fill('input[name="vm-ip"]', '10.9.8.7');
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#save-settings')]);
  assert.equal(download.suggestedFilename(), 'rsp-k8s-config.toml');
  const saved = await download.path();
  // Clear asks first: the second click wipes the value, so the load below is what brings it back.
  await page.click('#clear');
  await page.click('#clear');
  await page.waitForFunction(() => document.querySelector('input[name="vm-ip"]').value !== '10.9.8.7');
  await page.setInputFiles('input#load-settings', saved);
  await page.waitForFunction(() => document.querySelector('input[name="vm-ip"]').value === '10.9.8.7');
  await page.waitForFunction(() => /Settings loaded/.test(document.querySelector('.actions .feedback').textContent));
  // A file that is not TOML loads nothing: the form stays as it was, and the page says why.
  await page.setInputFiles('input#load-settings', { name: 'bad.toml', mimeType: 'application/toml', buffer: Buffer.from('vm-ip = 10\n[oops') });
  await page.waitForFunction(() => /Settings not loaded: the settings file is not valid TOML near line 2/.test(document.querySelector('.actions .feedback').textContent));
  assert.equal(await page.inputValue('input[name="vm-ip"]'), '10.9.8.7');
  await context.close();
});
