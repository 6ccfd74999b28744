/**
 * The empirical-Bayes standardisation of rates (Assunção and Reis 1999), as esda's `Moran_Rate`
 * applies it before Moran's I: small populations make raw rates noisy, so each rate's deviation from
 * the pooled rate is divided by its own expected spread. Counts of incidents per resident go this way.
 */
export function empiricalBayesStandardised(events: readonly number[], base: readonly number[]): number[] {
  const n = events.length
  const eventSum = events.reduce((a, b) => a + b, 0)
  const baseSum = base.reduce((a, b) => a + b, 0)
  const pooled = eventSum / baseSum
  const rates = events.map((e, i) => e / base[i]!)
  let s2 = 0
  for (let i = 0; i < n; i++) s2 += base[i]! * (rates[i]! - pooled) ** 2
  s2 /= baseSum
  const a = s2 - pooled / (baseSum / n)
  return rates.map((r, i) => (r - pooled) / Math.sqrt(a + pooled / base[i]!))
}
