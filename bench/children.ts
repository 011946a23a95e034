import { type ChildProcess, spawn } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { platform, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Stream } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';

/** Ends one child at once, whatever state the bench is in (used on error and on exit). */
type Killer = () => void;
const running = new Set<Killer>();

/** Remembers a child until it exits, so `killAll` can end it if the bench fails or is interrupted. */
export function track(child: ChildProcess): void {
  const kill = () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  };
  running.add(kill);
  child.once('exit', () => running.delete(kill));
}

/** Remembers a child known only by its pid (the SDK's stdio transport spawns its own); returns the forget. */
export function trackPid(pid: number): () => void {
  const kill = () => {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // Already gone.
    }
  };
  running.add(kill);
  return () => running.delete(kill);
}

/** Synchronous, so it also works from a process `exit` handler. */
export function killAll(): void {
  for (const kill of running) kill();
  running.clear();
}

/**
 * SETTLD_RATE_LIMIT_PER_MINUTE for the throughput benchmarks: the highest the configuration accepts,
 * so every request or call is counted against the limit and none is refused.
 */
export const NEVER_REFUSING_RATE_LIMIT = '1000000';

/** The environment of a child: this one's, minus anything settld-related a developer may have set. */
export function benchEnv(extra: Record<string, string> = {}): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (value !== undefined && !/^(SETTLD_|T4_|OPENAI_|RUNNER_|MAGIC_LINK_|PHASE2_)/.test(name))
      env[name] = value;
  }
  return { ...env, ...extra };
}

export function spawnNode(script: string, args: string[], env: Record<string, string>): ChildProcess {
  const child = spawn(process.execPath, [script, ...args], { env, stdio: ['pipe', 'pipe', 'pipe'] });
  track(child);
  return child;
}

/** SIGTERM, then SIGKILL if the child is still there after `graceMs`; resolves once it has exited. */
export async function stop(child: ChildProcess, graceMs = 3000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
}

/** Keeps the last `limit` characters a stream wrote, to explain a failure without holding everything. */
export function tail(stream: Stream | null, limit = 4000): () => string {
  let text = '';
  stream?.on('data', (chunk: Buffer | string) => {
    text = (text + chunk.toString()).slice(-limit);
  });
  return () => text;
}

const homes = new Set<string>();

/** A temporary SETTLD_HOME, removed by the returned function, or by `removeHomes` on exit. */
export function tempHome(): { path: string; remove(): void } {
  const path = mkdtempSync(join(tmpdir(), 'settld-bench-'));
  homes.add(path);
  return {
    path,
    remove: () => {
      rmSync(path, { recursive: true, force: true });
      homes.delete(path);
    },
  };
}

/** Synchronous, for a process `exit` handler; run after `killAll` so no child still writes there. */
export function removeHomes(): void {
  for (const path of homes) rmSync(path, { recursive: true, force: true });
  homes.clear();
}

/**
 * Starts an HTTP server child with its stderr (its logs) going to `logFile`, not through a pipe this
 * process must drain: the load generator keeps its CPU. Resolves with the port of its
 * `listening on http://host:port` line.
 */
export async function startServer(
  script: string,
  args: string[],
  env: Record<string, string>,
  logFile: string,
  timeoutMs = 20_000,
): Promise<{ child: ChildProcess; port: number }> {
  const log = openSync(logFile, 'w');
  const child = spawn(process.execPath, [script, ...args], { env, stdio: ['ignore', 'ignore', log] });
  closeSync(log);
  track(child);
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const text = readFileSync(logFile, 'utf8');
    const match = /listening on http:\/\/\S+:(\d+)/.exec(text);
    if (match) return { child, port: Number(match[1]) };
    if (child.exitCode !== null)
      throw new Error(`${script} exited with ${child.exitCode}:\n${text.slice(-4000)}`);
    await sleep(20);
  }
  await stop(child);
  throw new Error(
    `${script}: no "listening on" line in ${timeoutMs} ms:\n${readFileSync(logFile, 'utf8').slice(-4000)}`,
  );
}

/** Rejects with `what` when `promise` takes longer than `ms`. */
export async function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, fail) => {
    timer = setTimeout(() => fail(new Error(`${what} took more than ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** USER_HZ, 100 on every Linux build Node supports. */
const CLOCK_TICKS_PER_SECOND = 100;

/**
 * CPU time (user + system, ms) a process has used so far, from /proc on Linux; undefined elsewhere.
 * It shows the server's own cost per operation, which a busy machine disturbs less than wall time.
 */
export function cpuMs(pid: number | undefined): number | undefined {
  if (pid === undefined || platform() !== 'linux') return undefined;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the parenthesised command name: state is field 3, utime 14 and stime 15.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS_PER_SECOND;
  } catch {
    return undefined;
  }
}
