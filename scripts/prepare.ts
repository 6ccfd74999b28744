/**
 * Run by `npm install` (postinstall): does once what every first start would otherwise wait for.
 * It builds the client (dist/client) when it is missing or stale, and prepares a PGlite data
 * directory with PostGIS created (db/pglite-base.ts) from which new embedded databases start, both
 * at once. Either may fail without failing the install: `npm start` then builds the client itself,
 * and a first start creates PostGIS itself, as before, only slower.
 */
import { ensurePgliteBase } from '../db/pglite-base.ts'
import { buildClient, canBuildClient, clientIsStale } from './client-build.ts'

const started = Date.now()
const seconds = () => `${((Date.now() - started) / 1000).toFixed(1)} s`

const client = new Promise<void>((resolve) => {
  if (!canBuildClient()) {
    console.log('[prepare] no vite (development dependencies left out): the client is not built')
    return resolve()
  }
  if (!clientIsStale()) return resolve()
  buildClient().on('exit', (code) => {
    console.log(code === 0 ? `[prepare] client built in ${seconds()}` : '[prepare] client build failed')
    resolve()
  })
})
const database = ensurePgliteBase().then(
  (path) => console.log(`[prepare] PGlite with PostGIS ready in ${seconds()}: ${path}`),
  (err) => console.log(`[prepare] could not prepare PGlite with PostGIS: ${String(err)}`),
)
await Promise.all([client, database])
