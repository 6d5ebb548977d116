// End-to-end: the release build served on localhost, driven in headless Chromium as a user
// would: paste, pick, type, copy, download, share, clear. Run: node --test e2e/
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { gunzipSync } from 'node:zlib';
import { downloadAll, exampleToken, fixture, openPage, suite } from './harness.mjs';

const s = suite();

const fileText = (page, path) => page.textContent(`[data-file="${path}"]`);
const diagnostics = page => page.$$eval('[data-diagnostic]', els => els.map(e => ({ code: e.dataset.code, severity: e.dataset.severity, field: e.dataset.field, text: e.textContent })));

test('multi-cluster paste, context pick, settings, runbook, diagnostics, fragment', async () => {
  const { page, context, errors } = await openPage(s.browser, s.url);
  await page.fill('textarea#kubeconfig', await fixture('multi-cluster.yaml'));
  const options = await page.$$eval('select#context option', os => os.map(o => o.textContent));
  assert.deepEqual(options, ['gke_rsp-k8s-demo_europe-west2_custard', 'eks-analytics', 'kind-dev']);
  await page.selectOption('select#context', { label: 'eks-analytics' });
  await page.fill('textarea#token', await exampleToken());
  await page.fill('input[name="namespace"]', 'rstudio');
  await page.fill('input[name="cluster-name"]', 'Analytics');
  await page.fill('input[name="vm-ip"]', '10.20.0.5');

  const k = await fileText(page, '/etc/rstudio/launcher.kubernetes.conf');
  assert.match(k, /\napi-url=https:\/\/0123456789ABCDEF0123456789ABCDEF\.gr7\.eu-west-2\.eks\.amazonaws\.com\n/);
  assert.match(await fileText(page, '/etc/rstudio/launcher.conf'), /\nname=Analytics\n/);
  assert.match(await fileText(page, '/etc/rstudio/rserver.conf'), /\nlauncher-sessions-callback-address=http:\/\/10\.20\.0\.5:8787\n/);
  assert.match(await fileText(page, '/etc/rstudio/launcher-mounts'), /Host: 10\.20\.0\.5\n/);
  const script = await page.textContent('[data-runbook-script]');
  assert.match(script, /aws eks update-kubeconfig --region eu-west-2 --name analytics\n/);
  assert.equal(await page.locator('[data-step]').count(), await page.locator('[data-runbook-script]').evaluate(e => e.textContent.split('\n# --- ').length - 1), 'every step of the script is shown');
  const diags = await diagnostics(page);
  assert.ok(diags.some(d => d.code === 'context.namespace-differs' && d.field === 'namespace'), JSON.stringify(diags));
  for (const d of diags) assert.ok(d.text.length > 10 && ['error', 'warning', 'info'].includes(d.severity));

  // The user credentials of the kind cluster never show; the fragment holds settings only.
  const html = await page.content();
  assert.ok(!html.includes('SECRETCRED'));
  await page.waitForFunction(() => location.hash.includes('vm-ip=10.20.0.5'));
  const url = page.url();
  assert.ok(!url.includes('eyJ') && !url.includes('LS0t') && !url.includes('SECRETCRED'), url);
  assert.deepEqual(errors, []);
  await context.close();
});

test('kind context: loopback diagnostic, shown next to the kubeconfig and in the summary', async () => {
  const { page, context } = await openPage(s.browser, s.url);
  await page.fill('textarea#kubeconfig', await fixture('multi-cluster.yaml'));
  await page.selectOption('select#context', { label: 'kind-dev' });
  const d = page.locator('#field-kubeconfig [data-diagnostic][data-code="kubeconfig.loopback-server"]');
  assert.equal(await d.getAttribute('data-severity'), 'warning');
  assert.match(await d.textContent(), /127\.0\.0\.1/);
  await page.click('.summary a[href="#field-kubeconfig"]');
  assert.match(page.url(), /#field-kubeconfig$/);
  await context.close();
});

test('a kubeconfig file loads with its exact bytes (CRLF and BOM included)', async () => {
  const { page, context } = await openPage(s.browser, s.url);
  const yaml = (await fixture('multi-cluster.yaml')).replace(/\n/g, '\r\n');
  const buffer = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(yaml)]);
  await page.setInputFiles('input[type=file]#kubeconfig-file', { name: 'config', mimeType: 'text/plain', buffer });
  await page.waitForFunction(() => document.querySelector('textarea#kubeconfig').value.includes('eks-analytics'));
  const value = await page.$eval('textarea#kubeconfig', t => t.value);
  assert.equal(value.charCodeAt(0), 0xfeff, 'the BOM is kept (a textarea turns CRLF into LF by itself)');
  assert.equal(await page.locator('select#context option').count(), 3);
  const fromFile = await fileText(page, '/etc/rstudio/launcher.kubernetes.conf');
  await page.fill('textarea#kubeconfig', await fixture('multi-cluster.yaml'));
  assert.equal(await fileText(page, '/etc/rstudio/launcher.kubernetes.conf'), fromFile, 'same output as a plain paste');
  await context.close();
});

