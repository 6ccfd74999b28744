/**
 * The module boundaries hold by the linter (biome.json's overrides and the plugin beside this file):
 * a module that crosses one fails `biome lint`. Each case writes a throwaway module into the folder
 * it speaks for, lints just that file and removes it again.
 */
import { execFile } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import { rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { describe, expect, it } from 'vitest'

const root = join(import.meta.dirname, '..')
const biome = join(root, 'node_modules', '.bin', 'biome')

async function lint(folder: string, source: string): Promise<{ failed: boolean; output: string }> {
  const file = join(folder, `boundary-probe-${randomUUID()}.ts`)
  writeFileSync(join(root, file), source)
  try {
    await promisify(execFile)(biome, ['lint', '--error-on-warnings', file], { cwd: root })
    return { failed: false, output: '' }
  } catch (err) {
    const { stdout, stderr } = err as { stdout: string; stderr: string }
    return { failed: true, output: `${stdout}${stderr}` }
  } finally {
    rmSync(join(root, file), { force: true })
  }
}

describe('module boundaries', () => {
  it('refuse a client module that imports db/schema.ts', async () => {
    const result = await lint(
      'client',
      "import { users } from '../db/schema.ts'\n\nexport const table = users\n",
    )
    expect(result.failed).toBe(true)
    expect(result.output).toContain('The client never imports db/')
  })

  it('refuse a client module that imports server code, and allow `import type` from it', async () => {
    const value = await lint(
      'client',
      "import { createApp } from '../server/app.ts'\n\nexport const make = createApp\n",
    )
    expect(value.failed).toBe(true)
    expect(value.output).toContain('only with `import type`')
    const typeOnly = await lint(
      'client',
      "import type { AppDeps } from '../server/app.ts'\n\nexport type Deps = AppDeps\n",
    )
    expect(typeOnly).toEqual({ failed: false, output: '' })
  })

  it('refuse a common module that imports anything but zod, GeoJSON types and common/', async () => {
    const proj = await lint('common', "import proj4 from 'proj4'\n\nexport const project = proj4\n")
    expect(proj.failed).toBe(true)
    expect(proj.output).toContain('common/ imports only zod and GeoJSON types')
    const pure = await lint(
      'common',
      "import type { Feature } from 'geojson'\nimport { z } from 'zod'\nimport { Role } from './domain.ts'\n\nexport const Probe = z.object({ role: Role })\nexport type Probe = Feature\n",
    )
    expect(pure).toEqual({ failed: false, output: '' })
  })

  it('refuse a db module that imports the server', async () => {
    const result = await lint(
      'db',
      "import { createApp } from '../server/app.ts'\n\nexport const make = createApp\n",
    )
    expect(result.failed).toBe(true)
  })
})
