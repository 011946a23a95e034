export const id = 949;
export const ids = [949];
export const modules = {

/***/ 13949:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  createOnboarding: () => (/* binding */ createOnboarding)
});

;// CONCATENATED MODULE: ./build/core/onboarding/attempt-repository.js
const HISTORY_LIMIT = 100;
const fromDb = (row) => ({
    id: row.id,
    tenantId: row.tenant_id,
    status: row.status,
    steps: JSON.parse(row.steps),
    error: row.error === null ? null : JSON.parse(row.error),
    runId: row.run_id,
    receipt: row.receipt === null ? null : JSON.parse(row.receipt),
    requestedBy: row.requested_by,
    createdAt: row.created_at,
    finishedAt: row.finished_at,
});
/** First paid call attempts, written step by step; a tenant keeps its last HISTORY_LIMIT. */
class SqliteAttemptRepository {
    statements;
    constructor(db) {
        this.statements = {
            insert: db.prepare(`INSERT INTO onboarding_attempts (id, tenant_id, status, steps, requested_by, created_at)
        VALUES (?, ?, 'running', '[]', ?, ?)`),
            save: db.prepare(`UPDATE onboarding_attempts SET status = ?, steps = ?, error = ?, run_id = ?, receipt = ?,
        finished_at = ? WHERE id = ?`),
            find: db.prepare('SELECT * FROM onboarding_attempts WHERE id = ?'),
            history: db.prepare('SELECT * FROM onboarding_attempts WHERE tenant_id = ? ORDER BY created_at DESC, id DESC LIMIT CAST(? AS INTEGER)'),
            prune: db.prepare(`DELETE FROM onboarding_attempts WHERE tenant_id = ? AND id NOT IN (
        SELECT id FROM onboarding_attempts WHERE tenant_id = ? ORDER BY created_at DESC, id DESC LIMIT CAST(? AS INTEGER))`),
        };
    }
    start(id, tenantId, requestedBy, now) {
        this.statements.insert.run(id, tenantId, requestedBy, now);
        this.statements.prune.run(tenantId, tenantId, HISTORY_LIMIT);
    }
    save(row) {
        this.statements.save.run(row.status, JSON.stringify(row.steps), row.error === null ? null : JSON.stringify(row.error), row.runId, row.receipt === null ? null : JSON.stringify(row.receipt), row.finishedAt, row.id);
    }
    find(id) {
        const row = this.statements.find.get(id);
        return row && fromDb(row);
    }
    history(tenantId, limit = HISTORY_LIMIT) {
        return this.statements.history.all(tenantId, limit).map(fromDb);
    }
}

// EXTERNAL MODULE: ./build/core/onboarding/conformance.js + 3 modules
var conformance = __webpack_require__(49710);
// EXTERNAL MODULE: ./build/core/onboarding/host-config.js
var host_config = __webpack_require__(15053);
// EXTERNAL MODULE: ./build/core/onboarding/host-profiles.js
var host_profiles = __webpack_require__(40505);
// EXTERNAL MODULE: ./build/core/onboarding/onboarding-service.js
var onboarding_service = __webpack_require__(71855);
// EXTERNAL MODULE: ./build/core/onboarding/smoke-test.js + 1 modules
var smoke_test = __webpack_require__(30155);
;// CONCATENATED MODULE: ./build/core/onboarding/create-onboarding.js






/** The onboarding loop on this platform's store, runner and limits. */
function createOnboarding(platform) {
    const { config } = platform;
    return new onboarding_service/* OnboardingService */.x$({
        config: config.onboarding,
        keys: platform.keys,
        audit: platform.audit,
        clock: platform.clock,
        attempts: new SqliteAttemptRepository(platform.db),
        runner: () => platform.runner(),
        idempotency: platform.idempotency,
        matrixLimiter: platform.limiter({
            name: 'conformance-matrix',
            points: config.onboarding.matrixRunsPerHour,
            durationSeconds: 3600,
        }),
        dbPath: config.dbPath,
        server: (0,smoke_test/* resolveServerCommand */.hU)(config.onboarding),
        runMatrix: conformance.runConformanceMatrix,
        snippets: host_config/* hostConfigSnippets */.Lm,
        knownTargets: Object.keys(host_profiles/* HOST_PROFILES */.Ue),
    });
}


/***/ })

};
