import { chmodSync, existsSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { SettldError } from '../errors.js';
import { LATEST_SCHEMA_VERSION, MIGRATIONS, type Migration } from './migrations.js';

export type SqliteDatabase = Database.Database;

export interface OpenDatabaseOptions {
  /** Milliseconds a writer waits for another writer's lock before SQLITE_BUSY. */
  busyTimeoutMs?: number;
  migrations?: readonly Migration[];
}

/** Creates a directory for private data (mode 0700), tightening it if it already exists and is ours. */
export function ensurePrivateDir(dir: string): void {
  if (!existsSync(dir)) {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
  }
  try {
    chmodSync(dir, 0o700);
  } catch {
    // Not ours to change (a shared parent such as /tmp): the files inside still get private modes.
  }
}

/**
 * Opens the SQLite store: WAL journal (readers never block the writer), a busy timeout so two
 * processes on one file wait instead of failing, foreign keys on, and every pending migration applied.
 */
export function openDatabase(path: string, options: OpenDatabaseOptions = {}): SqliteDatabase {
  if (path !== ':memory:') ensurePrivateDir(dirname(path));
  let db: SqliteDatabase;
  try {
    db = new Database(path);
  } catch (error) {
    throw new SettldError('STORE_UNAVAILABLE', 503, `Cannot open the database at ${path}: ${String(error)}`);
  }
  if (path !== ':memory:') {
    try {
      chmodSync(path, 0o600);
    } catch {
      // Best effort, as for the directory.
    }
  }
  db.pragma('journal_mode = WAL');
  db.pragma(`busy_timeout = ${options.busyTimeoutMs ?? 5000}`);
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  applyMigrations(db, options.migrations ?? MIGRATIONS);
  return db;
}

export function schemaVersion(db: SqliteDatabase): number {
  const row = db.prepare('SELECT MAX(version) AS version FROM schema_migrations').get() as
    { version: number | null } | undefined;
  return row?.version ?? 0;
}

export function applyMigrations(db: SqliteDatabase, migrations: readonly Migration[]): void {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    applied_at INTEGER NOT NULL
  )`);
  const current = schemaVersion(db);
  const newest = migrations[migrations.length - 1]?.version ?? 0;
  if (current > newest) {
    throw new SettldError(
      'STORE_TOO_NEW',
      503,
      `The database schema is version ${current}, newer than this settld-mcp knows (${newest}): upgrade settld-mcp.`,
    );
  }
  const record = db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)');
  for (const migration of migrations) {
    if (migration.version <= current) continue;
    db.transaction(() => {
      db.exec(migration.sql);
      record.run(migration.version, migration.name, Date.now());
    }).immediate();
  }
}

export function isFullyMigrated(db: SqliteDatabase): boolean {
  return schemaVersion(db) === LATEST_SCHEMA_VERSION;
}
