export const id = 721;
export const ids = [721];
export const modules = {

/***/ 72275:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  c: () => (/* binding */ createMcpServer)
});

// EXTERNAL MODULE: ./node_modules/@modelcontextprotocol/sdk/dist/esm/server/mcp.js + 5 modules
var mcp = __webpack_require__(32585);
// EXTERNAL MODULE: ./node_modules/@modelcontextprotocol/sdk/dist/esm/types.js
var types = __webpack_require__(63846);
// EXTERNAL MODULE: ./node_modules/zod/v4/classic/schemas.js + 4 modules
var schemas = __webpack_require__(41514);
// EXTERNAL MODULE: ./build/core/errors.js
var errors = __webpack_require__(62807);
// EXTERNAL MODULE: ./build/core/version.js + 1 modules
var version = __webpack_require__(74315);
// EXTERNAL MODULE: ./build/mcp/tools/tool.js
var tools_tool = __webpack_require__(43725);
;// CONCATENATED MODULE: ./build/mcp/server/protocol-error.js
/**
 * A JSON-RPC error answer: a bug, or a request no tool can answer. The SDK sends `code` and
 * `message` as they are, and the client prefixes "MCP error <code>: " when it reads the answer, so
 * the message here is bare: the SDK's own McpError already carries that prefix, and the caller
 * would read it twice.
 */
class ProtocolError extends Error {
    code;
    constructor(code, message) {
        super(message);
        this.code = code;
        this.name = 'ProtocolError';
    }
}

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

