// What went wrong with a handle, in words the user can act on. The API's error
// codes are its contract: 'conflict' (taken), 'bad-request' (the core says why),
// 'rate-limited', 'not-found'.
import type { TFunction } from 'i18next'
import { ApiError } from '../../protocol/api.ts'
import { errorMessage } from './state/parley-context.tsx'

/** The core's reason, without the method name and zod's markers. */
export function coreReason(message: string): string {
  const lines = message
    .replace(/^[a-zA-Z]+:\s*/, '')
    .split('\n')
    .map((line) => line.trim())
  const issues = lines.filter((l) => l.startsWith('✖')).map((l) => l.replace(/^✖\s*/, ''))
  return issues.length > 0 ? issues.join('; ') : lines.filter((l) => !l.startsWith('→')).join(' ')
}

export function handleErrorText(t: TFunction, err: unknown): string {
  if (err instanceof ApiError) {
    switch (err.code) {
      case 'conflict':
        return t('handle.taken')
      case 'rate-limited':
        return t('handle.rateLimited')
      case 'not-found':
        return t('handle.notFound')
      case 'bad-request':
        return t('handle.invalid', { reason: coreReason(err.message) })
    }
  }
  return t('handle.failed', { message: errorMessage(err) })
}

/** "127.0.0.1:4001" from a relay multiaddr; its short peer id if it has no host. */
export function relayShort(addr: string): string {
  const host = addr.match(/^\/(?:ip4|ip6|dns|dns4|dns6)\/([^/]+)\/(?:tcp|udp)\/(\d+)/)
  if (host) return `${host[1]}:${host[2]}`
  const id = addr.match(/\/p2p\/([^/]+)$/)?.[1]
  return id ? `${id.slice(0, 8)}…${id.slice(-6)}` : addr
}
