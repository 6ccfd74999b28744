import { inflateSync } from 'node:zlib'

/**
 * Reads the text back out of a PDF made by the report engine, for tests: what a
 * reader would copy out of each page, with where each line sits.
 */

/** One line of text as the PDF draws it, with its position in PDF space (origin bottom left). */
export interface TextLine {
  text: string
  x: number
  y: number
}

/**
 * Reads the text back out of an uncompressed pdfkit PDF: the pages in order, each as the lines
 * drawn on it. Embedded fonts write glyph ids, so each font's ToUnicode map turns them back into
 * characters, as a PDF viewer's copy and paste does.
 */
export function readPdf(bytes: Uint8Array): { pages: TextLine[][]; text: string[] } {
  const source = Buffer.from(bytes).toString('latin1')
  const objects = new Map<string, string>()
  for (const m of source.matchAll(/(\d+) 0 obj\n([\s\S]*?)\nendobj/g)) objects.set(m[1], m[2])
  // Note: a compressed stream (as the routes send them) is inflated, so a test can read a download.
  const streamOf = (id: string) => {
    const object = objects.get(id) ?? ''
    const raw = /stream\n([\s\S]*?)\nendstream/.exec(object)?.[1] ?? ''
    return /\/Filter \/FlateDecode/.test(object)
      ? inflateSync(Buffer.from(raw, 'latin1')).toString('latin1')
      : raw
  }
  const utf16 = (hex: string) => {
    const units: number[] = []
    for (let i = 0; i < hex.length; i += 4) units.push(Number.parseInt(hex.slice(i, i + 4), 16))
    return String.fromCharCode(...units)
  }

  const cmaps = new Map<string, Map<number, string>>()
  const cmapOfFont = (fontId: string) => {
    const cached = cmaps.get(fontId)
    if (cached) return cached
    const map = new Map<number, string>()
    const toUnicode = /\/ToUnicode (\d+) 0 R/.exec(objects.get(fontId) ?? '')?.[1]
    const cmap = toUnicode ? streamOf(toUnicode) : ''
    for (const m of cmap.matchAll(/<([0-9a-f]+)> <([0-9a-f]+)> \[([^\]]*)\]/gi)) {
      let code = Number.parseInt(m[1], 16)
      for (const d of m[3].matchAll(/<([0-9a-f]+)>/gi)) map.set(code++, utf16(d[1]))
    }
    cmaps.set(fontId, map)
    return map
  }

  const root = /\/Type \/Pages\n\/Count \d+\n\/Kids \[([^\]]*)\]/.exec(source)?.[1] ?? ''
  const pageIds = [...root.matchAll(/(\d+) 0 R/g)].map((m) => m[1])
  const pages = pageIds.map((pageId) => {
    const page = objects.get(pageId) ?? ''
    const contents = /\/Contents (\d+) 0 R/.exec(page)?.[1] ?? ''
    const resourcesId = /\/Resources (\d+) 0 R/.exec(page)?.[1] ?? ''
    const fonts = new Map(
      [...(objects.get(resourcesId) ?? '').matchAll(/\/(F\d+) (\d+) 0 R/g)].map((m) => [m[1], m[2]]),
    )
    const lines: TextLine[] = []
    let cmap = new Map<number, string>()
    let x = 0
    let y = 0
    for (const m of streamOf(contents).matchAll(
      /\/(F\d+) [\d.]+ Tf|1 0 0 1 ([-\d.]+) ([-\d.]+) Tm|\[((?:<[0-9a-f]*>|[^\]])*)\] TJ/gi,
    )) {
      if (m[1]) cmap = cmapOfFont(fonts.get(m[1]) ?? '')
      else if (m[2]) {
        x = Number(m[2])
        y = Number(m[3])
      } else {
        const glyphs = [...m[4].matchAll(/<([0-9a-f]*)>/gi)].flatMap((h) => h[1].match(/.{4}/g) ?? [])
        lines.push({ text: glyphs.map((g) => cmap.get(Number.parseInt(g, 16)) ?? '?').join(''), x, y })
      }
    }
    return lines
  })
  // Wrapped lines joined with one space, so a test can look for a sentence that wraps.
  return { pages, text: pages.map((lines) => lines.map((l) => l.text.trim()).join(' ')) }
}
