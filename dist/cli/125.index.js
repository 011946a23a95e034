export const id = 125;
export const ids = [125];
export const modules = {

/***/ 75351:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  t: () => (/* binding */ SorobanConnection),
  k: () => (/* binding */ configInvalid)
});

// EXTERNAL MODULE: external "node:timers/promises"
var promises_ = __webpack_require__(58500);
// EXTERNAL MODULE: ./node_modules/@stellar/stellar-sdk/lib/index.js
var lib = __webpack_require__(92258);
// EXTERNAL MODULE: ./build/core/errors.js
var errors = __webpack_require__(62807);
// EXTERNAL MODULE: ./build/core/runner/vault.js
var vault = __webpack_require__(25985);
;// CONCATENATED MODULE: ./build/core/runner/soroban/rpc-errors.js


/*
 * Every failure of the Soroban RPC as a SettldError. What reaches a message is the RPC's origin
 * (never its full URL, which may carry a provider's key), a transaction hash, a result code or the
 * RPC's own error text: the runner's secret is never given to any of them.
 */
const NETWORK_CODES = new Set([
    'ECONNREFUSED',
    'ECONNRESET',
    'ECONNABORTED',
    'ETIMEDOUT',
    'ENOTFOUND',
    'EAI_AGAIN',
    'EHOSTUNREACH',
    'ENETUNREACH',
    'EPIPE',
    'ERR_NETWORK',
]);
const CONTRACT_ERROR = /Error\(Contract, #(\d+)\)/;
function isRecord(value) {
    return typeof value === 'object' && value !== null;
}
function rpcUnavailable(endpoint, cause, details = {}) {
    return new errors/* SettldError */.VQ('VAULT_UNAVAILABLE', 503, `The Soroban RPC at ${endpoint} is unavailable: ${cause}`, {
        ...details,
        endpoint,
    });
}
/** An exception of an RPC call: no answer or a 5xx/429 → VAULT_UNAVAILABLE (503); any other → VAULT_RPC_ERROR (502). */
function rpcFailure(error, endpoint, details = {}) {
    if (error instanceof errors/* SettldError */.VQ)
        return error;
    if (isRecord(error)) {
        const code = error.code;
        const message = typeof error.message === 'string' ? error.message : String(code);
        if (error.isAxiosError === true) {
            const status = isRecord(error.response) ? error.response.status : undefined;
            if (typeof status !== 'number' || status >= 500 || status === 429) {
                return rpcUnavailable(endpoint, typeof status === 'number' ? `HTTP ${status}` : message, details);
            }
            return new errors/* SettldError */.VQ('VAULT_RPC_ERROR', 502, `The Soroban RPC answered HTTP ${status}`, {
                ...details,
                endpoint,
            });
        }
        if (typeof code === 'string' && NETWORK_CODES.has(code))
            return rpcUnavailable(endpoint, message, details);
        if (typeof code === 'number') {
            return new errors/* SettldError */.VQ('VAULT_RPC_ERROR', 502, `The Soroban RPC refused the request: ${message}`, {
                ...details,
                endpoint,
                rpcError: code,
            });
        }
    }
    const message = error instanceof Error ? error.message : String(error);
    return new errors/* SettldError */.VQ('VAULT_RPC_ERROR', 502, `The Soroban RPC call failed: ${message}`, {
        ...details,
        endpoint,
    });
}
/** A failed simulation: `HostError: Error(Contract, #N)` is the contract's error N (#15 UnauthorizedRunner…). */
function simulationFailure(error, details) {
    const contractError = CONTRACT_ERROR.exec(error);
    if (contractError)
        return (0,vault/* vaultErrorFromNumber */.Uu)(Number(contractError[1]), details);
    const firstLine = error.split('\n', 1)[0] ?? error;
    return new errors/* SettldError */.VQ('VAULT_SIMULATION_FAILED', 502, `The contract call failed in simulation: ${firstLine}`, details);
}
/** The result code of a transaction result (`txFailed`, `txBadSeq`…) and of its operation when it has one. */
function resultCodes(result) {
    if (!result)
        return {};
    const outcome = result.result();
    const codes = { resultCode: outcome.switch().name };
    try {
        const operation = outcome.results()[0];
        if (operation)
            codes.operationResultCode = operation.tr().invokeHostFunctionResult().switch().name;
    }
    catch {
        // Results without operation results (txBadSeq, txBadAuth…) have only the transaction's code.
    }
    return codes;
}
function transactionFailed(txHash, result, details, stage) {
    const codes = resultCodes(result);
    const where = stage === 'rejected' ? 'was rejected by the RPC' : 'failed on the ledger';
    return new errors/* SettldError */.VQ('VAULT_TRANSACTION_FAILED', 502, `Transaction ${txHash} ${where}${codes.resultCode ? ` (${codes.resultCode})` : ''}`, { ...details, ...codes, txHash, stage });
}

;// CONCATENATED MODULE: ./build/core/runner/soroban/connection.js




const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);
function configInvalid(message) {
    return new errors/* SettldError */.VQ('VAULT_CONFIG_INVALID', 500, message);
}
/**
 * One runner account on one Soroban RPC: simulates reads, and submits writes signed with the
 * runner's key. Writes run one at a time (`exclusive`): each takes the account's next sequence
 * number, so two in flight at once would collide.
 */
