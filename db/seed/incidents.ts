import type { SeedContext } from './context.ts'

export async function seedIncidents(_ctx: SeedContext): Promise<void> {}
