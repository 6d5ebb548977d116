// The size gate fails a build that grows past its ceilings (a deliberately padded copy of the
// release build) and passes the build as it is.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cp, mkdtemp, readdir, rm, appendFile } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { root } from './harness.mjs';

const gate = dir => spawnSync('node', [`${root}scripts/size-gate.mjs`, dir], { encoding: 'utf8' });

test('the size gate passes the build and fails it padded past its ceilings, each part on its own', async () => {
  const real = gate(`${root}dist`);
  assert.equal(real.status, 0, real.stdout + real.stderr);
  for (const [part, over, within] of [
    [/^rsp-k8s-config-.*_bg\.wasm$/, /critical path, gzip -9: \d+ bytes of \d+ OVER BUDGET/, null],
    // The on-demand module is not on the critical path, but it is in the hosted load.
    [/^rsp-k8s-on-demand-.*_bg\.wasm$/, /hosted first load, gzip -9: \d+ bytes of \d+ OVER BUDGET/, /critical path, gzip -9: \d+ bytes of \d+ ok/],
  ]) {
    const dir = await mkdtemp(join(tmpdir(), 'rsp-size-gate-'));
    try {
      await cp(`${root}dist`, dir, { recursive: true });
      const wasm = (await readdir(dir)).find(n => part.test(n));
      await appendFile(join(dir, wasm), randomBytes(64 * 1024)); // incompressible
      const padded = gate(dir);
      assert.equal(padded.status, 1, padded.stdout);
      assert.match(padded.stdout, over);
      if (within) assert.match(padded.stdout, within);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }
});
