export const id = 762;
export const ids = [762];
export const modules = {

/***/ 64353:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  c: () => (/* binding */ createMcpServer)
});

// EXTERNAL MODULE: ./node_modules/@modelcontextprotocol/sdk/dist/esm/server/mcp.js + 57 modules
var mcp = __webpack_require__(2371);
// EXTERNAL MODULE: ./node_modules/@modelcontextprotocol/sdk/dist/esm/types.js + 1 modules
var types = __webpack_require__(330);
// EXTERNAL MODULE: ./build/core/errors.js
var errors = __webpack_require__(62807);
// EXTERNAL MODULE: ./build/core/version.js + 1 modules
var version = __webpack_require__(74315);
// EXTERNAL MODULE: ./node_modules/zod/v4/classic/schemas.js + 4 modules
var schemas = __webpack_require__(41514);
;// CONCATENATED MODULE: ./build/mcp/server/prompts.js

function registerPrompts(server) {
    server.registerPrompt('pre_pr_workflow', {
        title: 'Pre-PR intent workflow',
        description: 'The steps an agent follows before opening a pull request under the intent policy.',
        argsSchema: {
            files: schemas/* string */.YjP().describe('Changed files, comma separated'),
            critical_codes: schemas/* string */.YjP()
                .optional()
                .describe('Critical lint codes, comma separated (default F821,F401)'),
        },
    }, ({ files, critical_codes }) => ({
        description: 'Pre-PR intent workflow',
        messages: [
            {
                role: 'user',
                content: {
                    type: 'text',
                    text: [
                        `Before opening a pull request for these files: ${files}`,
                        `1. Run your linter and keep its JSON output (ruff --output-format json, ESLint -f json, or SARIF).`,
                        `2. Call intents_pre_pr_check with files, critical_codes ${critical_codes ?? 'F821,F401'} and the findings.`,
                        '3. For each entry of `missing`, either create an intent with intents_create (owner, ticket, reason) and move it to planned, or set auto_create_reserved and open the PR as a draft.',
                        '4. Never open a ready-for-review PR while `missing` is not empty; say which files still need an owner.',
                    ].join('\n'),
                },
            },
        ],
    }));
}

;// CONCATENATED MODULE: ./build/mcp/server/resources.js
const json = (uri, value) => ({
    contents: [{ uri, mimeType: 'application/json', text: JSON.stringify(value, null, 2) }],
});
function registerResources(server, options) {
    const { platform, tools } = options;
    server.registerResource('openapi', 'settld://openapi.json', {
        title: 'REST API (OpenAPI 3.1)',
        description: 'The OpenAPI document of the settld-mcp REST API, generated from the same schemas it validates with.',
        mimeType: 'application/json',
    }, async (uri) => json(uri.href, await options.documents.openapi()));
    server.registerResource('status', 'settld://status', {
        title: 'Server status and caller',
        description: 'Health of this settld-mcp, who you are (tenant, scopes) and which tools are enabled.',
        mimeType: 'application/json',
    }, async (uri) => {
        const principal = await options.resolvePrincipal();
        return json(uri.href, {
            ...platform.health.check(),
            caller: { tenant_id: principal.tenantId, actor: principal.actor, scopes: [...principal.scopes] },
            tools: tools.map((tool) => tool.name),
        });
    });
}

// EXTERNAL MODULE: ./node_modules/zod/v4/core/json-schema-processors.js
var json_schema_processors = __webpack_require__(98439);
;// CONCATENATED MODULE: ./build/mcp/server/tool-dispatch.js



