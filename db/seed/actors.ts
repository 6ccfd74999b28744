import type { SeedContext } from './context.ts'

export async function seedActors(_ctx: SeedContext): Promise<void> {}
