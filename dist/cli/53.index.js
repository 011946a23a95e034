export const id = 53;
export const ids = [53];
export const modules = {

/***/ 15053:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Lm: () => (/* binding */ hostConfigSnippets),
/* harmony export */   TR: () => (/* binding */ leakedSecretNames),
/* harmony export */   gg: () => (/* binding */ readSnippet),
/* harmony export */   gk: () => (/* binding */ splitSecretEnv),
/* harmony export */   settldConfigSnippets: () => (/* binding */ settldConfigSnippets)
/* harmony export */ });
/* unused harmony export holdsNoSecret */
/* harmony import */ var smol_toml__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3292);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(62807);
/* harmony import */ var _host_profiles_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(40505);
/* harmony import */ var _shell_words_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(41588);
/*
 * Each host's configuration for an MCP server, in the host's own format and with its own way of
 * passing a secret: Claude Code expands `${NAME}` in `.mcp.json`, Codex forwards variables named in
 * `env_vars`, OpenHands passes nothing from the environment (so its launcher reads a private file).
 * No snippet ever holds a secret value: the original wrote the API key into every snippet in plain
 * text, and Codex's as JSON although Codex reads TOML.
 */




/** Package runners that may download before the server starts: more than Codex's default 10 s. */
const DOWNLOADING_RUNNERS = new Set(['npx', 'pnpx', 'bunx', 'uvx']);
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
function profileFor(target) {
    const profile = (0,_host_profiles_js__WEBPACK_IMPORTED_MODULE_2__/* .findHostProfile */ .J4)(target);
    if (!profile) {
        throw (0,_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .badRequest */ .li)('UNKNOWN_TARGET', `Unknown target "${target}"; known: ${_host_profiles_js__WEBPACK_IMPORTED_MODULE_2__/* .TARGETS */ .dW.join(', ')}`, {
            target,
            targets: _host_profiles_js__WEBPACK_IMPORTED_MODULE_2__/* .TARGETS */ .dW,
        });
    }
    return profile;
}
function checkedEnv(env) {
    const values = { ...env.values };
    const secrets = [...new Set(env.secrets ?? [])];
    for (const name of [...Object.keys(values), ...secrets]) {
        if (!ENV_NAME.test(name))
            throw (0,_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .badRequest */ .li)('INVALID_ENV_NAME', `"${name}" is not a variable name`);
    }
    for (const name of secrets)
        delete values[name];
    return { values, secrets };
}
const json = (value) => `${JSON.stringify(value, null, 2)}\n`;
/** A server name as a folder name. */
const folderName = (server) => server.replace(/[^A-Za-z0-9_.-]/g, '_');
/** Where the OpenHands launcher reads a secret from: a file only the user can read. */
const secretFile = (server, name) => `$HOME/.settld/secrets/${folderName(server)}/${name}`;
function claudeSnippets(server, values, secrets) {
    const env = { ...values, ...Object.fromEntries(secrets.map((name) => [name, `\${${name}}`])) };
    const entry = {
        type: 'stdio',
        command: server.command,
        args: [...server.args],
        ...(Object.keys(env).length > 0 ? { env } : {}),
    };
    const add = [
        'claude mcp add --transport stdio --scope project',
        (0,_shell_words_js__WEBPACK_IMPORTED_MODULE_3__/* .quoteShellWord */ .BV)(server.name),
        ...Object.entries(env).map(([name, value]) => `--env ${(0,_shell_words_js__WEBPACK_IMPORTED_MODULE_3__/* .quoteShellWord */ .BV)(`${name}=${value}`)}`),
        '--',
        (0,_shell_words_js__WEBPACK_IMPORTED_MODULE_3__/* .quoteShellWords */ .w9)([server.command, ...server.args]),
    ].join(' ');
    return [
        { format: 'json', path: '.mcp.json', text: json({ mcpServers: { [server.name]: entry } }) },
        { format: 'shell', path: 'shell', text: `${add}\n` },
    ];
}
/** A TOML key, bare when it can be (JSON's string escapes are TOML basic-string escapes). */
const tomlKey = (key) => (/^[A-Za-z0-9_-]+$/.test(key) ? key : JSON.stringify(key));
function codexSnippets(server, values, secrets) {
    const runner = server.command.split(/[\\/]/).pop() ?? '';
    const startupTimeoutSec = server.startupTimeoutSec ?? (DOWNLOADING_RUNNERS.has(runner) ? 30 : undefined);
    const entry = {
        command: server.command,
        args: [...server.args],
        ...(secrets.length > 0 ? { env_vars: secrets } : {}),
        ...(startupTimeoutSec !== undefined ? { startup_timeout_sec: startupTimeoutSec } : {}),
    };
    // Only the server's own tables, so the text can be appended to an existing config.toml (which
    // may already define [mcp_servers]); smol-toml writes every value.
    const table = `mcp_servers.${tomlKey(server.name)}`;
    const sections = [`[${table}]\n${(0,smol_toml__WEBPACK_IMPORTED_MODULE_0__/* .stringify */ .As)(entry)}`];
    if (Object.keys(values).length > 0)
        sections.push(`[${table}.env]\n${(0,smol_toml__WEBPACK_IMPORTED_MODULE_0__/* .stringify */ .As)(values)}`);
    return [
        { format: 'toml', path: '~/.codex/config.toml', text: `${sections.join('\n\n')}\n` },
    ];
}
function openHandsSnippets(server, values, secrets) {
    const launch = secrets.length === 0
        ? { command: server.command, args: [...server.args] }
        : {
            command: 'sh',
            args: [
                '-c',
                [
                    ...secrets.map((name) => `export ${name}="$(cat "${secretFile(server.name, name)}")"`),
                    `exec ${(0,_shell_words_js__WEBPACK_IMPORTED_MODULE_3__/* .quoteShellWords */ .w9)([server.command, ...server.args])}`,
                ].join('\n'),
            ],
        };
    const entry = { ...launch, ...(Object.keys(values).length > 0 ? { env: values } : {}) };
    const snippets = [
        { format: 'json', path: '~/.openhands/mcp.json', text: json({ mcpServers: { [server.name]: entry } }) },
    ];
    if (secrets.length > 0) {
        const folder = `~/.settld/secrets/${folderName(server.name)}`;
        const writes = secrets.map((name) => `printf '%s' "$${name}" > ${folder}/${name}`);
        snippets.push({
            format: 'shell',
            path: 'shell',
            text: `mkdir -p ${folder} && (umask 077 && ${writes.join(' && ')})\n`,
        });
    }
    return snippets;
}
/**
 * The snippet(s) that add `server` to `target`, with secrets named by variable, never by value.
 * Without `env`, the server's own env is split into plain values and secrets (splitSecretEnv).
 */
