export const id = 788;
export const ids = [788];
export const modules = {

/***/ 40788:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  runServe: () => (/* binding */ runServe)
});

// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(48161);
// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(77598);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(76760);
// EXTERNAL MODULE: ./build/core/store/secret-file.js
var secret_file = __webpack_require__(21745);
;// CONCATENATED MODULE: ./build/core/auth/admin-token.js



/**
 * The operator's admin token. There is no default token: from SETTLD_ADMIN_TOKEN / T4_ADMIN_TOKEN,
 * or generated once into SETTLD_HOME/admin-token with mode 0600.
 */
function resolveAdminToken(configured, home) {
    if (configured)
        return { token: configured, source: 'env' };
    const file = (0,external_node_path_.join)(home, 'admin-token');
    const { secret, created } = (0,secret_file/* readOrCreateSecretFile */.a)(file, () => `sat_${(0,external_node_crypto_.randomBytes)(32).toString('base64url')}`);
    return { token: secret, source: 'file', file, ...(created ? { createdFile: file } : {}) };
}

// EXTERNAL MODULE: ./build/core/config.js + 4 modules
var core_config = __webpack_require__(43488);
// EXTERNAL MODULE: ./build/core/platform.js + 174 modules
var core_platform = __webpack_require__(27549);
// EXTERNAL MODULE: ./build/core/version.js + 1 modules
var version = __webpack_require__(74315);
// EXTERNAL MODULE: ./build/mcp/http/app.js + 13 modules
var http_app = __webpack_require__(46222);
// EXTERNAL MODULE: ./build/mcp/tools/index.js + 6 modules
var mcp_tools = __webpack_require__(74555);
;// CONCATENATED MODULE: ./build/mcp/serve.js







const tilde = (path) => (path.startsWith((0,external_node_os_.homedir)()) ? `~${path.slice((0,external_node_os_.homedir)().length)}` : path);
/** `settld-mcp serve`: REST, `/mcp`, health and metrics on one port, until SIGTERM. */
async function runServe(overrides, selection) {
    const config = (0,core_config/* loadConfig */.Z)(process.env, overrides);
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
    const runner = await platform.runner();
    if (config.runner.workerInServe)
        runner.worker.start();
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
        `  runner       ${runner.service.runnerId} on the ${runner.service.backend} vault` +
            (config.runner.workerInServe ? '' : ' (worker off: run `settld-mcp worker`)'),
        '  Next: create a key for your agent',
        `    curl -sS -X POST ${base}/admin/api_keys -H "x-admin-token: ${tokenRef}" \\`,
        `      -H 'content-type: application/json' -d '{"agent_id":"my-agent","owner":"me"}'`,
        '',
    ].join('\n'));
    platform.logger.info({ url: base, tools: tools.length }, 'settld-mcp serving');
}


/***/ })

};
