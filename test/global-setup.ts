import { execFileSync } from 'node:child_process';

/**
 * Integration tests run the real bin (`dist/cli/index.js`), so the bundle is rebuilt first unless
 * the caller already did (`.ci/run` bundles once, then sets SETTLD_TEST_NO_BUNDLE=1).
 */
export default function setup(): void {
  if (process.env.SETTLD_TEST_NO_BUNDLE === '1') return;
  execFileSync('npm', ['run', '--silent', 'bundle'], { stdio: ['ignore', 'ignore', 'inherit'] });
}
