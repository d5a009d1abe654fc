/**
 * Which per-canary webhook URLs the cockpit may call. They are chosen by whoever holds a key, so
 * without a check `start_canary` could make the cockpit POST to any internal address (SSRF). The
 * operator lists what may be called (`LUKHAS_WEBHOOK_ALLOW`): origins (`https://hooks.example.com`)
 * and networks (`10.1.0.0/16`). Default: nothing, so only the operator's global hooks are used.
 *
 * - An origin entry allows URLs with exactly that origin. Their host name must resolve to public
 *   addresses only (or to addresses inside a listed network): a listed name pointed at 127.0.0.1
 *   is refused. An origin whose host is an IP literal allows that address, explicitly.
 * - A network entry allows URLs whose host is an IP literal inside it. Host names are not matched
 *   by networks: a caller's own domain could answer a listed address at the check and another one
 *   at the call (DNS rebinding).
 * - Loopback, private, link-local, unique-local, unspecified, multicast and reserved addresses
 *   (IPv4 and IPv6, IPv4-mapped included; the URL parser turns `2130706433` or `0x7f.1` into
 *   `127.0.0.1` first) are refused unless an entry allows them explicitly.
 *
 * The check runs when a canary starts and again before every call.
 */
import { CanaryEngineError } from './canary-engine-error.ts';
import { type IpNetwork, isInNetwork, nonPublicKind, parseIpAddress, parseIpNetwork } from './ip-address.ts';

/** Resolves a host name to its addresses (`dns.lookup(name, { all: true })` in Node); rejects when it cannot. */
export type ResolveHost = (hostname: string) => Promise<readonly string[]>;

/** The parsed `LUKHAS_WEBHOOK_ALLOW`. */
export interface WebhookAllowList {
  readonly origins: ReadonlySet<string>;
  readonly networks: readonly IpNetwork[];
}

/** The environment variable of the allow-list, named in every refusal. */
export const WEBHOOK_ALLOW_ENV = 'LUKHAS_WEBHOOK_ALLOW';

/**
 * Parses allow-list entries (origins, networks in CIDR notation, or single addresses); throws
 * `INVALID_WEBHOOK_SETTINGS` naming `source` for an entry that is none of them.
 *
 * @example parseWebhookAllowList(['https://hooks.example.com', '10.1.0.0/16'])
 */
export function parseWebhookAllowList(
  entries: readonly string[],
  source: string = WEBHOOK_ALLOW_ENV,
): WebhookAllowList {
  const origins = new Set<string>();
  const networks: IpNetwork[] = [];
  for (const raw of entries) {
    const entry = raw.trim();
    if (entry === '') continue;
    if (entry.includes('://')) {
      origins.add(parseOriginEntry(entry, source));
      continue;
    }
    const network = parseIpNetwork(entry);
    if (network === null) {
      throw new CanaryEngineError(
        'INVALID_WEBHOOK_SETTINGS',
        `${source} entry "${entry}" is neither an origin like https://hooks.example.com nor a network like 10.1.0.0/16`,
      );
    }
    networks.push(network);
  }
  return { origins, networks };
}

function parseOriginEntry(entry: string, source: string): string {
  let url: URL | undefined;
  try {
    url = new URL(entry);
  } catch {
    url = undefined;
  }
  if (
    url === undefined ||
    (url.protocol !== 'http:' && url.protocol !== 'https:') ||
    url.username !== '' ||
    url.password !== '' ||
    url.pathname !== '/' ||
    url.search !== '' ||
    url.hash !== ''
  ) {
    throw new CanaryEngineError(
      'INVALID_WEBHOOK_SETTINGS',
      `${source} entry "${entry}" must be an origin, scheme://host[:port] with no path, like https://hooks.example.com`,
    );
  }
  return url.origin;
}

/** Why a per-canary URL may not be called, or null when it may. */
export type WebhookTargetVerdict = string | null;

/** What {@link checkWebhookTarget} needs. */
export interface WebhookTargetPolicy {
  readonly allowList: WebhookAllowList;
  /** Host names are resolved with it; without one, only IP-literal hosts can pass. */
  readonly resolveHost?: ResolveHost | undefined;
}

/**
 * Null when the per-canary webhook `url` may be called now, else why not, in words safe to show
 * the caller (no resolved address, no token). Never throws.
 *
 * @example await checkWebhookTarget('http://127.0.0.1:6379/', { allowList }) // 'loopback address 127.0.0.1 is not in LUKHAS_WEBHOOK_ALLOW'
 */
export async function checkWebhookTarget(
  url: string,
  policy: WebhookTargetPolicy,
): Promise<WebhookTargetVerdict> {
  const { allowList } = policy;
  if (allowList.origins.size === 0 && allowList.networks.length === 0) {
    return `per-canary webhook URLs are off (${WEBHOOK_ALLOW_ENV} is not set): the operator's LUKHAS_CANARY_WEBHOOK_* hooks apply`;
  }
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'not a URL';
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return 'not an http(s) URL';
  if (parsed.username !== '' || parsed.password !== '') {
    return 'a URL with user:password@ is not sent; put a token in the path or query';
  }
  const byOrigin = allowList.origins.has(parsed.origin);
  const literal = parseIpAddress(parsed.hostname);
  const inListedNetwork = (address: Uint8Array) =>
    allowList.networks.some((network) => isInNetwork(address, network));
  if (literal !== null) {
    // An IP literal is allowed by its exact origin or by a listed network, whatever its kind.
    if (byOrigin || inListedNetwork(literal)) return null;
    const kind = nonPublicKind(literal);
    return `${kind === null ? '' : `${kind} address `}${parsed.hostname} is not in ${WEBHOOK_ALLOW_ENV}`;
  }
  if (!byOrigin) return `${parsed.origin} is not in ${WEBHOOK_ALLOW_ENV}`;
  if (policy.resolveHost === undefined) return `${parsed.hostname} cannot be resolved here`;
  let addresses: readonly string[];
  try {
    addresses = await policy.resolveHost(parsed.hostname);
  } catch {
    return `${parsed.hostname} does not resolve`;
  }
  if (addresses.length === 0) return `${parsed.hostname} does not resolve`;
  for (const text of addresses) {
    const address = parseIpAddress(text);
    if (address === null) return `${parsed.hostname} resolves to something that is not an IP address`;
    const kind = nonPublicKind(address);
    if (kind !== null && !inListedNetwork(address)) {
      return `${parsed.hostname} resolves to a ${kind} address, which ${WEBHOOK_ALLOW_ENV} does not list`;
    }
  }
  return null;
}

/**
 * A webhook URL as tool results show it: its origin and `/…`, never the path or query, where
 * tokens live. Anything unparseable is `[redacted]`.
 *
 * @example redactWebhookUrl('https://hooks.example.com/t/s3cret?token=x') // 'https://hooks.example.com/…'
 */
export function redactWebhookUrl(url: string): string {
  try {
    const { origin } = new URL(url);
    return origin === 'null' ? '[redacted]' : `${origin}/…`;
  } catch {
    return '[redacted]';
  }
}
