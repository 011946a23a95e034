// Bundles the compiled CLI into dist/cli with ncc. better-sqlite3 stays external: its native
// binary is built for the Node that installs the package.
import { execFileSync } from 'node:child_process';
import { chmodSync, rmSync } from 'node:fs';

const ncc = (entry, out, externals) => {
  rmSync(out, { recursive: true, force: true });
  execFileSync(
    process.execPath,
    [
      'node_modules/@vercel/ncc/dist/ncc/cli.js',
      'build',
      entry,
      '-o',
      out,
      '--quiet',
      ...externals.flatMap((e) => ['-e', e]),
    ],
    { stdio: 'inherit' },
  );
};

ncc('build/mcp/cli.js', 'dist/cli', ['better-sqlite3']);
chmodSync('dist/cli/index.js', 0o755);
