import type { z } from 'zod';
import { SettldError } from './errors.js';

/**
 * Validates a service's input (again: the CLI and the action call services directly); every problem
 * is one INVALID_INPUT naming its path.
 */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues
    .slice(0, 20)
    .map((issue) => ({ path: issue.path.join('.'), message: issue.message }));
  const summary = issues.map((issue) => `${issue.path || '(root)'}: ${issue.message}`).join('; ');
  throw new SettldError('INVALID_INPUT', 400, `Invalid input: ${summary}`, { issues });
}
