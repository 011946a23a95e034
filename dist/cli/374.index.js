export const id = 374;
export const ids = [374];
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


/***/ })

};
