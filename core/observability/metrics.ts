import { Counter, collectDefaultMetrics, Histogram, Registry } from 'prom-client';

/** HTTP answers held before prom-client hears of them; a scrape always takes the rest first. */
const HTTP_BATCH = 512;

/**
 * Answered HTTP requests, buffered and handed to prom-client a batch at a time. prom-client
 * validates and hashes the labels of every observation; done once per request between everything
 * else a request runs, that cost several times what the same calls cost back to back (measured on
 * `serve`: about a fifth of an authenticated GET). Every read of the registry drains the buffer
 * first, through the metrics' `collect`, so a scrape never misses a request.
 */
class HttpObservations {
  private readonly methods: string[] = [];
  private readonly routes: string[] = [];
  private readonly statuses = new Uint16Array(HTTP_BATCH);
  private readonly seconds = new Float64Array(HTTP_BATCH);
  private length = 0;

  constructor(
    private readonly drain: (method: string, route: string, status: number, seconds: number) => void,
  ) {}

  record(method: string, route: string, status: number, seconds: number): void {
    const i = this.length;
    this.methods[i] = method;
    this.routes[i] = route;
    this.statuses[i] = status;
    this.seconds[i] = seconds;
    this.length = i + 1;
    if (this.length === HTTP_BATCH) this.flush();
  }

  flush(): void {
    const length = this.length;
    // Emptied first: should prom-client throw, these observations are not handed over twice.
    this.length = 0;
    for (let i = 0; i < length; i++) {
      this.drain(this.methods[i]!, this.routes[i]!, this.statuses[i]!, this.seconds[i]!);
    }
  }
}

/** Prometheus metrics of one process, on its own registry (tests can run several in one process). */
export function createMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'settld_' });
  const http = new HttpObservations((method, route, status, seconds) => {
    httpRequests.inc({ method, route, status: String(status) });
    httpDuration.observe({ method, route }, seconds);
  });
  const httpRequests = new Counter({
    name: 'settld_http_requests_total',
    help: 'HTTP requests answered, by method, route and status',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [registry],
    collect: () => http.flush(),
  });
  const httpDuration = new Histogram({
    name: 'settld_http_request_duration_seconds',
    help: 'HTTP request latency by route',
    labelNames: ['method', 'route'] as const,
    buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
    collect: () => http.flush(),
  });
  return {
    registry,
    /** Counts one answered HTTP request of `route` (the route pattern, never the raw URL). */
    recordHttp(method: string, route: string, status: number, seconds: number): void {
      http.record(method, route, status, seconds);
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
