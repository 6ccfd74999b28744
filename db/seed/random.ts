/**
 * A small seeded pseudo-random generator, so the same municipality and seed always give the same
 * demo content, ids included.
 *
 * sfc32 (Chris Doty-Humphrey's Small Fast Counting generator) passes PractRand for far more numbers
 * than a seed ever draws, and each theme gets its own stream (`fork`) so that adding a row in one
 * theme does not shift every row generated after it in another.
 */

/** Hashes a string to four 32-bit words (cyrb128), used to seed and to fork streams. */
export function hashString(text: string): [number, number, number, number] {
  let h1 = 1779033703
  let h2 = 3144134277
  let h3 = 1013904242
  let h4 = 2773480762
  for (let i = 0; i < text.length; i++) {
    const k = text.charCodeAt(i)
    h1 = h2 ^ Math.imul(h1 ^ k, 597399067)
    h2 = h3 ^ Math.imul(h2 ^ k, 2869860233)
    h3 = h4 ^ Math.imul(h3 ^ k, 951274213)
    h4 = h1 ^ Math.imul(h4 ^ k, 2716044179)
  }
  h1 = Math.imul(h3 ^ (h1 >>> 18), 597399067)
  h2 = Math.imul(h4 ^ (h2 >>> 22), 2869860233)
  h3 = Math.imul(h1 ^ (h3 >>> 17), 951274213)
  h4 = Math.imul(h2 ^ (h4 >>> 19), 2716044179)
  h1 ^= h2 ^ h3 ^ h4
  h2 ^= h1
  h3 ^= h1
  h4 ^= h1
  return [h1 >>> 0, h2 >>> 0, h3 >>> 0, h4 >>> 0]
}

export class Random {
  private a: number
  private b: number
  private c: number
  private d: number
  readonly label: string

  /** `label` is any string (e.g. `0581:1`); equal labels give equal streams. */
  constructor(label: string) {
    this.label = label
    ;[this.a, this.b, this.c, this.d] = hashString(label)
    // Note: the first outputs of sfc32 still carry the seed's structure; discard a few.
    for (let i = 0; i < 15; i++) this.nextUint32()
  }

  /** An independent stream for one theme, derived from this stream's label, not its state. */
  fork(name: string): Random {
    return new Random(`${this.label}/${name}`)
  }

  nextUint32(): number {
    this.a >>>= 0
    this.b >>>= 0
    this.c >>>= 0
    this.d >>>= 0
    let t = (this.a + this.b) | 0
    this.a = this.b ^ (this.b >>> 9)
    this.b = (this.c + (this.c << 3)) | 0
    this.c = (this.c << 21) | (this.c >>> 11)
    this.d = (this.d + 1) | 0
    t = (t + this.d) | 0
    this.c = (this.c + t) | 0
    return t >>> 0
  }

  /** Uniform in [0, 1). */
  next(): number {
    return this.nextUint32() / 4294967296
  }

  /** Uniform in [min, max). */
  range(min: number, max: number): number {
    return min + (max - min) * this.next()
  }

  /** Uniform integer in [min, max], both included. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1))
  }

  chance(probability: number): boolean {
    return this.next() < probability
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('pick from an empty list')
    return items[Math.floor(this.next() * items.length)]
  }

  /** Picks an item with probability proportional to its weight. */
  weighted<T>(items: readonly T[], weights: readonly number[]): T {
    let total = 0
    for (const w of weights) total += w
    let r = this.next() * total
    for (let i = 0; i < items.length; i++) {
      r -= weights[i]
      if (r < 0) return items[i]
    }
    return items[items.length - 1]
  }

  /** Standard normal by Box-Muller (one of the pair is dropped to keep the stream simple). */
  normal(mean = 0, sd = 1): number {
    const u = 1 - this.next()
    const v = this.next()
    return mean + sd * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v)
  }

  /** A Fisher-Yates shuffled copy. */
  shuffle<T>(items: readonly T[]): T[] {
    const out = items.slice()
    for (let i = out.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1))
      ;[out[i], out[j]] = [out[j], out[i]]
    }
    return out
  }

  /** A UUID shaped like version 4 (variant 10xx), drawn from this stream so it is reproducible. */
  uuid(): string {
    const hex = (n: number) => n.toString(16).padStart(8, '0')
    const w0 = hex(this.nextUint32())
    const w1 = hex(this.nextUint32())
    const w2 = hex(this.nextUint32())
    const w3 = hex(this.nextUint32())
    const version = `4${w1.slice(5, 8)}`
    const variant = ((Number.parseInt(w2[0], 16) & 0x3) | 0x8).toString(16) + w2.slice(1, 4)
    return `${w0}-${w1.slice(0, 4)}-${version}-${variant}-${w2.slice(4, 8)}${w3}`
  }
}

/**
 * A sampler for a fixed discrete distribution: O(log n) draws from cumulative weights, for the
 * tens of thousands of draws the incidents need.
 */
export class WeightedTable<T> {
  private readonly cumulative: Float64Array
  private readonly total: number

  constructor(
    readonly items: readonly T[],
    weights: readonly number[],
  ) {
    this.cumulative = new Float64Array(weights.length)
    let sum = 0
    for (let i = 0; i < weights.length; i++) {
      sum += Math.max(0, weights[i])
      this.cumulative[i] = sum
    }
    if (sum <= 0) throw new Error('weights sum to zero')
    this.total = sum
  }

  draw(rng: Random): T {
    const r = rng.next() * this.total
    let lo = 0
    let hi = this.cumulative.length - 1
    while (lo < hi) {
      const mid = (lo + hi) >> 1
      if (this.cumulative[mid] > r) hi = mid
      else lo = mid + 1
    }
    return this.items[lo]
  }
}