function hostConfigSnippets(target, server, env) {
    const profile = profileFor(target);
    const split = env ? undefined : splitSecretEnv(server.env ?? {});
    const { values, secrets } = checkedEnv(env ?? { values: split?.values, secrets: Object.keys(split?.secrets ?? {}) });
    const named = { ...server, name: server.name?.trim() || 'settld' };
    switch (profile.config.secrets.kind) {
        case 'expand':
            return claudeSnippets(named, values, secrets);
        case 'forward-names':
            return codexSnippets(named, values, secrets);
        case 'env-file':
            return openHandsSnippets(named, values, secrets);
    }
}
/**
 * Our own server as a host starts it: `npx -y settld-mcp`. With a tenant or a remote server the
 * caller needs its API key, which the host passes by name as `SETTLD_API_KEY`.
 */
function settldConfigSnippets(target, connection = {}) {
    const values = {};
    if (connection.baseUrl)
        values.SETTLD_BASE_URL = connection.baseUrl;
    if (connection.tenantId)
        values.SETTLD_TENANT_ID = connection.tenantId;
    const needsKey = Object.keys(values).length > 0;
    return hostConfigSnippets(target, { name: 'settld', command: 'npx', args: ['-y', 'settld-mcp'] }, { values, secrets: needsKey ? ['SETTLD_API_KEY'] : [] });
}
const SECRET_NAME = /(^|_)(API_?KEY|KEY|TOKEN|SECRET|PASSWORD|PASSWD|PASS|PASSPHRASE|CREDENTIALS?|AUTH|PRIVATE|COOKIE|SESSION)(_|$)/i;
const SECRET_VALUE = /^(sk_[A-Za-z0-9]+_[A-Za-z0-9_-]{8,}|sk-[A-Za-z0-9_-]{16,}|eyJ[A-Za-z0-9_-]{10,}\.)/;
/** Splits an environment into plain values and secrets, by the variable's name or the value's shape. */
function splitSecretEnv(env) {
    const values = {};
    const secrets = {};
    for (const [name, value] of Object.entries(env)) {
        if (SECRET_NAME.test(name) || SECRET_VALUE.test(value))
            secrets[name] = value;
        else
            values[name] = value;
    }
    return { values, secrets };
}
/** The forms a value takes when written into JSON, TOML or a single-quoted shell word. */
function writtenForms(value) {
    const escaped = JSON.stringify(value).slice(1, -1);
    return [...new Set([value, escaped, value.replaceAll("'", `'\\''`)])];
}
/** The names of the secrets whose value appears in `text`, as written or escaped. Empty: none leaked. */
function leakedSecretNames(text, secrets) {
    return Object.entries(secrets)
        .filter(([, value]) => value.length > 0 && writtenForms(value).some((form) => text.includes(form)))
        .map(([name]) => name);
}
/** True when none of the secret values appears in `text`, in any form a config file would write it. */
function holdsNoSecret(text, secretValues) {
    let index = 0;
    const named = {};
    for (const value of secretValues)
        named[`secret${(index += 1)}`] = value;
    return leakedSecretNames(text, named).length === 0;
}
function objectAt(value, ...path) {
    let current = value;
    for (const key of path) {
        if (typeof current !== 'object' || current === null || Array.isArray(current)) {
            throw new Error(`no "${path.join('.')}" table`);
        }
        current = current[key];
    }
    if (typeof current !== 'object' || current === null || Array.isArray(current)) {
        throw new Error(`no "${path.join('.')}" entry`);
    }
    return current;
}
const strings = (value, what) => {
    if (value === undefined)
        return [];
    if (!Array.isArray(value) || value.some((item) => typeof item !== 'string')) {
        throw new Error(`${what} is not a list of strings`);
    }
    return value;
};
const stringMap = (value, what) => {
    if (value === undefined)
        return {};
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
        throw new Error(`${what} is not a table`);
    }
    for (const item of Object.values(value))
        if (typeof item !== 'string')
            throw new Error(`${what} holds a non-string`);
    return value;
};
const EXPANSION = /^\$\{([A-Za-z_][A-Za-z0-9_]*)\}$/;
function fromEnvMap(env) {
    const plain = {};
    const secretRefs = [];
    for (const [name, value] of Object.entries(env)) {
        const reference = EXPANSION.exec(value);
        if (reference?.[1] === name)
            secretRefs.push(name);
        else
            plain[name] = value;
    }
    return { env: plain, secretRefs };
}
function readClaudeAdd(text, name) {
    const words = (0,_shell_words_js__WEBPACK_IMPORTED_MODULE_3__/* .splitShellWords */ .CQ)(text);
    if (words.slice(0, 3).join(' ') !== 'claude mcp add')
        throw new Error('not a "claude mcp add" command');
    const separator = words.indexOf('--');
    if (separator === -1)
        throw new Error('no "--" before the server command');
    const options = words.slice(3, separator);
    const env = {};
    let serverName;
    for (let i = 0; i < options.length; i += 1) {
        const word = options[i];
        if (word === '--env' || word === '-e') {
            const pair = options[(i += 1)] ?? '';
            const equals = pair.indexOf('=');
            if (equals <= 0)
                throw new Error(`bad --env "${pair}"`);
            env[pair.slice(0, equals)] = pair.slice(equals + 1);
        }
        else if (word === '--transport' || word === '--scope') {
            i += 1;
        }
        else if (!word.startsWith('-')) {
            serverName = word;
        }
    }
    if (serverName !== name)
        throw new Error(`adds "${serverName ?? ''}", not "${name}"`);
    const [command, ...args] = words.slice(separator + 1);
    if (!command)
        throw new Error('no server command');
    return { command, args, ...fromEnvMap(env) };
}
/** Reads the OpenHands launcher back: `export NAME="$(cat …)"` lines, then `exec command args`. */
function readOpenHandsLauncher(entry, name) {
    const env = stringMap(entry.env, 'env');
    const args = strings(entry.args, 'args');
    if (entry.command !== 'sh' || args[0] !== '-c' || args.length !== 2) {
        if (typeof entry.command !== 'string')
            throw new Error('no command');
        return { command: entry.command, args, env, secretRefs: [] };
    }
    const secretRefs = [];
    let launch;
    for (const line of args[1].split('\n')) {
        const words = (0,_shell_words_js__WEBPACK_IMPORTED_MODULE_3__/* .splitShellWords */ .CQ)(line);
        if (words[0] === 'export' && words.length === 2) {
            const assignment = words[1];
            const variable = assignment.slice(0, assignment.indexOf('='));
            if (!variable || assignment.slice(variable.length + 1) !== `$(cat ${secretFile(name, variable)})`) {
                throw new Error(`unexpected launcher line: ${line}`);
            }
            secretRefs.push(variable);
        }
        else if (words[0] === 'exec' && words.length > 1) {
            launch = words.slice(1);
        }
        else {
            throw new Error(`unexpected launcher line: ${line}`);
        }
    }
    if (!launch)
        throw new Error('the launcher never starts the server');
    return { command: launch[0], args: launch.slice(1), env, secretRefs };
}
/**
 * Parses a snippet in its own format (JSON, TOML through smol-toml, shell words) and reads back how
 * it starts server `name`. Throws with the reason when the text does not parse or holds no such server.
 */
function readSnippet(snippet, name) {
    if (snippet.format === 'shell') {
        if (snippet.text.startsWith('claude '))
            return readClaudeAdd(snippet.text.trim(), name);
        throw new Error('only "claude mcp add" command lines describe a server');
    }
    if (snippet.format === 'toml') {
        const entry = objectAt((0,smol_toml__WEBPACK_IMPORTED_MODULE_0__/* .parse */ .qg)(snippet.text), 'mcp_servers', name);
        if (typeof entry.command !== 'string')
            throw new Error('no command');
        return {
            command: entry.command,
            args: strings(entry.args, 'args'),
            env: stringMap(entry.env, 'env'),
            secretRefs: strings(entry.env_vars, 'env_vars'),
        };
    }
    const entry = objectAt(JSON.parse(snippet.text), 'mcpServers', name);
    if (snippet.path.includes('.openhands'))
        return readOpenHandsLauncher(entry, name);
    if (typeof entry.command !== 'string')
        throw new Error('no command');
    return {
        command: entry.command,
        args: strings(entry.args, 'args'),
        ...fromEnvMap(stringMap(entry.env, 'env')),
    };
}


/***/ })

};
