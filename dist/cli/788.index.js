export const id = 788;
export const ids = [788,374];
export const modules = {

/***/ 30374:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  buildHttpApp: () => (/* binding */ buildHttpApp)
});

// EXTERNAL MODULE: ./node_modules/@fastify/swagger/index.js
var swagger = __webpack_require__(84642);
// EXTERNAL MODULE: ./node_modules/fastify/fastify.js
var fastify = __webpack_require__(16703);
// EXTERNAL MODULE: ./node_modules/fastify-type-provider-zod/dist/esm/index.js + 5 modules
var esm = __webpack_require__(69210);
// EXTERNAL MODULE: ./build/core/version.js + 1 modules
var version = __webpack_require__(74315);
// EXTERNAL MODULE: ./build/core/errors.js
var errors = __webpack_require__(62807);
// EXTERNAL MODULE: ./build/core/ratelimit/rate-limiter.js
var rate_limiter = __webpack_require__(60257);
;// CONCATENATED MODULE: ./build/mcp/http/credentials.js
const first = (value) => (Array.isArray(value) ? value[0] : value)?.trim() || undefined;
/**
 * Pulls credentials out of a request: `x-api-key` or its T4 alias `X-T4-API-KEY`, `Authorization:
 * Bearer`, `x-admin-token`, and, for compatibility with the T4 seed, `?admin_token=`.
 */
function presentedCredentials(request) {
    const headers = request.headers;
    const authorization = first(headers.authorization);
    const bearer = authorization?.match(/^Bearer\s+(.+)$/i)?.[1]?.trim();
    const query = request.query;
    const queryToken = typeof query?.admin_token === 'string' && query.admin_token !== '' ? query.admin_token : undefined;
    return {
        credentials: {
            apiKey: first(headers['x-api-key']) ?? first(headers['x-t4-api-key']),
            bearer,
            adminToken: first(headers['x-admin-token']) ?? queryToken,
        },
        queryAdminToken: queryToken !== undefined && first(headers['x-admin-token']) === undefined,
    };
}

;// CONCATENATED MODULE: ./build/mcp/http/auth.js



/** The principal of an authenticated route; routes marked `auth: 'principal'` always have one. */
function principalOf(request) {
    if (!request.principal)
        throw (0,errors/* unauthorized */.nc)();
    return request.principal;
}
/**
 * Authenticates every route marked `auth: 'principal'` and counts the request against the
 * caller's limit, before the body is validated, so bad credentials never cost validation work.
 */
function installAuth(app, platform) {
    app.decorateRequest('principal', undefined);
    app.addHook('onRequest', async (request, reply) => {
        const { credentials, queryAdminToken } = presentedCredentials(request);
        if (queryAdminToken) {
            void reply.header('Deprecation', 'true');
            void reply.header('Link', '<https://datatracker.ietf.org/doc/html/rfc9745>; rel="deprecation"');
        }
        if (request.routeOptions.config.auth !== 'principal')
            return;
        const principal = await platform.authenticator.authenticate(credentials);
        if (!principal)
            throw (0,errors/* unauthorized */.nc)('Credentials required: x-api-key, Authorization: Bearer, or x-admin-token');
        request.principal = principal;
        const state = await platform.requestLimiter.consume(principal.rateLimitKey);
        for (const [name, value] of Object.entries((0,rate_limiter/* rateLimitHeaders */._w)(state)))
            void reply.header(name, value);
    });
}

;// CONCATENATED MODULE: ./build/mcp/http/errors.js


