/**
 * `freePort()`: a loopback port nothing listens on, for a program that must be told its port
 * (Prometheus). A cockpit is better started with `PORT=0`, printing the port it got.
 */
import { createServer } from 'node:net';

/**
 * A port free on 127.0.0.1 now. The tiny race before the program binds it is acceptable in a test.
 *
 * @example
 * const port = await freePort();
 * spawn('prometheus', [`--web.listen-address=127.0.0.1:${port}`]);
 */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => {
        if (address === null || typeof address === 'string') reject(new Error('no free port'));
        else resolve(address.port);
      });
    });
  });
}
