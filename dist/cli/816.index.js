export const id = 816;
export const ids = [816];
export const modules = {

/***/ 80816:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   SorobanAgentRegistry: () => (/* binding */ SorobanAgentRegistry)
/* harmony export */ });
/* harmony import */ var _vault_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(25985);
/* harmony import */ var _connection_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(75351);
/* harmony import */ var _contract_client_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(28350);
/* harmony import */ var _contract_spec_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(26186);
/* harmony import */ var _convert_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(94307);





/** The agent registry contract on Soroban: reads only, by simulation. */
class SorobanAgentRegistry {
    backend = 'soroban';
    registry;
    constructor(options) {
        const connection = new _connection_js__WEBPACK_IMPORTED_MODULE_1__/* .SorobanConnection */ .t(options);
        this.registry = new _contract_client_js__WEBPACK_IMPORTED_MODULE_2__/* .ContractClient */ .u(connection, options.registryId, _contract_spec_js__WEBPACK_IMPORTED_MODULE_3__/* .REGISTRY_SPEC */ .gz, 'RUNNER_AGENT_REGISTRY_ID');
    }
    async getAgent(agentId) {
        const agent = await this.registry.read('get_agent', { agent_id: (0,_convert_js__WEBPACK_IMPORTED_MODULE_4__/* .toU32 */ .AS)(agentId, 'agentId') });
        return {
            id: agent.id,
            name: agent.name,
            developer: agent.developer,
            runners: agent.runners,
            rateCards: (0,_convert_js__WEBPACK_IMPORTED_MODULE_4__/* .fromContractRateCards */ .SI)(agent.rate_cards),
        };
    }
    async getRateCard(agentId, version) {
        const card = (await this.getAgent(agentId)).rateCards.find((candidate) => candidate.version === version);
        if (!card)
            throw new _vault_js__WEBPACK_IMPORTED_MODULE_0__/* .VaultError */ .hb('InvalidRateVersion', { agentId, rateVersion: version });
        return card;
    }
    async latestRateVersion(agentId) {
        const latest = (await this.getAgent(agentId)).rateCards.at(-1);
        if (!latest)
            throw new _vault_js__WEBPACK_IMPORTED_MODULE_0__/* .VaultError */ .hb('InvalidRateVersion', { agentId });
        return latest.version;
    }
}


/***/ })

};
