// The network as the core sees it: who I am, where I listen, my relay
// reservations, and the path to each connected contact.
import { useEffect, useId } from 'react'
import { useTranslation } from 'react-i18next'
import { shownName } from '../../../protocol/names.ts'
import { useParley } from '../state/parley-context.tsx'
import { PathIcon } from './PathIcon.tsx'

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
                  >
                    <span className={r.reserved ? 'pill ok' : 'pill warn'}>
                      {r.reserved ? t('network.reserved') : t('network.notReserved')}
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
                    <PathIcon path={p.path} />
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
    </section>
  )
}
