import { afterAll, describe, expect, it } from 'vitest';
import type { Principal } from '../../core/auth/principal.js';
import { SCOPES } from '../../core/auth/scopes.js';
import { isSettldError } from '../../core/errors.js';
import { toolListing } from '../../mcp/server/tool-dispatch.js';
import { ALL_TOOLS } from '../../mcp/tools/index.js';
import type { ToolDefinition } from '../../mcp/tools/tool.js';
import { type JsonSchema, SAMPLE_ATTEMPTS, validSample } from '../drills/helpers.js';
import { testPlatform } from '../helpers/platform.js';

/*
 * tools/list hides a tool from a caller without its declared scope, and tools/call refuses it before
 * reading the arguments: so the declaration must be the scope the tool's service really requires, or
 * a caller would see a tool it can not run (or miss one it can). The service keeps its own check;
 * here each tool's run() is called directly, past the dispatch's check, to read that one.
 */

const platform = testPlatform();
afterAll(() => platform.close());

function keyWithout(scope: string): Principal {
  return {
    kind: 'api_key',
    tenantId: 'acme',
    scopes: new Set(SCOPES.filter((held) => held !== scope && held !== 'admin')),
    actor: 'key:test',
    keyId: 'test',
    agentId: 'test',
    rateLimitKey: 'key:test',
  };
}

/** Valid arguments for the tool, generated from its own schema. */
function validInput(tool: ToolDefinition) {
  const schema = toolListing(tool).inputSchema as JsonSchema;
  for (let attempt = 0; attempt < SAMPLE_ATTEMPTS; attempt++) {
    const parsed = tool.input.safeParse(validSample(schema, attempt));
    if (parsed.success) return parsed.data;
  }
  throw new Error(`${tool.name}: no valid sample of its input schema`);
}

async function refusalOf(tool: ToolDefinition, principal: Principal) {
  try {
    await tool.run(validInput(tool), {
      platform,
      principal,
      signal: new AbortController().signal,
      progress: () => Promise.resolve(),
    });
    return 'answered';
  } catch (error) {
    if (!isSettldError(error)) throw error;
    return { code: error.code, required: error.details.required };
  }
}

describe('the scope each MCP tool declares', () => {
  it('is none for health only', () => {
    expect(ALL_TOOLS.filter((tool) => tool.scope === undefined).map((tool) => tool.name)).toEqual(['health']);
  });

  it.each(ALL_TOOLS.filter((tool) => tool.scope !== undefined).map((tool) => [tool.name, tool] as const))(
    '%s: is the scope its service refuses a key without',
    async (_name, tool) => {
      expect(await refusalOf(tool, keyWithout(tool.scope!))).toEqual({
        code: 'FORBIDDEN',
        required: tool.scope,
      });
    },
  );
});
