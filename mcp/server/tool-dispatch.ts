import { z } from 'zod';
import type { SecretRedactor } from '../../core/observability/redact.js';
import { ErrorCode, type CallToolResult, type Tool } from '@modelcontextprotocol/sdk/types.js';
import { requireScope } from '../../core/auth/principal.js';
import { isSettldError, SettldError } from '../../core/errors.js';
import type { ToolContext, ToolDefinition } from '../tools/tool.js';
import { ProtocolError } from './protocol-error.js';

const listingCache = new WeakMap<ToolDefinition, Tool>();

/** The tools/list entry of a tool: JSON Schemas from its zod schemas, computed once per process. */
export function toolListing(tool: ToolDefinition): Tool {
  let listing = listingCache.get(tool);
  if (!listing) {
    listing = {
      name: tool.name,
      title: tool.title,
      description: tool.description,
      inputSchema: jsonSchemaOf(tool.input, 'input') as Tool['inputSchema'],
      outputSchema: jsonSchemaOf(tool.output, 'output') as Tool['outputSchema'],
      annotations: { title: tool.title, ...tool.annotations },
    };
    listingCache.set(tool, listing);
  }
  return listing;
}

function jsonSchemaOf(schema: z.ZodType, io: 'input' | 'output'): Record<string, unknown> {
  const { $schema: _ignored, ...json } = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as Record<
    string,
    unknown
  >;
  return json;
}

/**
 * A user-fixable failure, as the model should see it: a tool result, not a protocol error. Its text
 * passes the redactor, since a message may quote a secret the caller sent in the wrong place.
 */
export function errorResult(error: SettldError, redactor: SecretRedactor): CallToolResult {
  return { isError: true, content: [{ type: 'text', text: redactor.text(JSON.stringify(error.toJSON())) }] };
}

export function inputError(tool: ToolDefinition, error: z.ZodError): SettldError {
  const issues = error.issues
    .slice(0, 20)
    .map((issue) => ({ path: issue.path.join('.'), message: issue.message }));
  const summary = issues.map((issue) => `${issue.path || '(root)'}: ${issue.message}`).join('; ');
  return new SettldError('INVALID_INPUT', 400, `Invalid arguments for ${tool.name}: ${summary}`, { issues });
}

/**
 * Runs one tool call: the caller's scope first (a caller that may not run the tool gets FORBIDDEN and
 * learns nothing from how its arguments would be judged), then the arguments (a mistake is a tool
 * result with code INVALID_INPUT), then the tool, whose output is checked against the declared schema
 * (a mismatch is our bug: a protocol error).
 */
export async function callTool(
  tool: ToolDefinition,
  args: unknown,
  context: ToolContext,
): Promise<CallToolResult> {
  let output: unknown;
  try {
    if (tool.scope !== undefined) requireScope(context.principal, tool.scope);
    const parsed = tool.input.safeParse(args ?? {});
    if (!parsed.success) throw inputError(tool, parsed.error);
    output = await tool.run(parsed.data, context);
  } catch (error) {
    if (isSettldError(error)) return errorResult(error, context.platform.redactor);
    throw error;
  }
  const checked = tool.output.safeParse(output);
  if (!checked.success) {
    throw new ProtocolError(
      ErrorCode.InternalError,
      `${tool.name} produced output that does not match its schema`,
    );
  }
  const structuredContent: Record<string, unknown> = checked.data;
  return { content: [{ type: 'text', text: JSON.stringify(structuredContent) }], structuredContent };
}
