/**
 * `npm start`: builds the client when it is missing or older than its sources (`npm install` has
 * usually built it already), alongside the server's own start-up (which opens the port at once and
 * answers 503 until the database is ready).
 */
import { buildClient, clientIsStale } from './client-build.ts'

if (clientIsStale()) {
  console.log('[lagesbild] building the client (dist/client)…')
  buildClient().on('exit', (code) => {
    if (code !== 0) {
      console.error('[lagesbild] client build failed')
      process.exit(code ?? 1)
    }
    console.log('[lagesbild] client built')
  })
}

await import('../server/main.ts')
