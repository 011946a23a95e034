import { z } from 'zod';
import { badRequest } from '../errors.js';

export const SCOPES = [
  'intents:read',
  'intents:write',
  'llm:call',
  'runner:read',
  'runner:write',
  'onboarding:run',
  'admin',
] as const;

export type Scope = (typeof SCOPES)[number];

export const scopeSchema = z.enum(SCOPES);

/** What an agent key gets when its creator names no scopes: the T4 agent's daily work. */
export const DEFAULT_AGENT_SCOPES: readonly Scope[] = ['intents:read', 'intents:write', 'llm:call'];

/**
 * Parses scopes as the seeds write them: a list or a comma/space separated string, with `*`
 * (everything) and `family:*` wildcards such as the seed's `intents:*`.
 */
export function parseScopes(input: string | readonly string[] | undefined): Scope[] {
  if (input === undefined) return [...DEFAULT_AGENT_SCOPES];
  const words = (typeof input === 'string' ? input.split(/[\s,]+/) : input)
    .map((word) => word.trim())
    .filter(Boolean);
  const out = new Set<Scope>();
  for (const word of words) {
    if (word === '*') {
      SCOPES.forEach((scope) => out.add(scope));
      continue;
    }
    if (word.endsWith(':*')) {
      const family = word.slice(0, -1);
      const matched = SCOPES.filter((scope) => scope.startsWith(family));
      if (matched.length === 0) throw unknownScope(word);
      matched.forEach((scope) => out.add(scope));
      continue;
    }
    const parsed = scopeSchema.safeParse(word);
    if (!parsed.success) throw unknownScope(word);
    out.add(parsed.data);
  }
  if (out.size === 0) throw badRequest('INVALID_SCOPES', 'At least one scope is required');
  return SCOPES.filter((scope) => out.has(scope));
}

/** Only a word shaped like a scope is quoted back: anything else may be a secret pasted in the wrong place. */
const SCOPE_SHAPED = /^[a-z*]{1,20}(:[a-z*]{1,20})?$/;

function unknownScope(word: string) {
  const quoted = SCOPE_SHAPED.test(word) ? `"${word}"` : '(a word that is not a scope name)';
  return badRequest('INVALID_SCOPES', `Unknown scope ${quoted}; known scopes: ${SCOPES.join(', ')}`, {
    known: SCOPES,
  });
}
