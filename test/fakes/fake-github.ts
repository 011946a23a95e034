import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';

/*
 * A loopback fake of the GitHub API the action uses (PR files, comments, the GraphQL queries), which
 * records every request, and a fake of the Actions runner that starts the built bundle the way the
 * runner does: INPUT_* variables (hyphens kept), GITHUB_EVENT_PATH, GITHUB_OUTPUT,
 * GITHUB_STEP_SUMMARY, GITHUB_API_URL.
 */

export interface RecordedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  authorization: string | undefined;
  body: unknown;
  status: number;
}

export interface FakeFile {
  filename: string;
  status?: string;
}

export interface FakeComment {
  id: number;
  body: string;
  /** As REST shows it: `github-actions[bot]` for the workflow token. */
  login: string;
}

export interface FakeGitHubOptions {
  owner?: string;
  repo?: string;
  number?: number;
  nodeId?: string;
  files?: FakeFile[];
  /** Who the token is (REST form). */
  viewer?: string;
  comments?: FakeComment[];
  /** A fork's token: reads work, every write is a 403. */
  readOnly?: boolean;
  token?: string;
  draft?: boolean;
}

/** GitHub lists at most this many files of a PR, whatever it changes. */
export const GITHUB_FILES_CAP = 3000;
const NOT_ACCESSIBLE = 'Resource not accessible by integration';

const graphqlLogin = (login: string) => login.replace(/\[bot\]$/, '');

export class FakeGitHub {
  readonly requests: RecordedRequest[] = [];
  readonly comments: FakeComment[];
  readonly owner: string;
  readonly repo: string;
  readonly number: number;
  readonly nodeId: string;
  readonly token: string;
  files: FakeFile[];
  viewer: string;
  readOnly: boolean;
  draft: boolean;
  private nextCommentId = 1000;
  private server: Server | undefined;

  constructor(options: FakeGitHubOptions = {}) {
    this.owner = options.owner ?? 'acme';
    this.repo = options.repo ?? 'widgets';
    this.number = options.number ?? 7;
    this.nodeId = options.nodeId ?? 'PR_kwDOfake7';
    this.files = options.files ?? [];
    this.viewer = options.viewer ?? 'github-actions[bot]';
    this.comments = [...(options.comments ?? [])];
    this.readOnly = options.readOnly ?? false;
    this.token = options.token ?? 'ghs_faketoken';
    this.draft = options.draft ?? false;
  }

  async start(): Promise<string> {
    this.server = createServer((request, response) => {
      void this.handle(request, response);
    });
    await new Promise<void>((done) => this.server!.listen(0, '127.0.0.1', done));
    return this.url;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    await new Promise<void>((done) => (this.server ? this.server.close(() => done()) : done()));
  }

  /** The pull_request event the runner would write for this PR. */
  event(extra: Record<string, unknown> = {}): Record<string, unknown> {
    return {
      action: 'synchronize',
      number: this.number,
      pull_request: {
        number: this.number,
        node_id: this.nodeId,
        draft: this.draft,
        changed_files: this.files.length,
        head: { sha: '0123456789abcdef0123456789abcdef01234567' },
        ...extra,
      },
      repository: { full_name: `${this.owner}/${this.repo}` },
    };
  }

