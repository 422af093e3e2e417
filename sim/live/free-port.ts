/**
 * A free TCP port on the loopback address, for a server the tool starts: the kernel picks one
 * for a throwaway listener, which closes before the server binds it. Another process could take
 * it in between; the server then fails to start, and ServerProcess says so.
 */
import { createServer } from 'node:net';

export const LOOPBACK = '127.0.0.1';

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, LOOPBACK, () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}