class SorobanConnection {
    /** The runner's address: the public key of RUNNER_SECRET. */
    runner;
    /** The RPC's origin, safe to show (a provider's key may sit in the URL's path or query). */
    endpoint;
    timeoutMs;
    pollIntervalMs;
    server;
    networkPassphrase;
    /** A private field: neither JSON.stringify nor util.inspect shows it. */
    #keypair;
    #queue = Promise.resolve();
    constructor(options) {
        try {
            this.#keypair = lib.Keypair.fromSecret(options.secret);
        }
        catch {
            throw configInvalid('RUNNER_SECRET is not a Stellar secret seed (S… of 56 characters)');
        }
        this.runner = this.#keypair.publicKey();
        let url;
        try {
            url = new URL(options.rpcUrl);
        }
        catch {
            throw configInvalid('RUNNER_RPC_URL is not a URL');
        }
        this.endpoint = url.origin;
        const allowHttp = options.allowHttp ?? LOOPBACK_HOSTS.has(url.hostname);
        if (url.protocol !== 'https:' && !allowHttp) {
            throw configInvalid(`RUNNER_RPC_URL must be https:// (${this.endpoint} is only allowed on loopback)`);
        }
        this.server = new lib.rpc.Server(options.rpcUrl, { allowHttp, timeout: options.requestTimeoutMs ?? 10_000 });
        this.networkPassphrase = options.networkPassphrase;
        this.timeoutMs = options.timeoutMs ?? 30_000;
        this.pollIntervalMs = options.pollIntervalMs ?? 1_000;
    }
    /** Runs `task` after every task queued before it, whatever their outcome. */
    exclusive(task) {
        const run = this.#queue.then(task, task);
        this.#queue = run.catch(() => undefined);
        return run;
    }
    /** A read: the simulation's return value. The source account only names the caller: no sequence needed. */
    async read(contractId, method, args) {
        const { simulation } = await this.simulate(new lib.Account(this.runner, '0'), contractId, method, args);
        return simulation.result?.retval ?? lib.xdr.ScVal.scvVoid();
    }
    /**
     * The first half of a write, for a caller holding `exclusive`: reads the account's sequence
     * number, simulates, assembles (footprint, auth, resource fee) and signs. Nothing is sent yet.
     */
    async prepare(contractId, method, args) {
        const account = await this.account();
        const { transaction, simulation } = await this.simulate(account, contractId, method, args);
        for (const entry of simulation.result?.auth ?? []) {
            const credentials = entry.credentials();
            if (credentials.switch() === lib.xdr.SorobanCredentialsType.sorobanCredentialsAddress()) {
                const signer = lib.Address.fromScAddress(credentials.address().address()).toString();
                throw new errors/* SettldError */.VQ('VAULT_USER_SIGNATURE_REQUIRED', 409, `${method} needs the signature of ${signer}, which only its owner can give (from their wallet); ` +
                    `this runner signs only as ${this.runner}`, { operation: method, signer, runner: this.runner });
            }
        }
        const assembled = lib.rpc.assembleTransaction(transaction, simulation).build();
        assembled.sign(this.#keypair);
        return { method, transaction: assembled, txHash: assembled.hash().toString('hex') };
    }
    /** The second half: sends, and waits for the ledger's verdict. A FAILED transaction throws. */
    async send({ method, transaction, txHash }) {
        const details = { operation: method, txHash };
        const sent = await this.call(() => this.server.sendTransaction(transaction), details);
        if (sent.status === 'ERROR')
            throw transactionFailed(txHash, sent.errorResult, details, 'rejected');
        if (sent.status === 'TRY_AGAIN_LATER') {
            throw rpcUnavailable(this.endpoint, 'it is busy (TRY_AGAIN_LATER); try again later', details);
        }
        const outcome = await this.waitFor(txHash, this.timeoutMs);
        if (outcome.status === lib.rpc.Api.GetTransactionStatus.SUCCESS) {
            return { txHash, returnValue: outcome.returnValue ?? lib.xdr.ScVal.scvVoid() };
        }
        if (outcome.status === lib.rpc.Api.GetTransactionStatus.FAILED) {
            throw transactionFailed(txHash, outcome.resultXdr, details, 'ledger');
        }
        throw new errors/* SettldError */.VQ('VAULT_TRANSACTION_TIMEOUT', 504, `Transaction ${txHash} was not on the ledger after ${this.timeoutMs} ms; past its validity window it never will be`, details);
    }
    /**
     * Spends the account's next sequence number on a no-op (BumpSequence to 0). A sequence number is
     * used once, so afterwards no transaction this account signed earlier and that has not been
     * applied ever can be. True when the no-op reached the ledger; false when it did not (it was
     * refused, e.g. because an earlier transaction with that number is still queued).
     */
    async consumeSequence() {
        const transaction = new lib.TransactionBuilder(await this.account(), {
            fee: lib.BASE_FEE,
            networkPassphrase: this.networkPassphrase,
        })
            .addOperation(lib.Operation.bumpSequence({ bumpTo: '0' }))
            .setTimeout(this.validitySeconds())
            .build();
        transaction.sign(this.#keypair);
        const txHash = transaction.hash().toString('hex');
        const sent = await this.call(() => this.server.sendTransaction(transaction), {
            operation: 'bump_sequence',
            txHash,
        });
        if (sent.status !== 'PENDING' && sent.status !== 'DUPLICATE')
            return false;
        const outcome = await this.waitFor(txHash, this.timeoutMs);
        return outcome.status !== lib.rpc.Api.GetTransactionStatus.NOT_FOUND;
    }
    /** Polls `getTransaction` until the ledger has the transaction or `budgetMs` passed (then NOT_FOUND). */
    async waitFor(txHash, budgetMs) {
        const deadline = Date.now() + budgetMs;
        for (;;) {
            const response = await this.call(() => this.server.getTransaction(txHash), { txHash });
            const left = deadline - Date.now();
            if (response.status !== lib.rpc.Api.GetTransactionStatus.NOT_FOUND || left <= 0)
                return response;
            await (0,promises_.setTimeout)(Math.min(this.pollIntervalMs, left));
        }
    }
    async simulate(source, contractId, method, args) {
        const details = { operation: method };
        const transaction = new lib.TransactionBuilder(source, {
            fee: lib.BASE_FEE,
            networkPassphrase: this.networkPassphrase,
        })
            .addOperation(new lib.Contract(contractId).call(method, ...args))
            .setTimeout(this.validitySeconds())
            .build();
        const simulation = await this.call(() => this.server.simulateTransaction(transaction), details);
        if (lib.rpc.Api.isSimulationError(simulation))
            throw simulationFailure(simulation.error, details);
        if (lib.rpc.Api.isSimulationRestore(simulation)) {
            throw new errors/* SettldError */.VQ('VAULT_STATE_ARCHIVED', 503, `${method} touches contract state that is archived: restore it (stellar contract restore) and retry`, details);
        }
        return { transaction, simulation };
    }
    /** A transaction's validity window: past it, one that did not land never will. */
    validitySeconds() {
        return Math.max(1, Math.ceil(this.timeoutMs / 1000));
    }
    /** The runner account's current sequence number, read from the ledger. */
    async account() {
        const key = lib.xdr.LedgerKey.account(new lib.xdr.LedgerKeyAccount({ accountId: this.#keypair.xdrAccountId() }));
        const { entries } = await this.call(() => this.server.getLedgerEntries(key), {});
        const entry = entries[0];
        if (!entry) {
            throw new errors/* SettldError */.VQ('VAULT_RUNNER_ACCOUNT_MISSING', 503, `The runner account ${this.runner} does not exist on this network: fund it first`, { runner: this.runner });
        }
        return new lib.Account(this.runner, entry.val.account().seqNum().toString());
    }
    async call(request, details) {
        try {
            return await request();
        }
        catch (error) {
            throw rpcFailure(error, this.endpoint, details);
        }
    }
}


/***/ }),

/***/ 28350:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   u: () => (/* binding */ ContractClient)
/* harmony export */ });
/* harmony import */ var _stellar_stellar_sdk__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(92258);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(62807);
/* harmony import */ var _connection_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(75351);



/** One contract through its Spec: native arguments in, native results out. */
class ContractClient {
    connection;
    contractId;
    spec;
    constructor(connection, contractId, spec, what) {
        this.connection = connection;
        this.contractId = contractId;
        this.spec = spec;
        if (!_stellar_stellar_sdk__WEBPACK_IMPORTED_MODULE_0__.StrKey.isValidContract(contractId))
            throw (0,_connection_js__WEBPACK_IMPORTED_MODULE_2__/* .configInvalid */ .k)(`${what} is not a contract id (C… of 56 characters)`);
    }
    /** A read-only call: the simulation's answer. */
    async read(method, args) {
        return this.decode(method, await this.connection.read(this.contractId, method, this.encode(method, args)));
    }
    /** A write under the connection's lock; the result is the ledger's return value. */
    write(method, args) {
        return this.connection.exclusive(async () => this.send(await this.prepare(method, args)));
    }
    /** A signed transaction for a caller that holds the connection's lock (see `SorobanConnection.prepare`). */
    prepare(method, args) {
        return this.connection.prepare(this.contractId, method, this.encode(method, args));
    }
    async send(prepared) {
        const outcome = await this.connection.send(prepared);
        return this.decode(prepared.method, outcome.returnValue, outcome.txHash);
    }
    /** A return value of `method` (from a simulation or a transaction's meta), with its Result unwrapped. */
    decode(method, value, txHash) {
        let native;
        try {
            native = this.spec.funcResToNative(method, value);
        }
        catch (error) {
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .SettldError */ .VQ('VAULT_RPC_ERROR', 502, `The contract's answer to ${method} does not match its interface: ${error.message}`, { operation: method, ...(txHash ? { txHash } : {}) });
        }
        // A Result's Err never reaches here: the contract's error fails the call instead.
        return (native instanceof _stellar_stellar_sdk__WEBPACK_IMPORTED_MODULE_0__.contract.Ok ? native.unwrap() : native);
    }
    encode(method, args) {
        try {
            return this.spec.funcArgsToScVals(method, args);
        }
        catch (error) {
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .SettldError */ .VQ('VAULT_INVALID_ARGUMENT', 400, `Invalid argument for ${method}: ${error.message}`, {
                operation: method,
            });
        }
    }
}


/***/ }),

