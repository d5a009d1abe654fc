import { describe, expect, it } from 'vitest';
import { formatTable } from './format-table.ts';
import { formatBytes, progressBar } from './progress-bar.ts';

describe('formatTable', () => {
  it('pads columns to the widest cell and trims line ends', () => {
    expect(
      formatTable(
        ['ID', 'STATUS'],
        [
          ['job_1', 'ok'],
          ['j', 'failed'],
        ],
      ),
    ).toBe('ID     STATUS\njob_1  ok\nj      failed\n');
  });
});

describe('progressBar', () => {
  it('draws on a terminal and stays silent otherwise', () => {
    let written = '';
    const stderr = {
      isTTY: true,
      write: (text: string) => {
        written += text;
        return true;
      },
    };
    const bar = progressBar({ stderr: stderr as never }, 4);
    bar.update(2, 'audits.csv');
    bar.end();
    expect(written).toContain('[############------------] 2/4 audits.csv');
    written = '';
    const quiet = progressBar({ stderr: { ...stderr, isTTY: false } as never }, 4);
    quiet.update(1, 'x');
    quiet.end();
    expect(written).toBe('');
    expect(formatBytes(2048)).toBe('2.0 KiB');
  });
});
