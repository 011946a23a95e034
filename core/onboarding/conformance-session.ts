/*
 * One MCP server started over stdio the way an agent host starts it: its own process group, exactly
 * the given environment, the protocol version that host sends (and the discovery probe it sends
 * first, if any), the host's startup timeout. The SDK client speaks the protocol; the transport is
 * ours so the matrix controls the environment, the offered version and the kill.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { ReadBuffer, serializeMessage } from '@modelcontextprotocol/sdk/shared/stdio.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import type { JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';
import { VERSION } from '../version.js';
import type { ListedTool, ToolResult } from './conformance-rules.js';

export interface Launch {
  command: string;
  args: readonly string[];
  env: Record<string, string>;
}

export type ProbeAnswer = 'result' | 'error' | 'none';

const STDERR_KEPT = 4_000;
/** A 200 KB result is a finding, not a transport failure: allow far more than any host would. */
const MAX_LINE_BYTES = 64 * 1024 * 1024;
const GROUP_KILL = process.platform !== 'win32';

const settles = (promise: Promise<unknown>, ms: number) =>
  Promise.race([
    promise.then(() => true),
    new Promise<boolean>((done) => setTimeout(() => done(false), ms).unref()),
  ]);

export class HostStdioTransport implements Transport {
  onclose?: () => void;
  onerror?: (error: Error) => void;
  onmessage?: (message: JSONRPCMessage) => void;
  /** The protocol version the server answered `initialize` with. */
  answeredVersion: string | undefined;
  /** Lines on stdout that were not JSON-RPC messages. */
  noiseLines = 0;
  /** How the process ended, when it has. */
  exit: string | undefined;

  private child: ChildProcess | undefined;
  private closed = false;
  private exited: Promise<void> = Promise.resolve();
  private stderrTail = '';
  private readonly buffer = new ReadBuffer({ maxBufferSize: MAX_LINE_BYTES });
  private initializeId: string | number | undefined;
  private probeCount = 0;
  private readonly probes = new Map<string, (answer: ProbeAnswer) => void>();

  constructor(
    private readonly launch: Launch,
    /** What the host puts in its `initialize` request, whatever the SDK client would offer. */
    private readonly protocolVersion: string,
  ) {}

  start(): Promise<void> {
    if (this.closed) return Promise.reject(new Error('the transport was closed'));
    if (this.child) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const child = spawn(this.launch.command, [...this.launch.args], {
        env: this.launch.env,
        stdio: ['pipe', 'pipe', 'pipe'],
        detached: GROUP_KILL,
        windowsHide: true,
      });
      this.child = child;
      this.exited = new Promise((done) => {
        child.once('close', () => done());
        child.once('error', () => done());
      });
      child.once('error', (error) => {
        this.exit = error.message;
        reject(error);
        this.onerror?.(error);
      });
      child.once('spawn', () => resolve());
      child.once('close', (code, signal) => {
        this.exit ??= signal ? `killed by ${signal}` : `exited with code ${code}`;
        for (const answer of this.probes.values()) answer('none');
        this.onclose?.();
      });
      child.stdin?.on('error', (error) => this.onerror?.(error));
      child.stdout?.on('data', (chunk: Buffer) => this.read(chunk));
      child.stderr?.on('data', (chunk: Buffer) => {
        this.stderrTail = (this.stderrTail + chunk.toString('utf8')).slice(-STDERR_KEPT);
      });
    });
  }

  /** The last few KB the server wrote to stderr (not redacted: the caller redacts). */
  stderr(): string {
    return this.stderrTail;
  }

  private read(chunk: Buffer): void {
    try {
      this.buffer.append(chunk);
    } catch (error) {
      this.onerror?.(error as Error);
      void this.close();
      return;
    }
    for (;;) {
      let message: JSONRPCMessage | null;
      try {
        message = this.buffer.readMessage();
      } catch {
        // The buffer has already moved past the line: count it and read on.
        this.noiseLines += 1;
        continue;
      }
      if (message === null) return;
      if ('id' in message && typeof message.id === 'string' && this.probes.has(message.id)) {
        this.probes.get(message.id)?.('result' in message ? 'result' : 'error');
        continue;
      }
      if ('id' in message && message.id === this.initializeId && 'result' in message) {
        const version = (message.result as { protocolVersion?: unknown }).protocolVersion;
        if (typeof version === 'string') this.answeredVersion = version;
      }
      this.onmessage?.(message);
    }
  }

  send(message: JSONRPCMessage): Promise<void> {
    if ('method' in message && message.method === 'initialize' && 'id' in message) {
      this.initializeId = message.id;
      return this.write({ ...message, params: { ...message.params, protocolVersion: this.protocolVersion } });
    }
    return this.write(message);
  }

  private write(message: JSONRPCMessage): Promise<void> {
    const stdin = this.child?.stdin;
    if (!stdin || stdin.destroyed) return Promise.reject(new Error('Not connected'));
    return new Promise((resolve) => {
      if (stdin.write(serializeMessage(message))) resolve();
      else stdin.once('drain', () => resolve());
    });
  }

  /** A request outside the SDK client's bookkeeping (the host's discovery probe before `initialize`). */
  probe(method: string, params: Record<string, unknown>, timeoutMs: number): Promise<ProbeAnswer> {
    const id = `settld-matrix-probe-${(this.probeCount += 1)}`;
    return new Promise((resolve) => {
      const timer = setTimeout(() => answer('none'), timeoutMs);
      const answer = (value: ProbeAnswer) => {
        clearTimeout(timer);
        this.probes.delete(id);
        resolve(value);
      };
      this.probes.set(id, answer);
      this.write({ jsonrpc: '2.0', id, method, params }).catch(() => answer('none'));
    });
  }

  /** Ends the server: stdin closed, then SIGTERM, then SIGKILL, each to its whole process group. */
  async close(): Promise<void> {
    this.closed = true;
    const child = this.child;
    if (!child) return;
    this.child = undefined;
    if (child.exitCode === null && child.signalCode === null) {
      child.stdin?.end();
      if (!(await settles(this.exited, 500))) {
        this.signal(child, 'SIGTERM');
        if (!(await settles(this.exited, 1_500))) this.signal(child, 'SIGKILL');
      }
    }
    await settles(this.exited, 1_000);
    // Whatever the server left behind in its group (an `npx` wrapper's child, a helper) goes too.
    this.signal(child, 'SIGKILL');
  }

  private signal(child: ChildProcess, signal: NodeJS.Signals): void {
    try {
      if (GROUP_KILL && child.pid !== undefined) process.kill(-child.pid, signal);
      else child.kill(signal);
    } catch {
      // Already gone.
    }
  }
}

