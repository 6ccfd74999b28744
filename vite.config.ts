/**
 * Vite builds the browser client from `client/` into `dist/client`, which the server serves. In
 * development the dev server forwards the API, the tiles and the realtime channel to the server.
 */
import type { IncomingMessage } from 'node:http'
import react from '@vitejs/plugin-react'
import { defineConfig, type ProxyOptions } from 'vite'

const apiTarget = process.env.LAGESBILD_API ?? 'http://127.0.0.1:8080'

/**
 * The server takes writes and sockets only from pages of its own public origin. A page of this dev
 * server (its own host, which Vite checks against DNS rebinding) is the server's own page served
 * another way, so the proxy speaks for it with the server's origin; any other Origin goes on as it
 * came and is refused there.
 */
const asServerOrigin: ProxyOptions['configure'] = (proxy) => {
  const rewrite = (proxied: { setHeader(name: string, value: string): void }, req: IncomingMessage) => {
    const { origin, host } = req.headers
    if (origin && host && URL.canParse(origin) && new URL(origin).host === host)
      proxied.setHeader('origin', new URL(apiTarget).origin)
  }
  proxy.on('proxyReq', rewrite)
  proxy.on('proxyReqWs', rewrite)
}

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
      '^/api/(?!.*\\.tsx?(\\?|$))': { target: apiTarget, configure: asServerOrigin },
      '/tiles': apiTarget,
      '/socket.io': { target: apiTarget, ws: true, configure: asServerOrigin },
    },
  },
})
