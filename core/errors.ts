/**
 * The one error type of settld-mcp. Every user-fixable failure is a SettldError with a stable
 * UPPER_SNAKE `code`, the HTTP status a REST client sees, and details that are safe to show.
 * Transports map it once: REST to a JSON body, MCP to a tool result with `isError: true`.
 */
export class SettldError extends Error {
  readonly code: string;
  readonly status: number;
  readonly details: Record<string, unknown>;
  /** Extra response headers a transport should send (Retry-After, RateLimit…). */
  readonly headers: Record<string, string>;

  constructor(
    code: string,
    status: number,
    message: string,
    details: Record<string, unknown> = {},
    headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'SettldError';
    this.code = code;
    this.status = status;
    this.details = details;
    this.headers = headers;
  }

  toJSON(): Record<string, unknown> {
    return { ...this.details, code: this.code, message: this.message };
  }
}

export const badRequest = (code: string, message: string, details?: Record<string, unknown>) =>
  new SettldError(code, 400, message, details);

export const unauthorized = (message = 'Missing or invalid credentials', code = 'UNAUTHORIZED') =>
  new SettldError(code, 401, message);

export const forbidden = (message: string, details?: Record<string, unknown>) =>
  new SettldError('FORBIDDEN', 403, message, details);

export const notFound = (what: string, details?: Record<string, unknown>) =>
  new SettldError('NOT_FOUND', 404, `${what} not found`, details);

export const conflict = (code: string, message: string, details?: Record<string, unknown>) =>
  new SettldError(code, 409, message, details);

export function isSettldError(error: unknown): error is SettldError {
  return error instanceof SettldError;
}
