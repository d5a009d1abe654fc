/**
 * `@lukhas/documents/testing`: the throwaway repository the index tests start from, for the
 * server's tests that drive search and fetch through MCP.
 *
 * @example
 * const repo = await createTempRepo({ files: { 'docs/extra.md': '# Extra' } });
 * const index = createDocumentIndex({ root: repo.root });
 */

export { startSymlinkSwapper } from './fixtures/symlink-swapper.ts';
export { createTempRepo, SAMPLE_REPO, type TempRepo } from './fixtures/temp-repo.ts';
