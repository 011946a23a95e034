import { run } from './main.js';
import { actionsRuntime } from './runtime.js';

await run(actionsRuntime());
