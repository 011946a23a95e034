import { serializerCompiler as zodSerializerCompiler } from 'fastify-type-provider-zod';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { apiKeyViewSchema } from '../../core/auth/api-keys.js';
import { quotaStatusSchema } from '../../core/llm/schemas.js';
import { pageSchema } from '../../core/pagination.js';
import { fastSerializerCompiler } from '../../mcp/http/serializer.js';

type Serialize = (data: unknown) => string;
const compile = (schema: z.ZodType): Serialize =>
  fastSerializerCompiler({ schema, method: 'GET', url: '/test', httpStatus: '200' });
const compileWithZod = (schema: z.ZodType): Serialize =>
  (zodSerializerCompiler as unknown as (route: object) => Serialize)({ schema, method: 'GET', url: '/test' });

const key = {
  id: 'AbCdEfGhIjKl',
  key_prefix: 'sk_AbCdEfGhIjKl',
  tenant_id: 'default',
  agent_id: 'agent "quoted" \u2028 ünïcode',
  owner: 'team',
  description: 'line\nbreak',
  scopes: ['intents:read', 'admin'],
  daily_limit: 12.5,
  status: 'active',
  expires_at: null,
  revoked_at: '2026-12-07T10:00:00.000Z',
  last_used_at: null,
  created_at: '2026-12-01T00:00:00.000Z',
};

const quota = {
  day: '2026-12-07',
  resets_at: '2026-12-08T00:00:00.000Z',
  limit: null,
  limit_micros: null,
  spent: 0.25,
  spent_micros: 250_000,
  reserved: 0,
  reserved_micros: 0,
  remaining: 0,
  remaining_micros: 0,
  tenant: {
    limit: 5,
    limit_micros: 5_000_000,
    spent: 0.25,
    spent_micros: 250_000,
    reserved: 0,
    reserved_micros: 0,
    remaining: 4.75,
    remaining_micros: 4_750_000,
  },
};

describe('response serialization', () => {
  it('writes the same JSON as the zod serializer, without the fields a schema does not declare', () => {
    const cases: [z.ZodType, unknown][] = [
      [pageSchema(apiKeyViewSchema), { items: [{ ...key, secret_hash: 'never sent' }], nextCursor: 'abc' }],
      [pageSchema(apiKeyViewSchema), { items: [], nextCursor: null }],
      [quotaStatusSchema, quota],
      [quotaStatusSchema, { ...quota, limit: 3, limit_micros: 3_000_000 }],
    ];
    for (const [schema, data] of cases) {
      const written = compile(schema)(data);
      expect(JSON.parse(written)).toEqual(JSON.parse(compileWithZod(schema)(data)));
      expect(written).not.toContain('never sent');
    }
  });

  it('refuses an answer that lacks a required field, as zod does', () => {
    const { created_at: _missing, ...incomplete } = key;
    expect(() => compile(apiKeyViewSchema)(incomplete)).toThrow();
    expect(() => compileWithZod(apiKeyViewSchema)(incomplete)).toThrow();
  });

  it('keeps zod for a shape fast-json-stringify can not write exactly (a union of objects)', () => {
    const union = z.object({
      result: z.union([
        z.object({ kind: z.literal('a'), a: z.number() }),
        z.object({ kind: z.literal('b') }),
      ]),
    });
    const serialize = compile(union);
    expect(JSON.parse(serialize({ result: { kind: 'b', extra: 1 } }))).toEqual({ result: { kind: 'b' } });
    // zod's own check: a value that matches no branch is a serialization error, not a guess.
    expect(() => serialize({ result: { kind: 'c' } })).toThrow();
  });
});
