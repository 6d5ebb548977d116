// The static shell: painted from the HTML while the WebAssembly is held back, in the app's
// own words, accessible, and what is pasted into it is carried into the app.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { axeViolations, exampleToken, fixture, suite } from './harness.mjs';

const s = suite();

/// A page whose WebAssembly arrives only when `release()` is called.
async function heldPage() {
  const context = await s.browser.newContext();
  const page = await context.newPage();
  const held = [];
  let open = false;
  await page.route('**/*_bg.wasm', route => (open ? route.continue() : held.push(route)));
  await page.goto(s.url);
  await page.waitForSelector('#shell-kubeconfig');
  const release = async () => { open = true; for (const r of held.splice(0)) await r.continue(); };
  return { context, page, release, held };
}

// The words a person reads first, in the shell and, once it runs, in the app: the heading, and
// the title and help of the card around each text box.
const words = (page, boxes) => page.evaluate(boxes => {
  const text = (root, sel) => [...root.querySelectorAll(sel)].map(e => e.textContent.replace(/\s+/g, ' ').trim());
  const card = box => document.querySelector(box).closest('section');
  return [...text(document, 'header.top h1, header.top .tagline'), ...boxes.flatMap(b => text(card(b), 'h2, :scope > p.help'))];
}, boxes);

test('the shell shows while the WebAssembly loads, in the same words as the app, with no axe violation', async () => {
  const { context, page, release, held } = await heldPage();
  assert.ok(held.length > 0, 'the wasm request was held');
  assert.ok(await page.isVisible('#shell-kubeconfig') && await page.isVisible('#shell-token'));
  assert.match(await page.textContent('#shell [role="status"]'), /Loading/);
  assert.deepEqual(await axeViolations(page), [], 'the shell');
  const shell = await words(page, ['#shell-kubeconfig', '#shell-token']);
  assert.equal(shell.length, 6);
  await release();
  await page.waitForSelector('[data-file="/etc/rstudio/launcher.conf"]');
  assert.deepEqual(await words(page, ['#kubeconfig', '#token']), shell);
  assert.equal(await page.$('#shell'), null, 'the shell is gone');
  await context.close();
});

test('a kubeconfig pasted into the shell is carried into the app, with the focus, and none of the example', async () => {
  const { context, page, release } = await heldPage();
  const kubeconfig = await fixture('aks.yaml');
  await page.fill('#shell-kubeconfig', kubeconfig);
  await release();
  await page.waitForSelector('[data-file="/etc/rstudio/launcher.conf"]');
  assert.equal(await page.inputValue('#kubeconfig'), kubeconfig);
  const server = kubeconfig.match(/server: (\S+)/)[1];
  assert.match(await page.textContent('[data-file="/etc/rstudio/launcher.kubernetes.conf"]'), new RegExp(`api-url=${server.replace(/[.]/g, '\\.')}`));
  await page.waitForFunction(() => document.activeElement?.id === 'kubeconfig');
  // The example was never seen: its made-up token and settings are not mixed in.
  assert.equal(await page.$('[data-example-banner]'), null);
  assert.equal(await page.inputValue('#token'), '');
  assert.equal(await page.inputValue('#s-vm-ip'), '');
  assert.ok(await page.$('[data-status="error"]'), 'the token and the settings are missing');
  await context.close();
});

test('a token pasted into the shell is carried into the app, with the focus', async () => {
  const { context, page, release } = await heldPage();
  await page.fill('#shell-token', await exampleToken());
  await release();
  await page.waitForSelector('[data-file="/etc/rstudio/launcher.conf"]');
  assert.equal(await page.inputValue('#token'), await exampleToken());
  assert.equal(await page.inputValue('#kubeconfig'), '');
  await page.waitForFunction(() => document.activeElement?.id === 'token');
  await context.close();
});

test('keys typed into the shell while the app starts are all kept', async () => {
  const { context, page, release } = await heldPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 }); // a longer first render to type into
  await page.focus('#shell-kubeconfig');
  await release();
  let typed = 0;
  for (let after = 0; after < 5; typed++) {
    await page.keyboard.type('a');
    if (await page.$('#kubeconfig')) after++;
  }
  await page.waitForFunction(n => document.querySelector('#kubeconfig').value === 'a'.repeat(n), typed);
  assert.equal(await page.evaluate(() => document.activeElement.id), 'kubeconfig');
  await context.close();
});

for (const [why, prepare] of [
  ['the wasm fails to load', page => page.route('**/*_bg.wasm', route => route.abort())],
  ['the JS glue fails to load', page => page.route('**/rsp-k8s-config-*.js', route => route.abort())],
  ['the browser has no WebAssembly', page => page.addInitScript(() => { delete globalThis.WebAssembly; })],
]) {
  test(`when ${why}, the shell says the generator could not start instead of loading forever`, async () => {
    const context = await s.browser.newContext();
    const page = await context.newPage();
    await prepare(page);
    await page.goto(s.url);
    await page.waitForFunction(() => /could not start/.test(document.querySelector('#shell [role="status"]').textContent));
    assert.ok(await page.isVisible('#shell-kubeconfig'));
    await context.close();
  });
}
