/**
 * Vite builds the browser client from `client/` into `dist/client`, which the server serves. In
 * development the dev server forwards the API, the tiles and the realtime channel to the server.
 */
import react from '@vitejs/plugin-react'
import { defineConfig } from 'vite'

const apiTarget = process.env.LAGESBILD_API ?? 'http://127.0.0.1:8080'

export default defineConfig({
  root: 'client',
  plugins: [react()],
  build: {
    outDir: '../dist/client',
    emptyOutDir: true,
    chunkSizeWarningLimit: 2000,
  },
  server: {
    proxy: {
      // Note: `client/api/` holds source files too (`/api/api-client.ts`); only what is not a
      // module of the client goes to the server.
      '^/api/(?!.*\\.tsx?(\\?|$))': apiTarget,
      '/tiles': apiTarget,
      '/socket.io': { target: apiTarget, ws: true },
    },
  },
})
