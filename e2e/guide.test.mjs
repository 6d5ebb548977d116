// The page guides: an honest status, the real order of work, the context picker telling the
// truth, and keyboard paths (skip link, summary links into their fields).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { adoptExampleLeftovers, downloadAll, fixture, openPage, suite } from './harness.mjs';

const s = suite();
const status = page => page.getAttribute('[data-status]', 'data-status');

test('status: example with the example, error after Clear, complete with a warning-only kubeconfig', async () => {
  const { page, context } = await openPage(s.browser, s.url);
  assert.equal(await status(page), 'example', 'made-up values are never "complete"');
  assert.match(await page.textContent('[data-status]'), /^Example/);
  assert.equal(await page.locator('[data-example-banner]').count(), 1, 'the example says it is one');

  await page.click('#clear');
  await page.waitForSelector('[data-status="error"]');
  assert.equal(await page.locator('[data-example-banner]').count(), 0);
  // The count of missing values is read from the rendered output: each one is a placeholder there.
  const missing = await page.$$eval('[data-missing]', els => els.map(e => e.dataset.missing));
  const rendered = await page.$$eval('[data-file], [data-manifest], [data-step] pre', els => els.map(e => e.textContent).join('\n'));
  assert.ok(missing.length >= 4, missing.join());
  for (const key of missing) assert.ok(rendered.includes(`<${key}>`), `<${key}> is in the output`);
  assert.match(await page.textContent('[data-status]'), new RegExp(`${missing.length} values still missing`));
  // Download all says what that means before it acts.
  await page.click('#download-all');
  assert.match(await page.textContent('.actions .feedback'), /Incomplete: .* the script refuses to run/);
  assert.match(await page.textContent('#download-all'), /anyway/);
  await context.close();

  const second = await openPage(s.browser, s.url);
  const noCa = (await fixture('rancher.yaml')).split('\n').filter(l => !l.includes('certificate-authority-data')).join('\n');
  await second.page.fill('textarea#kubeconfig', noCa);
  await second.page.waitForSelector('[data-code="kubeconfig.no-ca"]');
  // Pasted over the example: every made-up value left is an error until it is the user's.
  assert.equal(await status(second.page), 'error');
  assert.ok(await second.page.$('#field-vm-ip [data-code="example.leftover"]'));
  await adoptExampleLeftovers(second.page);
  assert.equal(await status(second.page), 'complete', 'a warning does not make the output incomplete');
  assert.match(await second.page.textContent('[data-status]'), /1 warning and \d+ notes? to read/); // notes: NFS's trust boundary, plain HTTP, the unpinned JupyterLab
  await downloadAll(second.page); // complete: the first click downloads
  await second.context.close();
});

test('the context picker shows the context the files use: none, a missing current-context, a valid one', async () => {
  const { page, context } = await openPage(s.browser, s.url);
  const multi = await fixture('multi-cluster.yaml');
  const picked = () => page.$eval('select#context', e => (e.value === '' ? '' : e.selectedOptions[0].textContent));
  const api = async () => (await page.textContent('[data-file="/etc/rstudio/launcher.kubernetes.conf"]')).match(/api-url=(.*)/)[1];
  for (const [text, want, url] of [
    [multi.replace(/current-context: .*\n/, ''), '', '<api-url>'],
    [multi.replace(/current-context: .*\n/, 'current-context: gone\n'), '', '<api-url>'],
    [multi, 'gke_rsp-k8s-demo_europe-west2_custard', 'https://34.89.68.23'],
  ]) {
    await page.fill('textarea#kubeconfig', text);
    assert.equal(await picked(), want);
    assert.equal(await api(), url);
  }
  await page.selectOption('select#context', { label: 'kind-dev' });
  assert.equal(await picked(), 'kind-dev');
  assert.equal(await api(), 'https://127.0.0.1:40519');
  assert.equal(await page.locator('select#context option[value=""]').count(), 0, 'no "choose" entry once one is used');
  await context.close();
});

test('keyboard: the skip link leads to the outputs and on to a file\'s Copy button; a summary link focuses its field', async () => {
  const { page, context } = await openPage(s.browser, s.url);
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.textContent), 'Skip to the files and the runbook');
  await page.keyboard.press('Enter');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'outputs');
  let reached = false;
  for (let i = 0; i < 60 && !reached; i++) {
    await page.keyboard.press('Tab');
    reached = await page.evaluate(() => document.activeElement.matches('article.file button[data-copy]'));
  }
  assert.ok(reached, 'a file\'s Copy button is reached by Tab from the outputs');
  assert.match(await page.evaluate(() => document.activeElement.getAttribute('aria-label')), /^Copy \/etc\/rstudio\//);

  await page.fill('input[name="vm-ip"]', '10.154.0.999');
  await page.click('.summary a[href="#field-vm-ip"]');
  assert.equal(await page.evaluate(() => document.activeElement.id), 's-vm-ip');
  assert.equal(await page.getAttribute('input[name="vm-ip"]', 'aria-invalid'), 'true');
  assert.match(await page.getAttribute('input[name="vm-ip"]', 'aria-describedby'), /diagnostics-vm-ip/);
  await context.close();
});

test('deep links: #step-token and #file-rserver.conf scroll there and are not share links', async () => {
  const { page, context } = await openPage(s.browser, `${s.url}#step-token`);
  assert.equal((await page.inputValue('textarea#token')).length > 100, true, 'the example opens');
  await page.waitForFunction(() => document.getElementById('step-token').getBoundingClientRect().top < innerHeight);
  await page.goto(`${s.url}#file-rserver.conf`);
  await page.waitForSelector('#file-rserver\\.conf [data-file="/etc/rstudio/rserver.conf"]');
  await context.close();
});
