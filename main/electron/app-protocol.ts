// The UI's origin in the desktop app: app://parley/, served from the built renderer
// (dist/renderer) and nothing else. Pure (no Electron) so it is tested on its own;
// main.ts only registers it with protocol.handle.
import { readFile } from 'node:fs/promises'
import { extname, isAbsolute, join, relative, resolve } from 'node:path'

export const APP_SCHEME = 'app'
export const APP_ORIGIN = 'app://parley'

export const CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; connect-src 'self'"

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.map': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.wasm': 'application/wasm',
}

export function contentType(file: string): string {
  return TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream'
}

/** Whether `url` is on the UI's own origin. */
export function isAppUrl(url: string): boolean {
  try {
    const parsed = new URL(url)
    // Node's URL gives custom schemes an opaque origin, so compare the parts.
    return `${parsed.protocol}//${parsed.host}` === APP_ORIGIN
  } catch {
    return false
  }
}

/** The file under `root` that `url` names, or undefined for another origin or anything outside `root`. */
export function resolveAppPath(root: string, url: string): string | undefined {
  if (!isAppUrl(url)) return undefined
  let path: string
  try {
    path = decodeURIComponent(new URL(url).pathname)
  } catch {
    return undefined
  }
  if (path.includes('\0')) return undefined
  const base = resolve(root)
  const file = resolve(join(base, path === '/' || path === '' ? 'index.html' : path))
  const inside = relative(base, file)
  // Decoded `..%2F` and (on Windows) backslashes can still climb out: check the result.
  if (inside === '' || inside.startsWith('..') || isAbsolute(inside)) return undefined
  return file
}

/** The response to one app:// request; every response carries the CSP. */
export async function serveAppRequest(root: string, url: string): Promise<Response> {
  const file = resolveAppPath(root, url)
  const headers = { 'content-security-policy': CSP, 'x-content-type-options': 'nosniff' }
  if (file) {
    try {
      const body = await readFile(file)
      return new Response(body, { headers: { ...headers, 'content-type': contentType(file) } })
    } catch {
      // missing, or a directory: not found
    }
  }
  return new Response('Not found', { status: 404, headers })
}
