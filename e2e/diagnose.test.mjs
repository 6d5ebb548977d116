// The diagnose box end to end: the runbook's troubleshoot output from a failing setup (a
// wrong image tag, a blocked callback port) typed into the real page names both causes with
// their evidence and links to the fields, files and steps; a log file; nothing recognised;
// the guide holds causes and fixes only; Clear wipes the box; axe finds no violation. The scan
// runs in the on-demand module's worker: none before first use, and Clear ends it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { axeViolations, openPage, suite } from './harness.mjs';

const s = suite();

const TROUBLESHOOT = [
  '\u001b[1m# 1. From the cluster: can a pod reach rserver\'s callback address?\u001b[0m',
  'curl: (28) Connection timed out after 5002 milliseconds',
  '000',
  'pod "rsp-callback-check" deleted',
  'pod rstudio/rsp-callback-check terminated (Error)',
  'NAME                              READY   STATUS             RESTARTS   AGE',
  'pod/rstudio-launcher-k2x9f-7wq    0/1     \u001b[31mImagePullBackOff\u001b[0m   0          4m',
  '4m   Warning   Failed   pod/rstudio-launcher-k2x9f-7wq   Failed to pull image "rstudio/r-session-complete:ubuntu2204-2026.9.0": not found',
  '2026-05-01T10:04:00.118Z [rstudio-kubernetes-launcher] INFO Job rstudio-launcher-k2x9f is pending',
].join('\r\n');

const causes = page => page.$$eval('[data-diagnosis]', els => els.map(e => e.dataset.cause));

test('the troubleshoot output of a wrong tag and a blocked port names both causes, linked', async () => {
  const { page, context, errors, requests } = await openPage(s.browser, s.url);
  const atLoad = requests.length;
  assert.equal(page.workers().length, 0, 'the on-demand module is not started before first use');
  await page.fill('textarea#diagnose', TROUBLESHOOT);
  await page.waitForSelector('[data-diagnosis][data-cause="callback-unreachable"]');
  assert.equal(page.workers().length, 1, 'scanned in one worker');
  assert.equal(await page.getAttribute('#diagnosis', 'aria-busy'), 'false');
  const found = await causes(page);
  assert.ok(found.includes('image-pull') && found.includes('callback-unreachable'), String(found));
  const pull = page.locator('[data-diagnosis][data-cause="image-pull"]');
  const evidence = await pull.locator('[data-evidence]').textContent();
  assert.match(evidence, /ImagePullBackOff/);
  assert.ok(!evidence.includes('\u001b') && !evidence.includes('\r'), JSON.stringify(evidence));
  assert.match(await pull.textContent(), /posit\/workbench-session:R4\.5\.2-python3\.14\.3-ubuntu-24\.04/, 'names the page\'s own image');
  assert.equal(await pull.locator('a[href="#field-session-image"]').count(), 1);
  assert.ok(await pull.locator('a[href="#file-rserver.conf"]').count() >= 1, 'the file line the field sets');
  const callback = page.locator('[data-diagnosis][data-cause="callback-unreachable"]');
  assert.match(await callback.textContent(), /http:\/\/10\.154\.0\.16:8787/);
  for (const href of ['#field-vm-ip', '#field-www-port', '#step-firewall', '#step-troubleshoot']) {
    assert.equal(await callback.locator(`a[href="${href}"]`).count(), 1, href);
  }
  // A link lands on the field it names.
  await callback.locator('a[href="#field-vm-ip"]').click();
  assert.ok(await page.$('#field-vm-ip'));
  assert.deepEqual(await axeViolations(page), []);

  // The guide: the causes and fixes, never the pasted lines.
  await page.waitForFunction(() => document.querySelector('[data-guide]').textContent.includes('## Diagnosis'));
  const guide = await page.textContent('[data-guide]');
  assert.match(guide, /callback-unreachable/);
  assert.ok(!guide.includes('rsp-callback-check terminated') && !guide.includes('k2x9f'), 'no evidence in the guide');

  // Clear wipes the box and its findings (a second click: it asks first).
  await page.click('#clear');
  await page.click('#clear');
  await page.waitForFunction(() => document.querySelector('textarea#diagnose').value === '');
  assert.equal(await page.locator('[data-diagnosis]').count(), 0);
  // The worker held a copy of the log: it is gone with it.
  for (let i = 0; i < 100 && page.workers().length; i++) await page.waitForTimeout(20);
  assert.equal(page.workers().length, 0, 'Clear ends the worker');
  // Used again, the module starts afresh from the bytes the page kept (no request).
  await page.fill('textarea#diagnose', 'Error: ErrImagePull\n');
  await page.waitForSelector('[data-diagnosis][data-cause="image-pull"]');
  assert.deepEqual(requests.slice(atLoad), [], 'no request after load');
  assert.deepEqual(errors, []);
  await context.close();
});

