// `npm ci` runs this (the `prepare` script): it installs the outside MCP clients that
// test/drills/outside-clients.test.ts drives (the official conformance suite, the Inspector, and the
// Node 24 they need) into their own npm project, so that `npm test` after `npm ci` runs every test.
// They ship for linux-x64 only; elsewhere, or when the install fails outside CI, it says so on one
// line and `npm test` skips that one file visibly. Under CI a failure fails the install.
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const prefix = join(dirname(fileURLToPath(import.meta.url)), '..', 'test', 'drills', 'outside-clients');
const ci = process.env.CI === 'true';

if (process.platform !== 'linux' || process.arch !== 'x64') {
  console.warn(
    `outside MCP clients not installed: they ship for linux-x64, this is ${process.platform}-${process.arch}`,
  );
  process.exit(ci ? 1 : 0);
}
const npm = process.env.npm_execpath ? [process.execPath, [process.env.npm_execpath]] : ['npm', []];
const result = spawnSync(npm[0], [...npm[1], 'ci', '--no-audit', '--no-fund', '--prefix', prefix], {
  stdio: 'inherit',
});
if (result.status !== 0) {
  console.warn(`outside MCP clients not installed (npm ci --prefix ${prefix} failed)`);
  process.exit(ci ? 1 : 0);
}
