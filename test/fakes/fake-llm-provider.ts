import {
  createServer,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import { countTokens } from 'gpt-tokenizer/encoding/o200k_base';

export interface FakeChatBody {
  model: string;
  messages: { role: string; content: string }[];
  max_completion_tokens?: number;
}

export interface RecordedRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: FakeChatBody | undefined;
}

export interface FakeUsage {
  prompt_tokens: number;
  completion_tokens: number;
}

export interface FakeLlmProviderOptions {
  /** Delay before each answer (success or failure), in ms. */
  latencyMs?: number | (() => number);
  /** Completion tokens of a successful answer (capped at max_completion_tokens); default 16. */
  completionTokens?: number | ((maxCompletionTokens: number) => number);
  /** Replaces the computed usage entirely. */
  usage?: (body: FakeChatBody) => FakeUsage;
  /** Answer without a `usage` object, as some compatible servers do. */
  omitUsage?: boolean;
  /** `retry-after-ms` on failures, so the client's retries do not wait the default backoff. */
  retryAfterMs?: number;
  /** The `error.message` of a failure; it sees the request, e.g. to echo the Authorization header. */
  errorMessage?: (request: RecordedRequest, status: number) => string;
}

/** OpenAI's framing (3 tokens a message, 3 to prime the reply), as the real service bills gpt-4o prompts. */
function billedPromptTokens(body: FakeChatBody): number {
  let tokens = 3;
  for (const message of body.messages) tokens += 3 + countTokens(message.role) + countTokens(message.content);
  return tokens;
}

/**
 * A loopback OpenAI-compatible chat-completions server: POST /v1/chat/completions (and
 * /chat/completions) answers in OpenAI's shape with `usage` and an `x-request-id` header. It records
 * every request, can fail the next N requests with chosen statuses, and can delay answers.
 */
export class FakeLlmProvider {
  readonly requests: RecordedRequest[] = [];
  private readonly failures: number[] = [];
  private sequence = 0;

  private constructor(
    private readonly server: Server,
    public options: FakeLlmProviderOptions,
  ) {
    server.on('request', (req: IncomingMessage, res: ServerResponse) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        let body: FakeChatBody | undefined;
        try {
          body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as FakeChatBody;
        } catch {
          body = undefined;
        }
        this.handle({ method: req.method ?? '', path: req.url ?? '', headers: req.headers, body }, res);
      });
    });
  }

  static async start(options: FakeLlmProviderOptions = {}): Promise<FakeLlmProvider> {
    const fake = new FakeLlmProvider(createServer(), options);
    await new Promise<void>((resolve) => fake.server.listen(0, '127.0.0.1', resolve));
    return fake;
  }

  /** What a client puts in `baseURL`: the OpenAI SDK appends `/chat/completions`. */
  get baseUrl(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/v1`;
  }

  /** The next requests get these statuses, in order; then answers succeed again. */
  failNext(...statuses: number[]): void {
    this.failures.push(...statuses);
  }

  /** Requests that reached the chat-completions endpoint. */
  chatRequests(): RecordedRequest[] {
    return this.requests.filter((request) => request.path.endsWith('/chat/completions'));
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private handle(request: RecordedRequest, res: ServerResponse): void {
    this.requests.push(request);
    const delay =
      typeof this.options.latencyMs === 'function' ? this.options.latencyMs() : (this.options.latencyMs ?? 0);
    const respond = () => this.respond(request, res);
    if (delay > 0) {
      const timer = setTimeout(respond, delay);
      res.on('close', () => clearTimeout(timer));
    } else {
      respond();
    }
  }

  private respond(request: RecordedRequest, res: ServerResponse): void {
    const requestId = `req_fake_${++this.sequence}`;
    const isChat =
      request.method === 'POST' &&
      (request.path === '/v1/chat/completions' || request.path === '/chat/completions');
    if (!isChat || !request.body) {
      return this.send(res, 404, requestId, {
        error: { message: 'Unknown route', type: 'invalid_request_error' },
      });
    }
    const failure = this.failures.shift();
    if (failure !== undefined) {
      const headers: Record<string, string> =
        this.options.retryAfterMs === undefined
          ? {}
          : { 'retry-after-ms': String(this.options.retryAfterMs) };
      const message = this.options.errorMessage?.(request, failure) ?? `Fake failure ${failure}`;
      return this.send(
        res,
        failure,
        requestId,
        { error: { message, type: 'fake_error', code: `fake_${failure}` } },
        headers,
      );
    }
    const body = request.body;
    const max = body.max_completion_tokens ?? 16;
    const wanted =
      typeof this.options.completionTokens === 'function'
        ? this.options.completionTokens(max)
        : (this.options.completionTokens ?? 16);
    const usage = this.options.usage?.(body) ?? {
      prompt_tokens: billedPromptTokens(body),
      completion_tokens: Math.min(max, wanted),
    };
    const last = body.messages[body.messages.length - 1]?.content ?? '';
    this.send(res, 200, requestId, {
      id: `chatcmpl-${requestId}`,
      object: 'chat.completion',
      created: Math.floor(Date.now() / 1000),
      model: body.model,
      choices: [
        {
          index: 0,
          message: { role: 'assistant', content: `fake answer to: ${last.slice(0, 60)}`, refusal: null },
          finish_reason: 'stop',
          logprobs: null,
        },
      ],
      ...(this.options.omitUsage
        ? {}
        : { usage: { ...usage, total_tokens: usage.prompt_tokens + usage.completion_tokens } }),
    });
  }

  private send(
    res: ServerResponse,
    status: number,
    requestId: string,
    body: unknown,
    headers: Record<string, string> = {},
  ): void {
    if (res.writableEnded || res.destroyed) return;
    res.writeHead(status, { 'content-type': 'application/json', 'x-request-id': requestId, ...headers });
    res.end(JSON.stringify(body));
  }
}
