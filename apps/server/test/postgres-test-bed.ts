/**
 * What the tests of cockpit processes on PostgreSQL share: one throwaway cluster per test file
 * (`startPostgresCluster`), the processes a test starts, the readers it opens on the database and
 * its temp folders, all put away after each test (or, with `keepAcrossTests`, after the file).
 */
import {
  type CockpitDatabaseStore,
  closeDatabase,
  createCockpitStore,
  openPostgresDatabase,
} from '@lukhas/persistence';
import { type PostgresCluster, startPostgresCluster } from '@lukhas/persistence/testing';
import { createTempDirs, type RunningServerProcess, type TempDirs } from '@lukhas/test-kit';
import { afterAll, afterEach, beforeAll } from 'vitest';

/** The shared set-up of one test file. */
export interface PostgresTestBed {
  /** The file's cluster (started before its first test). */
  readonly cluster: PostgresCluster;
  readonly tempDirs: TempDirs;
  /** Kills `server` when the test (or the file) ends; returns it. */
  track(server: RunningServerProcess): RunningServerProcess;
  /** A store over `url` to read what the processes wrote, and its database; closed when the test ends. */
  openReader(url: string): Promise<{
    readonly store: CockpitDatabaseStore;
    readonly db: Awaited<ReturnType<typeof openPostgresDatabase>>;
  }>;
}

/**
 * Registers the file's hooks and returns the bed.
 *
 * @example
 * const bed = usePostgresTestBed({ afterStart: (cluster) => cluster.query('CREATE ROLE …') });
 * const server = bed.track(await startMainProcess({ env: { LUKHAS_MCP_DB: bed.cluster.url('db') } }));
 */
export function usePostgresTestBed(
  options: {
    /** Runs once the cluster is up (roles, settings). */
    readonly afterStart?: (cluster: PostgresCluster) => Promise<unknown>;
    /** Processes and folders live until the file ends (tests that build on each other). */
    readonly keepAcrossTests?: boolean;
  } = {},
): PostgresTestBed {
  let cluster: PostgresCluster | undefined;
  const servers: RunningServerProcess[] = [];
  const closers: (() => Promise<void>)[] = [];
  const tempDirs = createTempDirs();

  beforeAll(async () => {
    cluster = await startPostgresCluster();
    await options.afterStart?.(cluster);
  });
  const putAway = async () => {
    for (const server of servers.splice(0)) await server.kill();
    for (const close of closers.splice(0)) await close();
    tempDirs.removeAll();
  };
  if (options.keepAcrossTests !== true) afterEach(putAway);
  afterAll(async () => {
    await putAway();
    await cluster?.stop();
  });

  return {
    get cluster() {
      if (cluster === undefined) throw new Error('the PostgreSQL cluster starts in beforeAll');
      return cluster;
    },
    tempDirs,
    track(server) {
      servers.push(server);
      return server;
    },
    async openReader(url) {
      const db = await openPostgresDatabase({ url, poolSize: 2 });
      closers.push(() => closeDatabase(db));
      return { store: createCockpitStore(db), db };
    },
  };
}
