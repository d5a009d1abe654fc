/**
 * `@lukhas/traffic-router/testing`: a real HAProxy (the Debian `haproxy` package) with a temp
 * config, an admin runtime API socket and one backend of tiny upstreams named after gates, for the
 * tests of this package and of the server that drive real traffic through it. Only tests import
 * this subpath.
 *
 * @example
 * const haproxy = await startHaproxy({ backend: 'lukhas-v2', servers: ['staging', 'production'] });
 * // LUKHAS_TRAFFIC_ROUTER=haproxy LUKHAS_HAPROXY_SOCKET=<haproxy.socketPath>
 * await haproxy.drive(400); // { staging: 300, production: 100 }
 * await haproxy.stop();
 */
export { type HaproxyHarness, type HaproxyHarnessOptions, startHaproxy } from './fixtures/haproxy-harness.ts';
