import { describe, expect, it } from 'vitest';
import { globBaseOf } from '../../core/intents/paths.js';
import { SEED_CODES } from '../../core/intents/seed.js';
import { harness, reader, seedFilePath, seedIntents } from './helpers.js';

describe('pre-PR check at scale (sanity, not a benchmark: see bench/)', () => {
  it('checks 3,000 files × 2 codes against 100,000 intents', async () => {
    const { db, service } = harness();
    const seeded = seedIntents(db, 'acme', 100_000, { globs: 20 });
    expect(seeded).toEqual({ literal: 100_000, globs: 20, files: 50_000 });
    const globs = db.prepare('SELECT file, glob_base FROM intents WHERE is_glob = 1').all() as {
      file: string;
      glob_base: string;
    }[];
    expect(globs).toHaveLength(20);
    for (const glob of globs) expect(glob.glob_base).toBe(globBaseOf(glob.file));

    const files = [
      ...Array.from({ length: 2000 }, (_, i) => seedFilePath(i * 17)),
      ...Array.from({ length: 1000 }, (_, i) => `seed/d${String(i % 1000).padStart(3, '0')}/new_${i}.py`),
    ];
    const result = await service.prePrCheck(reader(), { files, critical_codes: ['F821', 'F401'] });
    expect(result.checked).toBe(3000);
    // File k holds codes SEED_CODES[2k mod 10] and [2k+1 mod 10], with statuses (2k mod 5) and
    // (2k+1 mod 5): only files whose F821/F401 pair is planned, committed or implemented pass.
    const expectedMissing = files.filter((file, i) => {
      if (i >= 2000) return true;
      const k = i * 17;
      return ![2 * k, 2 * k + 1].some(
        (n) => ['F821', 'F401'].includes(SEED_CODES[n % SEED_CODES.length]!) && [1, 2, 3].includes(n % 5),
      );
    });
    expect(result.missing).toEqual(expectedMissing);
  });
});
