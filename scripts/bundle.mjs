// Bundles the compiled CLI into dist/cli with ncc (better-sqlite3 stays external: its native binary
// is built for the Node that installs the package) and the GitHub Action into dist/action (no
// external at all: the runner installs nothing, and no native module may be in it).
//
// Each bundle is built in a temporary folder beside its target and renamed into place, so a reader
// (a test run, the bench copying it) finds the previous bundle or the new one, never a half-written
// or deleted one. Node has no atomic exchange of two folders: the old one is renamed aside first,
// and the two renames leave the target missing only for the moment between two system calls.
import { execFileSync } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
} from 'node:fs';
import { basename, dirname, join } from 'node:path';

const ncc = (entry, out, externals) => {
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

/** Builds into a fresh folder next to `target` (the same file system, so rename works), then swaps. */
function bundleInPlace(entry, target, externals, entryFile, check = () => {}) {
  const parent = dirname(target);
  const name = basename(target);
  mkdirSync(parent, { recursive: true });
  const fresh = mkdtempSync(join(parent, `.${name}-new-`));
  // mkdtemp makes the folder private; the bundle is for everyone on the machine to run.
  chmodSync(fresh, 0o755);
  const previous = join(parent, `.${name}-old-${process.pid}`);
  try {
    ncc(entry, fresh, externals);
    chmodSync(join(fresh, entryFile), 0o755);
    check(fresh);
    const hadPrevious = existsSync(target);
    if (hadPrevious) renameSync(target, previous);
    try {
      renameSync(fresh, target);
    } catch (error) {
      if (hadPrevious) renameSync(previous, target);
      throw error;
    }
    rmSync(previous, { recursive: true, force: true });
  } finally {
    rmSync(fresh, { recursive: true, force: true });
  }
}

/**
 * The action runs on the runner's own Node (node24), whatever Node built the bundle, so it must
 * hold no native module: better-sqlite3 (or any `.node` binary) reachable from action/ fails here.
 */
function assertNoNativeModule(folder) {
  const offending = [];
  for (const name of readdirSync(folder, { recursive: true })) {
    const file = join(folder, String(name));
    if (file.endsWith('.node')) offending.push(`${file} is a native binary`);
    else if (file.endsWith('.js') || file.endsWith('.cjs') || file.endsWith('.mjs')) {
      const text = readFileSync(file, 'utf8');
      if (text.includes('better-sqlite3')) offending.push(`${file} references better-sqlite3`);
      const loader = /process\.dlopen|require\([^()]*\.node["'`]\s*\)/.exec(text);
      if (loader) offending.push(`${file} loads a binary: ${loader[0]}`);
    }
  }
  if (offending.length > 0) {
    throw new Error(`the action bundle must hold no native module:\n  ${offending.join('\n  ')}`);
  }
}

bundleInPlace('build/mcp/cli.js', 'dist/cli', ['better-sqlite3'], 'index.js');
bundleInPlace('build/action/index.js', 'dist/action', [], 'index.js', assertNoNativeModule);
