// Starts a Vite preview server of the built dist/ (or a copy of it) on a free local port (with the config's COOP/COEP headers).
import { createServer } from 'node:net';
import { preview, type PreviewServer } from 'vite';

export interface Preview {
  url: string;
  server: PreviewServer;
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
  return {
    url,
    server,
    async close() {
      // Drop keep-alive sockets too, so the browser really finds nothing listening.
      const http = server.httpServer;
      if ('closeAllConnections' in http) http.closeAllConnections();
      await server.close();
    },
  };
}
