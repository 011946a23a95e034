export const id = 762;
export const ids = [762];
export const modules = {

/***/ 15762:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  runStdio: () => (/* binding */ runStdio)
});

// EXTERNAL MODULE: ./node_modules/@modelcontextprotocol/sdk/dist/esm/server/stdio.js
var stdio = __webpack_require__(39006);
// EXTERNAL MODULE: ./build/core/config.js + 4 modules
var core_config = __webpack_require__(43488);
// EXTERNAL MODULE: ./build/core/platform.js + 174 modules
var core_platform = __webpack_require__(27549);
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
// EXTERNAL MODULE: ./build/mcp/server/create-server.js + 4 modules
var create_server = __webpack_require__(72275);
// EXTERNAL MODULE: ./build/mcp/tools/index.js + 6 modules
var mcp_tools = __webpack_require__(74555);
;// CONCATENATED MODULE: ./build/mcp/stdio.js







/** `settld-mcp` / `settld-mcp stdio`: MCP over stdin/stdout, or a bridge when SETTLD_BASE_URL is set. */
async function runStdio(overrides, selection) {
    const config = (0,core_config/* loadConfig */.Z)(process.env, overrides);
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
                const { buildHttpApp } = await Promise.all(/* import() */[__webpack_require__.e(984), __webpack_require__.e(222)]).then(__webpack_require__.bind(__webpack_require__, 46222));
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


/***/ })

};
