// The baseline of the REST benchmark: one bare Fastify GET route answering JSON shaped like a page
// of `GET /admin/api_keys?limit=1`, in its own process so it does not share an event loop with
// the load generator. Prints `listening on http://127.0.0.1:<port>` on stderr, as `serve` does.
import Fastify from 'fastify';

const page = {
  items: [
    {
      id: 'AbCdEfGhIjKl',
      key_prefix: 'sk_AbCdEfGhIjKl',
      tenant_id: 'default',
      agent_id: 'bench',
      owner: 'bench',
      description: '',
      scopes: ['admin'],
      daily_limit: null,
      status: 'active',
      expires_at: null,
      revoked_at: null,
      last_used_at: null,
      created_at: new Date().toISOString(),
    },
  ],
  nextCursor: null,
};

const app = Fastify();
app.get('/items', () => page);
await app.listen({ host: '127.0.0.1', port: 0 });
const address = app.server.address();
process.stderr.write(
  `listening on http://127.0.0.1:${address && typeof address === 'object' ? address.port : 0}\n`,
);
process.on('SIGTERM', () => void app.close().then(() => process.exit(0)));
