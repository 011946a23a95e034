/*
 * A deliberately flawed MCP server for the conformance matrix (stdio). Built with the rest of
 * test/fakes into build/test/fakes/ (or transpiled there by the tests): `node flawed-mcp-server.js`.
 * Each tool carries one flaw a host reacts to in its own way:
 * - lookup_item: a root `anyOf` (with the properties also at the root, a common pattern);
 * - a 70-character name, over 64 with or without a host's prefix;
 * - write_note: a write tool with no annotations at all, and its own `summary` argument;
 * - export_catalog: read-only, but returns about 200 KB;
 * - ping: clean, read-only.
 */
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { CallToolRequestSchema, ListToolsRequestSchema } from '@modelcontextprotocol/sdk/types.js';

/** 70 characters. */
const LONG_TOOL_NAME = `inventory_${'x'.repeat(52)}_summary`;

const READ_ONLY = { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false };

const tools = [
  {
    name: 'ping',
    description: 'Answers pong: a clean, read-only tool.',
    inputSchema: { type: 'object', properties: {} },
    annotations: READ_ONLY,
  },
  {
    name: 'lookup_item',
    description: 'Looks an item up by id or by name.',
    inputSchema: {
      type: 'object',
      properties: { id: { type: 'string' }, name: { type: 'string' } },
      anyOf: [{ required: ['id'] }, { required: ['name'] }],
    },
    annotations: READ_ONLY,
  },
  {
    name: LONG_TOOL_NAME,
    description: 'A tool whose name is 70 characters long.',
    inputSchema: { type: 'object', properties: { scope: { type: 'string' } }, required: ['scope'] },
    annotations: READ_ONLY,
  },
  {
    name: 'write_note',
    description: 'Writes a note. Declares no annotations, although it writes.',
    inputSchema: {
      type: 'object',
      properties: { title: { type: 'string' }, summary: { type: 'string' } },
      required: ['title'],
    },
  },
  {
    name: 'export_catalog',
    description: 'Exports the whole catalog at once (about 200 KB).',
    inputSchema: { type: 'object', properties: {} },
    annotations: READ_ONLY,
  },
];

/** About 200 KB of catalog rows as JSON text. */
function catalog(): string {
  const rows: string[] = [];
  for (let i = 0; rows.join('\n').length < 200_000; i += 1) {
    rows.push(
      JSON.stringify({
        id: i,
        sku: `SKU-${(i * 7919) % 100_000}`,
        name: `Item number ${i}`,
        price: (i * 37) % 1000,
      }),
    );
  }
  return rows.join('\n');
}

const server = new Server({ name: 'flawed-mcp-server', version: '1.0.0' }, { capabilities: { tools: {} } });

server.setRequestHandler(ListToolsRequestSchema, () => ({ tools }));

server.setRequestHandler(CallToolRequestSchema, (request) => {
  const text = (value: string) => ({ content: [{ type: 'text' as const, text: value }] });
  switch (request.params.name) {
    case 'ping':
      return text('pong');
    case 'export_catalog':
      return text(catalog());
    case 'lookup_item':
      return text(JSON.stringify({ found: false }));
    case 'write_note':
      return text('written');
    default:
      return { ...text(`unknown tool ${request.params.name}`), isError: true };
  }
});

await server.connect(new StdioServerTransport());
