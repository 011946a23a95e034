import { STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { isSettldError, SettldError } from '../../core/errors.js';
import type { SecretRedactor } from '../../core/observability/redact.js';
import type { Platform } from '../../core/platform.js';

/** Maps any error a route throws to the JSON error body `{code, message, ...details}`, once. */
export function toSettldError(error: unknown): SettldError {
  if (isSettldError(error)) return error;
  if (hasZodFastifySchemaValidationErrors(error)) {
    const issues = error.validation.map((issue) => ({
      path: `${error.validationContext ?? ''}${issue.instancePath}`,
      message: issue.message ?? 'invalid',
    }));
    const summary = issues.map((issue) => `${issue.path || '(root)'}: ${issue.message}`).join('; ');
    return new SettldError('INVALID_INPUT', 400, `Invalid request: ${summary}`, { issues });
  }
  const fastifyError = error as Partial<FastifyError>;
  switch (fastifyError.code) {
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return new SettldError('INVALID_JSON', 400, 'The request body is empty: send a JSON object');
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      // Fastify's parser also refuses `__proto__` and `constructor.prototype` keys (prototype
      // poisoning) with this code, without saying which it was.
      return new SettldError(
        'INVALID_JSON',
        400,
        'The request body is not valid JSON, or holds a forbidden "__proto__" or "constructor.prototype" key',
      );
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new SettldError('PAYLOAD_TOO_LARGE', 413, 'The request body is too large');
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new SettldError('UNSUPPORTED_MEDIA_TYPE', 415, 'Send the body as application/json');
    default:
      break;
  }
  const status = fastifyError.statusCode;
  if (status !== undefined && status >= 400 && status < 500) {
    return new SettldError('BAD_REQUEST', status, 'The request could not be understood');
  }
  return new SettldError('INTERNAL', 500, 'Internal error; the server log has the details');
}

/**
 * Answers an error. Its text passes the redactor: a message may quote what the caller sent, and the
 * caller may have sent a secret in the wrong place.
 */
export function sendError(reply: FastifyReply, error: SettldError, redactor: SecretRedactor): FastifyReply {
  for (const [name, value] of Object.entries(error.headers)) void reply.header(name, value);
  if (error.status === 401) void reply.header('WWW-Authenticate', 'Bearer realm="settld-mcp"');
  return reply
    .code(error.status)
    .type('application/json')
    .send(redactor.text(JSON.stringify(error.toJSON())));
}

const CLIENT_ERRORS: Record<string, { status: number; code: string; message: string }> = {
  HPE_HEADER_OVERFLOW: {
    status: 431,
    code: 'HEADERS_TOO_LARGE',
    message: 'The request line and headers exceed 16 KB: send long parameters in a body',
  },
  ERR_HTTP_REQUEST_TIMEOUT: {
    status: 408,
    code: 'REQUEST_TIMEOUT',
    message: 'The request was not sent in time',
  },
};

/**
 * Answers what Node's HTTP parser refused before Fastify saw a request (an oversized URL or header,
 * malformed HTTP, a request that never finished) with the same JSON error body as every route.
 */
export function clientErrorHandler(error: Error & { code?: string }, socket: Duplex): void {
  // A reset connection has nobody left to answer.
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const known = CLIENT_ERRORS[error.code ?? ''] ?? {
    status: 400,
    code: 'BAD_REQUEST',
    message: 'The request is not valid HTTP/1.1',
  };
  const body = JSON.stringify({ code: known.code, message: known.message });
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${known.status} ${STATUS_CODES[known.status]}\r\nContent-Length: ${Buffer.byteLength(body)}\r\n` +
        `Content-Type: application/json\r\nConnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy(error);
}

export function installErrorHandling(
  app: {
    setErrorHandler: (
      handler: (error: unknown, request: FastifyRequest, reply: FastifyReply) => unknown,
    ) => unknown;
    setNotFoundHandler: (handler: (request: FastifyRequest, reply: FastifyReply) => unknown) => unknown;
  },
  platform: Platform,
): void {
  app.setErrorHandler((error, request, reply) => {
    const mapped = toSettldError(error);
    if (mapped.status >= 500) platform.logger.error({ err: error, url: request.url }, 'request failed');
    if (mapped.status === 401) platform.metrics.authFailures.inc({ code: mapped.code });
    if (mapped.status === 429)
      platform.metrics.rateLimited.inc({
        policy: typeof mapped.details.policy === 'string' ? mapped.details.policy : 'requests',
      });
    return sendError(reply, mapped, platform.redactor);
  });
  app.setNotFoundHandler((request, reply) =>
    sendError(
      reply,
      new SettldError('NOT_FOUND', 404, `No route ${request.method} ${request.url.split('?')[0] ?? ''}`),
      platform.redactor,
    ),
  );
}
