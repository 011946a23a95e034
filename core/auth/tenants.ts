import { z } from 'zod';

export const DEFAULT_TENANT_ID = 'default';

export const tenantIdSchema = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/, 'a tenant id is 1-64 letters, digits, "_", "." or "-"');
