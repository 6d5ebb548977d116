// Shared harness for the end-to-end tests and the benchmark: Debian's chromium through
// playwright-core (no browser download), the built site served on localhost, fixtures.
import { before, after } from 'node:test';
import { readFile } from 'node:fs/promises';
import { chromium } from 'playwright-core';
import { serve } from './server.mjs';

export const root = new URL('..', import.meta.url).pathname;
export const fixture = name => readFile(`${root}engine/tests/fixtures/${name}`, 'utf8');
export const exampleToken = async () => (await readFile(`${root}engine/src/example/token.jwt`, 'utf8')).trim();

export const launch = () => chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
});

/// For a test file: serve dist/ and start a browser before its tests, stop both after.
export function suite() {
  const s = {};
  before(async () => {
    s.server = await serve(`${root}dist`);
    s.browser = await launch();
    s.url = s.server.url;
  });
  after(async () => {
    await s.browser?.close();
    await s.server?.close();
  });
  return s;
}

/// A page in a fresh context that records every request, page error and CSP violation.
export async function openPage(browser, url, options = {}) {
  const context = await browser.newContext({ serviceWorkers: 'block', acceptDownloads: true, ...options });
  const page = await context.newPage();
  await page.addInitScript(() => {
    window.__violations = [];
    document.addEventListener('securitypolicyviolation', e => window.__violations.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  const requests = [];
  const errors = [];
  // blob: URLs are the page's own memory (the on-demand worker's script), not the network.
  page.on('request', r => r.url().startsWith('blob:') || requests.push(r.url()));
  page.on('pageerror', e => errors.push(String(e)));
  await page.goto(url);
  await page.waitForSelector('[data-file="/etc/rstudio/launcher.conf"]');
  return { context, page, requests, errors };
}

/// WCAG 2.1 A/AA violations axe-core finds in the page as it is now, one line each.
let axeSource;
export async function axeViolations(page) {
  axeSource ??= await readFile(`${root}node_modules/axe-core/axe.min.js`, 'utf8');
  await page.evaluate(axeSource); // by the driver, outside the page's CSP
  return page.evaluate(async () => {
    const r = await window.axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
    return r.violations.map(v => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(' | ')} (${v.nodes.length} nodes)`);
  });
}

/// Open every collapsed section (advanced settings, the whole script), so every control shows.
export async function expandAll(page) {
  for (const summary of await page.$$('details:not([open]) > summary')) await summary.click();
}

/// "Download all": on incomplete output the first click only says so; the second downloads.
/** Take over every value the example left after the user's own paste, as if typed (the page
 * flags them `example.leftover` until then). */
export async function adoptExampleLeftovers(page) {
  const fields = await page.$$eval('[data-diagnostic][data-code="example.leftover"]', els => els.map(e => e.dataset.field));
  for (const field of fields) {
    if (field === 'token') await page.fill('textarea#token', await exampleToken());
    else if (field !== 'kubeconfig') await page.fill(`[name="${field}"]`, await page.inputValue(`[name="${field}"]`));
  }
}

export async function downloadAll(page) {
  if (await page.$('[data-status="complete"]')) return Promise.all([page.waitForEvent('download'), page.click('#download-all')]).then(([d]) => d);
  await page.click('#download-all');
  await page.waitForSelector('#download-all:has-text("anyway")');
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#download-all')]);
  return download;
}
