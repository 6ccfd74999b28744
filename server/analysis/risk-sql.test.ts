/**
 * The database's risk score and band agree with `common/risk.ts` for every cell of the 5×5 matrix,
 * and the map's RSA layer carries them for every risk.
 */
import { type SQL, sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { riskBand, riskScore } from '../../common/risk.ts'
import type { Database } from '../../db/client.ts'
import { openTestDatabase } from '../../db/testing/test-database.ts'
import { queryFeatures } from '../layers/query.ts'
import { layerSources } from '../layers/sources.ts'
import { accessFor } from '../testing/sign-in.ts'
import { riskBandSql, riskScoreSql } from './risk-sql.ts'

let db: Database
beforeAll(async () => {
  db = await openTestDatabase()
})
afterAll(async () => {
  await db?.close()
})

describe('risk score and band in SQL', () => {
  it('match common/risk.ts over the whole matrix, with and without consequences judged', async () => {
    const cases: { likelihood: number; consequences: Record<string, number> }[] = [
      { likelihood: 3, consequences: {} },
    ]
    for (let l = 1; l <= 5; l++)
      for (let c = 1; c <= 5; c++)
        cases.push({ likelihood: l, consequences: { life_health: c, democracy: Math.max(1, c - 2) } })
    const score: SQL = riskScoreSql(sql`c.likelihood`, sql`c.consequences`)
    const rows = await db.query<{
      likelihood: number
      consequences: string
      score: number
      band: string
    }>(sql`
      SELECT c.likelihood, c.consequences::text, ${score} AS score, ${riskBandSql(score)} AS band
      FROM jsonb_to_recordset(${JSON.stringify(cases)}::jsonb) AS c(likelihood int, consequences jsonb)`)
    expect(rows).toHaveLength(cases.length)
    for (const row of rows) {
      const expected = riskScore(
        row.likelihood,
        Object.values(JSON.parse(row.consequences) as Record<string, number>),
      )
      expect(Number(row.score), row.consequences).toBe(expected)
      expect(row.band, row.consequences).toBe(riskBand(expected))
    }
  })

  it('gives every risk on the map its score and band', async () => {
    const source = layerSources.get('rsa-risks')!
    const { features } = await queryFeatures(db, source, accessFor('analyst'), {
      limit: 10_000,
      offset: 0,
      filters: {},
    })
    expect(features.length).toBeGreaterThan(20)
    const bands = new Set<string>()
    for (const f of features) {
      const p = f.properties as {
        likelihood: number
        consequences: Record<string, number>
        riskScore: number
        riskBand: string
        classification: string
      }
      const expected = riskScore(p.likelihood, Object.values(p.consequences))
      expect(p.riskScore).toBe(expected)
      expect(p.riskBand).toBe(riskBand(expected))
      bands.add(p.riskBand)
    }
    expect(bands.size).toBeGreaterThan(1)
  })
})
