// Trunk post_build hook (runs in $TRUNK_STAGING_DIR before dist/ is replaced):
//  1. inline the stylesheet, so every style is covered by a hash;
//  2. name the on-demand worker module (glue and wasm, which Trunk leaves unhashed) by its
//     content, and preload both with the page (data-on-demand=js|wasm): src/ui/on_demand.rs reads
//     them at mount and starts the worker from a Blob on first use (worker-src blob:);
//  3. write a strict Content-Security-Policy <meta> into index.html, with the hashes of its
//     inline script and style ('self' only where the page fetches its own JS and wasm);
//  4. write rsp-k8s-config-offline.html: one file with the JS glue inlined and the wasm
//     embedded (gzip + base64, inflated by DecompressionStream: no fetch, no data: URL, no
//     eval), so it runs from disk with no network, under connect-src 'none'; the on-demand
//     module as two inert blocks (<script type="text/plain|application/octet-stream">, never
//     executed by the page); and its SHA-256;
//  5. verify, independently of 1-4, that every inline script and style of both pages has its
//     hash in the policy: the build fails otherwise.
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

const dir = process.env.TRUNK_STAGING_DIR ?? process.argv[2];
if (!dir) throw new Error('usage: TRUNK_STAGING_DIR=... node scripts/postbuild.mjs');
export const OFFLINE = 'rsp-k8s-config-offline.html';

const sha256 = text => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
const only = (re) => {
  const names = readdirSync(dir).filter(n => re.test(n));
  if (names.length !== 1) throw new Error(`expected one ${re} in ${dir}, found ${names}`);
  return names[0];
};
// Inline code: every <script>/<style> without src, but the on-demand module's inert data blocks.
const INERT = /\stype="(text\/plain|application\/octet-stream)"/;
const inline = (html, tag) => [...html.matchAll(new RegExp(`<${tag}\\b[^>]*>([\\s\\S]*?)</${tag}>`, 'g'))]
  .filter(m => !/\ssrc=/.test(m[0].slice(0, m[0].indexOf('>'))) && !INERT.test(m[0].slice(0, m[0].indexOf('>'))))
  .map(m => m[1]);

function policy(html, { connect }) {
  const scripts = inline(html, 'script').map(sha256).join(' ');
  const styles = inline(html, 'style').map(sha256).join(' ');
  const self = connect === "'self'" ? "'self' " : '';
  return [
    "default-src 'none'",
    `script-src ${self}${scripts} 'wasm-unsafe-eval'`,
    `style-src ${styles}`,
    'img-src data:',
    `connect-src ${connect}`,
    // The on-demand worker, started from a Blob the page makes of its own glue.
    'worker-src blob:',
    "base-uri 'none'",
    "form-action 'none'",
    "object-src 'none'",
  ].join('; ');
}

// Right after <meta charset>, before any script or style it governs.
const CHARSET = '<meta charset="utf-8" />';
const withPolicy = (html, csp) => {
  if (!html.includes(CHARSET)) throw new Error('index.html must start its <head> with ' + CHARSET);
  return html.replace(CHARSET, `${CHARSET}\n    <meta http-equiv="Content-Security-Policy" content="${csp}" />`);
};

// 1. Inline the stylesheet.
const cssName = only(/\.css$/);
const css = readFileSync(join(dir, cssName), 'utf8');
let index = readFileSync(join(dir, 'index.html'), 'utf8');
const link = index.match(/<link rel="stylesheet" href="\.\/[^"]+\.css"[^>]*>/);
if (!link) throw new Error('stylesheet link not found in index.html');
index = index.replace(link[0], () => `<style>${css}</style>`);
rmSync(join(dir, cssName));

