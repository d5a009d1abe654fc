import { describe, expect, it } from 'vitest';
import { nonPublicKind, parseIpAddress } from './ip-address.ts';
import { checkWebhookTarget, parseWebhookAllowList, redactWebhookUrl } from './webhook-targets.ts';

describe('nonPublicKind', () => {
  it.each([
    ['127.0.0.1', 'loopback'],
    ['::1', 'loopback'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:7f00:1', 'loopback'],
    ['0.0.0.0', 'unspecified'],
    ['::', 'unspecified'],
    ['10.255.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['100.64.0.1', 'private'],
    ['169.254.169.254', 'link-local'],
    ['fe80::1', 'link-local'],
    ['fd00:ec2::254', 'unique-local'],
    ['64:ff9b::7f00:1', 'reserved'],
    ['::127.0.0.1', 'reserved'],
    ['2002:7f00:1::', 'reserved'],
    ['ff02::1', 'multicast'],
    ['93.184.216.34', null],
    ['::ffff:93.184.216.34', null],
    ['172.32.0.1', null],
    ['2606:2800:220:1:248:1893:25c8:1946', null],
  ])('%s → %s', (text, kind) => {
    const address = parseIpAddress(text);
    expect(address).not.toBeNull();
    expect(nonPublicKind(address as Uint8Array)).toBe(kind);
  });

  it.each(['1.2.3', '256.0.0.1', '01.2.3.4', '1::2::3', 'fe80::1%eth0', '1:2:3:4:5:6:7:8:9', 'localhost'])(
    'does not take %s for an address',
    (text) => {
      expect(parseIpAddress(text)).toBeNull();
    },
  );
});

describe('checkWebhookTarget', () => {
  const allowList = parseWebhookAllowList([
    'https://hooks.example.com',
    'http://10.9.8.7:8080',
    '10.1.0.0/16',
    'fd00::/8',
  ]);
  const resolveHost = async () => ['93.184.216.34'];

  it.each([
    'https://hooks.example.com/x?token=1',
    'https://HOOKS.example.com:443/x',
    'http://10.9.8.7:8080/explicitly-listed',
    'http://10.1.200.3/in-a-listed-network',
    'http://[::ffff:10.1.0.9]/mapped-in-a-listed-network',
    'http://[fd00::5]:9000/v6-in-a-listed-network',
  ])('allows %s', async (url) => {
    expect(await checkWebhookTarget(url, { allowList, resolveHost })).toBeNull();
  });

  it.each([
    ['http://10.9.8.7:8081/', 'private address 10.9.8.7 is not in LUKHAS_WEBHOOK_ALLOW'],
    ['http://10.2.0.1/', 'private address 10.2.0.1 is not in LUKHAS_WEBHOOK_ALLOW'],
    ['http://167772673/', 'private address 10.0.2.1 is not in LUKHAS_WEBHOOK_ALLOW'],
    ['http://hooks.example.com/', 'http://hooks.example.com is not in LUKHAS_WEBHOOK_ALLOW'],
    ['https://93.184.216.34/', '93.184.216.34 is not in LUKHAS_WEBHOOK_ALLOW'],
  ])('refuses %s: %s', async (url, why) => {
    expect(await checkWebhookTarget(url, { allowList, resolveHost })).toBe(why);
  });

  it('refuses a listed name that does not resolve, or that resolves to an internal address', async () => {
    const url = 'https://hooks.example.com/x';
    expect(
      await checkWebhookTarget(url, {
        allowList,
        resolveHost: async () => {
          throw new Error('ENOTFOUND');
        },
      }),
    ).toBe('hooks.example.com does not resolve');
    expect(
      await checkWebhookTarget(url, { allowList, resolveHost: async () => ['93.184.216.34', '::1'] }),
    ).toBe('hooks.example.com resolves to a loopback address, which LUKHAS_WEBHOOK_ALLOW does not list');
    // Inside a listed network, an internal answer is what the operator asked for.
    expect(await checkWebhookTarget(url, { allowList, resolveHost: async () => ['10.1.0.3'] })).toBeNull();
  });
});

describe('redactWebhookUrl', () => {
  it.each([
    ['https://hooks.example.com/t/s3cret?token=x#f', 'https://hooks.example.com/…'],
    ['http://user:pw@10.0.0.1:8080/x', 'http://10.0.0.1:8080/…'],
    ['not a url', '[redacted]'],
  ])('%s → %s', (url, shown) => {
    expect(redactWebhookUrl(url)).toBe(shown);
  });
});
