import { forbidden } from '../../core/errors.js';

const LOOPBACK_NAMES = ['127.0.0.1', 'localhost', '[::1]'];

export interface HostGuard {
  check(host: string | undefined, origin: string | undefined): void;
}

/**
 * Protection against DNS rebinding for `/mcp`: a browser page on another site must not reach a
 * server listening on loopback. The Host header must name this server, and an Origin header, when
 * a browser sends one, must be loopback or explicitly allowed.
 */
export function createHostGuard(options: {
  bindHost: string;
  port: number;
  allowedHosts: string[];
  allowedOrigins: string[];
}): HostGuard {
  const loopbackBind = ['127.0.0.1', 'localhost', '::1'].includes(options.bindHost);
  const hosts = new Set(options.allowedHosts.map((host) => host.toLowerCase()));
  if (hosts.size === 0 && loopbackBind) {
    for (const name of LOOPBACK_NAMES) {
      hosts.add(name);
      hosts.add(`${name}:${options.port}`);
    }
  }
  const origins = new Set(options.allowedOrigins.map((origin) => origin.toLowerCase().replace(/\/$/, '')));
  return {
    check(host, origin) {
      if (hosts.size > 0 && (!host || !hosts.has(host.toLowerCase()))) {
        throw forbidden('Host header not allowed for this server', { code_hint: 'SETTLD_ALLOWED_HOSTS' });
      }
      if (origin === undefined) return;
      const normalized = origin.toLowerCase().replace(/\/$/, '');
      if (origins.has(normalized)) return;
      let hostname: string;
      try {
        hostname = new URL(normalized).host.replace(/:\d+$/, '');
      } catch {
        hostname = '';
      }
      if (!LOOPBACK_NAMES.includes(hostname)) {
        throw forbidden('Origin not allowed for this server', { code_hint: 'SETTLD_ALLOWED_ORIGINS' });
      }
    },
  };
}
