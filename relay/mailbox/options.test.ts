import { describe, expect, it } from 'vitest'
import { ConfigError, parseConfig } from '../config.ts'

describe('mailbox options', () => {
  it('default to a 30-day TTL, 2000 items and 32 MiB a mailbox, 1 GiB in all', () => {
    expect(parseConfig([])).toMatchObject({
      mailboxTtlMs: 30 * 24 * 60 * 60 * 1000,
      mailboxItems: 2000,
      mailboxBytes: 32 * 1024 * 1024,
      mailboxTotalBytes: 1024 ** 3,
      mailboxRate: 600,
      mailboxBurst: 200,
    })
  })

  it('take durations and sizes with their units', () => {
    const args = ['--mailbox-ttl', '90s', '--mailbox-bytes', '512KiB']
    expect(parseConfig(args)).toMatchObject({ mailboxTtlMs: 90_000, mailboxBytes: 512 * 1024 })
    expect(parseConfig(['--mailbox-ttl', '250ms'])).toMatchObject({ mailboxTtlMs: 250 })
    expect(parseConfig(['--mailbox-total-bytes', '1000'])).toMatchObject({
      mailboxTotalBytes: 1000,
    })
  })

  it.each([
    ['--mailbox-ttl', '30', /expected a duration such as 30d/],
    ['--mailbox-ttl', '0s', /expected a duration/],
    ['--mailbox-bytes', '32MB', /expected a size such as 32MiB/],
    ['--mailbox-items', '0', /expected a positive integer/],
  ])('refuse %s %s with one readable line', (flag, value, reason) => {
    expect(() => parseConfig([flag, value])).toThrow(ConfigError)
    expect(() => parseConfig([flag, value])).toThrow(reason)
  })
})
