/**
 * Secret redaction for anything that leaves the process as text: log lines, audit rows, error
 * messages. API keys have a recognisable shape (`sk_<id>_<secret>`), so they are redacted wherever
 * they appear; the admin token travels in a known query parameter.
 */
const API_KEY_PATTERN = /\b(sk_[A-Za-z0-9]+)_[A-Za-z0-9_-]{8,}/g;
const SECRET_QUERY_PATTERN = /([?&](?:admin_token|api_key|token|access_token)=)[^&#\s]*/gi;

export const REDACTED = '[REDACTED]';

/** Every string a log line carries passes here: the cheap `includes` spare most of them the regexes. */
export function redactText(text: string): string {
  let out = text;
  if (out.includes('sk_')) out = out.replace(API_KEY_PATTERN, `$1_${REDACTED}`);
  if (out.includes('=')) out = out.replace(SECRET_QUERY_PATTERN, `$1${REDACTED}`);
  return out;
}

/** Redacts known secrets in addition to the patterns above (the admin token, provider keys…). */
export class SecretRedactor {
  private readonly secrets = new Set<string>();

  add(secret: string | undefined): void {
    if (secret && secret.length >= 8) this.secrets.add(secret);
  }

  text(text: string): string {
    let out = redactText(text);
    for (const secret of this.secrets) {
      if (out.includes(secret)) out = out.replaceAll(secret, REDACTED);
    }
    return out;
  }
}
