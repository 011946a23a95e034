import OpenAI, {
  APIConnectionError,
  APIConnectionTimeoutError,
  APIError,
  APIUserAbortError,
  OpenAIError,
} from 'openai';
import { SettldError } from '../errors.js';
import { REDACTED, redactText } from '../observability/redact.js';
import type { LlmChatRequest, LlmChatResponse, LlmProvider } from './provider.js';

export interface OpenAiProviderOptions {
  /** `…/v1` of any OpenAI-compatible server; undefined = api.openai.com. */
  baseUrl: string | undefined;
  apiKey: string | undefined;
  /** Per attempt. */
  timeoutMs: number;
  /** The openai package retries 408/409/429/5xx and connection errors with exponential backoff. */
  maxRetries: number;
  /** Longest wait a provider's Retry-After may impose between two attempts (default 8 s, the package's own cap). */
  maxRetryDelayMs?: number;
}

const DEFAULT_MAX_RETRY_DELAY_MS = 8_000;
const MAX_PROVIDER_MESSAGE = 300;

/** A compatible server may send anything as usage; what is not a count is treated as no usage at all. */
const isTokenCount = (value: unknown): value is number =>
  Number.isSafeInteger(value) && (value as number) >= 0;

/** The wait a failed response asks for, read as the openai package reads it. */
function requestedRetryMs(headers: Headers): number | undefined {
  const ms = Number(headers.get('retry-after-ms') ?? NaN);
  if (Number.isFinite(ms)) return ms;
  const header = headers.get('retry-after');
  if (!header) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return seconds * 1000;
  const at = Date.parse(header);
  return Number.isNaN(at) ? undefined : at - Date.now();
}

/**
 * The openai package honours Retry-After however long it is, in a sleep the caller's AbortSignal
 * can not interrupt: a provider answering "retry after 3600" would hold the call (and its
 * reservation) for an hour. This fetch shortens such waits to `maxMs`.
 */
function fetchWithBoundedRetryAfter(maxMs: number): typeof fetch {
  return async (input, init) => {
    const response = await fetch(input, init);
    if (response.ok) return response;
    const requested = requestedRetryMs(response.headers);
    if (requested === undefined || requested <= maxMs) return response;
    const headers = new Headers(response.headers);
    headers.delete('retry-after');
    headers.set('retry-after-ms', String(maxMs));
    return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
  };
}

/** Chat completions through the official openai package, against OpenAI or any compatible server. */
export class OpenAiProvider implements LlmProvider {
  private client: OpenAI | undefined;

  constructor(private readonly options: OpenAiProviderOptions) {}

  assertReady(): void {
    if (!this.options.apiKey) {
      throw new SettldError(
        'LLM_PROVIDER_UNCONFIGURED',
        503,
        'No LLM provider is configured: set OPENAI_API_KEY (and OPENAI_BASE_URL or SETTLD_LLM_BASE_URL for an OpenAI-compatible server)',
      );
    }
  }

  /** The longest one call can take: every attempt timing out, with the longest wait between them. */
  maxCallDurationMs(): number {
    const { timeoutMs, maxRetries } = this.options;
    return (
      timeoutMs * (maxRetries + 1) + maxRetries * (this.options.maxRetryDelayMs ?? DEFAULT_MAX_RETRY_DELAY_MS)
    );
  }

  async chat(request: LlmChatRequest, signal?: AbortSignal): Promise<LlmChatResponse> {
    const client = this.connect();
    try {
      const { data, request_id } = await client.chat.completions
        .create(
          {
            model: request.model,
            messages: request.messages.map((message) => ({ role: message.role, content: message.content })),
            max_completion_tokens: request.maxCompletionTokens,
          },
          { signal },
        )
        .withResponse();
      const message = data.choices[0]?.message;
      return {
        text: message?.content ?? message?.refusal ?? '',
        usage:
          data.usage && isTokenCount(data.usage.prompt_tokens) && isTokenCount(data.usage.completion_tokens)
            ? { prompt_tokens: data.usage.prompt_tokens, completion_tokens: data.usage.completion_tokens }
            : null,
        requestId: request_id,
        model: data.model,
      };
    } catch (error) {
      throw this.toSettldError(error, signal);
    }
  }

  /** Built on the first call, so a missing key is a call-time error and never a start-up one. */
  private connect(): OpenAI {
    this.assertReady();
    this.client ??= new OpenAI({
      apiKey: this.options.apiKey,
      baseURL: this.options.baseUrl,
      timeout: this.options.timeoutMs,
      maxRetries: this.options.maxRetries,
      fetch: fetchWithBoundedRetryAfter(this.options.maxRetryDelayMs ?? DEFAULT_MAX_RETRY_DELAY_MS),
    });
    return this.client;
  }

  /**
   * Our errors carry the provider's status and a trimmed, redacted message, never the package's
   * own error (whose message and headers are the provider's words, which may echo our key).
   */
  private toSettldError(error: unknown, signal: AbortSignal | undefined): unknown {
    if (error instanceof APIUserAbortError || (signal?.aborted && error instanceof OpenAIError)) {
      return new SettldError(
        'LLM_CALL_ABORTED',
        499,
        'The LLM call was aborted before the provider answered',
      );
    }
    if (error instanceof APIConnectionTimeoutError) {
      return providerError(
        null,
        'timeout',
        `The LLM provider did not answer within ${this.options.timeoutMs} ms`,
      );
    }
    if (error instanceof APIConnectionError) {
      return providerError(null, 'connection', 'The LLM provider could not be reached');
    }
    if (error instanceof APIError) {
      const status = typeof error.status === 'number' ? error.status : null;
      return providerError(status, 'status', `The LLM provider answered with HTTP ${status ?? 'error'}`, {
        providerCode: typeof error.code === 'string' ? this.redact(error.code, 100) : null,
        providerMessage: this.providerMessage(error.error),
        providerRequestId: error.requestID ?? null,
      });
    }
    if (error instanceof OpenAIError) {
      return providerError(
        null,
        'invalid_response',
        'The LLM provider sent a response that could not be read',
      );
    }
    return error;
  }

  private providerMessage(body: unknown): string | null {
    const message = (body as { message?: unknown } | undefined)?.message;
    return typeof message === 'string' ? this.redact(message, MAX_PROVIDER_MESSAGE) : null;
  }

  /** The provider's words, without our key (whole or as an `sk-…` fragment) and cut to `max`. */
  private redact(text: string, max: number): string {
    let out = this.options.apiKey ? text.split(this.options.apiKey).join(REDACTED) : text;
    out = redactText(out).replace(/sk-[^\s"',]+/g, REDACTED);
    return out.length > max ? `${out.slice(0, max)}…` : out;
  }
}

function providerError(
  providerStatus: number | null,
  reason: 'timeout' | 'connection' | 'status' | 'invalid_response',
  message: string,
  extra: Record<string, unknown> = {},
): SettldError {
  return new SettldError('LLM_PROVIDER_ERROR', 502, message, { providerStatus, reason, ...extra });
}
