import type { SeedContext } from './context.ts'

export async function seedStatistics(_ctx: SeedContext): Promise<void> {}
