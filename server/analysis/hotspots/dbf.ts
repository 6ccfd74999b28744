/**
 * A reader of dBase III tables (a shapefile's `.dbf`): enough for the attribute columns of the
 * published data sets the fixtures hold (character and numeric fields).
 */
export type DbfRow = Record<string, string | number | null>

export function readDbf(bytes: Uint8Array, encoding = 'latin1'): DbfRow[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const count = view.getUint32(4, true)
  const headerLength = view.getUint16(8, true)
  const recordLength = view.getUint16(10, true)
  const decoder = new TextDecoder(encoding)
  const fields: { name: string; type: string; length: number; offset: number }[] = []
  let offset = 1
  for (let at = 32; bytes[at] !== 0x0d && at < headerLength; at += 32) {
    const name = decoder.decode(bytes.subarray(at, at + 11)).replace(/\0.*$/, '')
    const type = String.fromCharCode(bytes[at + 11]!)
    const length = bytes[at + 16]!
    fields.push({ name, type, length, offset })
    offset += length
  }
  const rows: DbfRow[] = []
  for (let r = 0; r < count; r++) {
    const start = headerLength + r * recordLength
    const row: DbfRow = {}
    for (const f of fields) {
      const text = decoder.decode(bytes.subarray(start + f.offset, start + f.offset + f.length)).trim()
      row[f.name] = f.type === 'N' || f.type === 'F' ? (text === '' ? null : Number(text)) : text
    }
    rows.push(row)
  }
  return rows
}
