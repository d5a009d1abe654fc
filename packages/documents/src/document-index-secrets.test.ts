import { symlink } from 'node:fs/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { DocumentError } from './document-error.ts';
import { createDocumentIndex, type DocumentIndex } from './document-index.ts';
import { DEFAULT_DOCUMENT_EXTENSIONS, type DocumentIndexOptions } from './document-index-options.ts';
import { createTempRepo, type TempRepo } from './fixtures/temp-repo.ts';

let repo: TempRepo;
let index: DocumentIndex;
afterEach(async () => {
  index.close();
  await repo.remove();
});

/** Key files are served types here, so only the deny-list can keep them out. */
const EXTENSIONS = [...DEFAULT_DOCUMENT_EXTENSIONS, 'pem', 'key', 'p12', 'env'];

async function setUp(
  files: Record<string, string>,
  options: Partial<DocumentIndexOptions> = {},
): Promise<DocumentIndex> {
  repo = await createTempRepo({
    sample: false,
    files: { 'docs/guide.md': '# Guide\nplainword\n', ...files },
  });
  index = createDocumentIndex({ root: repo.root, extensions: EXTENSIONS, ...options });
  return index;
}

/** What fetch answered: the error's code and message, or 'fetched'. */
async function outcome(id: string): Promise<{ code: string; message: string } | 'fetched'> {
  try {
    await index.fetch(id);
    return 'fetched';
  } catch (error) {
    if (!(error instanceof DocumentError)) throw error;
    return { code: error.code, message: error.message.replaceAll(id, '<id>') };
  }
}

const ids = async (query: string) => (await index.search(query)).results.map((result) => result.id);

/** One secret-looking file per deny-list entry, each holding its own word. */
const SECRETS: readonly string[] = [
  '.env',
  '.env.local',
  '.env.production.json',
  'config/.envrc',
  'deploy/production.env',
  'certs/server.pem',
  'tls/private.key',
  'tls/bundle.p12',
  'id_rsa',
  'keys/id_ed25519.txt',
  '.npmrc',
  '.yarnrc.yml',
  '.pypirc',
  '.netrc',
  '.pgpass',
  '.git-credentials',
  '.docker/config.json',
  '.config/gh/hosts.yml',
  '.aws/credentials.toml',
  '.azure/config.json',
  '.ssh/notes.md',
  '.gnupg/readme.txt',
  '.kube/config.yaml',
  '.git/description.md',
  'cockpit.tasks.json',
  'evals/cockpit.tasks.json',
  'Sub/.ENV.Local.TXT',
];

describe('the deny-list of secret-looking files', () => {
  it.each(SECRETS)(
    'never indexes or serves %s, and refuses it without saying whether it exists',
    async (id) => {
      await setUp({ [id]: `token secretword${SECRETS.indexOf(id)}\n` });
      expect(await ids(`secretword${SECRETS.indexOf(id)}`)).toEqual([]);
      const existing = await outcome(id);
      expect(existing).toMatchObject({ code: 'DOCUMENT_DENIED', message: expect.stringMatching(/secret/) });
      await repo.remove();
      // The same answer for a file that is not there: the refusal says nothing about existence.
      const missing = await outcome(id);
      expect(missing).toEqual(existing);
    },
  );

  it('still serves look-alikes that are not secrets', async () => {
    const lookalikes = [
      'environment.md',
      'docs/env.md',
      'src/id_map.py',
      'keyboard.md',
      'monkey.ts',
      '.github/workflows/ci.yml',
      'docs/config/settings.md',
      'gitnotes/.gitkeep.md',
      'tasks.json',
    ];
    await setUp(Object.fromEntries(lookalikes.map((id) => [id, 'lookalikeword'])));
    expect((await ids('lookalikeword')).sort()).toEqual([...lookalikes].sort());
    for (const id of lookalikes) expect(await outcome(id)).toBe('fetched');
  });
});

describe('symlinks to secrets', () => {
  it('judges a link by its target: envlink.txt -> .env is neither indexed nor served', async () => {
    await setUp({
      '.env': 'API_TOKEN=linkedsecret\n',
      '.config/gh/hosts.yml': 'oauth_token: linkedsecret\n',
    });
    await symlink('.env', repo.pathOf('envlink.txt'));
    await symlink('.config/gh/hosts.yml', repo.pathOf('docs/hosts.md'));
    expect(await ids('linkedsecret')).toEqual([]);
    // Exactly what a missing file gets: a link's existence is not revealed either.
    const missing = await outcome('docs/missing.txt');
    expect(missing).toMatchObject({ code: 'DOCUMENT_NOT_FOUND' });
    expect(await outcome('envlink.txt')).toEqual(missing);
    expect(await outcome('docs/hosts.md')).toEqual(missing);
  });

  it('checks the served type on the target, not the link name', async () => {
    await setUp({ LICENSE: 'licenseword\n' });
    await symlink('LICENSE', repo.pathOf('license.md'));
    expect(await ids('licenseword')).toEqual([]);
    expect(await outcome('license.md')).toMatchObject({ code: 'UNSUPPORTED_DOCUMENT_TYPE' });
  });
});

describe('the task file', () => {
  it('is never served under another name when it is configured (deniedFiles), nor through a link', async () => {
    await setUp(
      { 'evals/tasks.json': '{"smoke":{"command":["x"],"env":{"TOKEN":"taskfilesecret"}}}' },
      { deniedFiles: [] },
    );
    expect(await ids('taskfilesecret')).toEqual(['evals/tasks.json']); // an ordinary file until configured
    index.close();
    index = createDocumentIndex({ root: repo.root, deniedFiles: [repo.pathOf('evals/tasks.json')] });
    await symlink('evals/tasks.json', repo.pathOf('tasks-link.json'));
    expect(await ids('taskfilesecret')).toEqual([]);
    expect(await outcome('evals/tasks.json')).toMatchObject({ code: 'DOCUMENT_DENIED' });
    expect(await outcome('tasks-link.json')).toEqual(await outcome('missing.json'));
  });
});

describe('include (LUKHAS_DOCS_INCLUDE)', () => {
  it('narrows what is indexed and served to the matching paths, links judged by both ends', async () => {
    await setUp(
      {
        'README.md': 'includeword',
        'docs/a.md': 'includeword',
        'docs/deep/b.md': 'includeword',
        'docs/private/c.md': 'includeword',
        'src/app.ts': 'includeword',
        'notes/todo.txt': 'includeword',
      },
      { include: ['docs/**', '*.txt', '!docs/private/'] },
    );
    await symlink('../src/app.ts', repo.pathOf('docs/app-link.md'));
    expect((await ids('includeword')).sort()).toEqual(['docs/a.md', 'docs/deep/b.md', 'notes/todo.txt']);
    expect(await outcome('docs/deep/b.md')).toBe('fetched');
    expect(await outcome('README.md')).toMatchObject({
      code: 'DOCUMENT_DENIED',
      message: expect.stringMatching(/LUKHAS_DOCS_INCLUDE/),
    });
    expect(await outcome('docs/private/c.md')).toMatchObject({ code: 'DOCUMENT_DENIED' });
    expect(await outcome('docs/app-link.md')).toEqual(await outcome('docs/missing.md'));
  });

  it('still never serves a denied file it matches', async () => {
    await setUp({ '.env.md': 'includedsecret' }, { include: ['**'] });
    expect(await ids('includedsecret')).toEqual([]);
    expect(await outcome('.env.md')).toMatchObject({ code: 'DOCUMENT_DENIED' });
  });
});