const ToolPage = z.looseObject({ tools: z.array(z.unknown()), nextCursor: z.string().optional() });
const LooseTool = z.looseObject({
  name: z.string().min(1),
  inputSchema: z.record(z.string(), z.unknown()),
  annotations: z.record(z.string(), z.unknown()).optional(),
});
const CallResult = z.looseObject({
  content: z.array(z.record(z.string(), z.unknown())).optional(),
  structuredContent: z.record(z.string(), z.unknown()).optional(),
  isError: z.boolean().optional(),
});

const MAX_PAGES = 50;

export interface Handshake {
  ms: number;
  answeredVersion: string | undefined;
  probe: ProbeAnswer | undefined;
  noiseLines: number;
}

export type Opened =
  | { ok: true; session: HostSession; handshake: Handshake }
  | { ok: false; ms: number; reason: string; stderr: string };

export interface OpenOptions {
  protocolVersion: string;
  timeoutMs: number;
  discoveryProbe?: { method: string; protocolVersion: string };
  signal?: AbortSignal;
}

/** How long a host gives its discovery probe before it goes on with `initialize`. */
const PROBE_WAIT_MS = 2_000;

export class HostSession {
  private constructor(
    private readonly client: Client,
    readonly transport: HostStdioTransport,
    private readonly signal: AbortSignal | undefined,
  ) {}

  /** Starts the server and completes the handshake within `timeoutMs`, or says why it could not. */
  static async open(launch: Launch, options: OpenOptions): Promise<Opened> {
    const started = performance.now();
    const elapsed = () => Math.round(performance.now() - started);
    const transport = new HostStdioTransport(launch, options.protocolVersion);
    const client = new Client({ name: 'settld-mcp-conformance', version: VERSION });
    const abort = () => void transport.close();
    options.signal?.addEventListener('abort', abort, { once: true });
    try {
      await transport.start();
      let probe: ProbeAnswer | undefined;
      if (options.discoveryProbe) {
        probe = await transport.probe(
          options.discoveryProbe.method,
          {},
          Math.min(PROBE_WAIT_MS, options.timeoutMs),
        );
      }
      const remaining = Math.max(1, options.timeoutMs - elapsed());
      await client.connect(transport, { timeout: remaining, signal: options.signal });
      const handshake = {
        ms: elapsed(),
        answeredVersion: transport.answeredVersion,
        probe,
        noiseLines: transport.noiseLines,
      };
      return { ok: true, session: new HostSession(client, transport, options.signal), handshake };
    } catch (error) {
      await transport.close();
      const message = error instanceof Error ? error.message : String(error);
      const reason =
        transport.exit && !message.includes(transport.exit) ? `${message} (${transport.exit})` : message;
      return { ok: false, ms: elapsed(), reason, stderr: transport.stderr() };
    } finally {
      options.signal?.removeEventListener('abort', abort);
    }
  }

  /** Every page of tools/list; tools that are not even loosely well-formed are counted, not returned. */
  async listTools(timeoutMs: number): Promise<{ tools: ListedTool[]; malformed: number }> {
    const tools: ListedTool[] = [];
    let malformed = 0;
    let cursor: string | undefined;
    const deadline = performance.now() + timeoutMs;
    for (let page = 0; page < MAX_PAGES; page += 1) {
      const timeout = Math.max(1, Math.round(deadline - performance.now()));
      const result = await this.client.request(
        { method: 'tools/list', params: cursor === undefined ? {} : { cursor } },
        ToolPage,
        { timeout, signal: this.signal },
      );
      for (const raw of result.tools) {
        const parsed = LooseTool.safeParse(raw);
        if (parsed.success) tools.push(parsed.data);
        else malformed += 1;
      }
      cursor = result.nextCursor;
      if (cursor === undefined) break;
    }
    return { tools, malformed };
  }

  async callTool(name: string, timeoutMs: number): Promise<ToolResult> {
    return this.client.request({ method: 'tools/call', params: { name, arguments: {} } }, CallResult, {
      timeout: timeoutMs,
      signal: this.signal,
    });
  }

  async close(): Promise<void> {
    try {
      await this.client.close();
    } finally {
      await this.transport.close();
    }
  }
}
