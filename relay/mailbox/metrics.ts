// The mailbox's Prometheus metrics (prefix parley_relay_mailbox_), in the relay's registry.
import { Counter, Gauge, type Registry } from 'prom-client'
import type { MailboxResponse } from '../../protocol/mailbox.ts'
import type { MailboxRequestKind } from './service.ts'
import type { Mailbox } from './store.ts'

/** Registers the mailbox's metrics; returns what to tell of each answer. */
export function registerMailboxMetrics(registry: Registry, mailbox: Mailbox) {
  const registers = [registry]
  const gauge = (name: string, help: string, read: () => number) =>
    new Gauge({
      name,
      help,
      registers,
      collect() {
        this.set(read())
      },
    })
  gauge('parley_relay_mailbox_items', 'Items waiting in mailboxes', () => mailbox.size.items)
  gauge(
    'parley_relay_mailbox_bytes',
    'Envelope bytes waiting in mailboxes',
    () => mailbox.size.bytes,
  )
  gauge(
    'parley_relay_mailbox_mailboxes',
    'Mailboxes open (peers that fetched here)',
    () => mailbox.size.mailboxes,
  )
  const expired = new Counter({
    name: 'parley_relay_mailbox_expired_total',
    help: 'Items deleted unfetched once past the TTL',
    registers,
  })
  mailbox.onExpired = (count) => expired.inc(count)
  const requests = new Counter({
    name: 'parley_relay_mailbox_requests_total',
    help: 'Mailbox requests answered, by request (deposit, fetch, ack, undecodable) and status',
    labelNames: ['request', 'status'],
    registers,
  })
  return (kind: MailboxRequestKind, response: MailboxResponse) =>
    requests.inc({ request: kind, status: response.status })
}