/***/ 26186:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   XO: () => (/* binding */ VAULT_SPEC),
/* harmony export */   gz: () => (/* binding */ REGISTRY_SPEC)
/* harmony export */ });
/* unused harmony export RUN_STATUSES */
/* harmony import */ var _stellar_stellar_sdk__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(92258);
/* harmony import */ var _vault_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(25985);


const RUN_STATUSES = ['Open', 'Finalized', 'Cancelled'];
const T = _stellar_stellar_sdk__WEBPACK_IMPORTED_MODULE_0__.xdr.ScSpecTypeDef;
const type = {
    address: () => T.scSpecTypeAddress(),
    bool: () => T.scSpecTypeBool(),
    i128: () => T.scSpecTypeI128(),
    string: () => T.scSpecTypeString(),
    u32: () => T.scSpecTypeU32(),
    u64: () => T.scSpecTypeU64(),
    void: () => T.scSpecTypeVoid(),
    bytesN: (n) => T.scSpecTypeBytesN(new _stellar_stellar_sdk__WEBPACK_IMPORTED_MODULE_0__.xdr.ScSpecTypeBytesN({ n })),
    option: (valueType) => T.scSpecTypeOption(new _stellar_stellar_sdk__WEBPACK_IMPORTED_MODULE_0__.xdr.ScSpecTypeOption({ valueType })),
    vec: (elementType) => T.scSpecTypeVec(new _stellar_stellar_sdk__WEBPACK_IMPORTED_MODULE_0__.xdr.ScSpecTypeVec({ elementType })),
    map: (keyType, valueType) => T.scSpecTypeMap(new _stellar_stellar_sdk__WEBPACK_IMPORTED_MODULE_0__.xdr.ScSpecTypeMap({ keyType, valueType })),
    udt: (name) => T.scSpecTypeUdt(new _stellar_stellar_sdk__WEBPACK_IMPORTED_MODULE_0__.xdr.ScSpecTypeUdt({ name })),
    /** `Result<ok, Error>` with the contract's error enum. */
    result: (okType) => T.scSpecTypeResult(new _stellar_stellar_sdk__WEBPACK_IMPORTED_MODULE_0__.xdr.ScSpecTypeResult({ okType, errorType: type.udt('Error') })),
};
function struct(name, fields) {
    const names = fields.map(([field]) => field);
    if (names.join() !== [...names].sort().join())
        throw new Error(`struct ${name}: fields must be in name order`);
    return _stellar_stellar_sdk__WEBPACK_IMPORTED_MODULE_0__.xdr.ScSpecEntry.scSpecEntryUdtStructV0(new _stellar_stellar_sdk__WEBPACK_IMPORTED_MODULE_0__.xdr.ScSpecUdtStructV0({
        doc: '',
        lib: '',
        name,
        fields: fields.map(([field, fieldType]) => new _stellar_stellar_sdk__WEBPACK_IMPORTED_MODULE_0__.xdr.ScSpecUdtStructFieldV0({ doc: '', name: field, type: fieldType })),
    }));
}
function unitUnion(name, cases) {
    return _stellar_stellar_sdk__WEBPACK_IMPORTED_MODULE_0__.xdr.ScSpecEntry.scSpecEntryUdtUnionV0(new _stellar_stellar_sdk__WEBPACK_IMPORTED_MODULE_0__.xdr.ScSpecUdtUnionV0({
        doc: '',
        lib: '',
        name,
        cases: cases.map((unionCase) => _stellar_stellar_sdk__WEBPACK_IMPORTED_MODULE_0__.xdr.ScSpecUdtUnionCaseV0.scSpecUdtUnionCaseVoidV0(new _stellar_stellar_sdk__WEBPACK_IMPORTED_MODULE_0__.xdr.ScSpecUdtUnionCaseVoidV0({ doc: '', name: unionCase }))),
    }));
}
function fn(name, inputs, output) {
    return _stellar_stellar_sdk__WEBPACK_IMPORTED_MODULE_0__.xdr.ScSpecEntry.scSpecEntryFunctionV0(new _stellar_stellar_sdk__WEBPACK_IMPORTED_MODULE_0__.xdr.ScSpecFunctionV0({
        doc: '',
        name,
        inputs: inputs.map(([input, inputType]) => new _stellar_stellar_sdk__WEBPACK_IMPORTED_MODULE_0__.xdr.ScSpecFunctionInputV0({ doc: '', name: input, type: inputType })),
        outputs: output.switch().value === _stellar_stellar_sdk__WEBPACK_IMPORTED_MODULE_0__.xdr.ScSpecType.scSpecTypeVoid().value ? [] : [output],
    }));
}
const errorEnum = _stellar_stellar_sdk__WEBPACK_IMPORTED_MODULE_0__.xdr.ScSpecEntry.scSpecEntryUdtErrorEnumV0(new _stellar_stellar_sdk__WEBPACK_IMPORTED_MODULE_0__.xdr.ScSpecUdtErrorEnumV0({
    doc: '',
    lib: '',
    name: 'Error',
    cases: Object.entries(_vault_js__WEBPACK_IMPORTED_MODULE_1__/* .VAULT_ERRORS */ .P_).map(([name, value]) => new _stellar_stellar_sdk__WEBPACK_IMPORTED_MODULE_0__.xdr.ScSpecUdtErrorEnumCaseV0({ doc: '', name, value })),
}));
const meterFields = (meterType) => [
    ['http_calls', meterType()],
    ['llm_in', meterType()],
    ['llm_out', meterType()],
    ['runtime_ms', meterType()],
];
const receiptStruct = struct('RunReceipt', [
    ['actual_charge', type.i128()],
    ['developer', type.address()],
    ['refund', type.i128()],
    ['run_id', type.u64()],
]);
const pricesStruct = struct('Prices', meterFields(type.i128));
const userGrant = [
    ['user', type.address()],
    ['runner', type.address()],
    ['agent_id', type.u32()],
];
const VAULT_SPEC = new _stellar_stellar_sdk__WEBPACK_IMPORTED_MODULE_0__.contract.Spec([
    errorEnum,
    struct('Meters', meterFields(type.u64)),
    pricesStruct,
    struct('Policy', [
        ['daily_cap', type.option(type.i128())],
        ['paused', type.bool()],
        ['per_run_cap', type.option(type.i128())],
    ]),
    struct('RunnerGrant', [
        ['agent_id', type.u32()],
        ['expires_at', type.option(type.u64())],
        ['granted_at', type.u64()],
        ['runner', type.address()],
        ['user', type.address()],
    ]),
    receiptStruct,
    unitUnion('RunStatus', RUN_STATUSES),
    struct('Run', [
        ['agent_id', type.u32()],
        ['budgets', type.udt('Meters')],
        ['escrow', type.i128()],
        ['opened_at', type.u64()],
        ['output_hash', type.option(type.bytesN(32))],
        ['rate_version', type.u32()],
        ['receipt', type.option(type.udt('RunReceipt'))],
        ['run_id', type.u64()],
        ['runner', type.address()],
        ['status', type.udt('RunStatus')],
        ['user', type.address()],
    ]),
    fn('deposit', [
        ['user', type.address()],
        ['amount', type.i128()],
    ], type.result(type.i128())),
    fn('withdraw', [
        ['user', type.address()],
        ['amount', type.i128()],
    ], type.result(type.i128())),
    fn('balance', [['user', type.address()]], type.i128()),
    fn('set_policy', [
        ['user', type.address()],
        ['per_run_cap', type.option(type.i128())],
        ['daily_cap', type.option(type.i128())],
        ['paused', type.bool()],
    ], type.result(type.void())),
    fn('get_policy', [['user', type.address()]], type.udt('Policy')),
    fn('grant_runner', [...userGrant, ['expires_at', type.option(type.u64())]], type.result(type.udt('RunnerGrant'))),
    fn('revoke_runner', userGrant, type.result(type.void())),
    fn('list_runner_grants', [['user', type.address()]], type.vec(type.udt('RunnerGrant'))),
    fn('is_runner_authorized', userGrant, type.bool()),
    fn('open_run', [
        ['user', type.address()],
        ['caller', type.address()],
        ['agent_id', type.u32()],
        ['rate_version', type.u32()],
        ['budgets', type.udt('Meters')],
    ], type.result(type.u64())),
    fn('finalize_run', [
        ['run_id', type.u64()],
        ['runner', type.address()],
        ['rate_version', type.u32()],
        ['usage', type.udt('Meters')],
        ['output_hash', type.bytesN(32)],
    ], type.result(type.udt('RunReceipt'))),
    fn('cancel_run', [
        ['run_id', type.u64()],
        ['caller', type.address()],
    ], type.result(type.i128())),
    fn('get_run', [['run_id', type.u64()]], type.result(type.udt('Run'))),
]);
const REGISTRY_SPEC = new _stellar_stellar_sdk__WEBPACK_IMPORTED_MODULE_0__.contract.Spec([
    errorEnum,
    pricesStruct,
    struct('Agent', [
        ['developer', type.address()],
        ['id', type.u32()],
        ['name', type.string()],
        ['rate_cards', type.map(type.u32(), type.udt('Prices'))],
        ['runners', type.vec(type.address())],
    ]),
    fn('get_agent', [['agent_id', type.u32()]], type.result(type.udt('Agent'))),
]);


