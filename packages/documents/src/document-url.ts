import path from 'node:path';
import { pathToFileURL } from 'node:url';

/**
 * The url of a document: `baseUrl` + its id (each segment percent-encoded) when a base is
 * configured, e.g. a repository browser; otherwise the `file://` URL of the file under `root`.
 *
 * @example documentUrl('docs/a b.md', { root: '/repo', baseUrl: 'https://git.example/blob/main' }) // 'https://git.example/blob/main/docs/a%20b.md'
 */
export function documentUrl(
  id: string,
  options: { readonly root: string; readonly baseUrl?: string | undefined },
): string {
  if (options.baseUrl === undefined) return pathToFileURL(path.join(options.root, ...id.split('/'))).href;
  const encoded = id.split('/').map(encodeURIComponent).join('/');
  return options.baseUrl.endsWith('/') ? options.baseUrl + encoded : `${options.baseUrl}/${encoded}`;
}