// EXTERNAL MODULE: ./build/core/auth/principal.js
var auth_principal = __webpack_require__(34087);
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
        description: 'Health of this settld-mcp, who you are (tenant, scopes) and which of its tools your scopes let you run.',
        mimeType: 'application/json',
    }, async (uri) => {
        const principal = await options.resolvePrincipal();
        return json(uri.href, Object.assign(platform.health.check(), {
            caller: (0,auth_principal/* callerView */.ri)(principal),
            tools: tools.filter((tool) => (0,tools_tool/* mayRun */.xP)(tool, principal)).map((tool) => tool.name),
        }));
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
/**
 * A user-fixable failure, as the model should see it: a tool result, not a protocol error. Its text
 * passes the redactor, since a message may quote a secret the caller sent in the wrong place.
 */
function errorResult(error, redactor) {
    return { isError: true, content: [{ type: 'text', text: redactor.text(JSON.stringify(error.toJSON())) }] };
}
function inputError(tool, error) {
    const issues = error.issues
        .slice(0, 20)
        .map((issue) => ({ path: issue.path.join('.'), message: issue.message }));
    const summary = issues.map((issue) => `${issue.path || '(root)'}: ${issue.message}`).join('; ');
    return new errors/* SettldError */.VQ('INVALID_INPUT', 400, `Invalid arguments for ${tool.name}: ${summary}`, { issues });
}
/**
 * Runs one tool call: the caller's scope first (a caller that may not run the tool gets FORBIDDEN and
 * learns nothing from how its arguments would be judged), then the arguments (a mistake is a tool
 * result with code INVALID_INPUT), then the tool, whose output is checked against the declared schema
 * (a mismatch is our bug: a protocol error).
 */
async function callTool(tool, args, context) {
    let output;
    try {
        if (tool.scope !== undefined)
            (0,auth_principal/* requireScope */.ye)(context.principal, tool.scope);
        const parsed = tool.input.safeParse(args ?? {});
        if (!parsed.success)
            throw inputError(tool, parsed.error);
        output = await tool.run(parsed.data, context);
    }
    catch (error) {
        if ((0,errors/* isSettldError */.x2)(error))
            return errorResult(error, context.platform.redactor);
        throw error;
    }
    const checked = tool.output.safeParse(output);
    if (!checked.success) {
        throw new ProtocolError(types/* ErrorCode */.O4.InternalError, `${tool.name} produced output that does not match its schema`);
    }
    const structuredContent = checked.data;
    return { content: [{ type: 'text', text: JSON.stringify(structuredContent) }], structuredContent };
}

;// CONCATENATED MODULE: ./build/mcp/server/create-server.js










/**
 * tools/call with `arguments` of any type: the SDK's own schema would refuse a non-object as an
 * internal error; here it reaches the tool's input check and comes back as INVALID_INPUT.
 */
const CallToolRequestLooseArguments = types/* CallToolRequestSchema */.FT.extend({
    params: types/* CallToolRequestSchema */.FT.shape.params.extend({ arguments: schemas/* unknown */.L5J().optional() }),
});
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
    server.server.setRequestHandler(types/* ListToolsRequestSchema */.gW, async () => ({
        tools: (await runnableTools(options)).map(toolListing),
    }));
    server.server.setRequestHandler(CallToolRequestLooseArguments, async (request, extra) => {
        const tool = byName.get(request.params.name);
        if (!tool)
            throw new ProtocolError(types/* ErrorCode */.O4.InvalidParams, `Unknown tool "${request.params.name}"`);
        // Timing only feeds the debug line below: skipped when debug lines are off.
        const timed = platform.logger.isLevelEnabled('debug');
        const started = timed ? performance.now() : 0;
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
                return errorResult(error, platform.redactor);
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
                    return errorResult(error, platform.redactor);
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
            throw error instanceof ProtocolError
                ? error
                : new ProtocolError(types/* ErrorCode */.O4.InternalError, `${tool.name} failed`);
        }
        finally {
            platform.metrics.toolCalls.inc({ tool: tool.name, outcome });
            if (timed) {
                platform.logger.debug({ tool: tool.name, outcome, ms: Math.round(performance.now() - started) }, 'tool call');
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
async function runnableTools(options) {
    let principal;
    try {
        principal = await options.resolvePrincipal();
    }
    catch (error) {
        if (!(0,errors/* isSettldError */.x2)(error))
            throw error;
    }
    return options.tools.filter((tool) => (0,tools_tool/* mayRun */.xP)(tool, principal));
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

/***/ 74555:
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
    scope: 'admin',
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
    scope: 'admin',
    input: pagination/* pageQuerySchema */.Xn.extend({
        tenant_id: tenants/* tenantIdSchema */.$.optional().describe('Operator only: list another tenant'),
    }),
    output: (0,pagination/* pageSchema */.vD)(api_keys/* apiKeyViewSchema */.IL),
    annotations: tool/* READ_ONLY */.sj,
    run: (input, { platform, principal }) => platform.keys.list(principal, { tenantId: input.tenant_id, limit: input.limit, cursor: input.cursor }),
});
const adminRevokeApiKeyTool = (0,tool/* defineTool */.uO)({
    name: 'admin_revoke_api_key',
    title: 'Revoke API key',
    description: 'Revokes an API key at once, by its id or the full key. Requests made with it fail with 401 from now on.',
    toolset: 'admin',
    scope: 'admin',
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
    description: "Recomputes the hash chain of the audit log and names the first row that was changed, removed or inserted. The chain holds every tenant's rows, so only the operator runs it (the admin token, or the local user over stdio); a tenant's admin key is refused with FORBIDDEN.",
    toolset: 'admin',
    scope: 'admin',
    everyTenant: true,
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
        const result = await platform.audit.verify(principal);
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

// EXTERNAL MODULE: ./build/core/auth/principal.js
var auth_principal = __webpack_require__(34087);
// EXTERNAL MODULE: ./build/core/health.js
var health = __webpack_require__(72110);
;// CONCATENATED MODULE: ./build/mcp/tools/health.js




const healthTool = (0,tool/* defineTool */.uO)({
    name: 'health',
    title: 'Health',
    description: 'Reports whether settld-mcp is up: version, uptime and whether its store is reachable and migrated. Also tells who you are (tenant and scopes) so you can check your credentials.',
    toolset: undefined,
    scope: undefined,
    input: schemas/* object */.Ikc({}),
    output: health/* healthSchema */.q.extend({ caller: auth_principal/* callerViewSchema */.OA }),
    annotations: tool/* READ_ONLY */.sj,
    // Object.assign, not `{ ...health, caller }`: see the whoami route.
    run: (_input, { platform, principal }) => Promise.resolve(Object.assign(platform.health.check(), { caller: (0,auth_principal/* callerView */.ri)(principal) })),
});

// EXTERNAL MODULE: ./build/core/intents/model.js
var model = __webpack_require__(91735);
// EXTERNAL MODULE: ./build/core/intents/pre-pr-check.js + 1 modules
var pre_pr_check = __webpack_require__(16254);
// EXTERNAL MODULE: ./build/core/intents/schemas.js
var intents_schemas = __webpack_require__(27078);
;// CONCATENATED MODULE: ./build/mcp/tools/intents.js






const intentPage = (0,pagination/* pageSchema */.vD)(model/* intentViewSchema */.bV);
const LIFECYCLE = 'Statuses: reserved (a claim, does not satisfy the pre-PR check) → planned → committed (both need owner and ticket) → implemented; any open status → expired.';
const intentsPrePrCheckTool = (0,tool/* defineTool */.uO)({
    name: 'intents_pre_pr_check',
    title: 'Pre-PR intent check',
    description: 'Run before opening a pull request. Give the changed files and the critical codes (e.g. ["F821","F401"]); ' +
        'optionally the linter output as findings (ruff --output-format json, ESLint JSON or SARIF 2.1.0), so that only files with a critical finding need an intent. ' +
        'A file passes when a planned, committed or implemented intent with the code covers it (exact path or glob). ' +
        'Returns ok, missing (files), details (file, code, line, why: no_intent, reserved_only, expired) and checked. ' +
        'With auto_create_reserved, each missing (file, code) gets one reserved placeholder, never a duplicate (needs intents:write). ' +
        'When something is missing: plan the intents (owner, ticket) or open a draft PR.',
    toolset: 'intents',
    scope: 'intents:read',
    input: pre_pr_check/* prePrCheckInputSchema */.hT,
    output: pre_pr_check/* prePrCheckResultSchema */.eZ,
    annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: false },
    run: (input, { platform, principal }) => platform.intents.prePrCheck(principal, input),
});
const intentsCreateTool = (0,tool/* defineTool */.uO)({
    name: 'intents_create',
    title: 'Create intent',
    description: `Records an intent: an owned justification or plan for a lint finding (code such as F821 at a file or a glob like lukhas/core/**, optional line). ${LIFECYCLE} Your agent id and the timestamps are set by the server. Needs intents:write.`,
    toolset: 'intents',
    scope: 'intents:write',
    input: intents_schemas/* createIntentInputSchema */.KZ,
    output: model/* intentViewSchema */.bV,
    annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: false },
    run: (input, { platform, principal }) => platform.intents.create(principal, input),
});
const intentsGetTool = (0,tool/* defineTool */.uO)({
    name: 'intents_get',
    title: 'Get intent',
    description: 'One intent by id (int_…).',
    toolset: 'intents',
    scope: 'intents:read',
    input: intents_schemas/* intentIdInputSchema */.TJ,
    output: model/* intentViewSchema */.bV,
    annotations: tool/* READ_ONLY */.sj,
    run: (input, { platform, principal }) => platform.intents.get(principal, input.id),
});
const intentsUpdateTool = (0,tool/* defineTool */.uO)({
    name: 'intents_update',
    title: 'Update intent',
    description: `Changes an intent by id: fields you leave out are kept, null clears one. ${LIFECYCLE} An illegal status move is refused (INVALID_STATUS_TRANSITION). Needs intents:write.`,
    toolset: 'intents',
    scope: 'intents:write',
    input: intents_schemas/* updateIntentToolInputSchema */.R5,
    output: model/* intentViewSchema */.bV,
    annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: false },
    run: ({ id, ...patch }, { platform, principal }) => platform.intents.update(principal, id, patch),
});
const intentsDeleteTool = (0,tool/* defineTool */.uO)({
    name: 'intents_delete',
    title: 'Delete intent',
    description: 'Deletes an intent by id for good (prefer moving it to expired, which keeps the history). Needs the admin scope.',
    toolset: 'intents',
    scope: 'admin',
    input: intents_schemas/* intentIdInputSchema */.TJ,
    output: schemas/* object */.Ikc({ deleted: schemas/* literal */.euz(true), intent: model/* intentViewSchema */.bV }),
    annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: false },
    run: async (input, { platform, principal }) => ({
        deleted: true,
        intent: await platform.intents.delete(principal, input.id),
    }),
});
const intentsListTool = (0,tool/* defineTool */.uO)({
    name: 'intents_list',
    title: 'List intents',
    description: 'Intents of your tenant, newest first, filtered by owner, file (the stored path or glob, exactly), status or code; paginated (limit, cursor → nextCursor). To ask which intents cover a path, use intents_by_file.',
    toolset: 'intents',
    scope: 'intents:read',
    input: intents_schemas/* listIntentsInputSchema */.xR,
    output: intentPage,
    annotations: tool/* READ_ONLY */.sj,
    run: (input, { platform, principal }) => platform.intents.list(principal, input),
});
const intentsByFileTool = (0,tool/* defineTool */.uO)({
    name: 'intents_by_file',
    title: 'Intents covering a file',
    description: 'Intents that cover a repository path: on exactly that path, or a glob matching it; paginated.',
    toolset: 'intents',
    scope: 'intents:read',
    input: intents_schemas/* byFileInputSchema */.z$,
    output: intentPage,
    annotations: tool/* READ_ONLY */.sj,
    run: (input, { platform, principal }) => platform.intents.byFile(principal, input),
});
const intentsStaleTool = (0,tool/* defineTool */.uO)({
    name: 'intents_stale',
    title: 'Stale intents',
    description: 'Open intents (reserved, planned, committed) not modified for `days` days (default 30), oldest first; paginated.',
    toolset: 'intents',
    scope: 'intents:read',
    input: intents_schemas/* staleIntentsInputSchema */.O_,
    output: intentPage,
    annotations: tool/* READ_ONLY */.sj,
    run: (input, { platform, principal }) => platform.intents.stale(principal, input),
});
const intentsMetricsTool = (0,tool/* defineTool */.uO)({
    name: 'intents_metrics',
    title: 'Intent metrics',
    description: 'Registry summary: total, by_status, by_code (top 20), quality_score (share of planned and committed intents with owner and ticket) and avg_time_to_resolve_days.',
    toolset: 'intents',
    scope: 'intents:read',
    input: intents_schemas/* metricsInputSchema */.lU,
    output: intents_schemas/* metricsSummarySchema */.rP,
    annotations: tool/* READ_ONLY */.sj,
    run: (input, { platform, principal }) => platform.intents.metrics(principal, input),
});
const INTENT_TOOLS = [
    intentsPrePrCheckTool,
    intentsCreateTool,
    intentsGetTool,
    intentsUpdateTool,
    intentsDeleteTool,
    intentsListTool,
    intentsByFileTool,
    intentsStaleTool,
    intentsMetricsTool,
];

// EXTERNAL MODULE: ./build/core/llm/schemas.js
var llm_schemas = __webpack_require__(18506);
;// CONCATENATED MODULE: ./build/mcp/tools/llm.js



const llmChatTool = (0,tool/* defineTool */.uO)({
    name: 'llm_chat',
    title: 'LLM chat (priced)',
    description: "Calls an LLM (OpenAI-compatible chat completions) against your key's daily budget. Give prompt or messages, model and max_completion_tokens; the worst case is reserved first, so a call that could overspend is refused with QUOTA_EXCEEDED (remaining, resetsAt), and a model without a known price with UNKNOWN_MODEL_PRICE. Returns the text, its cost in USD, token usage and the budget remaining. Needs the llm:call scope.",
    toolset: 'llm',
    scope: 'llm:call',
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
    scope: 'llm:call',
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
    scope: 'llm:call',
    input: llm_schemas/* usageQuerySchema */.Li,
    output: llm_schemas/* usageReportSchema */.X5,
    annotations: tool/* READ_ONLY */.sj,
    run: (input, { platform, principal }) => platform.llm.usage(principal, input),
});
const LLM_TOOLS = [llmChatTool, llmQuotaStatusTool, llmUsageTool];

// EXTERNAL MODULE: ./build/core/onboarding/schemas.js
var onboarding_schemas = __webpack_require__(38458);
;// CONCATENATED MODULE: ./build/mcp/tools/onboarding.js




const tenantOption = {
    tenantId: tenants/* tenantIdSchema */.$.optional().describe('Tenant (default: your own; the operator names one)'),
};
const tenantOf = (principal, requested) => requested ?? principal.tenantId ?? tenants/* DEFAULT_TENANT_ID */.P;
const onboarding = ({ platform }) => platform.onboarding();
const progressOf = (context) => ({
    onProgress: (step) => {
        context.progress(step.progress, step.total, step.message).catch(() => undefined);
    },
});
const matrixSchema = schemas/* object */.Ikc({
    tenantId: schemas/* string */.YjP().nullable(),
    runId: schemas/* string */.YjP(),
    generatedAt: schemas/* string */.YjP(),
    checks: schemas/* array */.YOg(schemas/* object */.Ikc({ id: schemas/* string */.YjP(), title: schemas/* string */.YjP(), description: schemas/* string */.YjP() })),
    targets: schemas/* array */.YOg(schemas/* object */.Ikc({
        target: schemas/* string */.YjP(),
        host: schemas/* string */.YjP(),
        profileVersion: schemas/* string */.YjP(),
        ready: schemas/* boolean */.zMY(),
        results: schemas/* record */.g1P(schemas/* string */.YjP(), schemas/* object */.Ikc({ verdict: schemas/* enum */.k5n(['pass', 'warn', 'fail', 'skip']), message: schemas/* string */.YjP() })),
        config: schemas/* array */.YOg(schemas/* object */.Ikc({ format: schemas/* string */.YjP(), path: schemas/* string */.YjP(), text: schemas/* string */.YjP() })),
    })),
    ready: schemas/* boolean */.zMY(),
    reused: schemas/* boolean */.zMY(),
});
const onboardingRuntimeBootstrapTool = (0,tool/* defineTool */.uO)({
    name: 'onboarding_runtime_bootstrap',
    title: 'Runtime bootstrap',
    description: "Issues the tenant's runtime key (or reuses a valid one; rotate to replace it) with the least scopes an agent runtime needs, and returns the env block (SETTLD_BASE_URL, SETTLD_TENANT_ID, SETTLD_API_KEY — the key only when issued), the stdio and HTTP MCP configurations, and a config snippet per host that names the key by its environment variable. Needs onboarding:run.",
    toolset: 'onboarding',
    scope: 'onboarding:run',
    input: onboarding_schemas/* bootstrapInputSchema */.Qj.extend(tenantOption),
    output: onboarding_schemas/* bootstrapResultSchema */.Rf,
    annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: false },
    run: async ({ tenantId, ...input }, context) => (await onboarding(context)).bootstrap(context.principal, tenantOf(context.principal, tenantId), input, context.platform.config.onboarding.publicUrl ??
        context.platform.config.remote?.baseUrl ??
        `http://${context.platform.config.host}:${context.platform.config.port}`),
});
const onboardingSmokeTestTool = (0,tool/* defineTool */.uO)({
    name: 'onboarding_smoke_test',
    title: 'MCP smoke test',
    description: 'Starts settld-mcp over stdio with exactly the given env, as an agent host would: initialize, tools/list and one authenticated read-only call (a wrong key fails). Timeout 10 s by default (1-30 s). Fails with MCP_SMOKE_TEST_FAILED naming the stage.',
    toolset: 'onboarding',
    scope: 'onboarding:run',
    input: onboarding_schemas/* smokeTestInputSchema */.Z2.extend(tenantOption),
    output: onboarding_schemas/* smokeTestResultSchema */.O,
    annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: true },
    run: async ({ tenantId, ...input }, context) => (await onboarding(context)).smokeTest(context.principal, tenantOf(context.principal, tenantId), input),
});
const onboardingFirstPaidCallTool = (0,tool/* defineTool */.uO)({
    name: 'onboarding_first_paid_call',
    title: 'First paid call',
    description: "Runs the first paid call on the tenant's vault: runtime key, sandbox wallet, runner grant, a priced echo run opened, executed and finalized, receipt and ledger verified — each step recorded. A failure names its step (SETTLD_API_CALL_FAILED or the step's own code). replayAttemptId returns a stored attempt without running or spending anything.",
    toolset: 'onboarding',
    scope: 'onboarding:run',
    input: onboarding_schemas/* firstPaidCallInputSchema */._V.extend(tenantOption),
    output: onboarding_schemas/* attemptSchema */.ZS,
    annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: false },
    run: async ({ tenantId, ...input }, context) => (await onboarding(context)).firstPaidCall(context.principal, tenantOf(context.principal, tenantId), input, progressOf(context)),
});
const onboardingFirstPaidCallHistoryTool = (0,tool/* defineTool */.uO)({
    name: 'onboarding_first_paid_call_history',
    title: 'First paid call history',
    description: "The tenant's last 100 first paid call attempts, newest first, with their steps.",
    toolset: 'onboarding',
    scope: 'onboarding:run',
    input: schemas/* object */.Ikc(tenantOption),
    output: onboarding_schemas/* historySchema */.Ut,
    annotations: tool/* READ_ONLY */.sj,
    run: async ({ tenantId }, context) => (await onboarding(context)).history(context.principal, tenantOf(context.principal, tenantId)),
});
const onboardingConformanceMatrixTool = (0,tool/* defineTool */.uO)({
    name: 'onboarding_conformance_matrix',
    title: 'Conformance matrix',
    description: 'Checks settld-mcp as each host (codex, claude, openhands) starts and uses it — handshake with the host’s protocol version and startup timeout, tool names, schemas, annotations, a read-only call, output size, config snippet — each check pass, warn, fail or skip. At most 12 runs per tenant per hour.',
    toolset: 'onboarding',
    scope: 'onboarding:run',
    input: onboarding_schemas/* matrixInputSchema */.X.extend({
        ...tenantOption,
        idempotencyKey: schemas/* string */.YjP()
            .max(160)
            .optional()
            .describe('A retry with the same key returns the stored matrix'),
    }),
    output: matrixSchema,
    annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: true },
    run: async ({ tenantId, idempotencyKey, ...input }, context) => {
        const { matrix, reused } = await (await onboarding(context)).conformanceMatrix(context.principal, tenantOf(context.principal, tenantId), input, {
            ...progressOf(context),
            idempotencyKey,
        });
        return { ...matrix, reused };
    },
});
const ONBOARDING_TOOLS = [
    onboardingRuntimeBootstrapTool,
    onboardingSmokeTestTool,
    onboardingFirstPaidCallTool,
    onboardingFirstPaidCallHistoryTool,
    onboardingConformanceMatrixTool,
];

