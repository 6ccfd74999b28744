/**
 * The SQL twin of `common/risk.ts`: a risk's score (likelihood × its worst consequence) and its
 * band, computed in the database for the map's RSA layer and the matrix, with the band limits
 * generated from the same table the legend and the client read.
 */
import { type SQL, sql } from 'drizzle-orm'
import { MIN_RISK_LEVEL, riskBandLimits, riskBands } from '../../common/risk.ts'

/** The worst consequence over the protected values of a `consequences` jsonb; 1 when none is judged. */
export const worstConsequenceSql = (consequences: SQL): SQL =>
  sql`(SELECT coalesce(max(value::int), ${sql.raw(String(MIN_RISK_LEVEL))}) FROM jsonb_each_text(${consequences}))`

export const riskScoreSql = (likelihood: SQL, consequences: SQL): SQL =>
  sql`(${likelihood} * ${worstConsequenceSql(consequences)})`

/**
 * The band of a score as a CASE over the bands' lower limits, highest first. The limits and names
 * are written as literals (they are the app's own constants), so the expression can sit inside
 * `jsonb_build_object` without parameters of unknown type.
 */
export function riskBandSql(score: SQL): SQL {
  const whens = [...riskBands]
    .reverse()
    .map(
      (band) =>
        sql`WHEN ${score} >= ${sql.raw(String(riskBandLimits[band].min))} THEN ${sql.raw(`'${band}'`)}`,
    )
  return sql`(CASE ${sql.join(whens, sql` `)} ELSE ${sql.raw(`'${riskBands[0]}'`)} END)`
}