const listingCache = new WeakMap();
/** The tools/list entry of a tool: JSON Schemas from its zod schemas, computed once per process. */
function toolListing(tool) {
    let listing = listingCache.get(tool);
    if (!listing) {
        listing = {
            name: tool.name,
            title: tool.title,
            description: tool.description,
            inputSchema: jsonSchemaOf(tool.input, 'input'),
            outputSchema: jsonSchemaOf(tool.output, 'output'),
            annotations: { title: tool.title, ...tool.annotations },
        };
        listingCache.set(tool, listing);
    }
    return listing;
}
function jsonSchemaOf(schema, io) {
    const { $schema: _ignored, ...json } = json_schema_processors/* toJSONSchema */.bl(schema, { io, unrepresentable: 'any' });
    return json;
}
/** A user-fixable failure, as the model should see it: a tool result, not a protocol error. */
function errorResult(error) {
    return { isError: true, content: [{ type: 'text', text: JSON.stringify(error.toJSON()) }] };
}
function inputError(tool, error) {
    const issues = error.issues
        .slice(0, 20)
        .map((issue) => ({ path: issue.path.join('.'), message: issue.message }));
    const summary = issues.map((issue) => `${issue.path || '(root)'}: ${issue.message}`).join('; ');
    return new errors/* SettldError */.VQ('INVALID_INPUT', 400, `Invalid arguments for ${tool.name}: ${summary}`, { issues });
}
/**
 * Runs one tool call: validate the arguments (a mistake is a tool result with code INVALID_INPUT),
 * run, and check the output against the declared schema (a mismatch is our bug: a protocol error).
 */
async function callTool(tool, args, context) {
    const parsed = tool.input.safeParse(args ?? {});
    if (!parsed.success)
        return errorResult(inputError(tool, parsed.error));
    let output;
    try {
        output = await tool.run(parsed.data, context);
    }
    catch (error) {
        if ((0,errors/* isSettldError */.x2)(error))
            return errorResult(error);
        throw error;
    }
    const checked = tool.output.safeParse(output);
    if (!checked.success) {
        throw new types/* McpError */.Nh(types/* ErrorCode */.O4.InternalError, `${tool.name} produced output that does not match its schema`);
    }
    const structuredContent = checked.data;
    return { content: [{ type: 'text', text: JSON.stringify(structuredContent) }], structuredContent };
}

;// CONCATENATED MODULE: ./build/mcp/server/create-server.js







const INSTRUCTIONS = [
    'settld-mcp governs the work of coding agents.',
    'Before opening a pull request, run intents_pre_pr_check on the changed files; when files are missing an intent, create one (owner + ticket) or open a draft PR.',
    'Route LLM calls through llm_chat so they are priced against your daily budget.',
    'Errors come back as tool results whose text is JSON with a stable "code".',
].join(' ');
/** One MCP server bound to one caller, exposing the selected tools, resources and prompts. */
function createMcpServer(options) {
    const { platform, tools } = options;
    const server = new mcp/* McpServer */._({ name: 'settld-mcp', title: 'settld-mcp', version: version/* VERSION */.x }, { capabilities: { tools: {}, logging: {}, resources: {}, prompts: {} }, instructions: INSTRUCTIONS });
    const byName = new Map(tools.map((tool) => [tool.name, tool]));
    server.server.setRequestHandler(types/* ListToolsRequestSchema */.gW, () => ({ tools: tools.map(toolListing) }));
    server.server.setRequestHandler(types/* CallToolRequestSchema */.FT, async (request, extra) => {
        const tool = byName.get(request.params.name);
        if (!tool)
            throw new types/* McpError */.Nh(types/* ErrorCode */.O4.InvalidParams, `Unknown tool "${request.params.name}"`);
        const started = performance.now();
        const progressToken = request.params._meta?.progressToken;
        let outcome = 'ok';
        try {
            let principal;
            try {
                principal = await options.resolvePrincipal();
            }
            catch (error) {
                if (!(0,errors/* isSettldError */.x2)(error))
                    throw error;
                outcome = error.code;
                return errorResult(error);
            }
            // The keyless local user is the machine's owner: nothing to protect it from.
            if (options.rateLimitCalls && principal.kind !== 'local') {
                try {
                    await platform.requestLimiter.consume(principal.rateLimitKey);
                }
                catch (error) {
                    if (!(0,errors/* isSettldError */.x2)(error))
                        throw error;
                    platform.metrics.rateLimited.inc({ policy: 'requests' });
                    outcome = error.code;
                    return errorResult(error);
                }
            }
            const result = await callTool(tool, request.params.arguments, {
                platform,
                principal,
                signal: extra.signal,
                progress: async (progress, total, message) => {
                    if (progressToken === undefined)
                        return;
                    await extra.sendNotification({
                        method: 'notifications/progress',
                        params: { progressToken, progress, total, message },
                    });
                },
            });
            if (result.isError)
                outcome = errorCodeOf(result.content);
            return result;
        }
        catch (error) {
            outcome = 'internal_error';
            platform.logger.error({ err: error, tool: tool.name }, 'tool call failed');
            throw error instanceof types/* McpError */.Nh ? error : new types/* McpError */.Nh(types/* ErrorCode */.O4.InternalError, `${tool.name} failed`);
        }
        finally {
            platform.metrics.toolCalls.inc({ tool: tool.name, outcome });
            platform.logger.debug({ tool: tool.name, outcome, ms: Math.round(performance.now() - started) }, 'tool call');
        }
    });
    registerResources(server, options);
    registerPrompts(server);
    return server;
}
function errorCodeOf(content) {
    const first = Array.isArray(content) ? content[0] : undefined;
    try {
        const parsed = JSON.parse(typeof first?.text === 'string' ? first.text : '{}');
        return typeof parsed.code === 'string' ? parsed.code : 'error';
    }
    catch {
        return 'error';
    }
}


