import { readFile } from 'node:fs/promises';
import * as core from '@actions/core';
import { systemClock } from '../core/clock.js';
import { RemoteApi } from '../core/remote/settld-api.js';
import { VERSION } from '../core/version.js';
import type { ActionDeps } from './main.js';
import { octokitGitHub } from './octokit-github.js';

/** The real dependencies: the runner through @actions/core, octokit, core's RemoteApi, the disk, the matrix. */
export function actionsRuntime(): ActionDeps {
  return {
    readInput: (name) => core.getInput(name),
    env: process.env,
    cwd: process.cwd(),
    toolkit: {
      info: (message) => core.info(message),
      warning: (message, properties) => core.warning(message, properties),
      error: (message, properties) => core.error(message, properties),
      setOutput: (name, value) => core.setOutput(name, value),
      setSecret: (secret) => core.setSecret(secret),
      setFailed: (message) => core.setFailed(message),
      appendSummary: async (markdown) => {
        if (!process.env.GITHUB_STEP_SUMMARY) {
          core.info(markdown);
          return;
        }
        await core.summary.addRaw(markdown).write();
      },
    },
    github: octokitGitHub,
    settld: (remote) => new RemoteApi(remote.url, { apiKey: remote.apiKey }),
    readText: (path) => readFile(path, 'utf8'),
    clock: systemClock,
    // Loaded only when the matrix runs: the intent check does not pay for the MCP client.
    runMatrix: async (options) =>
      (await import('../core/onboarding/conformance.js')).runConformanceMatrix(options),
    version: VERSION,
  };
}