/** Maps any error a route throws to the JSON error body `{code, message, ...details}`, once. */
function toSettldError(error) {
    if ((0,errors/* isSettldError */.x2)(error))
        return error;
    if ((0,esm/* hasZodFastifySchemaValidationErrors */.jG)(error)) {
        const issues = error.validation.map((issue) => ({
            path: `${error.validationContext ?? ''}${issue.instancePath}`,
            message: issue.message ?? 'invalid',
        }));
        const summary = issues.map((issue) => `${issue.path || '(root)'}: ${issue.message}`).join('; ');
        return new errors/* SettldError */.VQ('INVALID_INPUT', 400, `Invalid request: ${summary}`, { issues });
    }
    const fastifyError = error;
    switch (fastifyError.code) {
        case 'FST_ERR_CTP_INVALID_JSON_BODY':
        case 'FST_ERR_CTP_EMPTY_JSON_BODY':
            return new errors/* SettldError */.VQ('INVALID_JSON', 400, 'The request body is not valid JSON');
        case 'FST_ERR_CTP_BODY_TOO_LARGE':
            return new errors/* SettldError */.VQ('PAYLOAD_TOO_LARGE', 413, 'The request body is too large');
        case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
            return new errors/* SettldError */.VQ('UNSUPPORTED_MEDIA_TYPE', 415, 'Send the body as application/json');
        default:
            break;
    }
    const status = fastifyError.statusCode;
    if (status !== undefined && status >= 400 && status < 500) {
        return new errors/* SettldError */.VQ('BAD_REQUEST', status, 'The request could not be understood');
    }
    return new errors/* SettldError */.VQ('INTERNAL', 500, 'Internal error; the server log has the details');
}
function sendError(reply, error) {
    for (const [name, value] of Object.entries(error.headers))
        void reply.header(name, value);
    if (error.status === 401)
        void reply.header('WWW-Authenticate', 'Bearer realm="settld-mcp"');
    return reply.code(error.status).type('application/json').send(error.toJSON());
}
function installErrorHandling(app, platform) {
    app.setErrorHandler((error, request, reply) => {
        const mapped = toSettldError(error);
        if (mapped.status >= 500)
            platform.logger.error({ err: error, url: request.url }, 'request failed');
        if (mapped.status === 401)
            platform.metrics.authFailures.inc({ code: mapped.code });
        if (mapped.status === 429)
            platform.metrics.rateLimited.inc({
                policy: typeof mapped.details.policy === 'string' ? mapped.details.policy : 'requests',
            });
        return sendError(reply, mapped);
    });
    app.setNotFoundHandler((request, reply) => sendError(reply, new errors/* SettldError */.VQ('NOT_FOUND', 404, `No route ${request.method} ${platform.redactor.text(request.url.split('?')[0] ?? '')}`)));
}

;// CONCATENATED MODULE: ./build/mcp/http/host-guard.js

const LOOPBACK_NAMES = ['127.0.0.1', 'localhost', '[::1]'];
/**
 * Protection against DNS rebinding for `/mcp`: a browser page on another site must not reach a
 * server listening on loopback. The Host header must name this server, and an Origin header, when
 * a browser sends one, must be loopback or explicitly allowed.
 */
function createHostGuard(options) {
    const loopbackBind = ['127.0.0.1', 'localhost', '::1'].includes(options.bindHost);
    const hosts = new Set(options.allowedHosts.map((host) => host.toLowerCase()));
    if (hosts.size === 0 && loopbackBind) {
        for (const name of LOOPBACK_NAMES) {
            hosts.add(name);
            hosts.add(`${name}:${options.port}`);
        }
    }
    const origins = new Set(options.allowedOrigins.map((origin) => origin.toLowerCase().replace(/\/$/, '')));
    return {
        check(host, origin) {
            if (hosts.size > 0 && (!host || !hosts.has(host.toLowerCase()))) {
                throw (0,errors/* forbidden */.o0)('Host header not allowed for this server', { code_hint: 'SETTLD_ALLOWED_HOSTS' });
            }
            if (origin === undefined)
                return;
            const normalized = origin.toLowerCase().replace(/\/$/, '');
            if (origins.has(normalized))
                return;
            let hostname;
            try {
                hostname = new URL(normalized).host.replace(/:\d+$/, '');
            }
            catch {
                hostname = '';
            }
            if (!LOOPBACK_NAMES.includes(hostname)) {
                throw (0,errors/* forbidden */.o0)('Origin not allowed for this server', { code_hint: 'SETTLD_ALLOWED_ORIGINS' });
            }
        },
    };
}

