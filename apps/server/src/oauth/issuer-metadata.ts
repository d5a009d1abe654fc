/**
 * Finds the authorization server's keys from its metadata: RFC 8414
 * (`/.well-known/oauth-authorization-server`, inserted before the issuer's path) first, then
 * OpenID Connect Discovery (`<issuer>/.well-known/openid-configuration`), as the MCP authorization
 * spec has clients do. Only the fields the cockpit uses are read.
 */
import { messageOf } from '@lukhas/core';

/** What the cockpit needs of the authorization server's metadata. */
export interface IssuerMetadata {
  /** The `issuer` the document declares: equal to the one configured, or discovery fails. */
  readonly issuer: string;
  /** Where its signing keys are (`jwks_uri`). */
  readonly jwksUri: string;
  /** The metadata URL that answered. */
  readonly metadataUrl: string;
}

/** Options of {@link discoverIssuerMetadata}. */
export interface DiscoverIssuerOptions {
  /** Default `globalThis.fetch`. */
  readonly fetch?: typeof fetch;
  /** Per metadata URL; default 5 s. */
  readonly timeoutMs?: number;
}

/**
 * The metadata URLs of `issuer`, in the order they are tried.
 *
 * @example metadataUrlsOf('https://auth.example.com/tenant')
 * // ['https://auth.example.com/.well-known/oauth-authorization-server/tenant',
 * //  'https://auth.example.com/tenant/.well-known/openid-configuration']
 */
export function metadataUrlsOf(issuer: string): string[] {
  const url = new URL(issuer);
  const path = url.pathname.replace(/\/+$/, '');
  return [
    `${url.origin}/.well-known/oauth-authorization-server${path}`,
    `${url.origin}${path}/.well-known/openid-configuration`,
  ];
}

/**
 * Fetches the issuer's metadata; throws an `Error` saying what each URL answered when none gives
 * a document for this issuer with a `jwks_uri`.
 *
 * @example const { jwksUri } = await discoverIssuerMetadata('https://auth.example.com');
 */
export async function discoverIssuerMetadata(
  issuer: string,
  options: DiscoverIssuerOptions = {},
): Promise<IssuerMetadata> {
  const fetchImpl = options.fetch ?? globalThis.fetch;
  const failures: string[] = [];
  for (const metadataUrl of metadataUrlsOf(issuer)) {
    try {
      const document = await fetchDocument(fetchImpl, metadataUrl, options.timeoutMs ?? 5_000);
      return { ...checkedMetadata(document, issuer), metadataUrl };
    } catch (error) {
      failures.push(`${metadataUrl}: ${messageOf(error)}`);
    }
  }
  throw new Error(`no usable authorization server metadata (${failures.join('; ')})`);
}

async function fetchDocument(fetchImpl: typeof fetch, url: string, timeoutMs: number): Promise<unknown> {
  const response = await fetchImpl(url, {
    headers: { accept: 'application/json' },
    redirect: 'error',
    signal: AbortSignal.timeout(timeoutMs),
  });
  if (!response.ok) {
    await response.body?.cancel();
    throw new Error(`HTTP ${response.status}`);
  }
  return response.json();
}

// RFC 8414 §3.3: the document's issuer must be the one asked for, or a server could hand out
// another issuer's keys.
function checkedMetadata(document: unknown, issuer: string): Omit<IssuerMetadata, 'metadataUrl'> {
  if (typeof document !== 'object' || document === null) throw new Error('not a JSON object');
  const { issuer: declared, jwks_uri: jwksUri } = document as Record<string, unknown>;
  if (declared !== issuer) {
    throw new Error(`declares issuer ${JSON.stringify(declared)}, not ${JSON.stringify(issuer)}`);
  }
  if (typeof jwksUri !== 'string' || !URL.canParse(jwksUri)) throw new Error('has no jwks_uri');
  const protocol = new URL(jwksUri).protocol;
  if (protocol !== 'https:' && protocol !== 'http:') throw new Error('jwks_uri is not an http(s) URL');
  return { issuer: declared, jwksUri };
}
