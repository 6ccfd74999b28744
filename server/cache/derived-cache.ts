/**
 * Caches of what the app derives from the tables the map layers read (the incident twin's counts,
 * the layers' answers), kept correct across processes: every entry remembers the write counter
 * (`data_version:layers` in app_meta, raised by a trigger on every statement that writes one of
 * those tables, whoever runs it, and visible only once that write commits), and an entry is served
 * only while the counter has not moved. A write in another process therefore empties this one's
 * caches on the next request, with no message between processes to lose.
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

const layerVersions = new WeakMap<object, DataVersion>()

/** The one counter reader per database, so the caches over it share their reads. */
export function layerDataVersion(db: Pick<Database, 'query'>): DataVersion {
  let version = layerVersions.get(db)
  if (!version) {
    version = new DataVersion(db, 'layers')
    layerVersions.set(db, version)
  }
  return version
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
    /** Whether a computed value is worth keeping (a very large answer is not); it is shared while in flight either way. */
    private readonly keep: (value: V) => boolean = () => true,
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
    value.then(
      (v) => {
        if (!this.keep(v) && this.entries.get(key) === entry) this.entries.delete(key)
      },
      () => {
        if (this.entries.get(key) === entry) this.entries.delete(key)
      },
    )
    while (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value!)
    return value
  }
}
