import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vite';

// In development the API runs on its own port (scripts/dev.ts); Vite proxies to it.
const apiOrigin = process.env.GUATU_API_ORIGIN ?? 'http://127.0.0.1:8080';

export default defineConfig({
  plugins: [sveltekit()],
  server: {
    proxy: { '/api': apiOrigin, '/tiles': apiOrigin },
    fs: { allow: ['..'] },
  },
  build: { chunkSizeWarningLimit: 1500 },
});
