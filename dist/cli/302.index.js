export const id = 302;
export const ids = [302];
export const modules = {

/***/ 14302:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   loadSorobanAgentRegistry: () => (/* binding */ loadSorobanAgentRegistry),
/* harmony export */   loadSorobanVault: () => (/* binding */ loadSorobanVault)
/* harmony export */ });
/*
 * The entry the rest of the product uses: the adapters (and @stellar/stellar-sdk, ~0.6 s to load)
 * are imported only when a Soroban vault is configured, so the stdio cold start never pays for them.
 */
/** The vault, and `runner`: the runner's address (the public key of RUNNER_SECRET). */
async function loadSorobanVault(options) {
    const { SorobanVault } = await Promise.all(/* import() */[__webpack_require__.e(258), __webpack_require__.e(125), __webpack_require__.e(387)]).then(__webpack_require__.bind(__webpack_require__, 55387));
    return new SorobanVault(options);
}
async function loadSorobanAgentRegistry(options) {
    const { SorobanAgentRegistry } = await Promise.all(/* import() */[__webpack_require__.e(258), __webpack_require__.e(125), __webpack_require__.e(816)]).then(__webpack_require__.bind(__webpack_require__, 80816));
    return new SorobanAgentRegistry(options);
}


/***/ })

};
