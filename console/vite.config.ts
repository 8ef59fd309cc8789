import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The gateway serves dist/ at `/`: hashed files under /assets/ are cached for a year, index.html
// never. In development, `vite` proxies the API paths to a gateway on :4000.
const gateway = process.env.CONSOLE_GATEWAY_URL ?? 'http://localhost:4000';

export default defineConfig({
  plugins: [react()],
  build: { outDir: 'dist', assetsDir: 'assets', sourcemap: false, chunkSizeWarningLimit: 2048 },
  server: {
    proxy: { '/graphql': gateway, '/console/session': gateway, '/files': gateway },
  },
});