// EXTERNAL MODULE: ./node_modules/zod/v4/classic/schemas.js + 4 modules
var schemas = __webpack_require__(41514);
// EXTERNAL MODULE: ./build/core/auth/api-keys.js
var api_keys = __webpack_require__(74886);
// EXTERNAL MODULE: ./build/core/auth/tenants.js
var tenants = __webpack_require__(58316);
// EXTERNAL MODULE: ./build/core/pagination.js
var pagination = __webpack_require__(90764);
;// CONCATENATED MODULE: ./build/mcp/http/routes/admin-keys.js





const adminQuery = schemas/* object */.Ikc({ admin_token: schemas/* string */.YjP().optional().describe('Deprecated: use x-admin-token') });
const security = [
    { adminToken: [] },
    { apiKey: [] },
    { t4ApiKey: [] },
    { bearer: [] },
];
/** The T4 seed's key administration: admin token (or a key with the admin scope). */
function adminKeyRoutes(platform) {
    return (app) => {
        app.post('/admin/api_keys', {
            config: { auth: 'principal' },
            schema: {
                summary: 'Create an API key (the secret is shown once)',
                tags: ['admin'],
                security,
                querystring: adminQuery,
                body: api_keys/* createKeyInputSchema */.rS,
                response: { 201: schemas/* object */.Ikc({ key: schemas/* string */.YjP(), api_key: api_keys/* apiKeyViewSchema */.IL }) },
            },
        }, async (request, reply) => {
            const { key, view } = await platform.keys.create(principalOf(request), request.body);
            return reply.code(201).send({ key, api_key: view });
        });
        app.get('/admin/api_keys', {
            config: { auth: 'principal' },
            schema: {
                summary: 'List API keys (never their secrets)',
                tags: ['admin'],
                security,
                querystring: pagination/* pageQuerySchema */.Xn
                    .extend(adminQuery.shape)
                    .extend({ tenant_id: tenants/* tenantIdSchema */.$.optional() }),
                response: {
                    200: schemas/* object */.Ikc({ items: schemas/* array */.YOg(api_keys/* apiKeyViewSchema */.IL), nextCursor: schemas/* string */.YjP().nullable() }),
                },
            },
        }, (request) => platform.keys.list(principalOf(request), {
            tenantId: request.query.tenant_id,
            limit: request.query.limit,
            cursor: request.query.cursor,
        }));
        app.delete('/admin/api_keys/:key', {
            config: { auth: 'principal' },
            schema: {
                summary: 'Revoke an API key, by id or full key',
                tags: ['admin'],
                security,
                params: schemas/* object */.Ikc({ key: schemas/* string */.YjP().min(1).max(200) }),
                querystring: adminQuery,
                response: { 200: schemas/* object */.Ikc({ revoked: schemas/* literal */.euz(true), api_key: api_keys/* apiKeyViewSchema */.IL }) },
            },
        }, async (request) => ({
            revoked: true,
            api_key: await platform.keys.revoke(principalOf(request), request.params.key),
        }));
        return Promise.resolve();
    };
}

// EXTERNAL MODULE: ./build/core/llm/schemas.js
var llm_schemas = __webpack_require__(18506);
;// CONCATENATED MODULE: ./build/mcp/http/routes/llm.js


const llm_security = [{ apiKey: [] }, { t4ApiKey: [] }, { bearer: [] }];
/** The T4 seed's LLM policy: priced calls under daily budgets, and the usage ledger. */
function llmRoutes(platform) {
    return (app) => {
        app.post('/v1/llm/chat', {
            config: { auth: 'principal' },
            schema: {
                summary: 'Call an LLM against the daily budget (402 QUOTA_EXCEEDED when it could overspend)',
                tags: ['llm'],
                security: llm_security,
                body: llm_schemas/* chatInputSchema */.E,
                response: { 200: llm_schemas/* chatResultSchema */.J2 },
            },
        }, async (request, reply) => {
            // The response closing before it was written means the client went away: stop paying for the answer.
            const disconnected = new AbortController();
            const onClose = () => {
                if (!reply.raw.writableEnded)
                    disconnected.abort();
            };
            reply.raw.once('close', onClose);
            try {
                return await platform.llm.chat(principalOf(request), request.body, {
                    signal: disconnected.signal,
                });
            }
            finally {
                reply.raw.off('close', onClose);
            }
        });
        app.get('/v1/llm/quota', {
            config: { auth: 'principal' },
            schema: {
                summary: "The caller's LLM budget today: limit, spent, reserved, remaining, reset time",
                tags: ['llm'],
                security: llm_security,
                response: { 200: llm_schemas/* quotaStatusSchema */.E6 },
            },
        }, (request) => platform.llm.quotaStatus(principalOf(request)));
        app.get('/v1/llm/usage', {
            config: { auth: 'principal' },
            schema: {
                summary: 'LLM calls and cost grouped by agent, model or UTC day',
                tags: ['llm'],
                security: [{ adminToken: [] }, ...llm_security],
                querystring: llm_schemas/* usageQuerySchema */.Li,
                response: { 200: llm_schemas/* usageReportSchema */.X5 },
            },
        }, (request) => platform.llm.usage(principalOf(request), request.query));
        return Promise.resolve();
    };
}

