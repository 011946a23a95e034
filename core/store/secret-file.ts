import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { ensurePrivateDir } from './database.js';

/**
 * A secret generated once and kept in a file only its owner can read (0600, in a 0700 directory).
 * Returns the secret and whether this call created the file.
 */
export function readOrCreateSecretFile(
  file: string,
  generate: () => string,
  minLength = 16,
): { secret: string; created: boolean } {
  if (existsSync(file)) {
    const secret = readFileSync(file, 'utf8').trim();
    if (secret.length >= minLength) return { secret, created: false };
  }
  ensurePrivateDir(dirname(file));
  const secret = generate();
  writeFileSync(file, `${secret}\n`, { mode: 0o600 });
  return { secret, created: true };
}
