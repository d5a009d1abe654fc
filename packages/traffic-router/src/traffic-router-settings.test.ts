import { describe, expect, it } from 'vitest';
import { isTrafficRouterError } from './traffic-router-error.ts';
import { parseHaproxyAddress, parseTrafficRouterSettings } from './traffic-router-settings.ts';

function refusal(env: Record<string, string>): string {
  try {
    parseTrafficRouterSettings(env);
  } catch (error) {
    expect(isTrafficRouterError(error, 'INVALID_TRAFFIC_ROUTER_SETTINGS')).toBe(true);
    return (error as Error).message;
  }
  throw new Error('expected the settings to be refused');
}

describe('parseTrafficRouterSettings', () => {
  it('is none when LUKHAS_TRAFFIC_ROUTER is unset, blank or "none"', () => {
    expect(parseTrafficRouterSettings({})).toEqual({ kind: 'none' });
    expect(parseTrafficRouterSettings({ LUKHAS_TRAFFIC_ROUTER: '  ' })).toEqual({ kind: 'none' });
    expect(parseTrafficRouterSettings({ LUKHAS_TRAFFIC_ROUTER: 'none' })).toEqual({ kind: 'none' });
  });

  it('reads the webhook URL, which must be http(s) and is never echoed', () => {
    expect(
      parseTrafficRouterSettings({
        LUKHAS_TRAFFIC_ROUTER: 'webhook',
        LUKHAS_TRAFFIC_WEBHOOK_URL: ' https://mesh.example/weights ',
      }),
    ).toEqual({ kind: 'webhook', url: 'https://mesh.example/weights' });
    expect(refusal({ LUKHAS_TRAFFIC_ROUTER: 'webhook' })).toBe(
      'LUKHAS_TRAFFIC_WEBHOOK_URL must be set when LUKHAS_TRAFFIC_ROUTER=webhook',
    );
    expect(
      refusal({ LUKHAS_TRAFFIC_ROUTER: 'webhook', LUKHAS_TRAFFIC_WEBHOOK_URL: 'ftp://token@mesh.example' }),
    ).toBe('LUKHAS_TRAFFIC_WEBHOOK_URL must be an http(s) URL');
  });

  it('reads the HAProxy socket (a path or host:port) and the backend template', () => {
    expect(
      parseTrafficRouterSettings({
        LUKHAS_TRAFFIC_ROUTER: 'HAProxy',
        LUKHAS_HAPROXY_SOCKET: '/run/haproxy/admin.sock',
      }),
    ).toEqual({ kind: 'haproxy', socket: { path: '/run/haproxy/admin.sock' }, backend: '{model}' });
    expect(
      parseTrafficRouterSettings({
        LUKHAS_TRAFFIC_ROUTER: 'haproxy',
        LUKHAS_HAPROXY_SOCKET: '127.0.0.1:9999',
        LUKHAS_HAPROXY_BACKEND: 'be_{model}',
      }),
    ).toEqual({ kind: 'haproxy', socket: { host: '127.0.0.1', port: 9999 }, backend: 'be_{model}' });
  });

  it('names the variable that cannot be used', () => {
    expect(refusal({ LUKHAS_TRAFFIC_ROUTER: 'istio' })).toBe(
      'LUKHAS_TRAFFIC_ROUTER must be "webhook" or "haproxy" (or unset for none), got "istio"',
    );
    expect(refusal({ LUKHAS_TRAFFIC_ROUTER: 'haproxy' })).toBe(
      'LUKHAS_HAPROXY_SOCKET must be set when LUKHAS_TRAFFIC_ROUTER=haproxy',
    );
    expect(refusal({ LUKHAS_TRAFFIC_ROUTER: 'haproxy', LUKHAS_HAPROXY_SOCKET: 'admin.sock' })).toBe(
      'LUKHAS_HAPROXY_SOCKET must be a unix socket path (with a "/") or host:port, got "admin.sock"',
    );
    expect(
      refusal({
        LUKHAS_TRAFFIC_ROUTER: 'haproxy',
        LUKHAS_HAPROXY_SOCKET: '/run/haproxy/admin.sock',
        LUKHAS_HAPROXY_BACKEND: 'be {model}; shutdown',
      }),
    ).toBe(
      'LUKHAS_HAPROXY_BACKEND may hold only letters, digits, "_", ".", ":", "-" and {model}, got "be {model}; shutdown"',
    );
  });
});

describe('parseHaproxyAddress', () => {
  it('reads paths and host:port as HAProxy spells them', () => {
    expect(parseHaproxyAddress('./run/admin.sock')).toEqual({ path: './run/admin.sock' });
    expect(parseHaproxyAddress('unix@/run/admin.sock')).toEqual({ path: '/run/admin.sock' });
    expect(parseHaproxyAddress('localhost:9999')).toEqual({ host: 'localhost', port: 9999 });
    expect(parseHaproxyAddress('ipv4@127.0.0.1:9999')).toEqual({ host: '127.0.0.1', port: 9999 });
    expect(parseHaproxyAddress('[::1]:9999')).toEqual({ host: '::1', port: 9999 });
  });

  it('is undefined for anything else', () => {
    for (const text of [
      'admin.sock',
      'host:',
      ':9999',
      'host:0',
      'host:70000',
      'unix@',
      'ipv4@/x',
      'a b:1',
    ]) {
      expect(parseHaproxyAddress(text), text).toBeUndefined();
    }
  });
});
