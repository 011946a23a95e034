import type { ErrorCode } from '@modelcontextprotocol/sdk/types.js';

/**
 * A JSON-RPC error answer: a bug, or a request no tool can answer. The SDK sends `code` and
 * `message` as they are, and the client prefixes "MCP error <code>: " when it reads the answer, so
 * the message here is bare: the SDK's own McpError already carries that prefix, and the caller
 * would read it twice.
 */
export class ProtocolError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'ProtocolError';
  }
}