// EXTERNAL MODULE: ./node_modules/@modelcontextprotocol/sdk/dist/esm/server/streamableHttp.js + 6 modules
var streamableHttp = __webpack_require__(16706);
// EXTERNAL MODULE: ./build/mcp/server/create-server.js + 3 modules
var create_server = __webpack_require__(64353);
;// CONCATENATED MODULE: ./build/mcp/http/routes/mcp.js




/**
 * MCP over Streamable HTTP, stateless: every POST gets its own server bound to the caller and its
 * own transport, so no session state lives in this process and any instance can answer.
 */
function mcpRoutes(options) {
    const { platform, tools, documents } = options;
    return (app) => {
        app.post('/mcp', { config: { auth: 'principal', guardHost: true }, schema: { hide: true } }, async (request, reply) => {
            const principal = principalOf(request);
            const server = (0,create_server/* createMcpServer */.c)({
                platform,
                resolvePrincipal: () => Promise.resolve(principal),
                tools,
                documents,
                rateLimitCalls: false,
            });
            const transport = new streamableHttp/* StreamableHTTPServerTransport */.D({ sessionIdGenerator: undefined });
            reply.hijack();
            reply.raw.on('close', () => {
                void transport.close();
                void server.close();
            });
            for (const [name, value] of Object.entries(reply.getHeaders())) {
                if (value !== undefined)
                    reply.raw.setHeader(name, value);
            }
            await server.connect(transport);
            await transport.handleRequest(request.raw, reply.raw, request.body);
        });
        const notAllowed = () => {
            throw new errors/* SettldError */.VQ('METHOD_NOT_ALLOWED', 405, 'This server is stateless: use POST /mcp', {}, { Allow: 'POST' });
        };
        app.get('/mcp', { config: { auth: 'principal', guardHost: true }, schema: { hide: true } }, notAllowed);
        app.delete('/mcp', { config: { auth: 'principal', guardHost: true }, schema: { hide: true } }, notAllowed);
        return Promise.resolve();
    };
}

// EXTERNAL MODULE: ./build/core/health.js
var health = __webpack_require__(72110);
;// CONCATENATED MODULE: ./build/mcp/http/routes/platform.js


const readySchema = schemas/* object */.Ikc({
    ready: schemas/* boolean */.zMY(),
    checks: schemas/* object */.Ikc({ store: schemas/* boolean */.zMY(), migrations: schemas/* boolean */.zMY() }),
});
function platformRoutes(platform) {
    return (app) => {
        app.get('/health', {
            config: { auth: 'public' },
            schema: { summary: 'Liveness and version', tags: ['platform'], response: { 200: health/* healthSchema */.q } },
        }, () => platform.health.check());
        app.get('/ready', {
            config: { auth: 'public' },
            schema: {
                summary: 'Readiness: the store is reachable and fully migrated',
                tags: ['platform'],
                response: { 200: readySchema, 503: readySchema },
            },
        }, (_request, reply) => {
            const { store } = platform.health.check();
            const migrations = store.schema_version === store.expected_schema_version;
            const ready = store.reachable && migrations;
            void reply.code(ready ? 200 : 503);
            return { ready, checks: { store: store.reachable, migrations } };
        });
        app.get('/metrics', {
            config: { auth: 'public' },
            schema: { summary: 'Prometheus metrics', tags: ['platform'], hide: true },
        }, async (_request, reply) => reply.type(platform.metrics.registry.contentType).send(await platform.metrics.registry.metrics()));
        app.get('/openapi.json', { config: { auth: 'public' }, schema: { hide: true } }, (_request, reply) => reply.send(app.swagger()));
        return Promise.resolve();
    };
}

