import { SettldError } from '../../core/errors.js';
import { VERSION } from '../../core/version.js';

const TIMEOUT_MS = 60_000;

interface ErrorBody {
  code?: unknown;
  message?: unknown;
}

/**
 * A settld-mcp (or T4 intent API) server the CLI talks to with an API key in `X-T4-API-KEY`. Its
 * error bodies come back as the same SettldError codes a local run would throw.
 */
export class RemoteApi {
  constructor(
    private readonly baseUrl: string,
    private readonly apiKey: string,
  ) {}

  async request<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
    const url = `${this.baseUrl}${path}`;
    let response: Response;
    try {
      response = await fetch(url, {
        method,
        headers: {
          'X-T4-API-KEY': this.apiKey,
          'user-agent': `settld-mcp/${VERSION}`,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(TIMEOUT_MS),
      });
    } catch (error) {
      const cause =
        error instanceof Error ? ((error.cause as Error | undefined)?.message ?? error.message) : '';
      throw new SettldError('INTENT_API_UNREACHABLE', 503, `Could not reach ${this.baseUrl}: ${cause}`, {
        url: this.baseUrl,
      });
    }
    const text = await response.text();
    let parsed: unknown;
    try {
      parsed = text === '' ? undefined : JSON.parse(text);
    } catch {
      parsed = undefined;
    }
    if (!response.ok) {
      const error = (parsed ?? {}) as ErrorBody;
      throw new SettldError(
        typeof error.code === 'string' ? error.code : 'INTENT_API_ERROR',
        response.status,
        typeof error.message === 'string'
          ? error.message
          : `${method} ${path} answered HTTP ${response.status}`,
        { url: this.baseUrl, status: response.status },
      );
    }
    if (parsed === undefined) {
      throw new SettldError('INTENT_API_ERROR', 502, `${method} ${path} did not answer JSON`, {
        url: this.baseUrl,
      });
    }
    return parsed as T;
  }
}
