/** Time inside the core is epoch milliseconds from an injectable clock; ISO strings only at the edges. */
export interface Clock {
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

export const toIso = (ms: number): string => new Date(ms).toISOString();
export const toIsoOrNull = (ms: number | null | undefined): string | null => (ms == null ? null : toIso(ms));

const DAY_MS = 86_400_000;

/** `YYYY-MM-DD` of the UTC day holding `ms` (daily budgets and caps are per UTC day). */
export const utcDay = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

/** Epoch ms of the next 00:00 UTC after `ms` (when a daily budget resets). */
export const nextUtcMidnight = (ms: number): number => Math.floor(ms / DAY_MS) * DAY_MS + DAY_MS;
