import { ProtocolError } from '@modelcontextprotocol/server';
import { describe, expect, it } from 'vitest';
import { requireProtocolScope } from './protocol-access.ts';

describe('requireProtocolScope', () => {
  it('lets a caller with the scope through', () => {
    expect(() =>
      requireProtocolScope({ operator: 'key:1', scopes: ['read'] }, 'read', 'reading x'),
    ).not.toThrow();
  });

  it('refuses a caller without it with -32600 naming the scope', () => {
    let refusal: unknown;
    try {
      requireProtocolScope({ operator: 'anonymous', scopes: [] }, 'read', 'reading cockpit://jobs/job_1');
    } catch (error) {
      refusal = error;
    }
    expect(refusal).toBeInstanceOf(ProtocolError);
    expect(refusal).toMatchObject({
      code: -32600,
      message:
        'reading cockpit://jobs/job_1 needs the read scope; this request carries no scope [FORBIDDEN_SCOPE]',
      data: { scope: 'read' },
    });
  });
});
