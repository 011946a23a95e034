import { z } from 'zod';
import type { Clock } from './clock.js';
import { LATEST_SCHEMA_VERSION } from './store/migrations.js';
import { schemaVersion, type SqliteDatabase } from './store/database.js';
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

export class HealthService {
  private readonly startedAt: number;

  constructor(
    private readonly db: SqliteDatabase,
    private readonly clock: Clock,
  ) {
    this.startedAt = clock.now();
  }

  check(): Health {
    let reachable = true;
    let version = 0;
    try {
      version = schemaVersion(this.db);
    } catch {
      reachable = false;
    }
    const ready = reachable && version === LATEST_SCHEMA_VERSION;
    return {
      status: ready ? 'ok' : 'degraded',
      version: VERSION,
      uptime_seconds: Math.round((this.clock.now() - this.startedAt) / 1000),
      store: { reachable, schema_version: version, expected_schema_version: LATEST_SCHEMA_VERSION },
    };
  }
}
