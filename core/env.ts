import { z } from 'zod';

/* Parsers of environment variables, shared by every part of the configuration. */

const FALSE_WORDS = new Set(['false', '0', 'no', 'off', '']);
const TRUE_WORDS = new Set(['true', '1', 'yes', 'on']);

/** A boolean read from the environment: "false", "0", "no" and "off" are false (unlike `Boolean("false")`). */
export const envBoolean = (fallback: boolean) =>
  z
    .string()
    .optional()
    .transform((value, ctx) => {
      if (value === undefined) return fallback;
      const word = value.trim().toLowerCase();
      if (TRUE_WORDS.has(word)) return true;
      if (FALSE_WORDS.has(word)) return false;
      ctx.addIssue({ code: 'custom', message: 'expected true/false, 1/0, yes/no or on/off' });
      return z.NEVER;
    });

export const envInt = (fallback: number, min: number, max: number) =>
  z
    .string()
    .optional()
    .transform((value, ctx) => {
      if (value === undefined || value.trim() === '') return fallback;
      const n = Number(value);
      if (!Number.isInteger(n) || n < min || n > max) {
        ctx.addIssue({ code: 'custom', message: `expected an integer from ${min} to ${max}` });
        return z.NEVER;
      }
      return n;
    });

export const optionalString = z
  .string()
  .optional()
  .transform((value) => (value && value.trim() !== '' ? value.trim() : undefined));

export const optionalUrl = z
  .string()
  .optional()
  .transform((value, ctx) => {
    if (!value || value.trim() === '') return undefined;
    try {
      return new URL(value.trim()).toString().replace(/\/$/, '');
    } catch {
      ctx.addIssue({ code: 'custom', message: 'expected an absolute URL such as http://127.0.0.1:3090' });
      return z.NEVER;
    }
  });
