// What the UI may reach outside itself: web links open in the system browser (and
// nothing else does), and of the browser permissions only writing to the clipboard
// is granted, to the UI's own origin (copying an invite code).
import { isAppUrl } from './app-protocol.ts'

/** The URL to hand to the system browser, or undefined if `raw` is not a plain http(s) link. */
export function externalUrl(raw: string): string | undefined {
  let url: URL
  try {
    url = new URL(raw)
  } catch {
    return undefined
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined
  // user:password@ links are a classic way to disguise where a link really goes.
  if (url.username || url.password) return undefined
  return url.href
}

const GRANTED = new Set(['clipboard-sanitized-write'])

export function allowPermission(permission: string, requestingUrl: string): boolean {
  return GRANTED.has(permission) && isAppUrl(requestingUrl)
}
