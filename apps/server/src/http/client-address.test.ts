import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { clientAddressFrom } from './client-address.ts';

function appWith(trustProxy: boolean) {
  const clientAddress = clientAddressFrom({ trustProxy });
  const app = new Hono();
  app.get('/', (context) => context.text(clientAddress(context)));
  return app;
}

const forwardedFor = (value: string) => ({ headers: { 'X-Forwarded-For': value } });

describe('clientAddressFrom', () => {
  it("answers 'unknown' without a socket (app.request in tests)", async () => {
    expect(await (await appWith(false).request('/')).text()).toBe('unknown');
  });

  it('ignores X-Forwarded-For unless the proxy is trusted: clients can write anything there', async () => {
    expect(await (await appWith(false).request('/', forwardedFor('203.0.113.7'))).text()).toBe('unknown');
  });

  it.each([
    ['203.0.113.7', '203.0.113.7'],
    [' 203.0.113.7 , 10.0.0.1', '203.0.113.7'],
    ['::ffff:203.0.113.7', '203.0.113.7'],
    ['2001:DB8::1', '2001:db8::1'],
    ["1' OR '1'='1", 'unknown'],
    ['x'.repeat(10_000), 'unknown'],
    ['', 'unknown'],
  ])('with a trusted proxy takes the left-most valid IP of %j', async (header, expected) => {
    expect(await (await appWith(true).request('/', forwardedFor(header))).text()).toBe(expected);
  });
});