/***/ }),

/***/ 15762:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  runStdio: () => (/* binding */ runStdio)
});

// EXTERNAL MODULE: ./node_modules/@modelcontextprotocol/sdk/dist/esm/server/stdio.js + 1 modules
var stdio = __webpack_require__(99424);
// EXTERNAL MODULE: ./build/core/config.js
var core_config = __webpack_require__(49226);
// EXTERNAL MODULE: ./build/core/platform.js + 169 modules
var core_platform = __webpack_require__(54588);
// EXTERNAL MODULE: ./node_modules/@modelcontextprotocol/sdk/dist/esm/client/streamableHttp.js + 9 modules
var streamableHttp = __webpack_require__(75038);
// EXTERNAL MODULE: ./build/core/observability/redact.js
var redact = __webpack_require__(60991);
;// CONCATENATED MODULE: ./build/mcp/bridge.js



/**
 * The seed's `npx settld-mcp` with SETTLD_BASE_URL: a local stdio server that forwards every
 * message to the remote server's `/mcp`, with the API key as bearer. The remote answers for itself:
 * tools, scopes and errors are the server's, not the bridge's.
 */
async function runBridge(remote) {
    const headers = {};
    if (remote.apiKey)
        headers.authorization = `Bearer ${remote.apiKey}`;
    if (remote.tenantId)
        headers['x-settld-tenant'] = remote.tenantId;
    const upstream = new streamableHttp/* StreamableHTTPClientTransport */.j(new URL(`${remote.baseUrl}/mcp`), {
        requestInit: { headers },
    });
    const local = new stdio/* StdioServerTransport */.S();
    const fail = (error) => process.stderr.write(`settld-mcp bridge: ${(0,redact/* redactText */.Rd)(error.message)}\n`);
    local.onmessage = (message) => {
        upstream.send(message).catch((error) => {
            fail(error);
            if ('id' in message && 'method' in message) {
                void local.send({
                    jsonrpc: '2.0',
                    id: message.id,
                    error: { code: -32000, message: `settld-mcp server unreachable: ${(0,redact/* redactText */.Rd)(error.message)}` },
                });
            }
        });
    };
    upstream.onmessage = (message) => void local.send(message);
    upstream.onerror = fail;
    local.onclose = () => void upstream.close().finally(() => process.exit(0));
    process.stdin.on('end', () => void upstream.close().finally(() => process.exit(0)));
    await upstream.start();
    await local.start();
}