;// CONCATENATED MODULE: ./build/mcp/http/app.js











/** The settld-mcp HTTP server: REST routes of every seed, `/mcp`, health, metrics and OpenAPI. */
async function buildHttpApp(options) {
    const { platform, tools } = options;
    const app = fastify({
        // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-assertion -- pins the instance's logger type to Fastify's
        loggerInstance: platform.logger,
        logController: new fastify.LogController({ disableRequestLogging: true }),
        bodyLimit: 4 * 1024 * 1024,
        return503OnClosing: true,
        forceCloseConnections: 'idle',
    }).withTypeProvider();
    app.setValidatorCompiler(esm/* validatorCompiler */.Qr);
    app.setSerializerCompiler(esm/* serializerCompiler */.y4);
    await app.register(swagger, {
        openapi: {
            openapi: '3.1.0',
            info: {
                title: 'settld-mcp',
                version: version/* VERSION */.x,
                description: 'Governance for coding agents: intents, LLM quota, runner, onboarding.',
            },
            components: {
                securitySchemes: {
                    apiKey: { type: 'apiKey', in: 'header', name: 'x-api-key' },
                    t4ApiKey: { type: 'apiKey', in: 'header', name: 'X-T4-API-KEY' },
                    adminToken: { type: 'apiKey', in: 'header', name: 'x-admin-token' },
                    bearer: { type: 'http', scheme: 'bearer', description: 'An API key or an OAuth2 JWT' },
                },
            },
        },
        transform: esm/* jsonSchemaTransform */.YD,
    });
    let boundPort = options.port;
    const hostGuard = () => createHostGuard({
        bindHost: platform.config.host,
        port: boundPort,
        allowedHosts: platform.config.allowedHosts,
        allowedOrigins: platform.config.allowedOrigins,
    });
    let guard = hostGuard();
    app.addHook('onListen', () => {
        const address = app.server.address();
        if (address && typeof address === 'object' && address.port !== boundPort) {
            boundPort = address.port;
            guard = hostGuard();
        }
    });
    app.addHook('onRequest', (request, _reply, done) => {
        if (!request.routeOptions.config.guardHost)
            return done();
        try {
            guard.check(request.headers.host, request.headers.origin);
            done();
        }
        catch (error) {
            done(error);
        }
    });
    installAuth(app, platform);
    installErrorHandling(app, platform);
    app.addHook('onResponse', (request, reply, done) => {
        const route = request.routeOptions.url ?? 'unmatched';
        platform.metrics.httpRequests.inc({ method: request.method, route, status: String(reply.statusCode) });
        platform.metrics.httpDuration.observe({ method: request.method, route }, reply.elapsedTime / 1000);
        request.log.info({
            method: request.method,
            url: request.url,
            status: reply.statusCode,
            ms: Math.round(reply.elapsedTime),
        }, 'request');
        done();
    });
    const documents = { openapi: () => Promise.resolve(app.swagger()) };
    await app.register(platformRoutes(platform));
    await app.register(adminKeyRoutes(platform));
    await app.register(llmRoutes(platform));
    await app.register(mcpRoutes({ platform, tools, documents }));
    return app;
}


/***/ }),

/***/ 40788:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  runServe: () => (/* binding */ runServe)
});

// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(48161);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(73024);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(76760);
// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(77598);
// EXTERNAL MODULE: ./build/core/store/database.js + 1 modules
var database = __webpack_require__(43436);
;// CONCATENATED MODULE: ./build/core/auth/admin-token.js




