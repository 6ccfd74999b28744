/**
 * Up to two initials for the signed-in user's avatar: "Kim Krisledare (demo)" becomes "KK". A
 * bracketed note such as "(demo)" is not part of the name.
 */
export function initialsOf(displayName: string): string {
  return displayName
    .replace(/\([^)]*\)/g, ' ')
    .split(/\s+/)
    .filter((word) => /^\p{L}/u.test(word))
    .slice(0, 2)
    .map((word) => word[0].toUpperCase())
    .join('')
}