// EXTERNAL MODULE: ./build/mcp/runtime.js
var runtime = __webpack_require__(23911);
// EXTERNAL MODULE: ./build/mcp/server/create-server.js + 3 modules
var create_server = __webpack_require__(64353);
// EXTERNAL MODULE: ./build/mcp/tools/index.js + 3 modules
var mcp_tools = __webpack_require__(68598);
;// CONCATENATED MODULE: ./build/mcp/stdio.js







/** `settld-mcp` / `settld-mcp stdio`: MCP over stdin/stdout, or a bridge when SETTLD_BASE_URL is set. */
async function runStdio(overrides, selection) {
    const config = (0,core_config/* loadConfig */.Z9)(process.env, overrides);
    if (config.remote)
        return runBridge(config.remote);
    const tools = (0,mcp_tools/* selectTools */.g)(selection);
    const platform = (0,core_platform/* createPlatform */.Q)(config);
    const server = (0,create_server/* createMcpServer */.c)({
        platform,
        resolvePrincipal: (0,runtime/* stdioPrincipalResolver */.Q)(platform, config),
        tools,
        documents: {
            openapi: async () => {
                const { buildHttpApp } = await Promise.all(/* import() */[__webpack_require__.e(984), __webpack_require__.e(374)]).then(__webpack_require__.bind(__webpack_require__, 30374));
                const app = await buildHttpApp({ platform, tools, port: config.port });
                await app.ready();
                const document = app.swagger();
                await app.close();
                return document;
            },
        },
        rateLimitCalls: true,
    });
    const transport = new stdio/* StdioServerTransport */.S();
    let closing = false;
    const shutdown = async () => {
        if (closing)
            return;
        closing = true;
        await server.close().catch(() => undefined);
        await platform.close();
        process.exit(0);
    };
    transport.onclose = () => void shutdown();
    process.stdin.on('end', () => void shutdown());
    process.on('SIGTERM', () => void shutdown());
    process.on('SIGINT', () => void shutdown());
    await server.connect(transport);
    platform.logger.debug({ tools: tools.length }, 'settld-mcp serving MCP over stdio');
}


/***/ }),

/***/ 68598:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  g: () => (/* binding */ selectTools)
});

// UNUSED EXPORTS: ALL_TOOLS

// EXTERNAL MODULE: ./build/core/errors.js
var errors = __webpack_require__(62807);
// EXTERNAL MODULE: ./node_modules/zod/v4/classic/schemas.js + 4 modules
var schemas = __webpack_require__(41514);
// EXTERNAL MODULE: ./build/core/auth/api-keys.js
var api_keys = __webpack_require__(74886);
// EXTERNAL MODULE: ./build/core/auth/principal.js
var auth_principal = __webpack_require__(34087);
// EXTERNAL MODULE: ./build/core/auth/tenants.js
var tenants = __webpack_require__(58316);
// EXTERNAL MODULE: ./build/core/pagination.js
var pagination = __webpack_require__(90764);
// EXTERNAL MODULE: ./build/mcp/tools/tool.js
var tool = __webpack_require__(43725);
;// CONCATENATED MODULE: ./build/mcp/tools/admin.js






