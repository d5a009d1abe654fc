/**
 * The deny-list: files that look like credentials are never indexed or served, whatever their
 * type, `.gitignore` or `include` say. A repository checkout routinely holds them (a developer's
 * `.env`, a `.docker/config.json` copied in, the cockpit's own task file with task `env` tokens)
 * and `search`/`fetch` answer any key holder, so the default is to keep them out.
 *
 * Names are compared case-insensitively (`.ENV` is as secret as `.env`, and macOS file systems
 * do not tell them apart) and every segment of a path counts: `a/.ssh/b.md` is denied because of
 * `.ssh`, `x/.env.d/y.json` because of `.env.d`. The index applies it to the id asked for and to
 * the real target of a symlink, so `envlink.txt -> .env` is denied as `.env` is.
 */

/** Directories whose whole content is denied: credential stores of common tools, and git's own. */
export const SECRET_DIRECTORY_NAMES: readonly string[] = [
  '.aws',
  '.azure',
  '.config',
  '.docker',
  '.git',
  '.gnupg',
  '.kube',
  '.ssh',
];

/** Exact file names denied: package-manager tokens, login files, and the default task file. */
export const SECRET_FILE_NAMES: readonly string[] = [
  '.git-credentials',
  '.netrc',
  '_netrc',
  '.npmrc',
  '.pgpass',
  '.pypirc',
  '.yarnrc',
  '.yarnrc.yml',
  'cockpit.tasks.json',
];

/** Name prefixes denied: dotenv files (`.env`, `.env.local`, `.envrc`…) and SSH private keys. */
export const SECRET_NAME_PREFIXES: readonly string[] = [
  '.env',
  // ssh-keygen's default names, by key type; not every `id_*` (`id_map.py` is source code).
  'id_rsa',
  'id_dsa',
  'id_ecdsa',
  'id_ed25519',
];

/** Extensions denied: private keys and certificate bundles, and `*.env` files. */
export const SECRET_EXTENSIONS: readonly string[] = ['.env', '.key', '.p12', '.pem', '.pfx'];

const directoryNames = new Set(SECRET_DIRECTORY_NAMES);
const fileNames = new Set(SECRET_FILE_NAMES);

/** True when one path segment (a file or directory name) looks like a secret. */
export function isSecretLookingName(name: string): boolean {
  const lower = name.toLowerCase();
  return (
    directoryNames.has(lower) ||
    fileNames.has(lower) ||
    SECRET_NAME_PREFIXES.some((prefix) => lower.startsWith(prefix)) ||
    SECRET_EXTENSIONS.some((extension) => lower.endsWith(extension) && lower.length > extension.length)
  );
}

/**
 * True when any segment of `id` (a path relative to the root, forward slashes) looks like a secret.
 *
 * @example isSecretLookingId('.config/gh/hosts.yml') // true
 * @example isSecretLookingId('docs/environment.md') // false
 */
export function isSecretLookingId(id: string): boolean {
  return id.split('/').some(isSecretLookingName);
}
