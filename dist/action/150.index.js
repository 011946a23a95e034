export const id = 150;
export const ids = [150];
export const modules = {

/***/ 7150:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  MATRIX_CHECKS: () => (/* binding */ MATRIX_CHECKS),
  MATRIX_LIMITS: () => (/* binding */ MATRIX_LIMITS),
  runConformanceMatrix: () => (/* binding */ runConformanceMatrix),
  systemMatrixEnvironment: () => (/* binding */ systemMatrixEnvironment)
});

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(8161);
// EXTERNAL MODULE: ./build/core/errors.js
var errors = __webpack_require__(2807);
;// CONCATENATED MODULE: ./build/core/observability/redact.js
/**
 * Secret redaction for anything that leaves the process as text: log lines, audit rows, error
 * messages. API keys have a recognisable shape (`sk_<id>_<secret>`), so they are redacted wherever
 * they appear; the admin token travels in a known query parameter.
 */
const API_KEY_PATTERN = /\b(sk_[A-Za-z0-9]+)_[A-Za-z0-9_-]{8,}/g;
const SECRET_QUERY_PATTERN = /([?&](?:admin_token|api_key|token|access_token)=)[^&#\s]*/gi;
const REDACTED = '[REDACTED]';
/** Every string a log line carries passes here: the cheap `includes` spare most of them the regexes. */
function redactText(text) {
    let out = text;
    if (out.includes('sk_'))
        out = out.replace(API_KEY_PATTERN, `$1_${REDACTED}`);
    if (out.includes('='))
        out = out.replace(SECRET_QUERY_PATTERN, `$1${REDACTED}`);
    return out;
}
/** Redacts known secrets in addition to the patterns above (the admin token, provider keys…). */
class SecretRedactor {
    secrets = new Set();
    add(secret) {
        if (secret && secret.length >= 8)
            this.secrets.add(secret);
    }
    text(text) {
        let out = redactText(text);
        for (const secret of this.secrets) {
            if (out.includes(secret))
                out = out.replaceAll(secret, REDACTED);
        }
        return out;
    }
}

// EXTERNAL MODULE: external "node:child_process"
var external_node_child_process_ = __webpack_require__(1421);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(1455);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
;// CONCATENATED MODULE: ./build/core/onboarding/conformance-probe.js
/*
 * The host's own CLI, when it is installed, run against the generated config in throwaway folders
 * (never the user's own config): the strongest evidence the matrix can get without an API key.
 */




const OUTPUT_KEPT = 64 * 1024;
const EXCERPT = 300;
async function findExecutable(command, path) {
    for (const folder of (path ?? '').split(external_node_path_.delimiter).filter(Boolean)) {
        const candidate = (0,external_node_path_.join)(folder, command);
        try {
            await (0,promises_.access)(candidate, external_node_fs_.constants.X_OK);
            return candidate;
        }
        catch {
            // Not in this folder.
        }
    }
    return undefined;
}
function run(executable, args, options) {
    return new Promise((resolve) => {
        const child = (0,external_node_child_process_.spawn)(executable, args, {
            cwd: options.cwd,
            env: options.env,
            stdio: ['ignore', 'pipe', 'pipe'],
            detached: process.platform !== 'win32',
        });
        let output = '';
        let timedOut = false;
        const keep = (chunk) => {
            output = (output + chunk.toString('utf8')).slice(-OUTPUT_KEPT);
        };
        child.stdout.on('data', keep);
        child.stderr.on('data', keep);
        const kill = () => {
            try {
                if (child.pid !== undefined && process.platform !== 'win32')
                    process.kill(-child.pid, 'SIGKILL');
                else
                    child.kill('SIGKILL');
            }
            catch {
                // Already gone.
            }
        };
        const timer = setTimeout(() => {
            timedOut = true;
            kill();
        }, options.timeoutMs);
        child.once('error', (error) => {
            clearTimeout(timer);
            resolve({ code: null, output: error.message, timedOut });
        });
        child.once('close', (code) => {
            clearTimeout(timer);
            kill(); // anything the CLI left running in its group (the server it health-checked)
            resolve({ code, output, timedOut });
        });
    });
}
const fill = (template, values) => template.replace(/\{(\w+)\}/g, (whole, key) => values[key] ?? whole);
const escapeRegExp = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
async function runLiveProbe(profile, serverName, snippets, serverEnv, context) {
    const probe = profile.liveProbe;
    const executable = await findExecutable(probe.command, context.path);
    if (!executable) {
        return {
            verdict: 'skip',
            message: `"${probe.command}" is not on PATH, so ${profile.host}'s own check did not run (it would show that ${probe.proves}).`,
        };
    }
    const root = await (0,promises_.mkdtemp)((0,external_node_path_.join)(context.tmpDir, `settld-probe-${profile.target}-`));
    try {
        const places = { home: (0,external_node_path_.join)(root, 'home'), cwd: (0,external_node_path_.join)(root, 'project'), name: serverName };
        await (0,promises_.mkdir)(places.home, { recursive: true });
        await (0,promises_.mkdir)(places.cwd, { recursive: true });
        for (const file of probe.files) {
            const snippet = snippets.find((candidate) => candidate.path === file.snippetPath);
            if (!snippet)
                return { verdict: 'skip', message: `No ${file.snippetPath} snippet to give ${probe.command}.` };
            const target = fill(file.writeTo, places);
            await (0,promises_.mkdir)((0,external_node_path_.dirname)(target), { recursive: true });
            await (0,promises_.writeFile)(target, snippet.text, { mode: 0o600 });
        }
        const env = { ...serverEnv, PATH: context.path ?? '' };
        for (const [name, value] of Object.entries(probe.env))
            env[name] = fill(value, places);
        const args = probe.args.map((arg) => fill(arg, places));
        const result = await run(executable, args, { cwd: places.cwd, env, timeoutMs: context.timeoutMs });
        const output = context.redact(result.output);
        const excerpt = output.trim().slice(-EXCERPT).replace(/\s+/g, ' ');
        const commandLine = [probe.command, ...args].join(' ');
        const name = escapeRegExp(serverName);
        const matches = (pattern) => pattern !== undefined && new RegExp(pattern.replaceAll('{name}', name), 'm').test(output);
        if (result.timedOut) {
            return {
                verdict: 'fail',
                message: `\`${commandLine}\` did not finish within ${context.timeoutMs / 1000} s.`,
            };
        }
        if (matches(probe.failWhen)) {
            return { verdict: 'fail', message: `\`${commandLine}\` reports a problem: ${excerpt}` };
        }
        if (result.code === 0 && matches(probe.passWhen)) {
            return { verdict: 'pass', message: `\`${commandLine}\`: ${probe.proves}.` };
        }
        if (result.code !== 0) {
            return { verdict: 'fail', message: `\`${commandLine}\` exited with ${result.code}: ${excerpt}` };
        }
        return { verdict: 'warn', message: `\`${commandLine}\` ran, but its output does not say: ${excerpt}` };
    }
    finally {
        await (0,promises_.rm)(root, { recursive: true, force: true });
    }
}

;// CONCATENATED MODULE: ./build/core/onboarding/conformance-rules.js
const RANK = { pass: 0, warn: 1, fail: 2 };
const MAX_LISTED = 4;
/** The worst finding decides; findings with the same effect share one sentence. */
function verdictOf(findings, passMessage) {
    const problems = findings.filter((finding) => finding.verdict !== 'pass');
    if (problems.length === 0)
        return { verdict: 'pass', message: passMessage };
    const verdict = problems.reduce((worst, finding) => (RANK[finding.verdict] > RANK[worst] ? finding.verdict : worst), 'pass');
    const byEffect = new Map();
    for (const finding of [...problems].sort((a, b) => RANK[b.verdict] - RANK[a.verdict])) {
        const key = `${finding.verdict}\u0000${finding.effect}`;
        byEffect.set(key, [...(byEffect.get(key) ?? []), finding]);
    }
    const sentences = [...byEffect.values()].map((group) => {
        const shown = group.slice(0, MAX_LISTED).map((finding) => finding.detail);
        const more = group.length > MAX_LISTED ? ` and ${group.length - MAX_LISTED} more` : '';
        return `${shown.join(', ')}${more}: ${group[0].effect}.`;
    });
    return { verdict, message: sentences.join(' ') };
}
const COMBINATORS = ['anyOf', 'oneOf', 'allOf'];
const isObject = (value) => typeof value === 'object' && value !== null && !Array.isArray(value);
const rootCombinators = (schema) => COMBINATORS.filter((key) => key in schema);
const rootProperties = (schema) => isObject(schema.properties) ? schema.properties : {};
const hint = (tool, name) => {
    const value = tool.annotations?.[name];
    return typeof value === 'boolean' ? value : undefined;
};
const isReadOnly = (tool) => hint(tool, 'readOnlyHint') === true;
/** The name the model sees: the host's prefix with the server name as the host writes it. */
function fullToolName(profile, serverName, toolName) {
    const server = serverName.replace(/[^a-zA-Z0-9_-]/g, '_');
    return `${profile.toolNames.prefix.replaceAll('{server}', server)}${toolName}`;
}
function checkToolNames(profile, serverName, tools) {
    const rules = profile.toolNames;
    const pattern = new RegExp(rules.pattern);
    const findings = [];
    let longest = 0;
    for (const tool of tools) {
        const full = fullToolName(profile, serverName, tool.name);
        longest = Math.max(longest, full.length);
        if (!pattern.test(tool.name)) {
            findings.push({
                verdict: rules.badCharacters.verdict,
                detail: `"${tool.name}" (outside ${rules.pattern})`,
                effect: rules.badCharacters.effect,
            });
        }
        if (full.length > rules.maxLength) {
            findings.push({
                verdict: rules.overLength.verdict,
                detail: `${tool.name} (${full.length} characters${full === tool.name ? '' : ` as ${full.slice(0, 24)}…`})`,
                effect: `${rules.overLength.effect} (limit ${rules.maxLength})`,
            });
        }
    }
    const shape = fullToolName(profile, serverName, '<tool>');
    return verdictOf(findings, `${tools.length} names match ${rules.pattern} and fit ${rules.maxLength} characters as ${shape} (longest ${longest}).`);
}
/** The first place below the root where a combinator or a `$ref` appears, as a path. */
function nestedCombinatorPath(schema, path, depth = 0) {
    if (!isObject(schema) || depth > 12)
        return undefined;
    if (depth > 0) {
        for (const key of [...COMBINATORS, '$ref'])
            if (key in schema)
                return `${path}.${key}`;
    }
    const children = [];
    if (isObject(schema.properties)) {
        for (const [name, child] of Object.entries(schema.properties))
            children.push([`${path}.${name}`, child]);
    }
    if (schema.items !== undefined)
        children.push([`${path}[]`, schema.items]);
    if (isObject(schema.additionalProperties))
        children.push([`${path}.*`, schema.additionalProperties]);
    for (const [childPath, child] of children) {
        const found = nestedCombinatorPath(child, childPath, depth + 1);
        if (found)
            return found;
    }
    return undefined;
}
function checkInputSchemas(profile, tools) {
    const rules = profile.inputSchema;
    const findings = [];
    let closedSchemas = 0;
    for (const tool of tools) {
        const schema = tool.inputSchema;
        if (schema.type !== 'object') {
            findings.push({
                verdict: 'fail',
                detail: `${tool.name} (root type ${JSON.stringify(schema.type ?? null)})`,
                effect: 'the MCP spec requires an object input schema and MCP clients reject the tool list',
            });
            continue;
        }
        const properties = rootProperties(schema);
        const combinators = rootCombinators(schema);
        if (combinators.length > 0) {
            const branchOnly = combinators
                .flatMap((key) => (Array.isArray(schema[key]) ? schema[key] : []))
                .flatMap((branch) => (isObject(branch) ? Object.keys(rootProperties(branch)) : []))
                .filter((name) => !(name in properties));
            const rule = branchOnly.length > 0 && rules.rootCombinator.branchOnlyProperties
                ? rules.rootCombinator.branchOnlyProperties
                : rules.rootCombinator;
            findings.push({
                verdict: rule.verdict,
                detail: `${tool.name} (root ${combinators.join('/')})`,
                effect: rule.effect,
            });
        }
        if (rules.nestedCombinator) {
            const path = nestedCombinatorPath(schema, tool.name);
            if (path)
                findings.push({ ...rules.nestedCombinator, detail: path });
        }
        for (const injected of rules.injectedProperties) {
            const injectedHere = injected.addedTo === 'all' || !isReadOnly(tool);
            if (injectedHere && injected.name in properties) {
                findings.push({
                    verdict: injected.ownedVerdict,
                    detail: `${tool.name} (own "${injected.name}")`,
                    effect: injected.effect,
                });
            }
        }
        const freeForm = schema.additionalProperties === true ||
            isObject(schema.additionalProperties) ||
            'patternProperties' in schema;
        if (rules.undeclaredArguments && freeForm) {
            findings.push({ ...rules.undeclaredArguments, detail: `${tool.name} (free-form arguments)` });
        }
        if (schema.additionalProperties === false)
            closedSchemas += 1;
    }
    const injectedNames = rules.injectedProperties.map((injected) => injected.name);
    const closedNote = closedSchemas > 0 && injectedNames.length > 0
        ? ` additionalProperties: false on ${closedSchemas} tools does not clash: ${profile.host} removes ${injectedNames.join(' and ')} before calling.`
        : '';
    return verdictOf(findings, `${tools.length} input schemas are objects without a root anyOf/oneOf/allOf.${closedNote}`);
}
function outcomeOf(profile, hints) {
    const rule = profile.annotations.rules.find((candidate) => Object.entries(candidate.when).every(([name, value]) => hints[name] === value));
    return rule?.outcome ?? 'needs-approval';
}
/**
 * What the host does with a call to this tool, from its declared hints; `byDefault` when it asks
 * only because a hint is missing (some value of the missing hints would let it run).
 */
function approvalOf(profile, tool) {
    const declared = {};
    for (const name of profile.annotations.considers) {
        const value = hint(tool, name);
        if (value !== undefined)
            declared[name] = value;
    }
    const outcome = outcomeOf(profile, declared);
    const missing = profile.annotations.considers.filter((name) => declared[name] === undefined);
    let byDefault = false;
    for (let mask = 0; outcome === 'needs-approval' && mask < 1 << missing.length; mask += 1) {
        const filled = { ...declared };
        missing.forEach((name, bit) => (filled[name] = (mask & (1 << bit)) !== 0));
        byDefault ||= outcomeOf(profile, filled) === 'runs';
    }
    return { outcome, byDefault };
}
function checkAnnotations(profile, tools) {
    const rules = profile.annotations;
    const findings = [];
    let runs = 0;
    let asks = 0;
    for (const tool of tools) {
        const { outcome, byDefault } = approvalOf(profile, tool);
        if (outcome === 'runs')
            runs += 1;
        else if (!byDefault)
            asks += 1;
        else {
            const missing = rules.considers.filter((name) => hint(tool, name) === undefined);
            findings.push({
                verdict: rules.missingHint.verdict,
                detail: `${tool.name} (no ${missing.join('/')})`,
                effect: rules.missingHint.effect,
            });
        }
    }
    return verdictOf(findings, `${runs} tools run without approval and ${asks} ask for it by their declared hints (${rules.considers.join(', ')}).`);
}
/** Read-only tools a host may call with no arguments: the matrix calls these, no others. */
function callableWithoutArguments(tools) {
    return tools.filter((tool) => {
        const schema = tool.inputSchema;
        const required = Array.isArray(schema.required) ? schema.required : [];
        return (isReadOnly(tool) &&
            schema.type === 'object' &&
            required.length === 0 &&
            rootCombinators(schema).length === 0);
    });
}
/** The text a host gives the model for a result. */
function modelView(profile, result) {
    if (profile.output.view === 'structured-first' && result.structuredContent !== undefined) {
        return JSON.stringify(result.structuredContent);
    }
    return (result.content ?? [])
        .map((block) => {
        if (typeof block.text === 'string')
            return block.text;
        const resource = block.resource;
        return isObject(resource) && typeof resource.text === 'string' ? resource.text : '';
    })
        .filter((text) => text.length > 0)
        .join('\n');
}
let tokenCounter;
/** o200k_base, loaded on first use: its ranks take a moment and megabytes. */
function countTokens() {
    tokenCounter ??= __webpack_require__.e(/* import() */ 359).then(__webpack_require__.bind(__webpack_require__, 5359)).then(({ countTokens: count }) => (text) => count(text, { disallowedSpecial: new Set() }));
    return tokenCounter;
}
async function checkOutputSizes(profile, measured) {
    const rules = profile.output;
    if (measured.length === 0) {
        return {
            verdict: 'skip',
            message: 'No tool result to measure: no read-only tool without arguments answered.',
        };
    }
    const count = rules.unit === 'tokens' ? await countTokens() : (text) => text.length;
    const unit = rules.unit === 'tokens' ? 'tokens' : 'characters';
    const findings = [];
    let largest = { tool: '', size: 0 };
    for (const { tool, result } of measured) {
        const size = count(modelView(profile, result));
        if (size >= largest.size)
            largest = { tool, size };
        if (size > rules.limit) {
            findings.push({
                verdict: 'fail',
                detail: `${tool} (${size.toLocaleString('en-US')} ${unit})`,
                effect: `over ${profile.host}'s ${rules.limit.toLocaleString('en-US')} ${unit}: ${rules.effect}`,
            });
        }
        else if (rules.warnAt !== undefined && size > rules.warnAt) {
            findings.push({
                verdict: 'warn',
                detail: `${tool} (${size.toLocaleString('en-US')} ${unit})`,
                effect: `over ${rules.warnAt.toLocaleString('en-US')} ${unit}, where ${profile.host} starts to warn (limit ${rules.limit.toLocaleString('en-US')})`,
            });
        }
    }
    return verdictOf(findings, `${measured.length} results fit ${profile.host}'s ${rules.limit.toLocaleString('en-US')} ${unit} (largest: ${largest.tool}, ${largest.size.toLocaleString('en-US')}).`);
}

// EXTERNAL MODULE: ./node_modules/@modelcontextprotocol/sdk/dist/esm/client/index.js + 31 modules
var esm_client = __webpack_require__(63);
// EXTERNAL MODULE: ./node_modules/@modelcontextprotocol/sdk/dist/esm/shared/stdio.js
var stdio = __webpack_require__(6224);
// EXTERNAL MODULE: ./node_modules/zod/v4/classic/schemas.js + 9 modules
var schemas = __webpack_require__(5649);
// EXTERNAL MODULE: ./build/core/version.js + 1 modules
var version = __webpack_require__(4315);
;// CONCATENATED MODULE: ./build/core/onboarding/conformance-session.js
/*
 * One MCP server started over stdio the way an agent host starts it: its own process group, exactly
 * the given environment, the protocol version that host sends (and the discovery probe it sends
 * first, if any), the host's startup timeout. The SDK client speaks the protocol; the transport is
 * ours so the matrix controls the environment, the offered version and the kill.
 */





const STDERR_KEPT = 4_000;
/** A 200 KB result is a finding, not a transport failure: allow far more than any host would. */
const MAX_LINE_BYTES = 64 * 1024 * 1024;
const GROUP_KILL = process.platform !== 'win32';
const settles = (promise, ms) => Promise.race([
    promise.then(() => true),
    new Promise((done) => setTimeout(() => done(false), ms).unref()),
]);
class HostStdioTransport {
    launch;
    protocolVersion;
    onclose;
    onerror;
    onmessage;
    /** The protocol version the server answered `initialize` with. */
    answeredVersion;
    /** Lines on stdout that were not JSON-RPC messages. */
    noiseLines = 0;
    /** How the process ended, when it has. */
    exit;
    child;
    closed = false;
    exited = Promise.resolve();
    stderrTail = '';
    buffer = new stdio/* ReadBuffer */.pt({ maxBufferSize: MAX_LINE_BYTES });
    initializeId;
    probeCount = 0;
    probes = new Map();
    constructor(launch, 
    /** What the host puts in its `initialize` request, whatever the SDK client would offer. */
    protocolVersion) {
        this.launch = launch;
        this.protocolVersion = protocolVersion;
    }
    start() {
        if (this.closed)
            return Promise.reject(new Error('the transport was closed'));
        if (this.child)
            return Promise.resolve();
        return new Promise((resolve, reject) => {
            const child = (0,external_node_child_process_.spawn)(this.launch.command, [...this.launch.args], {
                env: this.launch.env,
                stdio: ['pipe', 'pipe', 'pipe'],
                detached: GROUP_KILL,
                windowsHide: true,
            });
            this.child = child;
            this.exited = new Promise((done) => {
                child.once('close', () => done());
                child.once('error', () => done());
            });
            child.once('error', (error) => {
                this.exit = error.message;
                reject(error);
                this.onerror?.(error);
            });
            child.once('spawn', () => resolve());
            child.once('close', (code, signal) => {
                this.exit ??= signal ? `killed by ${signal}` : `exited with code ${code}`;
                for (const answer of this.probes.values())
                    answer('none');
                this.onclose?.();
            });
            child.stdin?.on('error', (error) => this.onerror?.(error));
            child.stdout?.on('data', (chunk) => this.read(chunk));
            child.stderr?.on('data', (chunk) => {
                this.stderrTail = (this.stderrTail + chunk.toString('utf8')).slice(-STDERR_KEPT);
            });
        });
    }
    /** The last few KB the server wrote to stderr (not redacted: the caller redacts). */
    stderr() {
        return this.stderrTail;
    }
    read(chunk) {
        try {
            this.buffer.append(chunk);
        }
        catch (error) {
            this.onerror?.(error);
            void this.close();
            return;
        }
        for (;;) {
            let message;
            try {
                message = this.buffer.readMessage();
            }
            catch {
                // The buffer has already moved past the line: count it and read on.
                this.noiseLines += 1;
                continue;
            }
            if (message === null)
                return;
            if ('id' in message && typeof message.id === 'string' && this.probes.has(message.id)) {
                this.probes.get(message.id)?.('result' in message ? 'result' : 'error');
                continue;
            }
            if ('id' in message && message.id === this.initializeId && 'result' in message) {
                const version = message.result.protocolVersion;
                if (typeof version === 'string')
                    this.answeredVersion = version;
            }
            this.onmessage?.(message);
        }
    }
    send(message) {
        if ('method' in message && message.method === 'initialize' && 'id' in message) {
            this.initializeId = message.id;
            return this.write({ ...message, params: { ...message.params, protocolVersion: this.protocolVersion } });
        }
        return this.write(message);
    }
    write(message) {
        const stdin = this.child?.stdin;
        if (!stdin || stdin.destroyed)
            return Promise.reject(new Error('Not connected'));
        return new Promise((resolve) => {
            if (stdin.write((0,stdio/* serializeMessage */.Ex)(message)))
                resolve();
            else
                stdin.once('drain', () => resolve());
        });
    }
    /** A request outside the SDK client's bookkeeping (the host's discovery probe before `initialize`). */
    probe(method, params, timeoutMs) {
        const id = `settld-matrix-probe-${(this.probeCount += 1)}`;
        return new Promise((resolve) => {
            const timer = setTimeout(() => answer('none'), timeoutMs);
            const answer = (value) => {
                clearTimeout(timer);
                this.probes.delete(id);
                resolve(value);
            };
            this.probes.set(id, answer);
            this.write({ jsonrpc: '2.0', id, method, params }).catch(() => answer('none'));
        });
    }
    /** Ends the server: stdin closed, then SIGTERM, then SIGKILL, each to its whole process group. */
    async close() {
        this.closed = true;
        const child = this.child;
        if (!child)
            return;
        this.child = undefined;
        if (child.exitCode === null && child.signalCode === null) {
            child.stdin?.end();
            if (!(await settles(this.exited, 500))) {
                this.signal(child, 'SIGTERM');
                if (!(await settles(this.exited, 1_500)))
                    this.signal(child, 'SIGKILL');
            }
        }
        await settles(this.exited, 1_000);
        // Whatever the server left behind in its group (an `npx` wrapper's child, a helper) goes too.
        this.signal(child, 'SIGKILL');
    }
    signal(child, signal) {
        try {
            if (GROUP_KILL && child.pid !== undefined)
                process.kill(-child.pid, signal);
            else
                child.kill(signal);
        }
        catch {
            // Already gone.
        }
    }
}
const ToolPage = schemas/* looseObject */._H3({ tools: schemas/* array */.YOg(schemas/* unknown */.L5J()), nextCursor: schemas/* string */.YjP().optional() });
const LooseTool = schemas/* looseObject */._H3({
    name: schemas/* string */.YjP().min(1),
    inputSchema: schemas/* record */.g1P(schemas/* string */.YjP(), schemas/* unknown */.L5J()),
    annotations: schemas/* record */.g1P(schemas/* string */.YjP(), schemas/* unknown */.L5J()).optional(),
});
const CallResult = schemas/* looseObject */._H3({
    content: schemas/* array */.YOg(schemas/* record */.g1P(schemas/* string */.YjP(), schemas/* unknown */.L5J())).optional(),
    structuredContent: schemas/* record */.g1P(schemas/* string */.YjP(), schemas/* unknown */.L5J()).optional(),
    isError: schemas/* boolean */.zMY().optional(),
});
const MAX_PAGES = 50;
/** How long a host gives its discovery probe before it goes on with `initialize`. */
const PROBE_WAIT_MS = 2_000;
class HostSession {
    client;
    transport;
    signal;
    constructor(client, transport, signal) {
        this.client = client;
        this.transport = transport;
        this.signal = signal;
    }
    /** Starts the server and completes the handshake within `timeoutMs`, or says why it could not. */
    static async open(launch, options) {
        const started = performance.now();
        const elapsed = () => Math.round(performance.now() - started);
        const transport = new HostStdioTransport(launch, options.protocolVersion);
        const client = new esm_client/* Client */.K({ name: 'settld-mcp-conformance', version: version/* VERSION */.x });
        const abort = () => void transport.close();
        options.signal?.addEventListener('abort', abort, { once: true });
        try {
            await transport.start();
            let probe;
            if (options.discoveryProbe) {
                probe = await transport.probe(options.discoveryProbe.method, {}, Math.min(PROBE_WAIT_MS, options.timeoutMs));
            }
            const remaining = Math.max(1, options.timeoutMs - elapsed());
            await client.connect(transport, { timeout: remaining, signal: options.signal });
            const handshake = {
                ms: elapsed(),
                answeredVersion: transport.answeredVersion,
                probe,
                noiseLines: transport.noiseLines,
            };
            return { ok: true, session: new HostSession(client, transport, options.signal), handshake };
        }
        catch (error) {
            await transport.close();
            const message = error instanceof Error ? error.message : String(error);
            const reason = transport.exit && !message.includes(transport.exit) ? `${message} (${transport.exit})` : message;
            return { ok: false, ms: elapsed(), reason, stderr: transport.stderr() };
        }
        finally {
            options.signal?.removeEventListener('abort', abort);
        }
    }
    /** Every page of tools/list; tools that are not even loosely well-formed are counted, not returned. */
    async listTools(timeoutMs) {
        const tools = [];
        let malformed = 0;
        let cursor;
        const deadline = performance.now() + timeoutMs;
        for (let page = 0; page < MAX_PAGES; page += 1) {
            const timeout = Math.max(1, Math.round(deadline - performance.now()));
            const result = await this.client.request({ method: 'tools/list', params: cursor === undefined ? {} : { cursor } }, ToolPage, { timeout, signal: this.signal });
            for (const raw of result.tools) {
                const parsed = LooseTool.safeParse(raw);
                if (parsed.success)
                    tools.push(parsed.data);
                else
                    malformed += 1;
            }
            cursor = result.nextCursor;
            if (cursor === undefined)
                break;
        }
        return { tools, malformed };
    }
    async callTool(name, timeoutMs) {
        return this.client.request({ method: 'tools/call', params: { name, arguments: {} } }, CallResult, {
            timeout: timeoutMs,
            signal: this.signal,
        });
    }
    async close() {
        try {
            await this.client.close();
        }
        finally {
            await this.transport.close();
        }
    }
}

// EXTERNAL MODULE: ./node_modules/smol-toml/dist/index.js + 8 modules
var dist = __webpack_require__(3292);
// EXTERNAL MODULE: ./build/core/onboarding/host-profiles.js
var host_profiles = __webpack_require__(505);
// EXTERNAL MODULE: ./build/core/onboarding/shell-words.js
var shell_words = __webpack_require__(1588);
;// CONCATENATED MODULE: ./build/core/onboarding/host-config.js
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
    const profile = (0,host_profiles/* findHostProfile */.J4)(target);
    if (!profile) {
        throw (0,errors/* badRequest */.li)('UNKNOWN_TARGET', `Unknown target "${target}"; known: ${host_profiles/* TARGETS */.dW.join(', ')}`, {
            target,
            targets: host_profiles/* TARGETS */.dW,
        });
    }
    return profile;
}
function checkedEnv(env) {
    const values = { ...env.values };
    const secrets = [...new Set(env.secrets ?? [])];
    for (const name of [...Object.keys(values), ...secrets]) {
        if (!ENV_NAME.test(name))
            throw (0,errors/* badRequest */.li)('INVALID_ENV_NAME', `"${name}" is not a variable name`);
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
        (0,shell_words/* quoteShellWord */.BV)(server.name),
        ...Object.entries(env).map(([name, value]) => `--env ${(0,shell_words/* quoteShellWord */.BV)(`${name}=${value}`)}`),
        '--',
        (0,shell_words/* quoteShellWords */.w9)([server.command, ...server.args]),
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
    const sections = [`[${table}]\n${(0,dist/* stringify */.As)(entry)}`];
    if (Object.keys(values).length > 0)
        sections.push(`[${table}.env]\n${(0,dist/* stringify */.As)(values)}`);
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
                    `exec ${(0,shell_words/* quoteShellWords */.w9)([server.command, ...server.args])}`,
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
    const words = (0,shell_words/* splitShellWords */.CQ)(text);
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
        const words = (0,shell_words/* splitShellWords */.CQ)(line);
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
        const entry = objectAt((0,dist/* parse */.qg)(snippet.text), 'mcp_servers', name);
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

;// CONCATENATED MODULE: ./build/core/onboarding/conformance.js
/*
 * The conformance matrix: for each target host, start the server under test as that host would and
 * run the checks its profile implies. The original ran the same generic checks for every target and
 * only changed the config snippet; here every verdict comes from a fact about that host, with its
 * source in host-profiles.ts. Works for any MCP server command, not only ours.
 */









const MATRIX_CHECKS = [
    {
        id: 'handshake',
        title: 'Handshake',
        description: "initialize within the host's startup timeout, offering the protocol version the host sends (after its discovery probe, if it sends one); the negotiated version must be one the host accepts",
    },
    {
        id: 'tools_list',
        title: 'tools/list',
        description: 'tools/list answers (inside the startup timeout when the host counts it there) with well-formed, uniquely named tools',
    },
    {
        id: 'tool_names',
        title: 'Tool names',
        description: "each name as the model sees it (with the host's prefix) matches ^[a-zA-Z0-9_-]+$ and fits 64 characters",
    },
    {
        id: 'input_schemas',
        title: 'Input schemas',
        description: "object roots; root anyOf/oneOf/allOf and the host's own schema rewrites (OpenHands' summary and security_risk)",
    },
    {
        id: 'annotations',
        title: 'Annotations',
        description: 'which calls the host runs without asking, and which ask only because a hint is missing',
    },
    {
        id: 'tool_call',
        title: 'Read-only call',
        description: 'calls the read-only tools that need no arguments, within the host’s tool timeout',
    },
    {
        id: 'output_size',
        title: 'Output size',
        description: "the results of those calls, as the host shows them to the model, under the host's limit",
    },
    {
        id: 'config_snippet',
        title: 'Config snippet',
        description: "the host's config parses in its own format, starts this server, and holds no secret value",
    },
    {
        id: 'live_probe',
        title: 'Host CLI',
        description: "the host's own CLI against the generated config, when it is installed",
    },
];
const systemMatrixEnvironment = () => ({
    path: process.env.PATH,
    defaults: { PATH: process.env.PATH, HOME: process.env.HOME },
    tmpDir: (0,external_node_os_.tmpdir)(),
    now: () => Date.now(),
    newRunId: () => `cmx_${(0,external_node_crypto_.randomBytes)(12).toString('hex')}`,
});
/** The matrix's own bounds, so a run always ends: hosts wait longer, the matrix does not. */
const MATRIX_LIMITS = {
    /** tools/list when the host does not count it in its startup timeout. */
    listMs: 30_000,
    /** One tool call (less when the host's tool timeout is shorter). */
    callMs: 15_000,
    /** All the calls of one target. */
    callBudgetMs: 30_000,
    /** Read-only tools called per target. */
    maxCalls: 10,
    liveProbeMs: 60_000,
};
const DEFAULT_SERVER_NAME = 'settld';
const NOT_REACHED = 'Not checked: the server did not complete the handshake.';
const seconds = (ms) => `${(ms / 1000).toFixed(ms < 10_000 ? 1 : 0)} s`;
function profilesFor(targets) {
    const unique = [...new Set(targets.map((target) => target.trim().toLowerCase()))].filter(Boolean);
    if (unique.length === 0)
        throw (0,errors/* badRequest */.li)('INVALID_TARGETS', `Give at least one target: ${host_profiles/* TARGETS */.dW.join(', ')}`);
    return unique.map((target) => {
        const profile = (0,host_profiles/* findHostProfile */.J4)(target);
        if (!profile) {
            throw (0,errors/* badRequest */.li)('UNKNOWN_TARGET', `Unknown target "${target}"; known: ${host_profiles/* TARGETS */.dW.join(', ')}`, {
                target,
                targets: host_profiles/* TARGETS */.dW,
            });
        }
        return profile;
    });
}
function launchOf(server, defaults) {
    const env = { ...server.env };
    for (const name of ['PATH', 'HOME']) {
        const value = defaults[name];
        if (env[name] === undefined && value !== undefined)
            env[name] = value;
    }
    return { command: server.command, args: server.args, env };
}
function handshakeResult(profile, handshake) {
    const rules = profile.handshake;
    const version = handshake.answeredVersion;
    const took = `${seconds(handshake.ms)} of ${profile.host}'s ${seconds(rules.startupTimeoutMs)}`;
    const probe = rules.discoveryProbe
        ? ` The ${rules.discoveryProbe.method} probe (${rules.discoveryProbe.protocolVersion}) got ${handshake.probe === 'none' ? 'no answer' : `an ${handshake.probe}`}, then initialize went on.`
        : '';
    if (version === undefined || !rules.acceptedVersions.includes(version)) {
        return {
            verdict: 'fail',
            message: `The server answered protocol ${version ?? '(none)'}; ${profile.host} offers ${rules.protocolVersion} and accepts only ${rules.acceptedVersions.join(', ')}, so it disconnects.`,
        };
    }
    const notes = [];
    if (version !== rules.protocolVersion) {
        notes.push(`negotiated ${version} instead of ${rules.protocolVersion} (${profile.host} accepts it)`);
    }
    if (handshake.ms > rules.startupTimeoutMs / 2)
        notes.push(`slow start: ${took}`);
    if (handshake.noiseLines > 0) {
        notes.push(`${handshake.noiseLines} line(s) on stdout are not JSON-RPC (logs belong on stderr)`);
    }
    if (notes.length > 0)
        return { verdict: 'warn', message: `Connected, but ${notes.join('; ')}.${probe}` };
    return { verdict: 'pass', message: `Protocol ${version} in ${took}.${probe}` };
}
function toolsListResult(profile, listing, startupMs) {
    const names = listing.tools.map((tool) => tool.name);
    const duplicates = [...new Set(names.filter((name, index) => names.indexOf(name) !== index))];
    if (listing.malformed > 0) {
        return {
            verdict: 'fail',
            message: `${listing.malformed} tool(s) lack a name or an inputSchema object; MCP clients reject the whole list.`,
        };
    }
    if (duplicates.length > 0) {
        return {
            verdict: 'fail',
            message: `Two tools share a name (${duplicates.join(', ')}); the host keeps only one.`,
        };
    }
    const counted = profile.handshake.startupCovers === 'initialize+tools/list'
        ? ` Handshake and listing took ${seconds(startupMs)} of ${profile.host}'s ${seconds(profile.handshake.startupTimeoutMs)}.`
        : '';
    if (listing.tools.length === 0)
        return { verdict: 'warn', message: `The server lists no tools.${counted}` };
    return { verdict: 'pass', message: `${listing.tools.length} tools.${counted}` };
}
function configResult(profile, server, snippets, plain, secrets) {
    const problems = [];
    for (const snippet of snippets) {
        const leaked = leakedSecretNames(snippet.text, secrets);
        if (leaked.length > 0)
            problems.push(`${snippet.path} holds the value of ${leaked.join(', ')}`);
        if (snippet.format === 'shell' && !snippet.text.startsWith('claude '))
            continue;
        try {
            const launch = readSnippet(snippet, server.name);
            if (launch.command !== server.command || launch.args.join('\u0000') !== server.args.join('\u0000')) {
                problems.push(`${snippet.path} starts "${launch.command}", not the server under test`);
            }
            const missingValues = Object.entries(plain).filter(([name, value]) => launch.env[name] !== value);
            const missingSecrets = Object.keys(secrets).filter((name) => !launch.secretRefs.includes(name));
            const missing = [...missingValues.map(([name]) => name), ...missingSecrets];
            if (missing.length > 0)
                problems.push(`${snippet.path} does not pass ${missing.join(', ')}`);
        }
        catch (error) {
            problems.push(`${snippet.path} does not parse as ${snippet.format}: ${error.message}`);
        }
    }
    if (problems.length > 0)
        return { verdict: 'fail', message: `${problems.join('; ')}.` };
    const secretNote = Object.keys(secrets).length === 0
        ? 'no secret to pass'
        : `${Object.keys(secrets).join(', ')} passed by name (${profile.config.secrets.kind === 'expand'
            ? `${profile.config.secrets.syntax} expansion`
            : profile.config.secrets.kind === 'forward-names'
                ? profile.config.secrets.key
                : 'a launcher reading a private file'}), never by value`;
    const formats = snippets.map((snippet) => `${snippet.path} (${snippet.format})`).join(' and ');
    return {
        verdict: 'pass',
        message: `${formats} ${snippets.length === 1 ? 'parses and starts' : 'parse and start'} this server; ${secretNote}.`,
    };
}
/** Calls each tool (within the matrix's bounds) and keeps what it answered for the size check. */
async function callReadOnlyTools(session, profile, callable, redact, signal) {
    const measured = [];
    const problems = [];
    const callMs = Math.min(profile.toolTimeoutMs, MATRIX_LIMITS.callMs);
    const budgetEnds = performance.now() + MATRIX_LIMITS.callBudgetMs;
    const called = [];
    for (const tool of callable.slice(0, MATRIX_LIMITS.maxCalls)) {
        const left = Math.round(budgetEnds - performance.now());
        if (left <= 0)
            break;
        called.push(tool.name);
        try {
            const answer = await session.callTool(tool.name, Math.min(callMs, left));
            measured.push({ tool: tool.name, result: answer });
            if (answer.isError) {
                const text = (answer.content ?? []).map((block) => typeof block.text === 'string' ? block.text : '');
                problems.push({
                    verdict: 'warn',
                    text: `${tool.name} answered isError: ${redact(text.join(' ')).slice(0, 160)}`,
                });
            }
        }
        catch (error) {
            if (signal?.aborted)
                throw error;
            const message = redact(error.message);
            // Cut by the matrix's own bound, not the host's: the host might still have waited for it.
            const matrixCut = /timed out/i.test(message) && callMs < profile.toolTimeoutMs;
            problems.push({
                verdict: matrixCut ? 'warn' : 'fail',
                text: matrixCut
                    ? `${tool.name} did not answer within the matrix's ${seconds(callMs)} (${profile.host} waits ${seconds(profile.toolTimeoutMs)})`
                    : `${tool.name} failed: ${message}`,
            });
        }
    }
    const skipped = callable.length - called.length;
    const scope = `Called ${called.length} read-only tool(s) without arguments${skipped > 0 ? ` (${skipped} more not called: the matrix bounds its calls)` : ''}`;
    if (problems.length === 0) {
        return { result: { verdict: 'pass', message: `${scope}: ${called.join(', ')}.` }, measured };
    }
    return {
        result: {
            verdict: problems.some((problem) => problem.verdict === 'fail') ? 'fail' : 'warn',
            message: `${scope}. ${problems.map((problem) => problem.text).join('; ')}.`,
        },
        measured,
    };
}
async function checkSession(run, launch, redact) {
    const { profile, record, signal } = run;
    const opened = await HostSession.open(launch, {
        protocolVersion: profile.handshake.protocolVersion,
        timeoutMs: profile.handshake.startupTimeoutMs,
        discoveryProbe: profile.handshake.discoveryProbe,
        signal,
    });
    if (!opened.ok) {
        const stderr = redact(opened.stderr).trim().slice(-300).replace(/\s+/g, ' ');
        record('handshake', {
            verdict: 'fail',
            message: `No handshake within ${seconds(profile.handshake.startupTimeoutMs)} (${profile.host}'s startup timeout): ${redact(opened.reason)}.${stderr ? ` stderr: ${stderr}` : ''}`,
        });
        for (const id of [
            'tools_list',
            'tool_names',
            'input_schemas',
            'annotations',
            'tool_call',
            'output_size',
        ]) {
            record(id, { verdict: 'skip', message: NOT_REACHED });
        }
        return;
    }
    const { session, handshake } = opened;
    try {
        record('handshake', handshakeResult(profile, handshake));
        const counted = profile.handshake.startupCovers === 'initialize+tools/list';
        const listStarted = performance.now();
        const listBudget = counted
            ? Math.max(1, profile.handshake.startupTimeoutMs - handshake.ms)
            : MATRIX_LIMITS.listMs;
        let tools;
        try {
            const listing = await session.listTools(listBudget);
            tools = listing.tools;
            record('tools_list', toolsListResult(profile, listing, handshake.ms + (performance.now() - listStarted)));
        }
        catch (error) {
            record('tools_list', {
                verdict: 'fail',
                message: `tools/list failed${counted ? ` within ${profile.host}'s startup timeout` : ''}: ${redact(error.message)}.`,
            });
            for (const id of ['tool_names', 'input_schemas', 'annotations', 'tool_call', 'output_size']) {
                record(id, { verdict: 'skip', message: 'Not checked: tools/list failed.' });
            }
            return;
        }
        record('tool_names', checkToolNames(profile, run.server.name, tools));
        record('input_schemas', checkInputSchemas(profile, tools));
        record('annotations', checkAnnotations(profile, tools));
        const callable = callableWithoutArguments(tools);
        if (callable.length === 0) {
            const why = 'No tool is marked readOnlyHint: true and callable without arguments, so no call was made.';
            record('tool_call', { verdict: 'skip', message: why });
            record('output_size', { verdict: 'skip', message: why });
            return;
        }
        const { result, measured } = await callReadOnlyTools(session, profile, callable, redact, signal);
        record('tool_call', result);
        record('output_size', await checkOutputSizes(profile, measured));
    }
    finally {
        await session.close();
    }
}
async function runTarget(run) {
    const { profile, server, environment, record } = run;
    const results = {};
    const save = (id, result) => {
        results[id] = result;
        record(id, result);
    };
    const { values, secrets } = splitSecretEnv(server.env);
    const redactor = new SecretRedactor();
    for (const value of Object.values(secrets))
        redactor.add(value);
    const redact = (text) => redactor.text(text);
    const launch = launchOf(server, environment.defaults);
    await checkSession({ ...run, record: save }, launch, redact);
    run.signal?.throwIfAborted();
    const plain = Object.fromEntries(Object.entries(values).filter(([name]) => name !== 'PATH' && name !== 'HOME'));
    const snippets = hostConfigSnippets(profile.target, { name: server.name, command: server.command, args: server.args }, { values: plain, secrets: Object.keys(secrets) });
    save('config_snippet', configResult(profile, server, snippets, plain, secrets));
    save('live_probe', await runLiveProbe(profile, server.name, snippets, launch.env, {
        path: environment.path,
        tmpDir: environment.tmpDir,
        timeoutMs: MATRIX_LIMITS.liveProbeMs,
        redact,
    }));
    run.signal?.throwIfAborted();
    const ordered = Object.fromEntries(MATRIX_CHECKS.map((check) => [
        check.id,
        results[check.id] ?? { verdict: 'skip', message: 'Not run.' },
    ]));
    return {
        target: profile.target,
        host: profile.host,
        profileVersion: profile.profileVersion,
        ready: Object.values(ordered).every((result) => result.verdict !== 'fail'),
        results: ordered,
        config: snippets,
    };
}
/**
 * Runs every check for every target, one host after the other (each starts its own server process
 * and kills it, group and all, before the next). Throws a SettldError for an unknown target.
 */
async function runConformanceMatrix(options, environment = systemMatrixEnvironment()) {
    const profiles = profilesFor(options.targets);
    if (!options.server.command.trim())
        throw (0,errors/* badRequest */.li)('INVALID_SERVER_COMMAND', 'The server command is empty');
    const server = { ...options.server, name: options.server.name?.trim() || DEFAULT_SERVER_NAME };
    const total = profiles.length * MATRIX_CHECKS.length;
    let done = 0;
    const generatedAt = new Date(environment.now()).toISOString();
    const targets = [];
    for (const profile of profiles) {
        options.signal?.throwIfAborted();
        targets.push(await runTarget({
            profile,
            server,
            environment,
            signal: options.signal,
            record: (id, result) => {
                done += 1;
                options.onProgress?.({
                    progress: done,
                    total,
                    message: `${profile.target} ${id}: ${result.verdict}`,
                });
            },
        }));
    }
    return {
        tenantId: options.tenantId ?? null,
        runId: environment.newRunId(),
        generatedAt,
        checks: [...MATRIX_CHECKS],
        targets,
        ready: targets.every((target) => target.ready),
    };
}


/***/ })

};
