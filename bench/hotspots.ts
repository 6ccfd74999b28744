/**
 * Gi* with FDR bins over 100,000 incidents on a 250 m hexagon grid of the municipality, server time
 * of `POST /api/analysis/hotspots` as a cleared analyst (p50/p95 of repeated requests), beside R's
 * spdep on the same cells and weights in the same run (localG over the same binary distance band
 * with the cell itself included, BH bins with p.adjust): spdep's time is measured inside R, for the
 * weights and the statistic only, without reading the file. Without `Rscript` the R part is skipped
 * with a message. The seeded 60,000 incidents are topped up to 100,000 by copies moved up to 300 m.
 */
import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { sql } from 'drizzle-orm'
import type { HotspotAnswer } from '../common/hotspots.ts'
import type { Database } from '../db/client.ts'
import { TEST_KOMMUN } from '../db/testing/test-database.ts'
import { createApp } from '../server/app.ts'
import { signIn } from '../server/testing/sign-in.ts'
import { ratio, summarise } from './support.ts'

const TARGET_INCIDENTS = 100_000
const BAND_METRES = 750

const hasRscript = () => {
  try {
    execFileSync('Rscript', ['--version'], { stdio: 'ignore' })
    execFileSync('Rscript', ['-e', 'suppressPackageStartupMessages(library(spdep))'], { stdio: 'ignore' })
    return true
  } catch {
    return false
  }
}

const R_SCRIPT = `
suppressPackageStartupMessages(library(spdep))
args <- commandArgs(trailingOnly = TRUE)
d <- read.csv(args[1])
coords <- cbind(d$x, d$y)
times <- c()
for (r in 1:as.integer(args[3])) {
  t <- system.time({
    nb <- dnearneigh(coords, 0, as.numeric(args[2]) * (1 + 1e-9))
    g <- as.numeric(localG(d$value, nb2listw(include.self(nb), style = "B", zero.policy = TRUE), zero.policy = TRUE))
    p <- 2 * pnorm(abs(g), lower.tail = FALSE)
    q <- p.adjust(p, "BH")
    bins <- sign(g) * ifelse(q <= 0.01, 3, ifelse(q <= 0.05, 2, ifelse(q <= 0.1, 1, 0)))
  })[["elapsed"]]
  times <- c(times, t * 1000)
}
cat(paste(times, collapse = ","), "\\n")
cat(paste(sprintf("%.12g", g), collapse = ","), "\\n")
`

async function topUp(db: Database) {
  const [{ n }] = (await db.query<{ n: number }>(sql`SELECT count(*)::int AS n FROM incidents`)) as [
    { n: number },
  ]
  const missing = TARGET_INCIDENTS - n
  if (missing <= 0) return n
  await db.query(sql`
    INSERT INTO incidents (occurred_at, category, category_group, severity, source, geom, classification)
    SELECT occurred_at + interval '1 hour', category, category_group, severity, source,
      ST_Transform(ST_Translate(ST_Transform(geom, 3006),
        ((('x' || substr(md5(id::text), 1, 4))::bit(16)::int % 600) - 300)::float8,
        ((('x' || substr(md5(id::text), 5, 4))::bit(16)::int % 600) - 300)::float8), 4326),
      classification
    FROM incidents ORDER BY id LIMIT ${missing}`)
  return TARGET_INCIDENTS
}

export async function benchHotspots(db: Database, repeats = 7) {
  const incidents = await topUp(db)
  const app = createApp({ db, config: { kommun: TEST_KOMMUN }, log: () => {} })
  const cookie = await signIn(app, 'analytiker')
  const body = JSON.stringify({
    layer: 'incidents',
    units: { hexagon: 250 },
    weights: { type: 'distance', band: BAND_METRES },
  })
  const ms: number[] = []
  let answer: HotspotAnswer | undefined
  for (let i = 0; i < repeats; i++) {
    const t0 = performance.now()
    const res = await app.request('/api/analysis/hotspots', {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie },
      body,
    })
    const text = await res.text()
    ms.push(performance.now() - t0)
    if (res.status !== 200) throw new Error(`hotspots: HTTP ${res.status} ${text.slice(0, 200)}`)
    answer = JSON.parse(text) as HotspotAnswer
  }
  const cells = answer!.features.length
  const result: Record<string, unknown> = {
    backend: db.kind,
    incidents,
    cells,
    band: BAND_METRES,
    server: summarise(ms),
  }
  if (!hasRscript()) {
    result.spdep = 'skipped: Rscript with spdep is not installed (apt-get install r-cran-spdep)'
    return result
  }
  const dir = mkdtempSync(join(tmpdir(), 'bench-hotspots-'))
  try {
    const { cellCentre, parseCellId } = await import('../common/grid.ts')
    const spec = { shape: 'hexagon', sizeMetres: 250 } as const
    const rows = answer!.features.map((f) => {
      const [x, y] = cellCentre(spec, parseCellId(String(f.id))!)
      return `${x},${y},${f.properties.value}`
    })
    writeFileSync(join(dir, 'cells.csv'), `x,y,value\n${rows.join('\n')}\n`)
    writeFileSync(join(dir, 'gistar.R'), R_SCRIPT)
    const out = execFileSync(
      'Rscript',
      [join(dir, 'gistar.R'), join(dir, 'cells.csv'), String(BAND_METRES), String(repeats)],
      {
        encoding: 'utf8',
        maxBuffer: 64 * 1024 * 1024,
      },
    )
      .trim()
      .split('\n')
    const rTimes = out[0]!.split(',').map(Number)
    const rG = out[1]!.split(',').map(Number)
    const maxDifference = Math.max(...answer!.features.map((f, i) => Math.abs(f.properties.giStar - rG[i]!)))
    const spdep = summarise(rTimes)
    result.spdep = { ...spdep, what: 'dnearneigh + localG + p.adjust(BH) inside R, without reading the file' }
    result.giStarMaxDifferenceFromSpdep = maxDifference
    result.ratioServerToSpdepP50 = ratio((result.server as { p50: number }).p50, spdep.p50)
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
  return result
}
