// The privacy promise, proven against both builds: the hosted site served on localhost, and
// the single offline file opened from disk (file://). After the first load, using every
// control makes no request; the CSP is active (a canary request is blocked) and never
// violated in normal use; no secret is left in storage, cookies, the URL or history.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { downloadAll, exampleToken, expandAll, fixture, openPage, root, suite } from './harness.mjs';

const s = suite();
const targets = () => [
  ['hosted build', s.url],
  ['single offline file (file://)', `file://${root}dist/rsp-k8s-config-offline.html`],
];
const open = url => openPage(s.browser, url, { permissions: ['clipboard-read', 'clipboard-write'] });

async function useEveryControl(page) {
  await page.fill('textarea#kubeconfig', await fixture('multi-cluster.yaml'));
  await page.selectOption('select#context', { label: 'eks-analytics' });
  await page.selectOption('select#context', { label: 'kind-dev' });
  const token = await exampleToken();
  await page.fill('textarea#token', token);
  await page.click('#token-reveal');
  await page.click('#kubeconfig-reveal');
  await expandAll(page);
  for (const el of await page.$$('input[type="text"][name]')) await el.fill((await el.inputValue()) || 'x');
  for (const el of await page.$$('input[type="checkbox"][name]')) await el.click();
  for (const el of await page.$$('select[name]')) {
    const values = await el.$$eval('option', os => os.map(o => o.value));
    await el.selectOption(values[values.length - 1]);
  }
  await expandAll(page);
  for (const b of await page.$$('button[data-copy]')) await b.click();
  await downloadAll(page);
  // Chromium lets a page start 10 downloads; every button is still clicked (and still makes
  // no request), but only the first ones are awaited.
  let started = 1;
  for (const b of await page.$$('button[data-download]')) {
    if (started++ < 9) await Promise.all([page.waitForEvent('download'), b.click()]);
    else await b.click();
  }
  // What the server said, pasted and loaded into the diagnose box: a secret too.
  await page.fill('textarea#diagnose', 'Warning Failed kubelet Error: ErrImagePull LOGSECRET123\n');
  await page.setInputFiles('input#diagnose-file', { name: 'rserver.log', mimeType: 'text/plain', buffer: Buffer.from('error: You must be logged in to the server (Unauthorized) LOGFILESECRET456\n') });
  await page.waitForSelector('[data-diagnosis][data-cause="token-unauthorized"]');
  await page.click('#share');
  // An imported launcher.kubernetes.conf holds a token too: it is treated like the pasted one.
  await page.setInputFiles('input#import-files', { name: 'launcher.kubernetes.conf', mimeType: 'text/plain', buffer: Buffer.from('api-url=https://10.0.0.1\nauth-token=IMPORTEDSECRETTOKEN123\n') });
  await page.waitForSelector('[data-diff="/etc/rstudio/launcher.kubernetes.conf"]', { state: 'attached' });
  await page.setInputFiles('input#kubeconfig-file', { name: 'config', mimeType: 'text/plain', buffer: Buffer.from(await fixture('aks.yaml')) });
  await page.waitForFunction(() => document.querySelector('textarea#kubeconfig').value.includes('myaks'));
  await page.click('#clear');
  await page.click('#load-example');
  await page.waitForTimeout(300);
  return token;
}

for (const [name, index] of [['hosted build', 0], ['single offline file (file://)', 1]]) {
  test(`${name}: no request after load, no CSP violation, no secret kept`, async () => {
    const target = targets()[index][1];
    const { page, context, requests, errors } = await open(target);
    const atLoad = [...requests];
    const token = await useEveryControl(page);
    assert.deepEqual(requests.slice(atLoad.length), [], 'requests after the first load');
    if (target.startsWith('file:')) assert.deepEqual(atLoad, [target], 'the single file loads nothing but itself');
    else assert.equal(atLoad.length, 5, `html, js, wasm, and the on-demand module's js and wasm: ${atLoad}`);
    assert.deepEqual(await page.evaluate(() => window.__violations), [], 'CSP violations in normal use');
    assert.deepEqual(errors, []);

    const kept = await page.evaluate(async () => JSON.stringify({
      local: { ...localStorage }, session: { ...sessionStorage }, cookies: document.cookie, url: location.href,
      idb: (await indexedDB.databases()).map(d => d.name),
    }));
    const ca = (await fixture('multi-cluster.yaml')).match(/certificate-authority-data: (\S+)/)[1];
    for (const secret of [token.slice(10, 60), ca.slice(10, 60), 'SECRETCRED', 'Y2xpZW50LWtleS1TRUNSRVRDUkVE', 'IMPORTEDSECRETTOKEN123', 'LOGSECRET123', 'LOGFILESECRET456']) {
      assert.ok(!kept.includes(secret), `secret found in ${kept}`);
    }
    assert.deepEqual(JSON.parse(kept).local, {});
    assert.deepEqual(JSON.parse(kept).idb, []);
    await context.close();
  });

  test(`${name}: the policy is active (a canary request to an outside address is blocked)`, async () => {
    const { page, context } = await open(targets()[index][1]);
    const outcome = await page.evaluate(() => fetch('https://example.invalid/canary').then(() => 'sent', () => 'blocked'));
    await page.waitForTimeout(100);
    assert.equal(outcome, 'blocked');
    const v = await page.evaluate(() => window.__violations);
    assert.ok(v.some(x => x.startsWith('connect-src https://example.invalid')), JSON.stringify(v));
    await context.close();
  });
}

test('the single offline file renders the example and reacts to input, from disk', async () => {
  const { page, context } = await open(targets()[1][1]);
  assert.match(await page.textContent('[data-file="/etc/rstudio/launcher.kubernetes.conf"]'), /\napi-url=https:\/\/34\.89\.68\.23\n/);
  await page.fill('input[name="namespace"]', 'offline');
  assert.match(await page.textContent('[data-file="/etc/rstudio/launcher.kubernetes.conf"]'), /\nkubernetes-namespace=offline\n/);
  assert.equal(await page.locator('#offline-copy').count(), 0, 'no download link inside the offline copy');
  const policy = await page.$eval('meta[http-equiv="Content-Security-Policy"]', m => m.content);
  assert.match(policy, /connect-src 'none'/);
  await context.close();
});

test('the published SHA-256 matches the offline file', async () => {
  const { createHash } = await import('node:crypto');
  const file = await readFile(`${root}dist/rsp-k8s-config-offline.html`);
  const [hash, name] = (await readFile(`${root}dist/rsp-k8s-config-offline.html.sha256`, 'utf8')).trim().split(/\s+/);
  assert.equal(name, 'rsp-k8s-config-offline.html');
  assert.equal(hash, createHash('sha256').update(file).digest('hex'));
});