/**
 * The operator's admin token. There is no default token: from SETTLD_ADMIN_TOKEN / T4_ADMIN_TOKEN,
 * or generated once into SETTLD_HOME/admin-token with mode 0600.
 */
function resolveAdminToken(configured, home) {
    if (configured)
        return { token: configured, source: 'env' };
    const file = (0,external_node_path_.join)(home, 'admin-token');
    if ((0,external_node_fs_.existsSync)(file)) {
        const token = (0,external_node_fs_.readFileSync)(file, 'utf8').trim();
        if (token.length >= 16)
            return { token, source: 'file', file };
    }
    (0,database/* ensurePrivateDir */.rh)(home);
    const token = `sat_${(0,external_node_crypto_.randomBytes)(32).toString('base64url')}`;
    (0,external_node_fs_.writeFileSync)(file, `${token}\n`, { mode: 0o600 });
    return { token, source: 'file', file, createdFile: file };
}

// EXTERNAL MODULE: ./build/core/config.js
var core_config = __webpack_require__(49226);
// EXTERNAL MODULE: ./build/core/platform.js + 169 modules
var core_platform = __webpack_require__(54588);
// EXTERNAL MODULE: ./build/core/version.js + 1 modules
var version = __webpack_require__(74315);
// EXTERNAL MODULE: ./build/mcp/http/app.js + 8 modules
var http_app = __webpack_require__(30374);
// EXTERNAL MODULE: ./build/mcp/tools/index.js + 3 modules
var mcp_tools = __webpack_require__(68598);
;// CONCATENATED MODULE: ./build/mcp/serve.js







const tilde = (path) => (path.startsWith((0,external_node_os_.homedir)()) ? `~${path.slice((0,external_node_os_.homedir)().length)}` : path);
/** `settld-mcp serve`: REST, `/mcp`, health and metrics on one port, until SIGTERM. */
async function runServe(overrides, selection) {
    const config = (0,core_config/* loadConfig */.Z9)(process.env, overrides);
    const tools = (0,mcp_tools/* selectTools */.g)(selection);
    const admin = resolveAdminToken(config.adminToken, config.home);
    const platform = (0,core_platform/* createPlatform */.Q)(config, { adminToken: admin.token });
    const app = await (0,http_app.buildHttpApp)({ platform, tools, port: config.port });
    let closing = false;
    const shutdown = async (signal) => {
        if (closing)
            return;
        closing = true;
        platform.logger.info({ signal }, 'shutting down');
        await app.close();
        await platform.close();
        process.exit(0);
    };
    process.on('SIGTERM', () => void shutdown('SIGTERM'));
    process.on('SIGINT', () => void shutdown('SIGINT'));
    await app.listen({ host: config.host, port: config.port });
    const address = app.server.address();
    const port = address && typeof address === 'object' ? address.port : config.port;
    const host = config.host.includes(':') ? `[${config.host}]` : config.host;
    const base = `http://${host}:${port}`;
    const tokenLine = admin.source === 'env'
        ? 'from SETTLD_ADMIN_TOKEN / T4_ADMIN_TOKEN'
        : `${admin.createdFile ? 'generated into' : 'in'} ${tilde(admin.file ?? '')} (mode 0600)`;
    const tokenRef = admin.source === 'env' ? '$SETTLD_ADMIN_TOKEN' : `$(cat ${tilde(admin.file ?? '')})`;
    process.stderr.write([
        `settld-mcp ${version/* VERSION */.x} listening on ${base}`,
        `  store        ${tilde(config.dbPath)}`,
        `  admin token  ${tokenLine}`,
        `  MCP          ${base}/mcp  (Authorization: Bearer <api key>)`,
        `  API docs     ${base}/openapi.json   health ${base}/health   metrics ${base}/metrics`,
        '  Next: create a key for your agent',
        `    curl -sS -X POST ${base}/admin/api_keys -H "x-admin-token: ${tokenRef}" \\`,
        `      -H 'content-type: application/json' -d '{"agent_id":"my-agent","owner":"me"}'`,
        '',
    ].join('\n'));
    platform.logger.info({ url: base, tools: tools.length }, 'settld-mcp serving');
}


/***/ }),

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