  requestsTo(method: string, pattern: RegExp): RecordedRequest[] {
    return this.requests.filter((r) => r.method === method && pattern.test(r.path));
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    const record: RecordedRequest = {
      method: request.method ?? 'GET',
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      authorization: request.headers.authorization,
      body: text === '' ? undefined : (JSON.parse(text) as unknown),
      status: 0,
    };
    this.requests.push(record);
    const send = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      record.status = status;
      response.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
      response.end(JSON.stringify(body));
    };
    if (record.authorization !== `token ${this.token}` && record.authorization !== `Bearer ${this.token}`) {
      send(401, { message: 'Bad credentials' });
      return;
    }
    const base = `/repos/${this.owner}/${this.repo}`;
    const method = record.method;
    if (method === 'GET' && url.pathname === `${base}/pulls/${this.number}/files`) {
      this.listFiles(url, send);
    } else if (method === 'POST' && url.pathname === '/graphql') {
      this.graphql(record.body as { query: string; variables: Record<string, unknown> }, send);
    } else if (method === 'POST' && url.pathname === `${base}/issues/${this.number}/comments`) {
      if (this.readOnly) return send(403, { message: NOT_ACCESSIBLE });
      const comment: FakeComment = {
        id: this.nextCommentId++,
        body: (record.body as { body: string }).body,
        login: this.viewer,
      };
      this.comments.push(comment);
      send(201, this.restComment(comment));
    } else if (method === 'PATCH' && url.pathname.startsWith(`${base}/issues/comments/`)) {
      if (this.readOnly) return send(403, { message: NOT_ACCESSIBLE });
      const comment = this.comments.find((c) => String(c.id) === url.pathname.split('/').pop());
      if (!comment) return send(404, { message: 'Not Found' });
      comment.body = (record.body as { body: string }).body;
      send(200, this.restComment(comment));
    } else {
      send(404, { message: 'Not Found' });
    }
  }

  private restComment(comment: FakeComment) {
    return {
      id: comment.id,
      body: comment.body,
      user: { login: comment.login, type: comment.login.endsWith('[bot]') ? 'Bot' : 'User' },
      html_url: `https://github.com/${this.owner}/${this.repo}/pull/${this.number}#issuecomment-${comment.id}`,
    };
  }

  private listFiles(
    url: URL,
    send: (status: number, body: unknown, headers?: Record<string, string>) => void,
  ) {
    const perPage = Math.min(100, Number(url.searchParams.get('per_page') ?? 30));
    const page = Number(url.searchParams.get('page') ?? 1);
    const listable = this.files.slice(0, GITHUB_FILES_CAP);
    const lastPage = Math.max(1, Math.ceil(listable.length / perPage));
    const items = listable.slice((page - 1) * perPage, page * perPage).map((file, i) => ({
      sha: `sha${page}_${i}`,
      filename: file.filename,
      status: file.status ?? 'modified',
      additions: 1,
      deletions: 0,
      changes: 1,
    }));
    const link = (p: number) => `<${this.url}${url.pathname}?per_page=${perPage}&page=${p}>`;
    const links: string[] = [];
    if (page < lastPage) links.push(`${link(page + 1)}; rel="next"`, `${link(lastPage)}; rel="last"`);
    if (page > 1) links.push(`${link(1)}; rel="first"`, `${link(page - 1)}; rel="prev"`);
    send(200, items, links.length > 0 ? { link: links.join(', ') } : {});
  }

  private graphql(
    request: { query: string; variables: Record<string, unknown> },
    send: (status: number, body: unknown) => void,
  ) {
    if (request.query.includes('convertPullRequestToDraft')) {
      if (this.readOnly) {
        send(200, {
          data: { convertPullRequestToDraft: null },
          errors: [{ type: 'FORBIDDEN', message: NOT_ACCESSIBLE }],
        });
        return;
      }
      if (request.variables.id !== this.nodeId) {
        send(200, { data: null, errors: [{ type: 'NOT_FOUND', message: 'Could not resolve to a node' }] });
        return;
      }
      this.draft = true;
      send(200, { data: { convertPullRequestToDraft: { pullRequest: { isDraft: true } } } });
      return;
    }
    if (request.query.includes('comments(')) {
      const after = typeof request.variables.after === 'string' ? Number(request.variables.after) : 0;
      const page = this.comments.slice(after, after + 100);
      const end = after + page.length;
      send(200, {
        data: {
          viewer: { login: this.viewer },
          repository: {
            pullRequest: {
              comments: {
                nodes: page.map((c) => ({
                  databaseId: c.id,
                  body: c.body,
                  author: { login: graphqlLogin(c.login) },
                })),
                pageInfo: { hasNextPage: end < this.comments.length, endCursor: String(end) },
              },
            },
          },
        },
      });
      return;
    }
    send(200, { data: null, errors: [{ type: 'INTERNAL', message: 'the fake does not know this query' }] });
  }
}

/** The repository root: where action.yml is, from test/fakes or its compiled copy in build/. */
export function repoRoot(): string {
  let dir = import.meta.dirname;
  while (!existsSync(join(dir, 'action.yml'))) {
    const up = dirname(dir);
    if (up === dir) throw new Error('action.yml not found above the fake');
    dir = up;
  }
  return dir;
}

export interface ActionInputDefinition {
  description?: string;
  default?: string;
  required?: boolean;
}

export function actionDefinition(): {
  inputs: Record<string, ActionInputDefinition>;
  outputs: Record<string, { description?: string }>;
  runs: { using: string; main: string };
} {
  return parseYaml(readFileSync(join(repoRoot(), 'action.yml'), 'utf8')) as ReturnType<
    typeof actionDefinition
  >;
}

export interface Annotation {
  level: 'error' | 'warning' | 'notice';
  properties: Record<string, string>;
  message: string;
}

export interface ActionRun {
  status: number | null;
  stdout: string;
  stderr: string;
  /** GITHUB_OUTPUT as written, and as the runner reads it. */
  outputFile: string;
  outputs: Record<string, string>;
  summary: string;
  annotations: Annotation[];
  durationMs: number;
}