const adminCreateApiKeyTool = (0,tool/* defineTool */.uO)({
    name: 'admin_create_api_key',
    title: 'Create API key',
    description: 'Issues an API key (sk_<id>_<secret>) for an agent. The secret is returned once and never again: store it in a secret manager. Needs the admin scope; a tenant admin issues keys only in its own tenant.',
    toolset: 'admin',
    input: api_keys/* createKeyInputSchema */.rS,
    output: schemas/* object */.Ikc({ key: schemas/* string */.YjP().describe('The full key, shown only now'), api_key: api_keys/* apiKeyViewSchema */.IL }),
    annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: false },
    run: async (input, { platform, principal }) => {
        const { key, view } = await platform.keys.create(principal, input);
        return { key, api_key: view };
    },
});
const adminListApiKeysTool = (0,tool/* defineTool */.uO)({
    name: 'admin_list_api_keys',
    title: 'List API keys',
    description: 'Lists API keys with their status, scopes, expiry and last use, never their secrets. Paginated: pass nextCursor back as cursor.',
    toolset: 'admin',
    input: pagination/* pageQuerySchema */.Xn.extend({
        tenant_id: tenants/* tenantIdSchema */.$.optional().describe('Operator only: list another tenant'),
    }),
    output: schemas/* object */.Ikc({ items: schemas/* array */.YOg(api_keys/* apiKeyViewSchema */.IL), nextCursor: schemas/* string */.YjP().nullable() }),
    annotations: tool/* READ_ONLY */.sj,
    run: (input, { platform, principal }) => platform.keys.list(principal, { tenantId: input.tenant_id, limit: input.limit, cursor: input.cursor }),
});
const adminRevokeApiKeyTool = (0,tool/* defineTool */.uO)({
    name: 'admin_revoke_api_key',
    title: 'Revoke API key',
    description: 'Revokes an API key at once, by its id or the full key. Requests made with it fail with 401 from now on.',
    toolset: 'admin',
    input: schemas/* object */.Ikc({ key: schemas/* string */.YjP().min(1).max(200).describe('Key id or the full sk_… key') }),
    output: schemas/* object */.Ikc({ revoked: schemas/* literal */.euz(true), api_key: api_keys/* apiKeyViewSchema */.IL }),
    annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: false },
    run: async (input, { platform, principal }) => ({
        revoked: true,
        api_key: await platform.keys.revoke(principal, input.key),
    }),
});
const adminVerifyAuditTool = (0,tool/* defineTool */.uO)({
    name: 'admin_verify_audit',
    title: 'Verify audit chain',
    description: 'Recomputes the hash chain of the audit log and names the first row that was changed, removed or inserted. Needs the admin scope.',
    toolset: 'admin',
    input: schemas/* object */.Ikc({}),
    output: schemas/* object */.Ikc({
        ok: schemas/* boolean */.zMY(),
        rows: schemas/* number */.aig().int(),
        head_seq: schemas/* number */.aig().int().optional(),
        bad_seq: schemas/* number */.aig().int().optional(),
        reason: schemas/* string */.YjP().optional(),
    }),
    annotations: tool/* READ_ONLY */.sj,
    run: async (_input, { platform, principal }) => {
        (0,auth_principal/* requireScope */.ye)(principal, 'admin');
        const result = await platform.audit.verify();
        return result.ok
            ? { ok: true, rows: result.rows, head_seq: result.headSeq }
            : { ok: false, rows: result.rows, bad_seq: result.badSeq, reason: result.reason };
    },
});
const ADMIN_TOOLS = [
    adminCreateApiKeyTool,
    adminListApiKeysTool,
    adminRevokeApiKeyTool,
    adminVerifyAuditTool,
];

// EXTERNAL MODULE: ./build/core/health.js
var health = __webpack_require__(72110);
;// CONCATENATED MODULE: ./build/mcp/tools/health.js



const healthTool = (0,tool/* defineTool */.uO)({
    name: 'health',
    title: 'Health',
    description: 'Reports whether settld-mcp is up: version, uptime and whether its store is reachable and migrated. Also tells who you are (tenant and scopes) so you can check your credentials.',
    toolset: undefined,
    input: schemas/* object */.Ikc({}),
    output: health/* healthSchema */.q.extend({
        caller: schemas/* object */.Ikc({
            tenant_id: schemas/* string */.YjP().nullable(),
            actor: schemas/* string */.YjP(),
            scopes: schemas/* array */.YOg(schemas/* string */.YjP()),
        }),
    }),
    annotations: tool/* READ_ONLY */.sj,
    run: (_input, { platform, principal }) => Promise.resolve({
        ...platform.health.check(),
        caller: { tenant_id: principal.tenantId, actor: principal.actor, scopes: [...principal.scopes] },
    }),
});

// EXTERNAL MODULE: ./build/core/llm/schemas.js
var llm_schemas = __webpack_require__(18506);
;// CONCATENATED MODULE: ./build/mcp/tools/llm.js



