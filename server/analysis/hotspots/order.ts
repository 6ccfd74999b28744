/**
 * The canonical order of features: by id, numerically where both ids are numbers. Every statistic
 * is computed in this order and answered in the caller's, so that sums run in one order and the
 * seeded draws fall alike whatever order the features came in.
 */
const numeric = /^-?\d+(\.\d+)?$/

export function compareIds(a: string, b: string): number {
  if (numeric.test(a) && numeric.test(b)) {
    const d = Number(a) - Number(b)
    if (d !== 0) return d
  }
  return a < b ? -1 : a > b ? 1 : 0
}

/** Positions sorted by id: `order[k]` is the position of the k-th feature in canonical order. */
export const canonicalOrder = (ids: readonly string[]): number[] =>
  ids.map((_, i) => i).sort((a, b) => compareIds(ids[a]!, ids[b]!))

/** Puts values computed in canonical order back in the caller's order. */
export function restoreOrder<T>(order: readonly number[], values: readonly T[]): T[] {
  const out = new Array<T>(values.length)
  order.forEach((original, k) => {
    out[original] = values[k]!
  })
  return out
}
