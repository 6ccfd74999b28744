/** Test helpers of the statistics: a seeded shuffle, so order-independence is tested on the same orders every run. */
import { seededRandom } from './moran.ts'

/** A permutation of 0..n−1 drawn with a seed: `order[k]` is the original position of the k-th item. */
export function shuffledOrder(n: number, seed: number): number[] {
  const random = seededRandom(seed)
  const order = Array.from({ length: n }, (_, i) => i)
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1))
    ;[order[i], order[j]] = [order[j]!, order[i]!]
  }
  return order
}
