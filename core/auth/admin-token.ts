import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { readOrCreateSecretFile } from '../store/secret-file.js';

export interface ResolvedAdminToken {
  token: string;
  /** Where it came from: an environment variable, or the file under SETTLD_HOME. */
  source: 'env' | 'file';
  /** Set when the token file was created by this start. */
  createdFile?: string;
  file?: string;
}

/**
 * The operator's admin token. There is no default token: from SETTLD_ADMIN_TOKEN / T4_ADMIN_TOKEN,
 * or generated once into SETTLD_HOME/admin-token with mode 0600.
 */
export function resolveAdminToken(configured: string | undefined, home: string): ResolvedAdminToken {
  if (configured) return { token: configured, source: 'env' };
  const file = join(home, 'admin-token');
  const { secret, created } = readOrCreateSecretFile(
    file,
    () => `sat_${randomBytes(32).toString('base64url')}`,
  );
  return { token: secret, source: 'file', file, ...(created ? { createdFile: file } : {}) };
}