test('copy buttons put exactly the shown text on the clipboard', async () => {
  const { page, context } = await openPage(s.browser, s.url, { permissions: ['clipboard-read', 'clipboard-write'] });
  const card = page.locator('article.file', { has: page.locator('[data-file="/etc/rstudio/rserver.conf"]') });
  await card.locator('button[data-copy]').click();
  await page.waitForFunction(() => [...document.querySelectorAll('.feedback')].some(s => s.textContent === 'Copied'));
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), await fileText(page, '/etc/rstudio/rserver.conf'));
  await page.click('.runbook details summary');
  // The whole script of the example asks first: every value in it is made up.
  await page.locator('.runbook details button[data-copy]').click();
  assert.match(await page.textContent('.runbook details .feedback'), /example: every value in it is made up/);
  await page.locator('.runbook details button[data-copy]').click();
  await page.waitForTimeout(50);
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), await page.textContent('[data-runbook-script]'));
  await page.locator('li[data-step="namespace"] button[data-copy]').click();
  await page.waitForTimeout(50);
  assert.match(await page.evaluate(() => navigator.clipboard.readText()), /^kubectl create namespace rstudio /);
  await page.click('#share');
  await page.waitForTimeout(50);
  const link = await page.evaluate(() => navigator.clipboard.readText());
  assert.ok(link.startsWith(s.url) && !link.includes('eyJ'), link);
  await context.close();
});

test('copy falls back to selecting the text when the clipboard is refused', async () => {
  const { page, context } = await openPage(s.browser, s.url);
  await page.evaluate(() => { navigator.clipboard.writeText = () => Promise.reject(new DOMException('denied', 'NotAllowedError')); });
  const card = page.locator('article.file', { has: page.locator('[data-file="/etc/exports"]') });
  await card.locator('button[data-copy]').click();
  await page.waitForFunction(() => [...document.querySelectorAll('.feedback')].some(s => s.textContent.startsWith('Selected')));
  // A selection of a <pre> reads without its final newline.
  assert.equal(await page.evaluate(() => String(window.getSelection())), (await fileText(page, '/etc/exports')).trimEnd());
  await context.close();
});

test('download all gives a tar.gz with every file and the runbook', async () => {
  const { page, context } = await openPage(s.browser, s.url);
  const download = await downloadAll(page);
  assert.equal(download.suggestedFilename(), 'rsp-k8s-config.tar.gz');
  const tar = gunzipSync(await readFile(await download.path()));
  const names = [];
  for (let off = 0; off + 512 <= tar.length && tar[off] !== 0; ) {
    const name = tar.subarray(off, off + 100).toString().replace(/\0.*$/s, '');
    const size = parseInt(tar.subarray(off + 124, off + 136).toString().replace(/\0.*$/s, '').trim(), 8);
    names.push(name);
    off += 512 + Math.ceil(size / 512) * 512;
  }
  // The token reaches the VM from the cluster: neither the archive nor the script holds it.
  const token = await exampleToken();
  assert.ok(!tar.includes(Buffer.from(token.slice(10, 60))), 'no token bytes in the archive');
  assert.ok(!(await page.textContent('[data-runbook-script]')).includes(token.slice(10, 60)), 'no token in the script');
  for (const n of ['README.md', 'etc/rstudio/launcher.conf', 'etc/rstudio/launcher.kubernetes.conf', 'etc/exports', 'kubernetes/launcher-rbac.yaml', 'runbook.sh']) {
    assert.ok(names.includes(`rsp-k8s-config/${n}`), `${n} in ${names}`);
  }
  const [single] = await Promise.all([page.waitForEvent('download'), page.locator('article.file', { has: page.locator('[data-file="/etc/exports"]') }).locator('button[data-download]').click()]);
  assert.equal(single.suggestedFilename(), 'exports');
  assert.equal(await readFile(await single.path(), 'utf8'), await fileText(page, '/etc/exports'));
  await context.close();
});

