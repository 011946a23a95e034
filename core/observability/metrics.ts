import { Counter, collectDefaultMetrics, Histogram, Registry } from 'prom-client';

/** Prometheus metrics of one process, on its own registry (tests can run several in one process). */
export function createMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'settld_' });
  const httpRequests = new Counter({
    name: 'settld_http_requests_total',
    help: 'HTTP requests answered, by method, route and status',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [registry],
  });
  const httpDuration = new Histogram({
    name: 'settld_http_request_duration_seconds',
    help: 'HTTP request latency by route',
    labelNames: ['method', 'route'] as const,
    buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  return {
    registry,
    /** Counts one answered HTTP request of `route` (the route pattern, never the raw URL). */
    recordHttp(method: string, route: string, status: number, seconds: number): void {
      httpRequests.inc({ method, route, status: String(status) });
      httpDuration.observe({ method, route }, seconds);
    },
    toolCalls: new Counter({
      name: 'settld_mcp_tool_calls_total',
      help: 'MCP tool calls by tool and outcome (ok, error code)',
      labelNames: ['tool', 'outcome'] as const,
      registers: [registry],
    }),
    rateLimited: new Counter({
      name: 'settld_rate_limited_total',
      help: 'Requests refused by a rate limit, by policy',
      labelNames: ['policy'] as const,
      registers: [registry],
    }),
    authFailures: new Counter({
      name: 'settld_auth_failures_total',
      help: 'Requests refused for missing or invalid credentials, by code',
      labelNames: ['code'] as const,
      registers: [registry],
    }),
  };
}

export type Metrics = ReturnType<typeof createMetrics>;
