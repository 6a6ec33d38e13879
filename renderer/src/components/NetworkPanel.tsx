// The network as the core sees it: who I am, where I listen, my relay
// reservations and whether their STUN answers, the path to each connected contact
// with its round trip, and "test my connectivity".
import { useEffect, useId } from 'react'
import { useTranslation } from 'react-i18next'
import type { StunReachability } from '../../../protocol/api.ts'
import { shownName } from '../../../protocol/names.ts'
import { useParley } from '../state/parley-context.tsx'
import { ConnectivityTest } from './ConnectivityTest.tsx'
import { PathIcon } from './PathIcon.tsx'

const STUN = {
  reachable: { pill: 'ok', key: 'network.stunReachable' },
  unreachable: { pill: 'warn', key: 'network.stunUnreachable' },
  unknown: { pill: 'neutral', key: 'network.stunUnknown' },
  none: { pill: 'neutral', key: 'network.stunNone' },
} as const satisfies Record<StunReachability, { pill: string; key: string }>

export function NetworkPanel() {
  const { t } = useTranslation()
  const { api, state, dispatch } = useParley()
  const headingId = useId()
  const network = state.network

  // Events keep it current; fetch once on opening in case one was missed.
  useEffect(() => {
    api.network({}).then(
      (network) => dispatch({ type: 'network', network }),
      (err: unknown) => console.warn('parley: network', err),
    )
  }, [api, dispatch])

  const connected = [...state.paths.values()].filter((p) => p.path !== null)
  return (
    <section className="panel network" aria-labelledby={headingId} data-testid="network-panel">
      <h3 id={headingId}>{t('network.title')}</h3>
      {!network ? (
        <p className="muted" role="status">
          {t('network.loading')}
        </p>
      ) : (
        <dl className="facts">
          <dt>{t('network.peerId')}</dt>
          <dd>
            <code className="addr" data-testid="my-peer-id">
              {network.peerId}
            </code>
          </dd>
          <dt>{t('network.addresses')}</dt>
          <dd>
            {network.addresses.length === 0 ? (
              <span className="muted">{t('network.noAddresses')}</span>
            ) : (
              <ul className="addr-list" data-testid="my-addresses">
                {network.addresses.map((a) => (
                  <li key={a}>
                    <code className="addr">{a}</code>
                  </li>
                ))}
              </ul>
            )}
          </dd>
          <dt>{t('network.reservations')}</dt>
          <dd>
            {network.relays.length === 0 ? (
              <span className="muted">{t('network.noRelays')}</span>
            ) : (
              <ul className="addr-list">
                {network.relays.map((r) => (
                  <li
                    key={r.addr}
                    className="relay-status"
                    data-testid="relay-status"
                    data-reserved={r.reserved}
                    data-stun={r.stun}
                  >
                    <span className={r.reserved ? 'pill ok' : 'pill warn'}>
                      {r.reserved ? t('network.reserved') : t('network.notReserved')}
                    </span>
                    <span className={`pill ${STUN[r.stun].pill}`} data-testid="relay-stun">
                      {t(STUN[r.stun].key)}
                    </span>
                    <code className="addr">{r.addr}</code>
                  </li>
                ))}
              </ul>
            )}
          </dd>
          <dt>{t('network.peers')}</dt>
          <dd>
            {connected.length === 0 ? (
              <span className="muted" data-testid="no-peers">
                {t('network.noPeers')}
              </span>
            ) : (
              <ul className="addr-list">
                {connected.map((p) => (
                  <li
                    key={p.peerId}
                    className="peer-path"
                    data-testid="peer-path"
                    data-peer-id={p.peerId}
                  >
                    <PathIcon path={p.path} turn={p.turn} rttMs={p.rttMs} showRtt />
                    <span className="peer-name" title={p.peerId}>
                      {shownName(p.peerId, state.contacts.get(p.peerId))}
                    </span>
                    {p.remoteAddr && (
                      <code className="addr small">{t('network.via', { addr: p.remoteAddr })}</code>
                    )}
                  </li>
                ))}
              </ul>
            )}
          </dd>
        </dl>
      )}
      <ConnectivityTest />
    </section>
  )
}
