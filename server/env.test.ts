import { describe, expect, it } from 'vitest'
import { defaultPublicOrigins, loadConfig } from './env.ts'

describe('the public origin', () => {
  it('is derived from HOST and PORT when PUBLIC_ORIGIN is not set', () => {
    expect(loadConfig({}).publicOrigins).toEqual(['http://127.0.0.1:8080', 'http://localhost:8080'])
    expect(defaultPublicOrigins('0.0.0.0', 80)).toEqual(['http://127.0.0.1', 'http://localhost'])
    expect(defaultPublicOrigins('10.0.0.5', 9000)).toEqual(['http://10.0.0.5:9000'])
  })

  it('is PUBLIC_ORIGIN when set, written as the browser writes origins', () => {
    const config = loadConfig({
      PUBLIC_ORIGIN: 'https://Lagesbild.Kommun.se/',
      ALLOWED_ORIGINS: 'https://gis.kommun.se, http://localhost:5173',
    })
    expect(config.publicOrigins).toEqual(['https://lagesbild.kommun.se'])
    expect(config.allowedOrigins).toEqual(['https://gis.kommun.se', 'http://localhost:5173'])
  })

  it('refuses what is not an origin', () => {
    expect(() => loadConfig({ PUBLIC_ORIGIN: 'lagesbild.kommun.se' })).toThrow(/PUBLIC_ORIGIN/)
    expect(() => loadConfig({ ALLOWED_ORIGINS: 'ftp://x.example' })).toThrow(/ALLOWED_ORIGINS/)
  })
})
