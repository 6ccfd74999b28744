/** Small measuring helpers shared by the benchmarks. */
import { createServer } from 'node:net'

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))
  return sorted[i]!
}

export function summarise(samples: number[]) {
  const sorted = [...samples].sort((a, b) => a - b)
  const round = (n: number) => Math.round(n * 100) / 100
  return {
    n: samples.length,
    mean: round(samples.reduce((sum, x) => sum + x, 0) / samples.length),
    p50: round(percentile(sorted, 50)),
    p95: round(percentile(sorted, 95)),
    p99: round(percentile(sorted, 99)),
    max: round(sorted.at(-1) ?? Number.NaN),
  }
}

export const ratio = (a: number, b: number) => Math.round((a / b) * 100) / 100

/** A free TCP port on the loopback interface. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer()
    srv.once('error', reject)
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address()
      srv.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      )
    })
  })
}

/**
 * Runs `request` from `concurrency` loops for `seconds` and returns the latency of each request in
 * milliseconds. The loop count is bounded by the time limit, so the load stops by itself.
 */
export async function load(request: () => Promise<void>, seconds: number, concurrency: number) {
  const deadline = performance.now() + seconds * 1000
  const latencies: number[] = []
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < deadline) {
        const t0 = performance.now()
        await request()
        latencies.push(performance.now() - t0)
      }
    }),
  )
  return latencies
}

/** Requests per second and latency of `request` from `concurrency` loops for `seconds`. */
export async function throughput(request: () => Promise<void>, seconds: number, concurrency: number) {
  const latencies = await load(request, seconds, concurrency)
  return { requestsPerSecond: Math.round(latencies.length / seconds), latencyMs: summarise(latencies) }
}
