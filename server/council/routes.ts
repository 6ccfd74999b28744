/**
 * The crime prevention council's routes (`/api/council`), open to every signed-in role; what each
 * answer holds follows the caller's clearance (true counts, or the disclosure control's):
 *
 * - `GET /incidents?category=&from=&to=&weekday=&hour=`: counts that follow the filter.
 * - `GET /trends?district=&category=`: reported crime per month with the year before, and seasonality.
 * - `GET /surveys`: every survey year and indicator per district, beside reported crime.
 */
import { Hono } from 'hono'
import { CrimeTrendsQuery, IncidentCountsQuery, SurveyComparisonQuery } from '../../common/council.ts'
import type { Database } from '../../db/client.ts'
import { type AppEnv, accessOf } from '../http/access.ts'
import { validate } from '../http/validate.ts'
import { crimeTrends } from './crime-statistics.ts'
import { incidentCounts } from './incident-counts.ts'
import { surveyComparison } from './surveys.ts'

export function councilRoutes(db: Database) {
  return new Hono<AppEnv>()
    .get('/incidents', validate('query', IncidentCountsQuery), async (c) =>
      c.json(await incidentCounts(db, c.req.valid('query'), accessOf(c))),
    )
    .get('/trends', validate('query', CrimeTrendsQuery), async (c) =>
      c.json(await crimeTrends(db, c.req.valid('query'), accessOf(c))),
    )
    .get('/surveys', validate('query', SurveyComparisonQuery), async (c) =>
      c.json(await surveyComparison(db, accessOf(c))),
    )
}
