/**
 * Class limits for the choropleths (reported crime per 1 000 residents, safety-survey values),
 * taken from the data in view so that a municipality with little crime still shows its contrasts.
 */
import type { Choropleth, ChoroplethFacts, ClassLimits } from './styles/style-kit.ts'

/** A round number close to `value`, with two significant digits at most. */
export function roundNicely(value: number): number {
  if (value === 0 || !Number.isFinite(value)) return 0
  const magnitude = 10 ** Math.floor(Math.log10(Math.abs(value)))
  const step = magnitude / 10
  return Number((Math.round(value / step) * step).toPrecision(2))
}

/**
 * Quantile class limits, rounded and strictly ascending; at most `classes - 1` of them. Fewer
 * distinct values give fewer classes, never two classes with the same limit.
 */
export function quantileLimits(values: readonly number[], classes = 5): ClassLimits {
  const sorted = values.filter(Number.isFinite).sort((a, b) => a - b)
  if (sorted.length < 2) return []
  const limits: number[] = []
  for (let i = 1; i < classes; i++) {
    const position = (i / classes) * (sorted.length - 1)
    const lower = sorted[Math.floor(position)]
    const upper = sorted[Math.ceil(position)]
    const limit = roundNicely(lower + (upper - lower) * (position - Math.floor(position)))
    const previous = limits[limits.length - 1]
    if (
      limit > sorted[0] &&
      (previous === undefined || limit > previous) &&
      limit <= sorted[sorted.length - 1]
    ) {
      limits.push(Number(limit.toFixed(4)))
    }
  }
  return limits
}

/**
 * What a choropleth's legend and classes take from its features: quantile limits of the coloured
 * property, the most months a district's crime total covers, and the survey indicator shown.
 */
export function choroplethFactsOf(
  collection: { features: readonly { properties: Record<string, unknown> }[] },
  choropleth: Pick<Choropleth, 'property'>,
): ChoroplethFacts {
  const numbers = (key: string) =>
    collection.features.map((f) => f.properties[key]).filter((v): v is number => typeof v === 'number')
  const limits = quantileLimits(numbers(choropleth.property))
  const months = numbers('months')
  const indicator = collection.features
    .map((f) => f.properties.indicator)
    .find((v): v is string => typeof v === 'string')
  return {
    ...(limits.length ? { limits } : {}),
    ...(months.length ? { months: Math.max(...months) } : {}),
    ...(indicator ? { indicator } : {}),
  }
}
