import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { CallToolRequestSchema, ErrorCode, ListToolsRequestSchema } from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';
import type { Principal } from '../../core/auth/principal.js';
import { isSettldError } from '../../core/errors.js';
import type { Platform } from '../../core/platform.js';
import { VERSION } from '../../core/version.js';
import { mayRun, type ToolDefinition } from '../tools/tool.js';
import { ProtocolError } from './protocol-error.js';
import { registerPrompts } from './prompts.js';
import { registerResources, type Documents } from './resources.js';
import { callTool, errorResult, toolListing } from './tool-dispatch.js';

/**
 * tools/call with `arguments` of any type: the SDK's own schema would refuse a non-object as an
 * internal error; here it reaches the tool's input check and comes back as INVALID_INPUT.
 */
const CallToolRequestLooseArguments = CallToolRequestSchema.extend({
  params: CallToolRequestSchema.shape.params.extend({ arguments: z.unknown().optional() }),
});

export interface ServerOptions {
  platform: Platform;
  /** Who is calling; over stdio it is re-checked on every call, so a revoked key stops at once. */
  resolvePrincipal: () => Promise<Principal>;
  tools: readonly ToolDefinition[];
  documents: Documents;
  /** Count each tool call against the caller's rate limit (stdio; over HTTP the request is counted). */
  rateLimitCalls: boolean;
}

const INSTRUCTIONS = [
  'settld-mcp governs the work of coding agents.',
  'Before opening a pull request, run intents_pre_pr_check on the changed files; when files are missing an intent, create one (owner + ticket) or open a draft PR.',
  'Route LLM calls through llm_chat so they are priced against your daily budget.',
  'Errors come back as tool results whose text is JSON with a stable "code".',
].join(' ');

/** One MCP server bound to one caller, exposing the selected tools, resources and prompts. */
export function createMcpServer(options: ServerOptions): McpServer {
  const { platform, tools } = options;
  const server = new McpServer(
    { name: 'settld-mcp', title: 'settld-mcp', version: VERSION },
    { capabilities: { tools: {}, logging: {}, resources: {}, prompts: {} }, instructions: INSTRUCTIONS },
  );
  const byName = new Map(tools.map((tool) => [tool.name, tool]));

  server.server.setRequestHandler(ListToolsRequestSchema, async () => ({
    tools: (await runnableTools(options)).map(toolListing),
  }));
  server.server.setRequestHandler(CallToolRequestLooseArguments, async (request, extra) => {
    const tool = byName.get(request.params.name);
    if (!tool) throw new ProtocolError(ErrorCode.InvalidParams, `Unknown tool "${request.params.name}"`);
    // Timing only feeds the debug line below: skipped when debug lines are off.
    const timed = platform.logger.isLevelEnabled('debug');
    const started = timed ? performance.now() : 0;
    const progressToken = request.params._meta?.progressToken;
    let outcome = 'ok';
    try {
      let principal: Principal;
      try {
        principal = await options.resolvePrincipal();
      } catch (error) {
        if (!isSettldError(error)) throw error;
        outcome = error.code;
        return errorResult(error, platform.redactor);
      }
      // The keyless local user is the machine's owner: nothing to protect it from.
      if (options.rateLimitCalls && principal.kind !== 'local') {
        try {
          await platform.requestLimiter.consume(principal.rateLimitKey);
        } catch (error) {
          if (!isSettldError(error)) throw error;
          platform.metrics.rateLimited.inc({ policy: 'requests' });
          outcome = error.code;
          return errorResult(error, platform.redactor);
        }
      }
      const result = await callTool(tool, request.params.arguments, {
        platform,
        principal,
        signal: extra.signal,
        progress: async (progress, total, message) => {
          if (progressToken === undefined) return;
          await extra.sendNotification({
            method: 'notifications/progress',
            params: { progressToken, progress, total, message },
          });
        },
      });
      if (result.isError) outcome = errorCodeOf(result.content);
      return result;
    } catch (error) {
      outcome = 'internal_error';
      platform.logger.error({ err: error, tool: tool.name }, 'tool call failed');
      throw error instanceof ProtocolError
        ? error
        : new ProtocolError(ErrorCode.InternalError, `${tool.name} failed`);
    } finally {
      platform.metrics.toolCalls.inc({ tool: tool.name, outcome });
      if (timed) {
        platform.logger.debug(
          { tool: tool.name, outcome, ms: Math.round(performance.now() - started) },
          'tool call',
        );
      }
    }
  });

  registerResources(server, options);
  registerPrompts(server);
  return server;
}

/**
 * The tools the caller may run: a tool needing a scope it lacks is not listed (a call of it is still
 * answered, with FORBIDDEN). A caller whose credentials fail holds no scope, so it is shown the tools
 * that need none: `health` then tells it what is wrong with its credentials.
 */
async function runnableTools(options: ServerOptions): Promise<ToolDefinition[]> {
  let principal: Principal | undefined;
  try {
    principal = await options.resolvePrincipal();
  } catch (error) {
    if (!isSettldError(error)) throw error;
  }
  return options.tools.filter((tool) => mayRun(tool, principal));
}

function errorCodeOf(content: unknown): string {
  const first = Array.isArray(content) ? (content[0] as { text?: unknown } | undefined) : undefined;
  try {
    const parsed = JSON.parse(typeof first?.text === 'string' ? first.text : '{}') as { code?: unknown };
    return typeof parsed.code === 'string' ? parsed.code : 'error';
  } catch {
    return 'error';
  }
}
