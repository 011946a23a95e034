import { SettldError } from '../errors.js';
import { VERSION } from '../version.js';

const TIMEOUT_MS = 60_000;

interface ErrorBody {
  code?: unknown;
  message?: unknown;
}

/** How a remote settld-mcp server is told who is calling. */
export type RemoteCredential = { apiKey: string } | { adminToken: string };

/**
 * A settld-mcp (or T4 intent API) server called over REST, with an API key (`X-T4-API-KEY`) or the
 * operator token (`x-admin-token`). Its error bodies come back as the same SettldError codes a local
 * call would throw.
 */
export class RemoteApi {
  private readonly credentialHeader: Record<string, string>;

  constructor(
    private readonly baseUrl: string,
    credential: RemoteCredential,
    private readonly unreachableCode = 'INTENT_API_UNREACHABLE',
  ) {
    this.credentialHeader =
      'apiKey' in credential
        ? { 'X-T4-API-KEY': credential.apiKey }
        : { 'x-admin-token': credential.adminToken };
  }

  async request<T>(
    method: 'GET' | 'POST',
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<T> {
    const url = `${this.baseUrl}${path}`;
    let response: Response;
    try {
      response = await fetch(url, {
        method,
        headers: {
          ...this.credentialHeader,
          ...headers,
          'user-agent': `settld-mcp/${VERSION}`,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(TIMEOUT_MS),
      });
    } catch (error) {
      const cause =
        error instanceof Error ? ((error.cause as Error | undefined)?.message ?? error.message) : '';
      throw new SettldError(this.unreachableCode, 503, `Could not reach ${this.baseUrl}: ${cause}`, {
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
