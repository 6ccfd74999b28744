/**
 * Password hashing with argon2id (OWASP's first choice), through @node-rs/argon2's prebuilt binary.
 * The library's defaults are OWASP's minimum for argon2id: 19 MiB of memory, two passes.
 */
import { hash, verify } from '@node-rs/argon2'

/** The shortest password an account may get. NIST SP 800-63B asks for at least 8; staff accounts here guard confidential data. */
export const MIN_PASSWORD_LENGTH = 10
export const MAX_PASSWORD_LENGTH = 256

export const hashPassword = (password: string): Promise<string> => hash(password)

// Note: a sign-in attempt for an unknown or disabled user still verifies against a real hash, so
// the answer takes as long as for a known user and the time does not tell which usernames exist.
let decoy: Promise<string> | undefined

export async function verifyPassword(storedHash: string | undefined, password: string): Promise<boolean> {
  if (storedHash === undefined) {
    decoy ??= hash('decoy password that no account has')
    await verify(await decoy, password)
    return false
  }
  try {
    return await verify(storedHash, password)
  } catch {
    // A malformed stored hash is a refused sign-in, never a crash.
    return false
  }
}
