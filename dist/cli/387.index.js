export const id = 387;
export const ids = [387];
export const modules = {

/***/ 55387:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   SorobanVault: () => (/* binding */ SorobanVault)
/* harmony export */ });
/* harmony import */ var _stellar_stellar_sdk__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(92258);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(62807);
/* harmony import */ var _connection_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(75351);
/* harmony import */ var _contract_client_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(28350);
/* harmony import */ var _contract_spec_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(26186);
/* harmony import */ var _convert_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(94307);






const STATUS = {
    Open: 'open',
    Finalized: 'finalized',
    Cancelled: 'cancelled',
};
function toGrant(grant) {
    return {
        user: grant.user,
        runner: grant.runner,
        agentId: grant.agent_id,
        expiresAt: grant.expires_at === null ? null : (0,_convert_js__WEBPACK_IMPORTED_MODULE_5__/* .fromLedgerSeconds */ .h6)(grant.expires_at, 'expiresAt'),
        grantedAt: (0,_convert_js__WEBPACK_IMPORTED_MODULE_5__/* .fromLedgerSeconds */ .h6)(grant.granted_at, 'grantedAt'),
    };
}
function toReceipt(receipt) {
    return {
        runId: (0,_convert_js__WEBPACK_IMPORTED_MODULE_5__/* .toSafeNumber */ .KG)(receipt.run_id, 'runId'),
        actualCharge: (0,_convert_js__WEBPACK_IMPORTED_MODULE_5__/* .toSafeNumber */ .KG)(receipt.actual_charge, 'actualCharge'),
        refund: (0,_convert_js__WEBPACK_IMPORTED_MODULE_5__/* .toSafeNumber */ .KG)(receipt.refund, 'refund'),
        developer: receipt.developer,
    };
}
function toCap(cap, name) {
    if (cap === null)
        return null;
    return (0,_convert_js__WEBPACK_IMPORTED_MODULE_5__/* .toI128 */ .y4)(cap, name);
}
/**
 * The PrepaidVault contract on Soroban. Reads are simulations; writes are transactions signed with
 * RUNNER_SECRET whose results are read from the ledger. On chain, the user signs their own deposits,
 * withdrawals, policy and grants (`require_auth`): the runner can sign those only for its own account.
 */
