import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type CryptoKey, exportJWK, generateKeyPair, type JWTPayload, SignJWT } from 'jose';

const ALG = 'RS256';

/** An RS256 signing key; only the keys a {@link FakeJwks} publishes are trusted by the server. */
export interface SigningKey {
  kid: string;
  privateKey: CryptoKey;
  publicJwk: Record<string, unknown>;
}

export async function createSigningKey(kid: string): Promise<SigningKey> {
  const { privateKey, publicKey } = await generateKeyPair(ALG, { extractable: true });
  const jwk = await exportJWK(publicKey);
  return { kid, privateKey, publicJwk: { ...jwk, kid, alg: ALG, use: 'sig' } };
}

export interface TokenOptions {
  issuer: string;
  audience: string;
  subject?: string;
  /** jose time span or epoch seconds, e.g. `'5m'` or a number in the past for an expired token. */
  expiresAt?: string | number;
  issuedAt?: number;
}

export async function signToken(key: SigningKey, claims: JWTPayload, options: TokenOptions): Promise<string> {
  const jwt = new SignJWT(claims)
    .setProtectedHeader({ alg: ALG, kid: key.kid, typ: 'JWT' })
    .setIssuer(options.issuer)
    .setAudience(options.audience)
    .setSubject(options.subject ?? 'user-1')
    .setIssuedAt(options.issuedAt)
    .setExpirationTime(options.expiresAt ?? '5m');
  return jwt.sign(key.privateKey);
}

/**
 * A loopback identity provider's JWKS endpoint (`GET /.well-known/jwks.json` → `{keys:[publicJwk]}`),
 * so the real JWT path of `serve` runs against a real HTTP fetch with only the URL changed.
 */
export interface FakeJwks {
  url: string;
  key: SigningKey;
  /** How many times the JWKS was fetched. */
  fetches(): number;
  close(): Promise<void>;
}

export async function startFakeJwks(kid = 'test-key-1'): Promise<FakeJwks> {
  const key = await createSigningKey(kid);
  const body = JSON.stringify({ keys: [key.publicJwk] });
  let fetches = 0;
  const server = createServer((request, response) => {
    if (request.method === 'GET' && request.url === '/.well-known/jwks.json') {
      fetches++;
      response.writeHead(200, { 'content-type': 'application/json' }).end(body);
      return;
    }
    response.writeHead(404, { 'content-type': 'application/json' }).end('{"error":"not found"}');
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/.well-known/jwks.json`,
    key,
    fetches: () => fetches,
    close: () =>
      new Promise((done, fail) => {
        server.closeAllConnections();
        server.close((error) => (error ? fail(error) : done()));
      }),
  };
}