// 2. The on-demand module, named by content and preloaded with the page.
const ON_DEMAND = 'rsp-k8s-on-demand';
const hash16 = bytes => createHash('sha256').update(bytes).digest('hex').slice(0, 16);
const onDemand = {};
for (const [what, suffix] of [['js', '.js'], ['wasm', '_bg.wasm']]) {
  const bytes = readFileSync(join(dir, ON_DEMAND + suffix));
  onDemand[what] = { name: `${ON_DEMAND}-${hash16(bytes)}${suffix}`, bytes };
  renameSync(join(dir, ON_DEMAND + suffix), join(dir, onDemand[what].name));
}
const preload = what => `<link rel="preload" href="./${onDemand[what].name}" as="fetch" crossorigin data-on-demand="${what}" />`;
if (!index.includes('</head>')) throw new Error('index.html has no </head>');
index = index.replace('</head>', () => `    ${preload('js')}\n    ${preload('wasm')}\n  </head>`);

// 3. The hosted page fetches its own JS module and wasm: 'self' for those, hashes for the rest.
writeFileSync(join(dir, 'index.html'), withPolicy(index, policy(index, { connect: "'self'" })));

// 4. The single offline file.
const jsName = only(/^rsp-k8s-config-[0-9a-f]+\.js$/);
const glue = readFileSync(join(dir, jsName), 'utf8');
const wasm = readFileSync(join(dir, only(/^rsp-k8s-config-[0-9a-f]+_bg\.wasm$/)));
const onDemandGlue = onDemand.js.bytes.toString('utf8');
// `</script` would end its element early; `<!--` or `<script` would put the HTML parser into its
// escaped states, where the element's own `</script>` no longer ends it.
for (const js of [glue, onDemandGlue]) if (/<\/script|<!--|<script/i.test(js)) throw new Error('a JS glue contains </script, <!-- or <script');
const b64 = gzipSync(wasm, { level: 9 }).toString('base64');
const boot = `${glue}
const b64 = "${b64}";
const gz = typeof Uint8Array.fromBase64 === "function" ? Uint8Array.fromBase64(b64) : Uint8Array.from(atob(b64), c => c.charCodeAt(0));
const bytes = await new Response(new Blob([gz]).stream().pipeThrough(new DecompressionStream("gzip"))).arrayBuffer();
await __wbg_init({ module_or_path: bytes });
`;
let single = index
  .replace(preload('js'), () => `<script type="text/plain" data-on-demand="js">${onDemandGlue}</script>`)
  .replace(preload('wasm'), () => `<script type="application/octet-stream" data-on-demand="wasm">${gzipSync(onDemand.wasm.bytes, { level: 9 }).toString('base64')}</script>`)
  .replace(/<script type="module">[\s\S]*?<\/script>/, () => `<script type="module">\n${boot}</script>`)
  .replace(/<link rel="modulepreload"[^>]*>/, '')
  .replace(/<link rel="preload"[^>]*>/, '');
single = withPolicy(single, policy(single, { connect: "'none'" }));
writeFileSync(join(dir, OFFLINE), single);
const digest = createHash('sha256').update(single, 'utf8').digest('hex');
writeFileSync(join(dir, `${OFFLINE}.sha256`), `${digest}  ${OFFLINE}\n`);

// 5. Independent check of both pages.
for (const name of ['index.html', OFFLINE]) {
  const html = readFileSync(join(dir, name), 'utf8');
  const csp = html.match(/http-equiv="Content-Security-Policy" content="([^"]+)"/)?.[1];
  if (!csp) throw new Error(`${name}: no Content-Security-Policy`);
  const directive = d => csp.split('; ').find(x => x.startsWith(d + ' ')) ?? '';
  for (const [tag, d] of [['script', 'script-src'], ['style', 'style-src']]) {
    for (const body of inline(html, tag)) {
      if (!directive(d).includes(sha256(body))) throw new Error(`${name}: an inline <${tag}> is not in ${d}`);
    }
  }
  if (/\son[a-z]+=|\sstyle=/i.test(html.replace(/<script[\s\S]*?<\/script>|<style[\s\S]*?<\/style>/g, ''))) {
    throw new Error(`${name}: inline event handler or style attribute (not allowed by the policy)`);
  }
  if (name === OFFLINE && (directive('connect-src') !== "connect-src 'none'" || /<link rel="(module)?preload"/.test(html))) {
    throw new Error(`${OFFLINE}: must not fetch anything`);
  }
}
console.log(`postbuild: CSP written; ${OFFLINE} ${single.length} bytes, sha256 ${digest}`);
