// Accessibility (WCAG 2.1 A/AA) with axe-core in the real page: light and dark, with the
// example and after Clear, at 1280 and 360 px. Plus the keyboard paths a person uses.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { axeViolations as violations, openPage, suite } from './harness.mjs';

const s = suite();
for (const colorScheme of ['light', 'dark']) {
  for (const width of [1280, 360]) {
    test(`axe: no WCAG 2.1 AA violation, ${colorScheme}, ${width} px, example and after Clear`, async () => {
      const { page, context } = await openPage(s.browser, s.url, { colorScheme, viewport: { width, height: 900 } });
      assert.deepEqual(await violations(page), [], 'with the example');
      await page.click('#clear');
      await page.waitForSelector('[data-status="error"]');
      assert.deepEqual(await violations(page), [], 'after Clear');
      await context.close();
    });
  }
}
