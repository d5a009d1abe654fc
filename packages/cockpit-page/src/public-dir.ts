/**
 * Where the cockpit's pages live on disk, for the server that serves them: the cockpit has no build
 * step, so its public folder is its output, exported here rather than path-joined by others.
 *
 * @example pageRoutes({ root: cockpitPublicDir })
 */
import { fileURLToPath } from 'node:url';

/** Absolute path of `packages/cockpit-page/public/` (with a trailing separator). */
export const cockpitPublicDir: string = fileURLToPath(new URL('../public/', import.meta.url));
