import { TOOL_NAMES } from '@lukhas/core';
import { describe, expect, it } from 'vitest';
import { COCKPIT_TOOLS } from './index.ts';

describe('COCKPIT_TOOLS', () => {
  it("is every tool of core's contract, once, in contract order", () => {
    expect(COCKPIT_TOOLS.map((tool) => tool.name)).toEqual([...TOOL_NAMES]);
  });
});