const llmChatTool = (0,tool/* defineTool */.uO)({
    name: 'llm_chat',
    title: 'LLM chat (priced)',
    description: "Calls an LLM (OpenAI-compatible chat completions) against your key's daily budget. Give prompt or messages, model and max_completion_tokens; the worst case is reserved first, so a call that could overspend is refused with QUOTA_EXCEEDED (remaining, resetsAt), and a model without a known price with UNKNOWN_MODEL_PRICE. Returns the text, its cost in USD, token usage and the budget remaining. Needs the llm:call scope.",
    toolset: 'llm',
    input: llm_schemas/* chatInputSchema */.E,
    output: llm_schemas/* chatResultSchema */.J2,
    annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: true },
    run: (input, context) => context.platform.llm.chat(context.principal, input, {
        signal: context.signal,
        // A lost progress notification must not fail a call the budget has already paid for.
        onProgress: (step) => {
            context.progress(step.progress, step.total, step.message).catch(() => undefined);
        },
    }),
});
const llmQuotaStatusTool = (0,tool/* defineTool */.uO)({
    name: 'llm_quota_status',
    title: 'LLM budget today',
    description: "Your LLM budget for the current UTC day: limit, spent, held by calls in flight, remaining, and when it resets (00:00 UTC); the tenant's budget too. Needs the llm:call scope.",
    toolset: 'llm',
    input: schemas/* object */.Ikc({}),
    output: llm_schemas/* quotaStatusSchema */.E6,
    annotations: tool/* READ_ONLY */.sj,
    run: (_input, { platform, principal }) => platform.llm.quotaStatus(principal),
});
const llmUsageTool = (0,tool/* defineTool */.uO)({
    name: 'llm_usage',
    title: 'LLM usage report',
    description: 'LLM calls and their cost grouped by agent, model or UTC day, over an optional range of days. A key sees its own calls; a key with the admin scope sees its whole tenant.',
    toolset: 'llm',
    input: llm_schemas/* usageQuerySchema */.Li,
    output: llm_schemas/* usageReportSchema */.X5,
    annotations: tool/* READ_ONLY */.sj,
    run: (input, { platform, principal }) => platform.llm.usage(principal, input),
});
const LLM_TOOLS = [llmChatTool, llmQuotaStatusTool, llmUsageTool];

;// CONCATENATED MODULE: ./build/mcp/tools/index.js





/** Every tool settld-mcp has, in listing order. New toolsets add their array here. */
const ALL_TOOLS = [healthTool, ...LLM_TOOLS, ...ADMIN_TOOLS];
/**
 * Chooses the tools a server exposes, as github-mcp-server does: toolsets, plus named tools,
 * and `--read-only` beats both. Platform tools (health) are always on.
 */
function selectTools(selection = {}, all = ALL_TOOLS) {
    const known = new Set(tool/* TOOLSETS */.Y6);
    for (const name of selection.toolsets ?? []) {
        if (name !== 'all' && !known.has(name)) {
            throw new errors/* SettldError */.VQ('UNKNOWN_TOOLSET', 400, `Unknown toolset "${name}"; known: all, ${tool/* TOOLSETS */.Y6.join(', ')}`);
        }
    }
    const toolNames = new Set(all.map((tool) => tool.name));
    for (const name of selection.tools ?? []) {
        if (!toolNames.has(name))
            throw new errors/* SettldError */.VQ('UNKNOWN_TOOL', 400, `Unknown tool "${name}"`);
    }
    const everything = selection.toolsets === undefined ? selection.tools === undefined : selection.toolsets.includes('all');
    const toolsets = new Set(everything ? tool/* TOOLSETS */.Y6 : selection.toolsets);
    const named = new Set(selection.tools ?? []);
    return all.filter((tool) => (tool.toolset === undefined || toolsets.has(tool.toolset) || named.has(tool.name)) &&
        (!selection.readOnly || tool.annotations.readOnlyHint));
}


/***/ })

};
