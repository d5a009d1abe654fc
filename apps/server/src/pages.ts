import { readdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { cockpitPublicDir } from '@lukhas/cockpit-page/public-dir';
import { Hono } from 'hono';
import type { SecurityMiddlewareOptions } from './http/index.ts';

/** Options of {@link pageRoutes}. */
export interface PagesOptions {
  /** The directory served: packages/cockpit-page/public by default ({@link defaultPagesRoot}). */
  readonly root: string;
}

/** packages/cockpit-page/public, as the cockpit-page package exports it (`@lukhas/cockpit-page/public-dir`). */
export function defaultPagesRoot(): string {
  return cockpitPublicDir;
}

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json; charset=utf-8',
};

/**
 * The client SDK as one ES module (`@lukhas/mcp-cockpit-client/bundle`, its built dist): the pages
 * import it from here, so the one client is the only code in the browser that speaks `/sse` and
 * `/mcp`. Undefined when the SDK cannot be resolved at all.
 */
export function clientBundleFile(): string | undefined {
  try {
    return createRequire(import.meta.url).resolve('@lukhas/mcp-cockpit-client/bundle');
  } catch {
    return undefined;
  }
}

/** Where the pages find the SDK: `/vendor/mcp-cockpit-client.js`. */
export const CLIENT_BUNDLE_PATH = '/vendor/mcp-cockpit-client.js';

/** The two pages, at the paths the seeds open; every other file is under `/cockpit/`. */
const PAGES: Readonly<Record<string, string>> = {
  '/': 'cockpit.html',
  '/cockpit.html': 'cockpit.html',
  '/sse_probe.html': 'sse_probe.html',
};

/**
 * Every URL path served and the file behind it, listed once from the directory: requests are looked
 * up in this map, never joined onto the root, so no request path can reach outside it.
 */
export function pageFiles(options: PagesOptions): ReadonlyMap<string, string> {
  const files = new Map<string, string>();
  for (const [urlPath, file] of Object.entries(PAGES)) files.set(urlPath, path.join(options.root, file));
  for (const relative of listFiles(options.root)) {
    if (CONTENT_TYPES[path.extname(relative)] === undefined) continue;
    files.set(`/cockpit/${relative.split(path.sep).join('/')}`, path.join(options.root, relative));
  }
  return files;
}

function listFiles(root: string, prefix = ''): string[] {
  return readdirSync(path.join(root, prefix), { withFileTypes: true }).flatMap((entry) => {
    if (entry.name.startsWith('.')) return [];
    const relative = path.join(prefix, entry.name);
    if (entry.isDirectory()) return listFiles(root, relative);
    return entry.isFile() ? [relative] : [];
  });
}

/**
 * The security options with every page and asset added to the public routes: the API key is typed
 * into the page, so the page must load without one; the data routes stay behind the key.
 */
export function withPagePublicRoutes(
  securityOptions: SecurityMiddlewareOptions | undefined,
  options: PagesOptions,
): SecurityMiddlewareOptions {
  const pageRoutes = [...pageFiles(options).keys(), CLIENT_BUNDLE_PATH].map((urlPath) => `GET ${urlPath}`);
  return {
    ...securityOptions,
    publicRoutes: [...(securityOptions?.publicRoutes ?? ['GET /health']), ...pageRoutes],
  };
}

/**
 * `GET /` and `/cockpit.html` (the cockpit), `/sse_probe.html` (the probe), `/cockpit/<file>`
 * (their CSS and ES modules) and `/vendor/mcp-cockpit-client.js` (the client SDK they import), read
 * from disk on each request so an edited page shows on reload.
 *
 * @example app.route('/', pageRoutes({ root: defaultPagesRoot() }))
 */
export function pageRoutes(options: PagesOptions): Hono {
  const files = pageFiles(options);
  const bundle = clientBundleFile();
  const app = new Hono();
  app.get(CLIENT_BUNDLE_PATH, async (context) => {
    const body = bundle === undefined ? undefined : await readFile(bundle).catch(() => undefined);
    if (body === undefined) {
      // A checkout whose SDK was never built: say how to build it instead of a bare 404.
      return context.text(
        'the client SDK is not built: run `pnpm start` (it builds it first) or `pnpm turbo run build --filter=@lukhas/mcp-cockpit-client`\n',
        503,
      );
    }
    return context.body(body, 200, {
      'Content-Type': CONTENT_TYPES['.js'] ?? 'text/javascript',
      'Cache-Control': 'no-cache',
    });
  });
  app.get('*', async (context, next) => {
    const file = files.get(context.req.path);
    if (file === undefined) return next();
    const body = await readFile(file);
    return context.body(body, 200, {
      'Content-Type': CONTENT_TYPES[path.extname(file)] ?? 'application/octet-stream',
      'Cache-Control': 'no-cache',
    });
  });
  return app;
}
