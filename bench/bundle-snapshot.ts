import { cpSync, existsSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { BUNDLE_DIR, BUNDLE_ENTRY, BUNDLE_SNAPSHOT_DIR, ROOT } from './paths.js';

const SOURCE_FOLDERS = ['core', 'mcp'];
const MAX_FILES = 5000;

/** A bundle takes about 15 s; `npm test` re-bundles (deleting dist/cli first) unless told not to. */
const BUNDLE_WAIT_MS = 45_000;

/**
 * Copies dist/cli aside and returns the copy's entry: every benchmark then measures the same build,
 * even when a test run re-bundles dist/ meanwhile. Waits a little when dist/cli is being rebuilt.
 */
export async function snapshotBundle(): Promise<string> {
  const entry = join(BUNDLE_DIR, BUNDLE_ENTRY);
  const deadline = Date.now() + BUNDLE_WAIT_MS;
  while (!existsSync(entry) && Date.now() < deadline) await sleep(500);
  if (!existsSync(entry))
    throw new Error(`${relative(ROOT, entry)} is missing: run \`npm run bundle\` first`);
  rmSync(BUNDLE_SNAPSHOT_DIR, { recursive: true, force: true });
  cpSync(BUNDLE_DIR, BUNDLE_SNAPSHOT_DIR, { recursive: true, preserveTimestamps: true });
  const copy = join(BUNDLE_SNAPSHOT_DIR, BUNDLE_ENTRY);
  if (!existsSync(copy) || statSync(copy).size === 0) {
    throw new Error(
      `${relative(ROOT, BUNDLE_DIR)} changed while it was copied (a bundle running?): try again`,
    );
  }
  return copy;
}

export function removeSnapshot(): void {
  rmSync(BUNDLE_SNAPSHOT_DIR, { recursive: true, force: true });
}

/** Sources changed after `bundle` was written: the bench would measure old code. */
export function sourcesNewerThan(bundle: string): string[] {
  const bundled = statSync(bundle).mtimeMs;
  const newer: string[] = [];
  const pending = SOURCE_FOLDERS.map((folder) => join(ROOT, folder));
  let seen = 0;
  while (pending.length > 0 && seen < MAX_FILES) {
    const folder = pending.pop()!;
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      const path = join(folder, entry.name);
      if (entry.isDirectory()) {
        pending.push(path);
      } else if (entry.name.endsWith('.ts')) {
        seen++;
        if (statSync(path).mtimeMs > bundled) newer.push(relative(ROOT, path));
      }
    }
  }
  return newer.sort();
}
