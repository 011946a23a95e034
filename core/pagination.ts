import { z } from 'zod';
import { badRequest } from './errors.js';

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 200;

/** The `limit` + `cursor` pair every list accepts, on every transport. */
export const pageQuerySchema = z.object({
  limit: z.coerce
    .number()
    .int()
    .min(1)
    .max(MAX_PAGE_SIZE)
    .default(DEFAULT_PAGE_SIZE)
    .describe(`Items per page (1-${MAX_PAGE_SIZE}, default ${DEFAULT_PAGE_SIZE})`),
  cursor: z.string().max(512).optional().describe('The nextCursor of the previous page'),
});

export type PageQuery = z.infer<typeof pageQuerySchema>;

/** A cursor is the sort key of the last item returned, opaque to clients. */
export const encodeCursor = (parts: (string | number)[]): string =>
  Buffer.from(JSON.stringify(parts)).toString('base64url');

export function decodeCursor(
  cursor: string | undefined | null,
  shape: ('string' | 'number')[],
): unknown[] | null {
  if (!cursor) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    parsed = undefined;
  }
  if (
    !Array.isArray(parsed) ||
    parsed.length !== shape.length ||
    parsed.some((part, i) => typeof part !== shape[i])
  ) {
    throw badRequest('INVALID_CURSOR', 'The cursor is not one this list returned');
  }
  return parsed as unknown[];
}

/** The response shape of every list: a page of items and the cursor of the next page (null at the end). */
export const pageSchema = <T extends z.ZodType>(item: T) =>
  z.object({
    items: z.array(item),
    nextCursor: z.string().nullable().describe('Pass as `cursor` to get the next page; null at the end'),
  });
