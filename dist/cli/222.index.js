export const id = 222;
export const ids = [222];
export const modules = {

/***/ 46222:
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
 * The `onRequest` hook of routes marked `auth: 'principal'`: authenticates the caller and counts the
 * request against its limit, before the body is validated, so bad credentials never cost validation
 * work. It is attached to those routes only (see `buildHttpApp`), so public routes pay nothing.
 */
function authenticationHook(platform) {
    return async (request, reply) => {
        const { credentials, queryAdminToken } = presentedCredentials(request);
        if (queryAdminToken) {
            void reply.header('Deprecation', 'true');
            void reply.header('Link', '<https://datatracker.ietf.org/doc/html/rfc9745>; rel="deprecation"');
        }
        const principal = await platform.authenticator.authenticateClient(credentials, request.ip);
        if (!principal)
            throw (0,errors/* unauthorized */.nc)('Credentials required: x-api-key, Authorization: Bearer, or x-admin-token');
        request.principal = principal;
        const state = await platform.requestLimiter.consume(principal.rateLimitKey);
        request.rateLimit = state;
        void reply.headers((0,rate_limiter/* rateLimitHeaders */._w)(state));
    };
}

// EXTERNAL MODULE: external "node:http"
var external_node_http_ = __webpack_require__(37067);
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
        case 'FST_ERR_CTP_EMPTY_JSON_BODY':
            return new errors/* SettldError */.VQ('INVALID_JSON', 400, 'The request body is empty: send a JSON object');
        case 'FST_ERR_CTP_INVALID_JSON_BODY':
            // Fastify's parser also refuses `__proto__` and `constructor.prototype` keys (prototype
            // poisoning) with this code, without saying which it was.
            return new errors/* SettldError */.VQ('INVALID_JSON', 400, 'The request body is not valid JSON, or holds a forbidden "__proto__" or "constructor.prototype" key');
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
/**
 * Answers an error. Its text passes the redactor: a message may quote what the caller sent, and the
 * caller may have sent a secret in the wrong place.
 */
function sendError(reply, error, redactor) {
    for (const [name, value] of Object.entries(error.headers))
        void reply.header(name, value);
    if (error.status === 401)
        void reply.header('WWW-Authenticate', 'Bearer realm="settld-mcp"');
    return reply
        .code(error.status)
        .type('application/json')
        .send(redactor.text(JSON.stringify(error.toJSON())));
}
const CLIENT_ERRORS = {
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
function clientErrorHandler(error, socket) {
    // A reset connection has nobody left to answer.
    if (error.code === 'ECONNRESET' || socket.destroyed)
        return;
    const known = CLIENT_ERRORS[error.code ?? ''] ?? {
        status: 400,
        code: 'BAD_REQUEST',
        message: 'The request is not valid HTTP/1.1',
    };
    const body = JSON.stringify({ code: known.code, message: known.message });
    if (socket.writable) {
        socket.write(`HTTP/1.1 ${known.status} ${external_node_http_.STATUS_CODES[known.status]}\r\nContent-Length: ${Buffer.byteLength(body)}\r\n` +
            `Content-Type: application/json\r\nConnection: close\r\n\r\n${body}`);
    }
    socket.destroy(error);
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
        return sendError(reply, mapped, platform.redactor);
    });
    app.setNotFoundHandler((request, reply) => sendError(reply, new errors/* SettldError */.VQ('NOT_FOUND', 404, `No route ${request.method} ${request.url.split('?')[0] ?? ''}`), platform.redactor));
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

// EXTERNAL MODULE: ./node_modules/fast-json-stringify/index.js
var fast_json_stringify = __webpack_require__(93596);
// EXTERNAL MODULE: ./node_modules/zod/v4/classic/schemas.js + 4 modules
var schemas = __webpack_require__(41514);
// EXTERNAL MODULE: ./node_modules/zod/v4/core/json-schema-processors.js
var json_schema_processors = __webpack_require__(98439);
;// CONCATENATED MODULE: ./build/mcp/http/serializer.js



/**
 * Response serialization from the route's zod schema, compiled once per route and status into a
 * fast-json-stringify function (Fastify's own serializer) over the schema's JSON Schema, the
 * same document `/openapi.json` publishes. Parsing every answer with zod, as the type provider's
 * serializer does, cost more than the rest of an authenticated GET together.
 *
 * A response schema fast-json-stringify can not express exactly (a union of objects, a lazy or
 * transformed type) keeps the zod serializer, so what is sent never depends on which was chosen.
 */
const fastSerializerCompiler = (route) => {
    const { schema } = route;
    if (schema instanceof schemas/* ZodType */.aRx) {
        const jsonSchema = exactJsonSchema(schema);
        if (jsonSchema)
            return fast_json_stringify(jsonSchema);
    }
    return (0,esm/* serializerCompiler */.y4)(route);
};
/** Keywords whose meaning fast-json-stringify reproduces exactly when it writes a value. */
const EXACT_KEYWORDS = new Set([
    'type',
    'properties',
    'required',
    'items',
    'additionalProperties',
    'enum',
    'const',
    'description',
    'title',
    'default',
    'examples',
    'format',
    'pattern',
    'minLength',
    'maxLength',
    'minimum',
    'maximum',
    'exclusiveMinimum',
    'exclusiveMaximum',
    'minItems',
    'maxItems',
    'multipleOf',
    'deprecated',
    'readOnly',
    '$schema',
    // Names of a record's keys: fast-json-stringify writes each key as it comes, as zod does.
    'propertyNames',
]);
/**
 * The output JSON Schema of `schema` in a form fast-json-stringify writes exactly as zod would:
 * objects, arrays, records, scalars, enums, and nullable scalars (zod's `anyOf [X, null]`, written
 * as `type: [X, "null"]`). Anything else (a union of objects, `$ref`) returns undefined.
 */
function exactJsonSchema(schema) {
    try {
        return exact(json_schema_processors/* toJSONSchema */.bl(schema, { io: 'output', target: 'draft-7', unrepresentable: 'throw' }));
    }
    catch {
        return undefined;
    }
}
const SCALAR_TYPES = new Set(['string', 'number', 'integer', 'boolean']);
/** `node` rewritten into the exact subset, or undefined when it is not in it. */
function exact(node) {
    if (typeof node !== 'object' || node === null || Array.isArray(node))
        return undefined;
    const object = node;
    if ('anyOf' in object)
        return nullableScalar(object);
    const out = {};
    for (const [keyword, value] of Object.entries(object)) {
        if (!EXACT_KEYWORDS.has(keyword))
            return undefined;
        if (keyword === 'properties') {
            const properties = {};
            for (const [name, property] of Object.entries(value)) {
                const rewritten = exact(property);
                if (!rewritten)
                    return undefined;
                properties[name] = rewritten;
            }
            out[keyword] = properties;
        }
        else if ((keyword === 'items' || keyword === 'additionalProperties') && typeof value === 'object') {
            const rewritten = exact(value);
            if (!rewritten)
                return undefined;
            out[keyword] = rewritten;
        }
        else {
            out[keyword] = value;
        }
    }
    // Free-form values (`{}`, z.unknown) have no type: fast-json-stringify falls back to JSON.stringify.
    return out;
}
function nullableScalar(object) {
    const { anyOf, ...rest } = object;
    if (!Array.isArray(anyOf) || anyOf.length !== 2)
        return undefined;
    const isNull = (branch) => typeof branch === 'object' &&
        branch !== null &&
        Object.keys(branch).length === 1 &&
        branch.type === 'null';
    const other = anyOf.find((branch) => !isNull(branch));
    if (!anyOf.some(isNull) || !other)
        return undefined;
    const scalar = exact({ ...rest, ...other });
    if (!scalar ||
        typeof scalar.type !== 'string' ||
        !SCALAR_TYPES.has(scalar.type) ||
        'enum' in scalar ||
        'const' in scalar) {
        return undefined;
    }
    return { ...scalar, type: [scalar.type, 'null'] };
}

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
                    200: (0,pagination/* pageSchema */.vD)(api_keys/* apiKeyViewSchema */.IL),
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

// EXTERNAL MODULE: ./build/core/intents/model.js
var model = __webpack_require__(91735);
// EXTERNAL MODULE: ./build/core/intents/pre-pr-check.js + 1 modules
var pre_pr_check = __webpack_require__(16254);
// EXTERNAL MODULE: ./build/core/intents/registry-file.js
var registry_file = __webpack_require__(54990);
// EXTERNAL MODULE: ./build/core/intents/schemas.js
var intents_schemas = __webpack_require__(27078);
;// CONCATENATED MODULE: ./build/mcp/http/idempotency.js

/** Idempotency records of the operator (no tenant) live apart from every tenant's. */
const OPERATOR_SCOPE = '*operator*';
/**
 * Runs a mutating route under the caller's `x-idempotency-key`, when it sent one (DESIGN §5): the
 * same key and body replay the stored answer with `Idempotent-Replayed: true`.
 */
async function idempotent(platform, request, reply, operation, run) {
    const header = request.headers['x-idempotency-key'];
    const principal = principalOf(request);
    const { value, reused } = await platform.idempotency.execute({
        tenantId: principal.tenantId ?? OPERATOR_SCOPE,
        operation,
        key: Array.isArray(header) ? header[0] : header,
        request: { params: request.params ?? null, query: request.query ?? null, body: request.body ?? null },
        run,
    });
    if (reused)
        void reply.header('Idempotent-Replayed', 'true');
    return value;
}

;// CONCATENATED MODULE: ./build/mcp/http/routes/intents.js









const intents_security = [
    { t4ApiKey: [] },
    { apiKey: [] },
    { bearer: [] },
    { adminToken: [] },
];
const tags = ['intents'];
const intentPage = (0,pagination/* pageSchema */.vD)(model/* intentViewSchema */.bV);
const idParams = schemas/* object */.Ikc({ intent_id: intents_schemas/* intentIdSchema */.VE });
const intents_adminQuery = schemas/* object */.Ikc({ admin_token: schemas/* string */.YjP().optional().describe('Deprecated: use x-admin-token') });
/**
 * The T4 intent API of seed 001 at its own paths (`X-T4-API-KEY`), plus the pre-PR check and the
 * registry file. Every rule is in core/intents; a route only moves the request in and the answer out.
 */
function intentRoutes(platform) {
    const intents = platform.intents;
    return (app) => {
        app.post('/intents', {
            config: { auth: 'principal' },
            schema: {
                summary: 'Create an intent (agent_id comes from the key; timestamps are the server’s)',
                description: 'Send `x-idempotency-key` to make a retry safe.',
                tags,
                security: intents_security,
                body: intents_schemas/* createIntentInputSchema */.KZ,
                response: { 201: model/* intentViewSchema */.bV },
            },
        }, async (request, reply) => {
            const view = await idempotent(platform, request, reply, 'intents.create', () => intents.create(principalOf(request), request.body));
            return reply.code(201).send(view);
        });
        app.get('/intents', {
            config: { auth: 'principal' },
            schema: {
                summary: 'List intents, filtered by owner, exact file or glob, status and code',
                tags,
                security: intents_security,
                querystring: intents_schemas/* listIntentsInputSchema */.xR,
                response: { 200: intentPage },
            },
        }, (request) => intents.list(principalOf(request), request.query));
        app.get('/intents/stale', {
            config: { auth: 'principal' },
            schema: {
                summary: 'Open intents (reserved, planned, committed) not modified for `days` days, oldest first',
                tags,
                security: intents_security,
                querystring: intents_schemas/* staleIntentsInputSchema */.O_,
                response: { 200: intentPage },
            },
        }, (request) => intents.stale(principalOf(request), request.query));
        app.get('/intents/by_owner/:owner', {
            config: { auth: 'principal' },
            schema: {
                summary: 'Intents of one owner',
                tags,
                security: intents_security,
                params: schemas/* object */.Ikc({ owner: schemas/* string */.YjP().min(1).max(200) }),
                querystring: pagination/* pageQuerySchema */.Xn.extend({ tenant_id: tenants/* tenantIdSchema */.$.optional() }),
                response: { 200: intentPage },
            },
        }, (request) => intents.byOwner(principalOf(request), { ...request.query, owner: request.params.owner }));
        app.get('/intents/by_file', {
            config: { auth: 'principal' },
            schema: {
                summary: 'Intents covering a path: on exactly it, or a glob that matches it',
                tags,
                security: intents_security,
                querystring: intents_schemas/* byFileInputSchema */.z$,
                response: { 200: intentPage },
            },
        }, (request) => intents.byFile(principalOf(request), request.query));
        app.post('/intents/pre_pr_check', {
            config: { auth: 'principal' },
            schema: {
                summary: 'The pre-PR check: which changed files (or critical findings) lack a planned intent',
                description: 'With `findings` (ruff JSON, ESLint JSON or SARIF 2.1.0) only files with a critical finding need an intent. ' +
                    '`auto_create_reserved` reserves each missing (file, code) once, however often it runs.',
                tags,
                security: intents_security,
                body: pre_pr_check/* prePrCheckInputSchema */.hT,
                response: { 200: pre_pr_check/* prePrCheckResultSchema */.eZ },
            },
        }, (request) => intents.prePrCheck(principalOf(request), request.body));
        app.get('/intents/export', {
            config: { auth: 'principal' },
            schema: {
                summary: 'The registry file (settld-intents, version 1) of the tenant: what the GitHub Action reads',
                tags,
                security: intents_security,
                querystring: intents_schemas/* tenantInputSchema */.a_,
                response: { 200: registry_file/* registryFileSchema */.bm },
            },
        }, (request) => intents.exportRegistry(principalOf(request), request.query));
        app.post('/intents/import', {
            config: { auth: 'principal' },
            bodyLimit: 256 * 1024 * 1024,
            schema: {
                summary: 'Upsert a registry file by intent id, all or nothing (admin)',
                tags,
                security: intents_security,
                querystring: intents_schemas/* tenantInputSchema */.a_.extend(intents_adminQuery.shape),
                // The file is checked by the service, which names the first bad record (INVALID_REGISTRY).
                body: schemas/* unknown */.L5J(),
                response: { 200: intents_schemas/* importCountsSchema */.Nt },
            },
        }, (request) => intents.importRegistry(principalOf(request), request.body, { tenant_id: request.query.tenant_id }));
        app.get('/intents/:intent_id', {
            config: { auth: 'principal' },
            schema: {
                summary: 'One intent',
                tags,
                security: intents_security,
                params: idParams,
                response: { 200: model/* intentViewSchema */.bV },
            },
        }, (request) => intents.get(principalOf(request), request.params.intent_id));
        app.patch('/intents/:intent_id', {
            config: { auth: 'principal' },
            schema: {
                summary: 'Update an intent: absent fields are kept, null clears; illegal status moves are 409',
                tags,
                security: intents_security,
                params: idParams,
                body: intents_schemas/* updateIntentInputSchema */.t4,
                response: { 200: model/* intentViewSchema */.bV },
            },
        }, (request) => intents.update(principalOf(request), request.params.intent_id, request.body));
        app.delete('/intents/:intent_id', {
            config: { auth: 'principal' },
            schema: {
                summary: 'Delete an intent (admin)',
                tags,
                security: intents_security,
                params: idParams,
                querystring: intents_adminQuery,
                response: { 200: schemas/* object */.Ikc({ deleted: schemas/* literal */.euz(true), intent: model/* intentViewSchema */.bV }) },
            },
        }, async (request) => ({
            deleted: true,
            intent: await intents.delete(principalOf(request), request.params.intent_id),
        }));
        app.get('/metrics/summary', {
            config: { auth: 'principal' },
            schema: {
                summary: 'Registry metrics: total, by_status, by_code (top 20), quality_score, avg_time_to_resolve_days',
                tags,
                security: intents_security,
                querystring: intents_schemas/* tenantInputSchema */.a_,
                response: { 200: intents_schemas/* metricsSummarySchema */.rP },
            },
        }, (request) => intents.metrics(principalOf(request), request.query));
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
                description: 'Send `x-idempotency-key` so that a retry replays the answer instead of paying again.',
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
                // With `x-idempotency-key`, a retry after a lost answer replays it instead of paying twice.
                return await idempotent(platform, request, reply, 'llm.chat', () => platform.llm.chat(principalOf(request), request.body, { signal: disconnected.signal }));
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
// EXTERNAL MODULE: ./build/mcp/server/create-server.js + 4 modules
var create_server = __webpack_require__(72275);
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

// EXTERNAL MODULE: ./build/core/onboarding/schemas.js
var onboarding_schemas = __webpack_require__(38458);
;// CONCATENATED MODULE: ./build/mcp/http/routes/onboarding.js




const onboarding_security = [{ apiKey: [] }, { bearer: [] }, { adminToken: [] }];
const onboarding_tags = ['onboarding'];
const params = schemas/* object */.Ikc({ tenantId: tenants/* tenantIdSchema */.$ });
const base = '/v1/tenants/:tenantId/onboarding';
/** The onboarding loop of seed 000 at its own paths (`x-api-key`). */
function onboardingRoutes(platform) {
    return (app) => {
        app.post(`${base}/runtime-bootstrap`, {
            config: { auth: 'principal' },
            schema: {
                summary: "Issue (or reuse) the tenant's runtime key; the env block, MCP configs and host snippets",
                tags: onboarding_tags,
                security: onboarding_security,
                params,
                body: onboarding_schemas/* bootstrapInputSchema */.Qj,
                response: { 200: onboarding_schemas/* bootstrapResultSchema */.Rf },
            },
        }, async (request) => (await platform.onboarding()).bootstrap(principalOf(request), request.params.tenantId, request.body, `${request.protocol}://${request.host}`));
        app.post(`${base}/runtime-bootstrap/smoke-test`, {
            config: { auth: 'principal' },
            schema: {
                summary: 'Start settld-mcp over stdio with the env block: initialize, tools/list, an authenticated call',
                tags: onboarding_tags,
                security: onboarding_security,
                params,
                body: onboarding_schemas/* smokeTestInputSchema */.Z2,
                response: { 200: onboarding_schemas/* smokeTestResultSchema */.O },
            },
        }, async (request) => (await platform.onboarding()).smokeTest(principalOf(request), request.params.tenantId, request.body));
        app.post(`${base}/first-paid-call`, {
            config: { auth: 'principal' },
            schema: {
                summary: 'Run (or replay, with replayAttemptId) the first paid call; a failure names its step',
                tags: onboarding_tags,
                security: onboarding_security,
                params,
                body: onboarding_schemas/* firstPaidCallInputSchema */._V,
                response: { 200: onboarding_schemas/* attemptSchema */.ZS },
            },
        }, async (request) => (await platform.onboarding()).firstPaidCall(principalOf(request), request.params.tenantId, request.body));
        app.get(`${base}/first-paid-call/history`, {
            config: { auth: 'principal' },
            schema: {
                summary: 'The last 100 first paid call attempts, newest first',
                tags: onboarding_tags,
                security: onboarding_security,
                params,
                response: { 200: onboarding_schemas/* historySchema */.Ut },
            },
        }, async (request) => (await platform.onboarding()).history(principalOf(request), request.params.tenantId));
        app.post(`${base}/conformance-matrix`, {
            config: { auth: 'principal' },
            schema: {
                summary: 'Check settld-mcp as each host (codex, claude, openhands) starts and uses it',
                description: 'At most SETTLD_MATRIX_RUNS_PER_HOUR (12) runs per tenant per hour; `x-idempotency-key` returns the stored matrix (`reused: true`) without counting.',
                tags: onboarding_tags,
                security: onboarding_security,
                params,
                body: onboarding_schemas/* matrixInputSchema */.X,
            },
        }, async (request, reply) => {
            const header = request.headers['x-idempotency-key'];
            const { matrix, reused } = await (await platform.onboarding()).conformanceMatrix(principalOf(request), request.params.tenantId, request.body, {
                idempotencyKey: Array.isArray(header) ? header[0] : header,
            });
            if (reused)
                void reply.header('Idempotent-Replayed', 'true');
            return { ...matrix, reused };
        });
        return Promise.resolve();
    };
}

// EXTERNAL MODULE: ./build/core/auth/principal.js
var auth_principal = __webpack_require__(34087);
// EXTERNAL MODULE: ./build/core/health.js
var health = __webpack_require__(72110);
;// CONCATENATED MODULE: ./build/mcp/http/routes/platform.js




const whoamiSchema = auth_principal/* principalViewSchema */.lJ.extend({
    rate_limit: schemas/* object */.Ikc({
        limit: schemas/* number */.aig().int(),
        remaining: schemas/* number */.aig().int().describe('Requests left in the current window, this one counted'),
        reset_seconds: schemas/* number */.aig().int(),
        policy: schemas/* string */.YjP().describe('RateLimit-Policy: <limit>;w=<window seconds>'),
    })
        .describe('The request limit of these credentials after this request'),
});
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
        app.get('/v1/whoami', {
            config: { auth: 'principal' },
            schema: {
                summary: 'Who the credentials are: tenant, scopes, key and agent, and the request limit left',
                description: 'Any valid credential may ask; nothing is read or written beyond the credential itself. Counts against the request limit like any other call.',
                tags: ['platform'],
                security: [{ apiKey: [] }, { t4ApiKey: [] }, { bearer: [] }, { adminToken: [] }],
                response: { 200: whoamiSchema },
            },
        }, (request) => {
            const principal = principalOf(request);
            // Set by the authentication hook of every principal route, with the principal.
            const limit = request.rateLimit;
            // Object.assign, not `{ ...view, rate_limit }`: V8 (Node 20) builds a spread followed by
            // another property on a slow path, and the object it makes is slow to serialize; together
            // about a fifth of a whoami request on the running server.
            return Object.assign((0,auth_principal/* principalView */.Qd)(principal), {
                rate_limit: {
                    limit: limit.limit,
                    remaining: limit.remaining,
                    reset_seconds: limit.resetSeconds,
                    policy: limit.policy,
                },
            });
        });
        app.get('/metrics', {
            config: { auth: 'public' },
            schema: { summary: 'Prometheus metrics', tags: ['platform'], hide: true },
        }, async (_request, reply) => reply.type(platform.metrics.registry.contentType).send(await platform.metrics.registry.metrics()));
        app.get('/openapi.json', { config: { auth: 'public' }, schema: { hide: true } }, (_request, reply) => reply.send(app.swagger()));
        return Promise.resolve();
    };
}

// EXTERNAL MODULE: ./build/core/runner/schemas.js
var runner_schemas = __webpack_require__(98197);
;// CONCATENATED MODULE: ./build/mcp/http/routes/runner.js





const runner_security = [{ apiKey: [] }, { bearer: [] }, { adminToken: [] }];
const runner_tags = ['runner'];
const runParams = schemas/* object */.Ikc({ id: schemas/* string */.YjP().min(1).max(64) });
/** The runner service of seed 002 at its own paths and shapes, plus grants, cancel, pause and the vault. */
function runnerRoutes(platform) {
    const runner = async () => (await platform.runner()).service;
    return (app) => {
        app.get('/summary', {
            config: { auth: 'principal' },
            schema: {
                summary: 'Queue depth, runs by status, pause, the vault backend and the runner id',
                tags: runner_tags,
                security: runner_security,
                response: { 200: runner_schemas/* summarySchema */.Uv },
            },
        }, async (request) => (await runner()).summary(principalOf(request)));
        app.get('/runs', {
            config: { auth: 'principal' },
            schema: {
                summary: 'Runs, newest first',
                tags: runner_tags,
                security: runner_security,
                querystring: runner_schemas/* listRunsInputSchema */.Wd,
                response: { 200: (0,pagination/* pageSchema */.vD)(runner_schemas/* runViewSchema */.ig) },
            },
        }, async (request) => (await runner()).list(principalOf(request), request.query));
        app.post('/runs', {
            config: { auth: 'principal' },
            schema: {
                summary: 'Queue a workflow run (202); refused at once when paused or when the runner holds no grant',
                description: 'Send `x-idempotency-key` to make a retry safe.',
                tags: runner_tags,
                security: runner_security,
                body: runner_schemas/* enqueueRunInputSchema */.Dj,
                response: { 202: runner_schemas/* runViewSchema */.ig },
            },
        }, async (request, reply) => {
            const service = await runner();
            const run = await idempotent(platform, request, reply, 'runner.enqueue', () => service.enqueue(principalOf(request), request.body));
            return reply.code(202).send(run);
        });
        app.get('/runs/:id', {
            config: { auth: 'principal' },
            schema: { summary: 'One run', tags: runner_tags, security: runner_security, params: runParams, response: { 200: runner_schemas/* runViewSchema */.ig } },
        }, async (request) => (await runner()).get(principalOf(request), request.params.id));
        app.post('/runs/:id/retry', {
            config: { auth: 'principal' },
            schema: {
                summary: 'Requeue a failed or cancelled run (escrow it still holds is released first)',
                tags: runner_tags,
                security: runner_security,
                params: runParams,
                response: { 200: runner_schemas/* runViewSchema */.ig },
            },
        }, async (request) => (await runner()).retry(principalOf(request), request.params.id));
        app.post('/runs/:id/cancel', {
            config: { auth: 'principal' },
            schema: {
                summary: 'Cancel a run: a queued one at once, an open one with a full refund',
                tags: runner_tags,
                security: runner_security,
                params: runParams,
                response: { 200: runner_schemas/* runViewSchema */.ig },
            },
        }, async (request) => (await runner()).cancel(principalOf(request), request.params.id));
        app.post('/grants', {
            config: { auth: 'principal' },
            schema: {
                summary: "Grant the runner access to a user's vault for an agent",
                tags: runner_tags,
                security: runner_security,
                body: runner_schemas/* grantInputSchema */.Ih,
                response: { 201: runner_schemas/* grantViewSchema */.pR },
            },
        }, async (request, reply) => reply.code(201).send(await (await runner()).grant(principalOf(request), request.body)));
        app.get('/grants', {
            config: { auth: 'principal' },
            schema: {
                summary: "A user's runner grants",
                tags: runner_tags,
                security: runner_security,
                querystring: runner_schemas/* listGrantsInputSchema */.FK,
                response: { 200: schemas/* object */.Ikc({ items: schemas/* array */.YOg(runner_schemas/* grantViewSchema */.pR) }) },
            },
        }, async (request) => (await runner()).listGrants(principalOf(request), request.query));
        app.delete('/grants', {
            config: { auth: 'principal' },
            schema: {
                summary: 'Revoke a grant; runs it had open are cancelled with a full refund',
                tags: runner_tags,
                security: runner_security,
                body: runner_schemas/* revokeInputSchema */.qX,
                response: { 200: runner_schemas/* revokeResultSchema */.jz },
            },
        }, async (request) => (await runner()).revoke(principalOf(request), request.body));
        app.post('/vault/deposit', {
            config: { auth: 'principal' },
            schema: {
                summary: "Credit a user's vault (embedded vault; on Soroban the user deposits from their wallet)",
                tags: runner_tags,
                security: runner_security,
                body: runner_schemas/* depositInputSchema */.SK,
                response: { 200: runner_schemas/* balanceSchema */.Cm },
            },
        }, async (request, reply) => {
            const service = await runner();
            return idempotent(platform, request, reply, 'vault.deposit', () => service.deposit(principalOf(request), request.body));
        });
        app.get('/vault/balance', {
            config: { auth: 'principal' },
            schema: {
                summary: "A user's vault balance",
                tags: runner_tags,
                security: runner_security,
                querystring: runner_schemas/* listGrantsInputSchema */.FK,
                response: { 200: runner_schemas/* balanceSchema */.Cm },
            },
        }, async (request) => (await runner()).balance(principalOf(request), request.query));
        app.post('/pause', {
            config: { auth: 'principal' },
            schema: {
                summary: "Pause (or resume) new runs: a user's (and their vault policy), or the whole runner (operator)",
                tags: runner_tags,
                security: runner_security,
                body: runner_schemas/* pauseInputSchema */.KK,
                response: { 200: runner_schemas/* pauseResultSchema */.bw },
            },
        }, async (request) => (await runner()).setPaused(principalOf(request), request.body));
        return Promise.resolve();
    };
}

;// CONCATENATED MODULE: ./build/mcp/http/app.js















/** The settld-mcp HTTP server: REST routes of every seed, `/mcp`, health, metrics and OpenAPI. */
async function buildHttpApp(options) {
    const { platform, tools } = options;
    const requestLogs = platform.logger.isLevelEnabled('debug');
    const app = fastify({
        // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-assertion -- pins the instance's logger type to Fastify's
        loggerInstance: platform.logger,
        logController: new fastify.LogController({ disableRequestLogging: true }),
        // A request's own logger only writes at debug (the request line below): at a higher level,
        // requests share the server's logger instead of each building a child. Fastify always hands
        // pino an options object, which would send every child down pino's slow path (copying
        // serializers and formatters); without route options, skip it.
        childLoggerFactory: (logger, bindings, childOptions) => {
            if (childOptions.level !== undefined || childOptions.serializers !== undefined) {
                return logger.child(bindings, childOptions);
            }
            return requestLogs ? logger.child(bindings) : logger;
        },
        bodyLimit: 4 * 1024 * 1024,
        clientErrorHandler: clientErrorHandler,
        return503OnClosing: true,
        forceCloseConnections: 'idle',
    }).withTypeProvider();
    app.setValidatorCompiler(esm/* validatorCompiler */.Qr);
    app.setSerializerCompiler(fastSerializerCompiler);
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
    const guardHost = (request, _reply, done) => {
        try {
            guard.check(request.headers.host, request.headers.origin);
            done();
        }
        catch (error) {
            done(error);
        }
    };
    // Per route, not global: a public route runs neither hook, and the Host check runs before any
    // credential is looked at.
    const authenticate = authenticationHook(platform);
    app.decorateRequest('principal', undefined);
    app.decorateRequest('rateLimit', undefined);
    app.addHook('onRoute', (route) => {
        const hooks = [];
        if (route.config?.guardHost)
            hooks.push(guardHost);
        if (route.config?.auth === 'principal')
            hooks.push(authenticate);
        if (hooks.length === 0)
            return;
        const own = route.onRequest === undefined ? [] : [route.onRequest].flat();
        route.onRequest = [...hooks, ...own];
    });
    installErrorHandling(app, platform);
    app.addHook('onResponse', (request, reply, done) => {
        const route = request.routeOptions.url ?? 'unmatched';
        platform.metrics.recordHttp(request.method, route, reply.statusCode, reply.elapsedTime / 1000);
        // Debug, not info: at info, a busy server would spend more time writing lines than answering.
        // Failures still reach the log at error (the error handler) whatever the level.
        if (requestLogs) {
            request.log.debug({
                method: request.method,
                url: request.url,
                status: reply.statusCode,
                ms: Math.round(reply.elapsedTime),
            }, 'request');
        }
        done();
    });
    const documents = { openapi: () => Promise.resolve(app.swagger()) };
    await app.register(platformRoutes(platform));
    await app.register(adminKeyRoutes(platform));
    await app.register(intentRoutes(platform));
    await app.register(llmRoutes(platform));
    await app.register(runnerRoutes(platform));
    await app.register(onboardingRoutes(platform));
    await app.register(mcpRoutes({ platform, tools, documents }));
    return app;
}


/***/ })

};
