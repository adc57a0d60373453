// Starts a Vite preview server of the built dist/ (or a copy of it) on a free local port (with the config's COOP/COEP headers).
import { createServer } from 'node:net';
import { preview, type PreviewServer } from 'vite';

export interface Preview {
  url: string;
  server: PreviewServer;
  /** Every request that reached the server (method and path), WebSocket upgrades included, in arrival order. */
  requests: string[];
  close(): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.unref();
    probe.on('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

/** outDir: serve another copy of the build (default dist/). */
export async function startPreview(outDir = 'dist'): Promise<Preview> {
  const port = await freePort();
  const server = await preview({
    configFile: 'vite.config.ts',
    logLevel: 'warn',
    build: { outDir },
    preview: { host: '127.0.0.1', port, strictPort: true, open: false },
  });
  const url = `http://127.0.0.1:${port}/`;
  const requests: string[] = [];
  // Ahead of Vite's own handler, which rewrites req.url (the SPA fallback turns any path into /index.html).
  server.httpServer.prependListener('request', (req: { method?: string; url?: string }) => requests.push(`${req.method} ${req.url}`));
  server.httpServer.prependListener('upgrade', (req: { url?: string }) => requests.push(`UPGRADE ${req.url}`));
  return {
    url,
    server,
    requests,
    async close() {
      // Drop keep-alive sockets too, so the browser really finds nothing listening.
      const http = server.httpServer;
      if ('closeAllConnections' in http) http.closeAllConnections();
      await server.close();
    },
  };
}
