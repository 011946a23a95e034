import type { Statement } from 'better-sqlite3';
import { z } from 'zod';
import type { Clock } from './clock.js';
import { LATEST_SCHEMA_VERSION } from './store/migrations.js';
import type { SqliteDatabase } from './store/database.js';
import { VERSION } from './version.js';

export const healthSchema = z.object({
  status: z.enum(['ok', 'degraded']),
  version: z.string(),
  uptime_seconds: z.number(),
  store: z.object({
    reachable: z.boolean(),
    schema_version: z.number(),
    expected_schema_version: z.number(),
  }),
});

export type Health = z.infer<typeof healthSchema>;

/**
 * How long a schema version read from the store is reused. Health is polled on every stdio `health`
 * call and every `/health` and `/ready`; a read costs a SQLite read transaction (file locks), and
 * the version changes only when another settld-mcp migrates the same file, which may show a second late.
 */
const SCHEMA_VERSION_TTL_MS = 1000;

interface StoreState {
  reachable: boolean;
  schemaVersion: number;
}

export class HealthService {
  private readonly startedAt: number;
  private readonly readSchemaVersion: Statement<[], number | null>;
  private lastRead: { at: number; schemaVersion: number } | undefined;

  constructor(
    private readonly db: SqliteDatabase,
    private readonly clock: Clock,
  ) {
    this.startedAt = clock.now();
    this.readSchemaVersion = db
      .prepare<[], number | null>('SELECT MAX(version) FROM schema_migrations')
      .pluck();
  }

  check(): Health {
    const now = this.clock.now();
    const { reachable, schemaVersion } = this.store(now);
    const ready = reachable && schemaVersion === LATEST_SCHEMA_VERSION;
    return {
      status: ready ? 'ok' : 'degraded',
      version: VERSION,
      uptime_seconds: Math.round((now - this.startedAt) / 1000),
      store: { reachable, schema_version: schemaVersion, expected_schema_version: LATEST_SCHEMA_VERSION },
    };
  }

  /** A closed store shows at once; a failed read is never reused, so recovery shows at once too. */
  private store(now: number): StoreState {
    if (!this.db.open) {
      this.lastRead = undefined;
      return { reachable: false, schemaVersion: 0 };
    }
    if (this.lastRead && now - this.lastRead.at < SCHEMA_VERSION_TTL_MS) {
      return { reachable: true, schemaVersion: this.lastRead.schemaVersion };
    }
    try {
      const schemaVersion = this.readSchemaVersion.get() ?? 0;
      this.lastRead = { at: now, schemaVersion };
      return { reachable: true, schemaVersion };
    } catch {
      this.lastRead = undefined;
      return { reachable: false, schemaVersion: 0 };
    }
  }
}
