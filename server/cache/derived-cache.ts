/**
 * Caches of what the app derives from a table (the incident twin's counts), kept correct across
 * processes: every entry remembers the table's write counter (`data_version:<table>` in app_meta,
 * raised by a trigger on every writing statement, whoever runs it), and an entry is served only
 * while the counter has not moved. A write in another process therefore empties this one's cache
 * on the next request, with no message between processes to lose.
 */
import { sql } from 'drizzle-orm'
import type { Database } from '../../db/client.ts'

/**
 * A table's write counter. Concurrent readers share one query; a reader that arrives while a query
 * is running waits for the next one, which starts after it arrived, so it never sees a counter
 * older than a write that finished before its request.
 */
export class DataVersion {
  private running?: Promise<number>
  private pending?: Promise<number>

  constructor(
    private readonly db: Pick<Database, 'query'>,
    private readonly table: string,
  ) {}

  current(): Promise<number> {
    if (!this.running) return this.start()
    this.pending ??= this.running
      .catch(() => undefined)
      .then(() => {
        this.pending = undefined
        return this.start()
      })
    return this.pending
  }

  private start(): Promise<number> {
    const read = this.read().finally(() => {
      if (this.running === read) this.running = undefined
    })
    this.running = read
    return read
  }

  private async read(): Promise<number> {
    const [row] = await this.db.query<{ version: string | number | null }>(
      sql`SELECT value #>> '{}' AS version FROM app_meta WHERE key = ${`data_version:${this.table}`}`,
    )
    if (row?.version === undefined || row.version === null)
      throw new Error(`no write counter for ${this.table}; run the migrations`)
    return Number(row.version)
  }
}

interface Entry<V> {
  version: number
  value: Promise<V>
}

/**
 * Values derived from one table, by key, valid while its write counter stands. Concurrent misses
 * of one key share one computation; the least recently used entries go beyond `maxEntries`.
 */
export class DerivedCache<V> {
  private readonly entries = new Map<string, Entry<V>>()
  /** Computations started, for tests and benchmarks that check the cache works. */
  computed = 0

  constructor(
    private readonly version: DataVersion,
    private readonly maxEntries = 256,
  ) {}

  async get(key: string, compute: () => Promise<V>): Promise<V> {
    const version = await this.version.current()
    const hit = this.entries.get(key)
    // Note: an entry made under a newer counter (by a request that read it later) is fresher still.
    if (hit && hit.version >= version) {
      this.entries.delete(key)
      this.entries.set(key, hit)
      return hit.value
    }
    this.computed++
    const value = compute()
    const entry = { version, value }
    this.entries.set(key, entry)
    value.catch(() => {
      if (this.entries.get(key) === entry) this.entries.delete(key)
    })
    while (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value!)
    return value
  }
}
