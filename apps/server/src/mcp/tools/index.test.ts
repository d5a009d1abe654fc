import { FILE_TOOL_NAMES, TOOL_NAMES } from '@lukhas/core';
import { describe, expect, it } from 'vitest';
import { ACCESS_SCOPES } from '../../access/index.ts';
import { COCKPIT_TOOLS, FILE_TOOLS } from './index.ts';

describe('COCKPIT_TOOLS', () => {
  it("is every tool of core's contract, once, in contract order, the opt-in file tools last", () => {
    expect([...COCKPIT_TOOLS, ...FILE_TOOLS].map((tool) => tool.name)).toEqual([...TOOL_NAMES]);
    expect(FILE_TOOLS.map((tool) => tool.name)).toEqual([...FILE_TOOL_NAMES]);
  });

  it('declares a scope for every tool', () => {
    for (const tool of [...COCKPIT_TOOLS, ...FILE_TOOLS]) expect(ACCESS_SCOPES).toContain(tool.scope);
  });

  it('lets a read caller list and read files; writing and patching need operate', () => {
    expect(Object.fromEntries(FILE_TOOLS.map((tool) => [tool.name, tool.scope]))).toEqual({
      list_files: 'read',
      read_file: 'read',
      write_file: 'operate',
      apply_patch: 'operate',
    });
  });

  it("gives read exactly the SPEC's list (search, fetch, get_*, list_*, why, why_math); everything else needs operate", () => {
    const byScope = (scope: string) =>
      COCKPIT_TOOLS.filter((tool) => tool.scope === scope)
        .map((tool) => tool.name)
        .sort();
    expect(byScope('read')).toEqual(
      ['fetch', 'get_canary', 'get_job', 'list_canaries', 'list_jobs', 'search', 'why', 'why_math'].sort(),
    );
    expect(byScope('operate')).toEqual(
      ['abort_canary', 'cancel_job', 'promote_canary', 'run_eval', 'start_canary'].sort(),
    );
  });
});