test('a log file is read; nothing recognised says so and lists what was looked for', async () => {
  const { page, context, errors } = await openPage(s.browser, s.url);
  await page.setInputFiles('input#diagnose-file', {
    name: 'rserver.log', mimeType: 'text/plain',
    buffer: Buffer.from('May  1 10:00:00 wb systemd[1]: rstudio-launcher.service: Failed with result \'exit-code\'.\n'),
  });
  await page.waitForSelector('[data-diagnosis][data-cause="launcher-config"]');
  assert.match(await page.inputValue('textarea#diagnose'), /rstudio-launcher\.service/);
  await page.fill('textarea#diagnose', 'INFO all sessions are running\nnothing to see\n');
  await page.waitForSelector('[data-diagnosis-none]');
  assert.equal(await page.locator('[data-diagnosis]').count(), 0, 'no invented cause');
  assert.equal(await page.locator('[data-looked-for]').count(), 16);
  assert.deepEqual(await axeViolations(page), []);
  assert.deepEqual(errors, []);
  await context.close();
});

test('a log too large to show whole is held: the box shows its end, read-only, and the page stays quick', async () => {
  const { page, context, errors } = await openPage(s.browser, s.url, { permissions: ['clipboard-read', 'clipboard-write'] });
  const noise = '2026-05-01T10:04:00.118Z [rstudio-kubernetes-launcher] INFO Job rstudio-launcher-k2x9f is pending\n';
  const log = 'Error: ErrImagePull\n' + noise.repeat(12000) + 'last line of the log\n';
  await page.evaluate(t => navigator.clipboard.writeText(t), log);
  await page.focus('textarea#diagnose');
  await page.keyboard.press('Control+V');
  await page.waitForSelector('[data-diagnosis][data-cause="image-pull"]');
  const shown = await page.inputValue('textarea#diagnose');
  assert.ok(shown.length < 20 * 1024 && shown.endsWith('last line of the log\n'), `${shown.length} characters shown`);
  assert.equal(await page.getAttribute('textarea#diagnose', 'readonly'), '');
  assert.match(await page.textContent('[data-held-text="log"]'), /This log \(1\.\d MiB\) is held/);
  // Laying out the whole log would cost about a second; nothing on the page takes that long.
  const longest = await page.evaluate(() => new Promise(r => {
    let max = 0;
    new PerformanceObserver(l => { for (const e of l.getEntries()) max = Math.max(max, e.duration); }).observe({ type: 'longtask', buffered: true });
    setTimeout(() => r(max), 200);
  }));
  assert.ok(longest < 400, `longest task ${longest} ms`);
  await page.click('#diagnose-held-clear');
  await page.waitForFunction(() => !document.querySelector('textarea#diagnose').readOnly);
  assert.equal(await page.inputValue('textarea#diagnose'), '');
  assert.equal(await page.locator('[data-diagnosis]').count(), 0);
  // The worker held a copy of the log: emptying the box ends it too.
  for (let i = 0; i < 100 && page.workers().length; i++) await page.waitForTimeout(20);
  assert.equal(page.workers().length, 0, 'the emptied box ends the worker');
  assert.deepEqual(await axeViolations(page), []);
  assert.deepEqual(errors, []);
  await context.close();
});

test('a cluster\'s database error on a one-server page: found, and every link lands on something the page has', async () => {
  const { page, context, errors } = await openPage(s.browser, s.url);
  await page.fill('textarea#diagnose', '2026-05-01 10:04:00.118 UTC [2211] FATAL:  password authentication failed for user "rstudio"\n');
  await page.waitForSelector('[data-diagnosis][data-cause="database"]');
  const targets = await page.$$eval('[data-diagnosis] a[href^="#"]', as => as.map(a => [a.getAttribute('href'), !!document.getElementById(a.getAttribute('href').slice(1))]));
  assert.ok(targets.length > 0);
  assert.deepEqual(targets.filter(([, found]) => !found), [], 'links to anchors the page does not have');
  assert.deepEqual(errors, []);
  await context.close();
});
