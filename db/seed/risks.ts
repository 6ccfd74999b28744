import type { SeedContext } from './context.ts'

export async function seedRisks(_ctx: SeedContext): Promise<void> {}
