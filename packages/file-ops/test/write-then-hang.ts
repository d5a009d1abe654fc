/**
 * A child process for the crash test: writes one file and stops dead once the temp file is on
 * disk, before the change is recorded and renamed into place, so the test can SIGKILL it there.
 * Arguments: root, database file, path, content.
 */
import path from 'node:path';
import { fileStore } from '@lukhas/persistence/testing';
import { createFileOperations } from '../src/file-operations.ts';

const [root, databaseFile, filePath, content] = process.argv.slice(2) as [string, string, string, string];
const { store } = await fileStore(databaseFile);
const files = createFileOperations({
  root,
  maxBytes: 1024 * 1024,
  recorder: store,
  onTempWritten: async ({ tempLocation }) => {
    console.log(`TEMP_WRITTEN ${path.basename(tempLocation)}`);
    // Keeps the process alive, here, until it is killed.
    await new Promise(() => setInterval(() => undefined, 60_000));
  },
});
await files.write({ path: filePath, content, operator: 'local' });
console.log('WRITE_RETURNED');