export interface RunActionOptions {
  /** Inputs as a workflow's `with:` gives them; the rest get action.yml's defaults. */
  inputs?: Record<string, string>;
  event: Record<string, unknown>;
  apiUrl: string;
  token: string;
  workspace: string;
  repository?: string;
  env?: Record<string, string>;
}

const unescapeData = (text: string) => text.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%25/g, '%');
const unescapeProperty = (text: string) => unescapeData(text).replace(/%3A/g, ':').replace(/%2C/g, ',');

/** Workflow commands (`::error file=…::message`) the step printed, as the runner reads them. */
export function parseAnnotations(stdout: string): Annotation[] {
  const out: Annotation[] = [];
  for (const line of stdout.split('\n')) {
    const match = /^::(error|warning|notice)( [^:]*)?::(.*)$/.exec(line.replace(/\r$/, ''));
    if (!match) continue;
    const properties: Record<string, string> = {};
    for (const pair of (match[2] ?? '').trim().split(',').filter(Boolean)) {
      const at = pair.indexOf('=');
      properties[pair.slice(0, at)] = unescapeProperty(pair.slice(at + 1));
    }
    out.push({ level: match[1] as Annotation['level'], properties, message: unescapeData(match[3]!) });
  }
  return out;
}

/** Reads GITHUB_OUTPUT as the runner does: `name=value` lines and `name<<DELIMITER` blocks. */
export function parseOutputFile(text: string): Record<string, string> {
  const outputs: Record<string, string> = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line === '') continue;
    const heredoc = /^([^=<]+)<<(.+)$/.exec(line);
    if (heredoc) {
      const end = lines.indexOf(heredoc[2]!, i + 1);
      if (end === -1) throw new Error(`GITHUB_OUTPUT: no closing delimiter for ${heredoc[1]}`);
      outputs[heredoc[1]!] = lines.slice(i + 1, end).join('\n');
      i = end;
    } else {
      const at = line.indexOf('=');
      if (at === -1) throw new Error(`GITHUB_OUTPUT: invalid line ${JSON.stringify(line)}`);
      outputs[line.slice(0, at)] = line.slice(at + 1);
    }
  }
  return outputs;
}

/** Runs dist/action/index.js as the runner runs a node24 action's `main`. */
export async function runAction(options: RunActionOptions): Promise<ActionRun> {
  const root = repoRoot();
  const definition = actionDefinition();
  const scratch = mkdtempSync(join(tmpdir(), 'settld-action-'));
  try {
    const eventPath = join(scratch, 'event.json');
    const outputFile = join(scratch, 'output');
    const summaryFile = join(scratch, 'summary');
    writeFileSync(eventPath, JSON.stringify(options.event));
    writeFileSync(outputFile, '');
    writeFileSync(summaryFile, '');
    const env: Record<string, string> = {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? scratch,
      CI: 'true',
      GITHUB_ACTIONS: 'true',
      GITHUB_EVENT_NAME: 'pull_request',
      GITHUB_EVENT_PATH: eventPath,
      GITHUB_OUTPUT: outputFile,
      GITHUB_STEP_SUMMARY: summaryFile,
      GITHUB_API_URL: options.apiUrl,
      GITHUB_SERVER_URL: 'https://github.com',
      GITHUB_GRAPHQL_URL: `${options.apiUrl}/graphql`,
      GITHUB_REPOSITORY: options.repository ?? 'acme/widgets',
      GITHUB_WORKSPACE: options.workspace,
      GITHUB_WORKFLOW: 'intents',
      GITHUB_JOB: 'pre-pr-check',
      GITHUB_RUN_ID: '4242',
      GITHUB_RUN_ATTEMPT: '1',
      RUNNER_TEMP: scratch,
      ...options.env,
    };
    for (const [name, input] of Object.entries(definition.inputs)) {
      const given = options.inputs?.[name];
      const value = given ?? (input.default === '${{ github.token }}' ? options.token : input.default);
      if (value !== undefined) env[`INPUT_${name.toUpperCase()}`] = value;
    }
    for (const name of Object.keys(options.inputs ?? {})) {
      if (!(name in definition.inputs)) throw new Error(`action.yml has no input "${name}"`);
    }
    const started = performance.now();
    const child = spawn(process.execPath, [resolve(root, definition.runs.main)], {
      cwd: options.workspace,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const status = await new Promise<number | null>((done) => child.on('close', (code) => done(code)));
    const durationMs = performance.now() - started;
    const outputText = readFileSync(outputFile, 'utf8');
    return {
      status,
      stdout,
      stderr,
      outputFile: outputText,
      outputs: parseOutputFile(outputText),
      summary: readFileSync(summaryFile, 'utf8'),
      annotations: parseAnnotations(stdout),
      durationMs,
    };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}
