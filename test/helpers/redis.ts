import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { createServer, Socket } from 'node:net';

/** The Redis every developer machine and CI job shares; tests only touch keys they created. */
export const SHARED_REDIS_URL = process.env.SETTLD_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** In CI, Redis tests are mandatory: a missing Redis fails them instead of skipping them. */
export const REDIS_MANDATORY = process.env.CI === 'true';

/** Whether a Redis answers PING at `url` within `timeoutMs`, without any retry or reconnect logic. */
export function redisReachable(url: string, timeoutMs = 1000): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((done) => {
    const socket = new Socket();
    let answer = '';
    const finish = (ok: boolean) => {
      socket.destroy();
      done(ok);
    };
    socket.setTimeout(timeoutMs, () => finish(false));
    socket.once('error', () => finish(false));
    socket.on('data', (chunk: Buffer) => {
      answer += chunk.toString('utf8');
      if (answer.includes('\r\n')) finish(answer.startsWith('+PONG'));
    });
    socket.connect(Number(port || 6379), hostname, () => socket.write('PING\r\n'));
  });
}

export function redisServerInstalled(): boolean {
  return spawnSync('redis-server', ['--version'], { encoding: 'utf8' }).status === 0;
}

function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = address && typeof address === 'object' ? address.port : 0;
      server.close(() => done(port));
    });
  });
}

async function waitUntil(check: () => Promise<boolean>, what: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
}

/**
 * A redis-server of this test alone, on a free loopback port, with no persistence: it can be
 * stopped and restarted on the same port to drill what happens when Redis goes away.
 */
export interface PrivateRedis {
  port: number;
  url: string;
  /** Stops the server and waits until it no longer answers. */
  stop(): Promise<void>;
  /** Starts it again on the same port (empty: nothing is saved) and waits until it answers. */
  restart(): Promise<void>;
}

export async function startPrivateRedis(): Promise<PrivateRedis> {
  const port = await freePort();
  const url = `redis://127.0.0.1:${port}`;
  let child: ChildProcess | undefined;
  let output = '';

  const start = async () => {
    output = '';
    const started = spawn(
      'redis-server',
      ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    started.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    started.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child = started;
    await waitUntil(
      async () => {
        if (started.exitCode !== null)
          throw new Error(`redis-server exited with ${started.exitCode}:\n${output}`);
        return redisReachable(url, 200);
      },
      `redis-server on port ${port}`,
      10_000,
    );
  };

  const stop = async () => {
    const running = child;
    child = undefined;
    if (!running || running.exitCode !== null) return;
    const exited = new Promise<void>((done) => running.once('exit', () => done()));
    running.kill('SIGTERM');
    await exited;
    await waitUntil(
      async () => !(await redisReachable(url, 200)),
      `redis-server on port ${port} to stop`,
      5000,
    );
  };

  await start();
  return {
    port,
    url,
    stop,
    restart: async () => {
      await stop();
      await start();
    },
  };
}