// EXTERNAL MODULE: ./build/core/runner/schemas.js
var runner_schemas = __webpack_require__(98197);
;// CONCATENATED MODULE: ./build/mcp/tools/runner.js




const runner = async ({ platform }) => (await platform.runner()).service;
const WRITE = { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: false };
const runnerEnqueueRunTool = (0,tool/* defineTool */.uO)({
    name: 'runner_enqueue_run',
    title: 'Queue a paid run',
    description: "Queues a workflow run (echo, llm_chat) paid from a user's prepaid vault: the worker opens the run (escrowing the price of the budgets at the agent's rate card), executes it, and finalizes the actual usage (charge to the developer, the rest refunded). Refused at once when paused (RUNNER_PAUSED) or when the user has not granted this runner (UnauthorizedRunner). Needs runner:write.",
    toolset: 'runner',
    scope: 'runner:write',
    input: runner_schemas/* enqueueRunInputSchema */.Dj,
    output: runner_schemas/* runViewSchema */.ig,
    annotations: { ...WRITE, openWorldHint: true },
    run: async (input, context) => (await runner(context)).enqueue(context.principal, input),
});
const runnerGetRunTool = (0,tool/* defineTool */.uO)({
    name: 'runner_get_run',
    title: 'Get run',
    description: 'One run: status (pending → opening → running → finalizing → finalized | failed | cancelled), usage, output hash, receipt, error.',
    toolset: 'runner',
    scope: 'runner:read',
    input: runner_schemas/* runIdInputSchema */.Y,
    output: runner_schemas/* runViewSchema */.ig,
    annotations: tool/* READ_ONLY */.sj,
    run: async (input, context) => (await runner(context)).get(context.principal, input.id),
});
const runnerListRunsTool = (0,tool/* defineTool */.uO)({
    name: 'runner_list_runs',
    title: 'List runs',
    description: 'Runs of your tenant, newest first, optionally by status or user; paginated (limit, cursor → nextCursor).',
    toolset: 'runner',
    scope: 'runner:read',
    input: runner_schemas/* listRunsInputSchema */.Wd,
    output: (0,pagination/* pageSchema */.vD)(runner_schemas/* runViewSchema */.ig),
    annotations: tool/* READ_ONLY */.sj,
    run: async (input, context) => (await runner(context)).list(context.principal, input),
});
const runnerRetryRunTool = (0,tool/* defineTool */.uO)({
    name: 'runner_retry_run',
    title: 'Retry run',
    description: 'Requeues a failed or cancelled run; escrow a failed attempt still holds is released first. Needs runner:write.',
    toolset: 'runner',
    scope: 'runner:write',
    input: runner_schemas/* runIdInputSchema */.Y,
    output: runner_schemas/* runViewSchema */.ig,
    annotations: { ...WRITE, openWorldHint: true },
    run: async (input, context) => (await runner(context)).retry(context.principal, input.id),
});
const runnerCancelRunTool = (0,tool/* defineTool */.uO)({
    name: 'runner_cancel_run',
    title: 'Cancel run',
    description: 'Cancels a run: a queued one at once, an open one in the vault with a full refund. Needs runner:write.',
    toolset: 'runner',
    scope: 'runner:write',
    input: runner_schemas/* runIdInputSchema */.Y,
    output: runner_schemas/* runViewSchema */.ig,
    annotations: { ...WRITE, destructiveHint: true, idempotentHint: true },
    run: async (input, context) => (await runner(context)).cancel(context.principal, input.id),
});
const runnerGrantTool = (0,tool/* defineTool */.uO)({
    name: 'runner_grant',
    title: 'Grant the runner',
    description: "Lets a runner (default: this one) open and finalize runs on a user's vault for an agent, optionally until expiresAt. Audited as runner_granted. Needs runner:write.",
    toolset: 'runner',
    scope: 'runner:write',
    input: runner_schemas/* grantInputSchema */.Ih,
    output: runner_schemas/* grantViewSchema */.pR,
    annotations: WRITE,
    run: async (input, context) => (await runner(context)).grant(context.principal, input),
});
const runnerRevokeTool = (0,tool/* defineTool */.uO)({
    name: 'runner_revoke',
    title: 'Revoke the runner',
    description: 'Revokes a grant. New runs then fail fast with UnauthorizedRunner; runs already open can not be finalized (the vault re-checks the grant), so they are cancelled with a full refund and listed. Audited as runner_revoked. Needs runner:write.',
    toolset: 'runner',
    scope: 'runner:write',
    input: runner_schemas/* revokeInputSchema */.qX,
    output: runner_schemas/* revokeResultSchema */.jz,
    annotations: { ...WRITE, destructiveHint: true },
    run: async (input, context) => (await runner(context)).revoke(context.principal, input),
});
const runnerListGrantsTool = (0,tool/* defineTool */.uO)({
    name: 'runner_list_grants',
    title: 'List grants',
    description: "A user's runner grants: runner, agent, expiry.",
    toolset: 'runner',
    scope: 'runner:read',
    input: runner_schemas/* listGrantsInputSchema */.FK,
    output: schemas/* object */.Ikc({ items: schemas/* array */.YOg(runner_schemas/* grantViewSchema */.pR) }),
    annotations: tool/* READ_ONLY */.sj,
    run: async (input, context) => (await runner(context)).listGrants(context.principal, input),
});
const runnerSummaryTool = (0,tool/* defineTool */.uO)({
    name: 'runner_summary',
    title: 'Runner summary',
    description: 'Queue depth, runs by status, whether the runner is paused, the vault backend, the runner id users grant, and the five newest runs.',
    toolset: 'runner',
    scope: 'runner:read',
    input: schemas/* object */.Ikc({}),
    output: runner_schemas/* summarySchema */.Uv,
    annotations: tool/* READ_ONLY */.sj,
    run: async (_input, context) => (await runner(context)).summary(context.principal),
});
const runnerSetPausedTool = (0,tool/* defineTool */.uO)({
    name: 'runner_set_paused',
    title: 'Pause new runs',
    description: "Pauses (or resumes) new runs: a user's (their new runs are refused with RUNNER_PAUSED and their vault policy is paused), or without a user the whole runner (operator only). Runs already open finish.",
    toolset: 'runner',
    scope: 'runner:write',
    input: runner_schemas/* pauseInputSchema */.KK,
    output: runner_schemas/* pauseResultSchema */.bw,
    annotations: { ...WRITE, idempotentHint: true },
    run: async (input, context) => (await runner(context)).setPaused(context.principal, input),
});
const RUNNER_TOOLS = [
    runnerEnqueueRunTool,
    runnerGetRunTool,
    runnerListRunsTool,
    runnerRetryRunTool,
    runnerCancelRunTool,
    runnerGrantTool,
    runnerRevokeTool,
    runnerListGrantsTool,
    runnerSummaryTool,
    runnerSetPausedTool,
];

;// CONCATENATED MODULE: ./build/mcp/tools/index.js








/** Every tool settld-mcp has, in listing order. New toolsets add their array here. */
const ALL_TOOLS = [
    healthTool,
    ...INTENT_TOOLS,
    ...LLM_TOOLS,
    ...RUNNER_TOOLS,
    ...ONBOARDING_TOOLS,
    ...ADMIN_TOOLS,
];
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
