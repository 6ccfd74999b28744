/**
 * Comments state the rule itself, never a pointer to a document outside the repository ("see issue
 * 3", "decision 12"): a reader of the code has the code, not the tracker.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { describe, expect, it } from 'vitest'

const root = join(import.meta.dirname, '..')
const folders = ['client', 'server', 'db', 'common', 'e2e', 'bench', 'scripts', 'lint']

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : sourceFiles(path)
    return /\.(ts|tsx|css|sql)$/.test(entry.name) ? [path] : []
  })
}

describe('comments', () => {
  it('never point at an issue or a decision by number', () => {
    const pointer = /\b(issue|decision) #?\d+/i
    const found = folders
      .flatMap((folder) => sourceFiles(join(root, folder)))
      .filter((file) => file !== import.meta.filename)
      .flatMap((file) =>
        readFileSync(file, 'utf8')
          .split('\n')
          .map((line, i) => ({ line, at: `${relative(root, file)}:${i + 1}` }))
          .filter(({ line }) => pointer.test(line)),
      )
      .map(({ at, line }) => `${at}: ${line.trim()}`)
    expect(found).toEqual([])
  })
})
