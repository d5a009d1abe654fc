import { describe, expect, it } from 'vitest';
import { DEFAULT_FILE_OPS_MAX_BYTES, parseFileOpsSettings } from './file-ops-settings.ts';

const repoRoot = '/srv/repo';

describe('parseFileOpsSettings', () => {
  it('is off unless LUKHAS_FILE_OPS enables it', () => {
    for (const value of [undefined, '', '0', 'false', 'off']) {
      expect(parseFileOpsSettings({ LUKHAS_FILE_OPS: value }, { repoRoot })).toBeNull();
    }
    expect(parseFileOpsSettings({ LUKHAS_FILE_OPS: '1' }, { repoRoot })).toEqual({
      root: repoRoot,
      maxBytes: DEFAULT_FILE_OPS_MAX_BYTES,
    });
  });

  it('reads the size limit, the allow-list and the denied files', () => {
    expect(
      parseFileOpsSettings(
        {
          LUKHAS_FILE_OPS: 'true',
          LUKHAS_FILE_OPS_MAX_BYTES: '65536',
          LUKHAS_FILE_OPS_ALLOW: ' configs/** , prompts/** ',
        },
        { repoRoot, deniedFiles: ['/srv/repo/ops/tasks.json'] },
      ),
    ).toEqual({
      root: repoRoot,
      maxBytes: 65536,
      allow: ['configs/**', 'prompts/**'],
      deniedFiles: ['/srv/repo/ops/tasks.json'],
    });
  });

  it('names the variable and the value it cannot use', () => {
    const refusal = (env: Record<string, string>) => {
      try {
        parseFileOpsSettings({ LUKHAS_FILE_OPS: '1', ...env }, { repoRoot });
      } catch (error) {
        return (error as Error).message;
      }
      return 'accepted';
    };
    expect(refusal({ LUKHAS_FILE_OPS: 'yes please' })).toMatch(
      /^LUKHAS_FILE_OPS="yes please" is not a switch: set it to 1/,
    );
    for (const bytes of ['0', '-1', '1.5', '1MiB', '99999999999']) {
      expect(refusal({ LUKHAS_FILE_OPS_MAX_BYTES: bytes })).toMatch(
        /^LUKHAS_FILE_OPS_MAX_BYTES=".*" must be a whole number of bytes from 1 to 67108864/,
      );
    }
    expect(refusal({ LUKHAS_FILE_OPS_ALLOW: 'configs/**,../x' })).toMatch(
      /^LUKHAS_FILE_OPS_ALLOW: the pattern "..\/x" contains/,
    );
    expect(refusal({ LUKHAS_FILE_OPS_ALLOW: '!configs/**' })).toMatch(
      /^LUKHAS_FILE_OPS_ALLOW has only "!" patterns/,
    );
  });
});
