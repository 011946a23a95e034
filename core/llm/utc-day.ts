/** Budgets are per UTC day: the day of an instant is its UTC date, and it ends at the next 00:00 UTC. */
const DAY_MS = 86_400_000;

/** `YYYY-MM-DD` of the UTC day holding `ms`. */
export const utcDay = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

/** Epoch ms of the next 00:00 UTC after `ms` (when today's budget resets). */
export const nextUtcMidnight = (ms: number): number => Math.floor(ms / DAY_MS) * DAY_MS + DAY_MS;
