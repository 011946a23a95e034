import swagger from '@fastify/swagger';
import Fastify, {
  type FastifyBaseLogger,
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
  type HookHandlerDoneFunction,
  LogController,
} from 'fastify';
import { jsonSchemaTransform, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Platform } from '../../core/platform.js';
import { VERSION } from '../../core/version.js';
import type { Documents } from '../server/resources.js';
import type { ToolDefinition } from '../tools/tool.js';
import { authenticationHook } from './auth.js';
import { clientErrorHandler, installErrorHandling } from './errors.js';
import { createHostGuard } from './host-guard.js';
import { fastSerializerCompiler } from './serializer.js';
import { adminKeyRoutes } from './routes/admin-keys.js';
import { intentRoutes } from './routes/intents.js';
import { llmRoutes } from './routes/llm.js';
import { mcpRoutes } from './routes/mcp.js';
import { onboardingRoutes } from './routes/onboarding.js';
import { platformRoutes } from './routes/platform.js';
import { runnerRoutes } from './routes/runner.js';

export interface HttpAppOptions {
  platform: Platform;
  tools: readonly ToolDefinition[];
  /** The port the server will listen on, for the Host check (0 until known). */
  port: number;
}

/** The settld-mcp HTTP server: REST routes of every seed, `/mcp`, health, metrics and OpenAPI. */
export async function buildHttpApp(options: HttpAppOptions): Promise<FastifyInstance> {
  const { platform, tools } = options;
  const requestLogs = platform.logger.isLevelEnabled('debug');
  const app = Fastify({
    // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-assertion -- pins the instance's logger type to Fastify's
    loggerInstance: platform.logger as FastifyBaseLogger,
    logController: new LogController({ disableRequestLogging: true }),
    // A request's own logger only writes at debug (the request line below): at a higher level,
    // requests share the server's logger instead of each building a child. Fastify always hands
    // pino an options object, which would send every child down pino's slow path (copying
    // serializers and formatters); without route options, skip it.
    childLoggerFactory: (logger, bindings, childOptions) => {
      if (childOptions.level !== undefined || childOptions.serializers !== undefined) {
        return logger.child(bindings, childOptions);
      }
      return requestLogs ? logger.child(bindings) : logger;
    },
    bodyLimit: 4 * 1024 * 1024,
    clientErrorHandler,
    return503OnClosing: true,
    forceCloseConnections: 'idle',
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(fastSerializerCompiler);

  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'settld-mcp',
        version: VERSION,
        description: 'Governance for coding agents: intents, LLM quota, runner, onboarding.',
      },
      components: {
        securitySchemes: {
          apiKey: { type: 'apiKey', in: 'header', name: 'x-api-key' },
          t4ApiKey: { type: 'apiKey', in: 'header', name: 'X-T4-API-KEY' },
          adminToken: { type: 'apiKey', in: 'header', name: 'x-admin-token' },
          bearer: { type: 'http', scheme: 'bearer', description: 'An API key or an OAuth2 JWT' },
        },
      },
    },
    transform: jsonSchemaTransform,
  });

  let boundPort = options.port;
  const hostGuard = () =>
    createHostGuard({
      bindHost: platform.config.host,
      port: boundPort,
      allowedHosts: platform.config.allowedHosts,
      allowedOrigins: platform.config.allowedOrigins,
    });
  let guard = hostGuard();
  app.addHook('onListen', () => {
    const address = app.server.address();
    if (address && typeof address === 'object' && address.port !== boundPort) {
      boundPort = address.port;
      guard = hostGuard();
    }
  });
  const guardHost = (request: FastifyRequest, _reply: FastifyReply, done: HookHandlerDoneFunction) => {
    try {
      guard.check(request.headers.host, request.headers.origin);
      done();
    } catch (error) {
      done(error as Error);
    }
  };
  // Per route, not global: a public route runs neither hook, and the Host check runs before any
  // credential is looked at.
  const authenticate = authenticationHook(platform);
  app.decorateRequest('principal', undefined);
  app.decorateRequest('rateLimit', undefined);
  app.addHook('onRoute', (route) => {
    const hooks = [];
    if (route.config?.guardHost) hooks.push(guardHost);
    if (route.config?.auth === 'principal') hooks.push(authenticate);
    if (hooks.length === 0) return;
    const own = route.onRequest === undefined ? [] : [route.onRequest].flat();
    route.onRequest = [...hooks, ...own] as typeof route.onRequest;
  });
  installErrorHandling(app, platform);
  app.addHook('onResponse', (request, reply, done) => {
    const route = request.routeOptions.url ?? 'unmatched';
    platform.metrics.recordHttp(request.method, route, reply.statusCode, reply.elapsedTime / 1000);
    // Debug, not info: at info, a busy server would spend more time writing lines than answering.
    // Failures still reach the log at error (the error handler) whatever the level.
    if (requestLogs) {
      request.log.debug(
        {
          method: request.method,
          url: request.url,
          status: reply.statusCode,
          ms: Math.round(reply.elapsedTime),
        },
        'request',
      );
    }
    done();
  });

  const documents: Documents = { openapi: () => Promise.resolve(app.swagger()) };
  await app.register(platformRoutes(platform));
  await app.register(adminKeyRoutes(platform));
  await app.register(intentRoutes(platform));
  await app.register(llmRoutes(platform));
  await app.register(runnerRoutes(platform));
  await app.register(onboardingRoutes(platform));
  await app.register(mcpRoutes({ platform, tools, documents }));
  return app;
}
