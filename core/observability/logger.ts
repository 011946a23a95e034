import pino, { type Logger } from 'pino';
import type { SecretRedactor } from './redact.js';

export type { Logger } from 'pino';

/** Header names whose values are credentials; they never reach a log line. */
const SECRET_HEADERS = ['authorization', 'x-api-key', 'x-t4-api-key', 'x-admin-token', 'cookie'];

/**
 * JSON logs on stderr: in stdio mode stdout is the MCP channel and must carry nothing else. Every
 * string a log line carries passes through the redactor (API keys, the admin token, other secrets).
 */
export function createLogger(options: {
  level: string;
  redactor: SecretRedactor;
  destination?: number;
}): Logger {
  const { redactor } = options;
  return pino(
    {
      level: options.level,
      base: { service: 'settld-mcp' },
      redact: {
        paths: SECRET_HEADERS.flatMap((h) => [`req.headers["${h}"]`, `headers["${h}"]`]),
        censor: '[REDACTED]',
      },
      serializers: {
        err: (error: Error) => ({
          type: error.name,
          message: redactor.text(error.message),
          stack: error.stack ? redactor.text(error.stack) : undefined,
        }),
      },
      hooks: {
        logMethod(args, method) {
          method.apply(
            this,
            args.map((arg) => (typeof arg === 'string' ? redactor.text(arg) : arg)) as Parameters<
              typeof method
            >,
          );
        },
      },
      formatters: {
        log: (object) => scrubStrings(object, redactor) as Record<string, unknown>,
      },
    },
    pino.destination({ fd: options.destination ?? 2, sync: true }),
  );
}

/** Redacts every string inside a log object, copying only the objects where something changed. */
function scrubStrings(value: unknown, redactor: SecretRedactor, depth = 0): unknown {
  if (typeof value === 'string') return redactor.text(value);
  if (depth > 6 || value === null || typeof value !== 'object' || value instanceof Error) return value;
  if (Array.isArray(value)) {
    const items = value as unknown[];
    let copy: unknown[] | undefined;
    items.forEach((item, index) => {
      const scrubbed = scrubStrings(item, redactor, depth + 1);
      if (scrubbed !== item) (copy ??= [...items])[index] = scrubbed;
    });
    return copy ?? items;
  }
  const source = value as Record<string, unknown>;
  let copy: Record<string, unknown> | undefined;
  for (const key of Object.keys(source)) {
    const item = source[key];
    const scrubbed = scrubStrings(item, redactor, depth + 1);
    if (scrubbed !== item) (copy ??= { ...source })[key] = scrubbed;
  }
  return copy ?? source;
}

export const silentLogger = (): Logger => pino({ level: 'silent' });
