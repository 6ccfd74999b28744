import type { SeedContext } from './context.ts'

export async function seedHazards(_ctx: SeedContext): Promise<void> {}