/***/ }),

/***/ 94307:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   AS: () => (/* binding */ toU32),
/* harmony export */   Gk: () => (/* binding */ toContractMeters),
/* harmony export */   KG: () => (/* binding */ toSafeNumber),
/* harmony export */   SI: () => (/* binding */ fromContractRateCards),
/* harmony export */   h6: () => (/* binding */ fromLedgerSeconds),
/* harmony export */   hI: () => (/* binding */ fromContractMeters),
/* harmony export */   nS: () => (/* binding */ toHashBytes),
/* harmony export */   om: () => (/* binding */ toLedgerSeconds),
/* harmony export */   y4: () => (/* binding */ toI128),
/* harmony export */   zp: () => (/* binding */ toU64)
/* harmony export */ });
/* unused harmony export invalidArgument */
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(62807);
/* harmony import */ var _vault_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(25985);


/*
 * The port speaks numbers (amounts in units, times in epoch ms); the contracts speak i128, u64 and
 * u32 (times in seconds). Every crossing is checked: a ledger value a JS number can not hold exactly
 * is an error, never a silently rounded amount.
 */
const U32_MAX = 0xffff_ffff;
const CONTRACT_METER = {
    llmIn: 'llm_in',
    llmOut: 'llm_out',
    httpCalls: 'http_calls',
    runtimeMs: 'runtime_ms',
};
function invalidArgument(name, expected) {
    return new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .SettldError */ .VQ('VAULT_INVALID_ARGUMENT', 400, `${name} must be ${expected}`, { argument: name });
}
/** An amount for the contract. Whole units only; the contract itself rejects amounts ≤ 0. */
function toI128(amount, name) {
    if (!Number.isSafeInteger(amount))
        throw new _vault_js__WEBPACK_IMPORTED_MODULE_1__/* .VaultError */ .hb('InvalidAmount', { [name]: amount });
    return BigInt(amount);
}
/** An integer of the ledger as a number; beyond ±(2^53 − 1) it would be silently wrong, so it throws. */
function toSafeNumber(value, name) {
    if (typeof value === 'number')
        return value;
    if (value > BigInt(Number.MAX_SAFE_INTEGER) || value < BigInt(Number.MIN_SAFE_INTEGER)) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .SettldError */ .VQ('VAULT_AMOUNT_OUT_OF_RANGE', 502, `The ledger's ${name} (${value}) is beyond the integers this service represents exactly (±2^53 − 1)`, { [name]: value.toString() });
    }
    return Number(value);
}
function toU32(value, name) {
    if (!Number.isInteger(value) || value < 0 || value > U32_MAX) {
        throw invalidArgument(name, `a whole number from 0 to ${U32_MAX}`);
    }
    return value;
}
function toU64(value, name) {
    if (!Number.isSafeInteger(value) || value < 0)
        throw invalidArgument(name, 'a whole number ≥ 0');
    return BigInt(value);
}
/** Epoch ms → the ledger's u64 seconds, rounded down: a grant never outlives the time it was given. */
function toLedgerSeconds(ms, name) {
    if (!Number.isSafeInteger(ms) || ms < 0)
        throw invalidArgument(name, 'an epoch time in ms ≥ 0');
    return BigInt(Math.floor(ms / 1000));
}
function fromLedgerSeconds(seconds, name) {
    return toSafeNumber(seconds * 1000n, name);
}
function toContractMeters(meters, name) {
    const native = {};
    for (const meter of _vault_js__WEBPACK_IMPORTED_MODULE_1__/* .METERS */ .Tk) {
        const value = meters[meter];
        if (!Number.isSafeInteger(value) || value < 0) {
            throw new _vault_js__WEBPACK_IMPORTED_MODULE_1__/* .VaultError */ .hb('InvalidAmount', { [name]: meters }, `${name}.${meter} must be a whole number ≥ 0`);
        }
        native[CONTRACT_METER[meter]] = BigInt(value);
    }
    return native;
}
function fromContractMeters(native, name) {
    const meters = {};
    for (const meter of _vault_js__WEBPACK_IMPORTED_MODULE_1__/* .METERS */ .Tk)
        meters[meter] = toSafeNumber(native[CONTRACT_METER[meter]], `${name}.${meter}`);
    return meters;
}
function fromContractRateCards(cards) {
    return cards
        .map(([version, prices]) => ({ version, prices: fromContractMeters(prices, `rate card ${version}`) }))
        .sort((a, b) => a.version - b.version);
}
/** The output hash: 64 hex digits (sha-256) ↔ the contract's BytesN<32>. */
function toHashBytes(hex, name) {
    if (!/^[0-9a-fA-F]{64}$/.test(hex))
        throw invalidArgument(name, 'a sha-256 hash in hex (64 digits)');
    return Buffer.from(hex, 'hex');
}


/***/ })

};