test('clear wipes secrets; after full use no secret is in storage, cookies, URL or history', async () => {
  const { page, context } = await openPage(s.browser, s.url);
  const historyAtLoad = await page.evaluate(() => history.length);
  const token = await exampleToken();
  await page.fill('textarea#token', `Bearer ${token}`);
  await page.fill('textarea[name="users"]', 'alice bob');
  await page.click('#clear');
  // It asks first, naming what it wipes.
  assert.match(await page.textContent('.actions .feedback'), /^Clear wipes your token and 1 setting\. Press again/);
  assert.ok((await page.$eval('textarea#token', t => t.value)).includes(token));
  await page.click('#clear');
  assert.equal(await page.$eval('textarea#token', t => t.value), '');
  assert.equal(await page.$eval('textarea#kubeconfig', t => t.value), '');
  const html = await page.content();
  assert.ok(!html.includes(token.slice(0, 40)) && !html.includes('LS0tLS1CRUdJTi'));
  const stored = await page.evaluate(async () => ({
    local: JSON.stringify({ ...localStorage }),
    session: JSON.stringify({ ...sessionStorage }),
    cookies: document.cookie,
    url: location.href,
    history: history.length,
    idb: (await indexedDB.databases()).length,
  }));
  assert.deepEqual([stored.local, stored.session, stored.cookies, stored.idb], ['{}', '{}', '', 0]);
  assert.ok(!stored.url.includes('eyJ'));
  assert.equal(stored.history, historyAtLoad, 'settings changes replace the URL, they do not add history entries');
  assert.equal(await fileText(page, '/etc/rstudio/launcher.kubernetes.token'), '<auth-token>');
  await context.close();
});

test('a reload keeps the example until a setting is edited; then it is a share link without secrets', async () => {
  const { page, context } = await openPage(s.browser, s.url);
  const token = await exampleToken();
  await page.waitForTimeout(600); // longer than the fragment's debounce
  assert.equal(new URL(page.url()).hash, '', 'an untouched page writes no fragment');
  await page.reload();
  await page.waitForSelector('[data-file="/etc/rstudio/launcher.conf"]');
  assert.equal((await page.inputValue('textarea#token')).trim(), token, 'the example survives a reload');

  await page.fill('input[name="vm-ip"]', '10.20.0.9');
  await page.waitForFunction(() => location.hash.includes('vm-ip=10.20.0.9'));
  assert.equal(new URL(page.url()).hash, '#vm-ip=10.20.0.9', 'the example\'s own values never go into a link');
  await page.reload();
  await page.waitForSelector('[data-file="/etc/rstudio/launcher.conf"]');
  assert.equal(await page.inputValue('input[name="vm-ip"]'), '10.20.0.9');
  assert.equal(await page.inputValue('textarea#token'), '', 'a share link never brings a secret');

  await page.click('#load-example');
  assert.match(await page.textContent('.actions .feedback'), /^Loading the example wipes 1 setting\. Press again/);
  await page.click('#load-example');
  await page.waitForTimeout(400);
  assert.equal(new URL(page.url()).hash, '', 'loading the example forgets the share link');
  await context.close();
});

test('a kubeconfig too large to show whole is held: its first lines shown read-only, every context listed, a button clears it', async () => {
  const { page, context, errors } = await openPage(s.browser, s.url, { permissions: ['clipboard-read', 'clipboard-write'] });
  let contexts = '';
  for (let i = 0; i < 5000; i++) contexts += `- name: ctx-${i}\n  context:\n    cluster: c\n    namespace: team-${i}\n`;
  const big = `apiVersion: v1\nkind: Config\nclusters:\n- name: c\n  cluster:\n    server: https://10.0.0.1\ncontexts:\n${contexts}current-context: ctx-7\n`;
  assert.ok(big.length > 256 * 1024);
  await page.evaluate(t => navigator.clipboard.writeText(t), big);
  await page.focus('textarea#kubeconfig');
  await page.keyboard.press('Control+A');
  await page.keyboard.press('Control+V');
  await page.waitForFunction(() => document.querySelectorAll('select#context option').length >= 5000);
  const shown = await page.inputValue('textarea#kubeconfig');
  assert.ok(shown.startsWith('apiVersion: v1\n') && shown.length < 20 * 1024, `${shown.length} characters shown`);
  assert.equal(await page.getAttribute('textarea#kubeconfig', 'readonly'), '');
  assert.match(await page.textContent('[data-held-text="kubeconfig"]'), /This kubeconfig \(3\d\d KiB\) is held/);
  assert.match(await fileText(page, '/etc/rstudio/launcher.kubernetes.conf'), /\napi-url=https:\/\/10\.0\.0\.1\n/);
  await page.click('#kubeconfig-held-clear');
  await page.waitForSelector('[data-code="kubeconfig.empty"]');
  assert.equal(await page.getAttribute('textarea#kubeconfig', 'readonly'), null);
  // A paste into a held box replaces the whole held text, never the part it shows.
  await page.focus('textarea#kubeconfig');
  await page.keyboard.press('Control+V');
  await page.waitForFunction(() => document.querySelector('textarea#kubeconfig').readOnly);
  const small = await fixture('aks.yaml');
  await page.evaluate(t => navigator.clipboard.writeText(t), small);
  await page.focus('textarea#kubeconfig');
  await page.keyboard.press('Control+V');
  await page.waitForFunction(() => !document.querySelector('textarea#kubeconfig').readOnly);
  assert.equal(await page.inputValue('textarea#kubeconfig'), small);
  assert.ok(!(await page.$$eval('select#context option', os => os.map(o => o.textContent))).includes('ctx-7'), 'the held text is gone');
  assert.deepEqual(errors, []);
  await context.close();
});
