import { describe, expect, it } from 'vitest';
import { createMetrics } from '../../core/observability/metrics.js';

const sample = (text: string, series: string): number | undefined => {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
};

describe('HTTP metrics', () => {
  it('count every answered request exactly, whether or not a batch has filled', async () => {
    const metrics = createMetrics();
    metrics.recordHttp('GET', '/v1/whoami', 200, 0.002);
    metrics.recordHttp('GET', '/v1/whoami', 429, 0.0005);
    let text = await metrics.registry.metrics();
    expect(sample(text, 'settld_http_requests_total{method="GET",route="/v1/whoami",status="200"}')).toBe(1);
    expect(sample(text, 'settld_http_requests_total{method="GET",route="/v1/whoami",status="429"}')).toBe(1);
    expect(sample(text, 'settld_http_request_duration_seconds_count{method="GET",route="/v1/whoami"}')).toBe(
      2,
    );
    expect(
      sample(text, 'settld_http_request_duration_seconds_bucket{le="0.001",method="GET",route="/v1/whoami"}'),
    ).toBe(1);

    // Past several batches, and a scrape in the middle of one: nothing lost, nothing counted twice.
    for (let i = 0; i < 1_300; i++) metrics.recordHttp('POST', '/v1/intents', 201, 0.01);
    text = await metrics.registry.metrics();
    expect(sample(text, 'settld_http_requests_total{method="POST",route="/v1/intents",status="201"}')).toBe(
      1_300,
    );
    expect(
      sample(text, 'settld_http_request_duration_seconds_sum{method="POST",route="/v1/intents"}'),
    ).toBeCloseTo(13, 6);
    expect(sample(text, 'settld_http_requests_total{method="GET",route="/v1/whoami",status="200"}')).toBe(1);
  });
});
