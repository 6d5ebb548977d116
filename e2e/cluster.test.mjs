// A load-balanced cluster typed into the real page: one card per node for the per-node file,
// each with its own anchor, name and download, differing only in www-host-name; database.conf
// without a password; the cluster steps in the runbook; a password-like value is refused and
// never reaches the link; axe finds no violation.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { axeViolations, expandAll, openPage, suite } from './harness.mjs';

const s = suite();
const LB = '/etc/rstudio/load-balancer';

test('a three-node cluster: a load-balancer card per node, one line apart', async () => {
  const { page, context, errors } = await openPage(s.browser, s.url);
  await expandAll(page);
  await page.selectOption('select[name="topology"]', 'cluster');
  const vm = await page.inputValue('input[name="vm-ip"]');
  await page.fill('[name="nodes"]', `wb-1 ${vm}\nwb-2 10.154.0.21\nwb-3 10.154.0.22`);
  await page.fill('input[name="nfs-server"]', '10.154.0.30');
  await page.fill('input[name="db-host"]', '10.154.0.40');
  await page.fill('input[name="lb-address"]', '10.154.0.50');
  await page.waitForFunction(lb => document.querySelectorAll(`[data-file="${lb}"]`).length === 3, LB);

  const cards = await page.$$eval(`[data-file="${LB}"]`, els => els.map(e => ({ node: e.dataset.node, text: e.textContent, card: e.closest('article').id })));
  assert.deepEqual(cards.map(c => c.node), ['wb-1', 'wb-2', 'wb-3']);
  assert.deepEqual(cards.map(c => c.card), ['file-load-balancer-wb-1', 'file-load-balancer-wb-2', 'file-load-balancer-wb-3']);
  const others = text => text.split('\n').filter(l => !l.startsWith('www-host-name='));
  for (const c of cards) assert.deepEqual(others(c.text), others(cards[0].text), 'only www-host-name differs');
  assert.match(cards[1].text, /\nwww-host-name=10\.154\.0\.21\n/);
  // The index links each node's card, and each card downloads under its own name.
  assert.equal(await page.locator('a[href="#file-load-balancer-wb-3"]').count(), 1);
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#file-load-balancer-wb-2 button[data-download]')]);
  assert.equal(download.suggestedFilename(), 'load-balancer-wb-2');

  const db = await page.textContent('[data-file="/etc/rstudio/database.conf"]');
  assert.match(db, /\nhost=10\.154\.0\.40\n/);
  assert.ok(!/password=/.test(db), 'no password in the page');
  assert.ok(await page.locator('#step-cluster-database').count() === 1 && await page.locator('#step-cluster-join').count() === 1);

  // A password typed where a host goes is refused at its field and never reaches the link.
  await page.fill('input[name="db-host"]', 'Sup3r$ecretPassw0rd!');
  await page.waitForSelector('[data-diagnostic][data-field="db-host"][data-severity="error"]');
  await page.waitForTimeout(300);
  assert.ok(!decodeURIComponent(await page.evaluate(() => location.hash)).includes('Sup3r'), 'not in the share link');
  await page.fill('input[name="db-host"]', '10.154.0.40');

  assert.deepEqual(await axeViolations(page), []);
  assert.deepEqual(errors, []);
  await context.close();
});
