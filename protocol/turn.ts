// TURN servers as the user gives them (Settings, or --turn): RFC 7065 URLs with a
// username and a credential. The checks live here so that the API schema and the
// command line refuse the same things, with the same words.

export const MAX_TURN_SERVERS = 8
export const MAX_TURN_URLS = 4
export const MAX_TURN_URL = 256
export const MAX_TURN_USERNAME = 128
export const MAX_TURN_CREDENTIAL = 256

// turn:HOST[:PORT][?transport=udp|tcp], HOST a name, an IPv4 address or [IPv6].
const TURN_URL =
  /^turns?:(?:\[[0-9a-fA-F:.]+\]|[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?)(?::(\d{1,5}))?(?:\?transport=(?:udp|tcp))?$/

/** Why `url` is no TURN URL we use, or undefined when it is one. */
export function turnUrlProblem(url: string): string | undefined {
  if (url.length > MAX_TURN_URL) return `a TURN URL has at most ${MAX_TURN_URL} characters`
  const m = TURN_URL.exec(url)
  if (!m) return `not a TURN URL (turn:HOST:PORT or turns:HOST:PORT): ${url}`
  const port = m[1] === undefined ? undefined : Number(m[1])
  if (port !== undefined && (port < 1 || port > 65535)) return `no such port in ${url}`
  return undefined
}
