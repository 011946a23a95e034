import { SettldError } from '../core/errors.js';
import type { ConformanceMatrix, MatrixOptions } from '../core/onboarding/matrix-types.js';
import type { ActionInputs } from './inputs.js';
import type { MatrixState } from './verdict.js';

export type MatrixRunner = (options: MatrixOptions) => Promise<ConformanceMatrix>;

/**
 * The conformance matrix against `server-command`. The server gets an empty environment (the
 * matrix adds PATH and HOME): the runner's environment holds the action's inputs, the token among
 * them, and a server under test has no business reading them.
 */
export async function runMatrix(
  runner: MatrixRunner,
  inputs: ActionInputs,
  onProgress: (message: string) => void,
): Promise<MatrixState> {
  const [command, ...args] = inputs.serverCommand;
  try {
    const matrix = await runner({
      server: { command: command!, args, env: {} },
      targets: inputs.matrixTargets,
      onProgress: (progress) =>
        onProgress(`matrix ${progress.progress}/${progress.total}: ${progress.message}`),
    });
    return { matrix };
  } catch (error) {
    if (error instanceof SettldError) return { error: error.message };
    throw error;
  }
}
