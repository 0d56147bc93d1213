/** A choice the page remembers across reloads (localStorage), read back only if it is still one of the allowed. */
export function stored<T extends string>(key: string, allowed: readonly T[], fallback: T): T {
  const value = window.localStorage.getItem(key);
  return allowed.includes(value as T) ? (value as T) : fallback;
}