class SorobanVault {
    backend = 'soroban';
    /** The runner's address (the public key of RUNNER_SECRET). */
    runner;
    connection;
    vault;
    references;
    constructor(options) {
        this.connection = new _connection_js__WEBPACK_IMPORTED_MODULE_2__/* .SorobanConnection */ .t(options);
        this.runner = this.connection.runner;
        this.vault = new _contract_client_js__WEBPACK_IMPORTED_MODULE_3__/* .ContractClient */ .u(this.connection, options.contractId, _contract_spec_js__WEBPACK_IMPORTED_MODULE_4__/* .VAULT_SPEC */ .XO, 'RUNNER_CONTRACT_ID');
        this.references = options.referenceStore;
    }
    async deposit(user, amount) {
        this.requireUserSignature(user, 'deposit');
        const balance = await this.vault.write('deposit', { user, amount: (0,_convert_js__WEBPACK_IMPORTED_MODULE_5__/* .toI128 */ .y4)(amount, 'amount') });
        return (0,_convert_js__WEBPACK_IMPORTED_MODULE_5__/* .toSafeNumber */ .KG)(balance, 'balance');
    }
    async withdraw(user, amount) {
        this.requireUserSignature(user, 'withdraw');
        const balance = await this.vault.write('withdraw', { user, amount: (0,_convert_js__WEBPACK_IMPORTED_MODULE_5__/* .toI128 */ .y4)(amount, 'amount') });
        return (0,_convert_js__WEBPACK_IMPORTED_MODULE_5__/* .toSafeNumber */ .KG)(balance, 'balance');
    }
    async balance(user) {
        return (0,_convert_js__WEBPACK_IMPORTED_MODULE_5__/* .toSafeNumber */ .KG)(await this.vault.read('balance', { user }), 'balance');
    }
    async setPolicy(user, policy) {
        this.requireUserSignature(user, 'set_policy');
        await this.vault.write('set_policy', {
            user,
            per_run_cap: toCap(policy.perRunCap, 'perRunCap'),
            daily_cap: toCap(policy.dailyCap, 'dailyCap'),
            paused: policy.paused,
        });
    }
    async getPolicy(user) {
        const policy = await this.vault.read('get_policy', { user });
        return {
            perRunCap: policy.per_run_cap === null ? null : (0,_convert_js__WEBPACK_IMPORTED_MODULE_5__/* .toSafeNumber */ .KG)(policy.per_run_cap, 'perRunCap'),
            dailyCap: policy.daily_cap === null ? null : (0,_convert_js__WEBPACK_IMPORTED_MODULE_5__/* .toSafeNumber */ .KG)(policy.daily_cap, 'dailyCap'),
            paused: policy.paused,
        };
    }
    /** `expiresAt` is kept in whole seconds on chain (rounded down): the grant read back says so. */
    async grantRunner(user, runner, agentId, expiresAt) {
        this.requireUserSignature(user, 'grant_runner');
        const grant = await this.vault.write('grant_runner', {
            user,
            runner,
            agent_id: (0,_convert_js__WEBPACK_IMPORTED_MODULE_5__/* .toU32 */ .AS)(agentId, 'agentId'),
            expires_at: expiresAt === null ? null : (0,_convert_js__WEBPACK_IMPORTED_MODULE_5__/* .toLedgerSeconds */ .om)(expiresAt, 'expiresAt'),
        });
        return toGrant(grant);
    }
    async revokeRunner(user, runner, agentId) {
        this.requireUserSignature(user, 'revoke_runner');
        await this.vault.write('revoke_runner', { user, runner, agent_id: (0,_convert_js__WEBPACK_IMPORTED_MODULE_5__/* .toU32 */ .AS)(agentId, 'agentId') });
    }
    async listRunnerGrants(user) {
        return (await this.vault.read('list_runner_grants', { user })).map(toGrant);
    }
    async isRunnerAuthorized(user, runner, agentId) {
        return this.vault.read('is_runner_authorized', {
            user,
            runner,
            agent_id: (0,_convert_js__WEBPACK_IMPORTED_MODULE_5__/* .toU32 */ .AS)(agentId, 'agentId'),
        });
    }
    /**
     * Opens the run unless `reference` already opened one: one reference never holds two escrows.
     * The transaction's hash is recorded before it is sent; a hash on record is settled first (see
     * `settleEarlier`), and only a provably dead one lets a new transaction go.
     */
    async openRun(request, reference) {
        this.requireOwnRunner(request.runner, 'open_run');
        const args = {
            user: request.user,
            caller: request.runner,
            agent_id: (0,_convert_js__WEBPACK_IMPORTED_MODULE_5__/* .toU32 */ .AS)(request.agentId, 'agentId'),
            rate_version: (0,_convert_js__WEBPACK_IMPORTED_MODULE_5__/* .toU32 */ .AS)(request.rateVersion, 'rateVersion'),
            budgets: (0,_convert_js__WEBPACK_IMPORTED_MODULE_5__/* .toContractMeters */ .Gk)(request.budgets, 'budgets'),
        };
        return this.connection.exclusive(async () => {
            const earlier = await this.references.find(reference);
            if (earlier) {
                const runId = await this.settleEarlier(reference, earlier);
                if (runId !== null)
                    return runId;
            }
            const prepared = await this.vault.prepare('open_run', args);
            await this.references.save(reference, prepared.txHash);
            return (0,_convert_js__WEBPACK_IMPORTED_MODULE_5__/* .toSafeNumber */ .KG)(await this.vault.send(prepared), 'runId');
        });
    }
    /**
     * The run an earlier transaction opened, or null when it provably never will. SUCCESS and FAILED
     * are final. One not on the ledger may still land (queued, or signed just before a crash): the
     * account's next sequence number is spent on a no-op first, after which it never can. When that
     * does not go through, the earlier one is still pending: VAULT_TRANSACTION_PENDING, retry later.
     * (A hash older than the RPC's retention window reads as not found: references recover from a
     * crash, they are not kept for days.)
     */
    async settleEarlier(reference, txHash) {
        const before = await this.connection.waitFor(txHash, 0);
        if (before.status !== _stellar_stellar_sdk__WEBPACK_IMPORTED_MODULE_0__.rpc.Api.GetTransactionStatus.NOT_FOUND)
            return this.runIdOf(before);
        const consumed = await this.connection.consumeSequence();
        const after = await this.connection.waitFor(txHash, 0);
        if (after.status !== _stellar_stellar_sdk__WEBPACK_IMPORTED_MODULE_0__.rpc.Api.GetTransactionStatus.NOT_FOUND)
            return this.runIdOf(after);
        if (consumed)
            return null;
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .SettldError */ .VQ('VAULT_TRANSACTION_PENDING', 409, `Transaction ${txHash} of reference ${reference} is not on the ledger yet and may still land: retry later`, { reference, txHash });
    }
    /** The run a reference opened, read from its transaction on the ledger; null when none landed. */
    async findRunByReference(reference) {
        const txHash = await this.references.find(reference);
        if (!txHash)
            return null;
        return this.runIdOf(await this.connection.waitFor(txHash, 0));
    }
    async finalizeRun(request) {
        this.requireOwnRunner(request.runner, 'finalize_run');
        const receipt = await this.vault.write('finalize_run', {
            run_id: (0,_convert_js__WEBPACK_IMPORTED_MODULE_5__/* .toU64 */ .zp)(request.runId, 'runId'),
            runner: request.runner,
            rate_version: (0,_convert_js__WEBPACK_IMPORTED_MODULE_5__/* .toU32 */ .AS)(request.rateVersion, 'rateVersion'),
            usage: (0,_convert_js__WEBPACK_IMPORTED_MODULE_5__/* .toContractMeters */ .Gk)(request.usage, 'usage'),
            output_hash: (0,_convert_js__WEBPACK_IMPORTED_MODULE_5__/* .toHashBytes */ .nS)(request.outputHash, 'outputHash'),
        });
        return toReceipt(receipt);
    }
    /** The runner cancels the runs it opened; a user cancels from their own wallet. */
    async cancelRun(runId, caller) {
        this.requireUserSignature(caller, 'cancel_run');
        const refund = await this.vault.write('cancel_run', { run_id: (0,_convert_js__WEBPACK_IMPORTED_MODULE_5__/* .toU64 */ .zp)(runId, 'runId'), caller });
        return (0,_convert_js__WEBPACK_IMPORTED_MODULE_5__/* .toSafeNumber */ .KG)(refund, 'refund');
    }
    async getRun(runId) {
        const run = await this.vault.read('get_run', { run_id: (0,_convert_js__WEBPACK_IMPORTED_MODULE_5__/* .toU64 */ .zp)(runId, 'runId') });
        return {
            runId: (0,_convert_js__WEBPACK_IMPORTED_MODULE_5__/* .toSafeNumber */ .KG)(run.run_id, 'runId'),
            user: run.user,
            runner: run.runner,
            agentId: run.agent_id,
            rateVersion: run.rate_version,
            budgets: (0,_convert_js__WEBPACK_IMPORTED_MODULE_5__/* .fromContractMeters */ .hI)(run.budgets, 'budgets'),
            escrow: (0,_convert_js__WEBPACK_IMPORTED_MODULE_5__/* .toSafeNumber */ .KG)(run.escrow, 'escrow'),
            status: STATUS[run.status.tag],
            receipt: run.receipt === null ? null : toReceipt(run.receipt),
            outputHash: run.output_hash === null ? null : Buffer.from(run.output_hash).toString('hex'),
            openedAt: (0,_convert_js__WEBPACK_IMPORTED_MODULE_5__/* .fromLedgerSeconds */ .h6)(run.opened_at, 'openedAt'),
        };
    }
    runIdOf(outcome) {
        if (outcome.status !== _stellar_stellar_sdk__WEBPACK_IMPORTED_MODULE_0__.rpc.Api.GetTransactionStatus.SUCCESS || !outcome.returnValue)
            return null;
        return (0,_convert_js__WEBPACK_IMPORTED_MODULE_5__/* .toSafeNumber */ .KG)(this.vault.decode('open_run', outcome.returnValue, outcome.txHash), 'runId');
    }
    /** `require_auth(user)` on chain: only the user's key satisfies it, and this service holds the runner's. */
    requireUserSignature(user, operation) {
        if (user === this.runner)
            return;
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .SettldError */ .VQ('VAULT_USER_SIGNATURE_REQUIRED', 409, `On Soroban, ${operation} is signed by ${user}: the user does this from their wallet. ` +
            `This runner signs only for its own account ${this.runner}.`, { operation, user, runner: this.runner });
    }
    requireOwnRunner(runner, operation) {
        if (runner === this.runner)
            return;
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .SettldError */ .VQ('VAULT_RUNNER_MISMATCH', 409, `${operation} names the runner ${runner}, but RUNNER_SECRET is the key of ${this.runner}`, { operation, runner, signer: this.runner });
    }
}


/***/ })

};
