import { ConfigError } from './config-error.ts';

/** The variable that holds the API keys, comma-separated. */
export const API_KEYS_VARIABLE = 'LUKHAS_MCP_API_KEYS';

/**
 * The API keys of LUKHAS_MCP_API_KEYS (comma-separated, trimmed, blanks dropped); none means "no
 * auth", which the security settings allow on loopback only. The one parser of the variable.
 * Throws a {@link ConfigError} for a key a client could not send in a header, by its position:
 * a key is never quoted (messages end up in logs).
 *
 * @example parseApiKeys({ LUKHAS_MCP_API_KEYS: ' k1, ,k2 ' }) // ['k1', 'k2']
 */
export function parseApiKeys(env: Readonly<Record<string, string | undefined>>): readonly string[] {
  const keys = (env[API_KEYS_VARIABLE] ?? '')
    .split(',')
    .map((key) => key.trim())
    .filter((key) => key.length > 0);
  const problems = keys.flatMap((key, index) =>
    /^[\x21-\x7e]+$/.test(key)
      ? []
      : [
          `${API_KEYS_VARIABLE} entry ${index + 1} has spaces, control or non-ASCII characters: a client could not send it in a header`,
        ],
  );
  if (problems.length > 0) throw new ConfigError(problems.join('; '), { problems });
  return keys;
}
