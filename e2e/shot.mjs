// Screenshot helper: node e2e/shot.mjs URL OUT.png [dark] [width]
import { launch } from './harness.mjs';
const [url, out, scheme = 'light', width = '1400'] = process.argv.slice(2);
const browser = await launch();
const page = await browser.newPage({ viewport: { width: Number(width), height: 900 }, colorScheme: scheme });
const errors = [];
page.on('pageerror', e => errors.push(String(e)));
page.on('console', m => { if (m.type() === 'error') errors.push(m.text()); });
await page.goto(url);
await page.waitForSelector('[data-file="/etc/rstudio/launcher.conf"]');
await page.screenshot({ path: out, fullPage: false });
console.log(errors.length ? 'ERRORS:\n' + errors.join('\n') : 'no page errors');
await browser.close();
