import { resolve } from 'node:path';

/** The bench runs compiled, from build/bench/: the repository is two folders up. */
export const ROOT = resolve(import.meta.dirname, '../..');
export const BUNDLE_DIR = resolve(ROOT, 'dist/cli');
export const BUNDLE_ENTRY = 'index.js';
/** Inside the repository, so the bundle's external better-sqlite3 still resolves from node_modules. */
export const BUNDLE_SNAPSHOT_DIR = resolve(import.meta.dirname, 'settld-cli');
export const MINIMAL_STDIO_SERVER = resolve(import.meta.dirname, 'baselines/minimal-stdio-server.js');
export const BARE_FASTIFY = resolve(import.meta.dirname, 'baselines/bare-fastify.js');
export const RESULTS_FILE = resolve(ROOT, 'bench/results/latest.json');
/** Figures of a run of only some benchmarks (`npm run bench -- NAME…`); not committed. */
export const SELECTED_RESULTS_FILE = resolve(ROOT, 'bench/results/selected.json');
