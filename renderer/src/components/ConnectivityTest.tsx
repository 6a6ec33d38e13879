// "Test my connectivity": asks the core to send STUN binding requests to the relays
// and shows the NAT type it inferred, our public address, and what each STUN
// endpoint answered.

import type { TFunction } from 'i18next'
import { useId, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { ConnectivityReport } from '../../../protocol/api.ts'
import { errorMessage, useParley } from '../state/parley-context.tsx'

const PILL = {
  open: 'ok',
  cone: 'ok',
  symmetric: 'warn',
  'udp-blocked': 'warn',
  unknown: 'neutral',
}

export function ConnectivityTest() {
  const { t } = useTranslation()
  const { api } = useParley()
  const [report, setReport] = useState<ConnectivityReport | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const headingId = useId()

  const run = async () => {
    setBusy(true)
    setError(null)
    try {
      setReport(await api.testConnectivity({}))
    } catch (err) {
      setError(t('connectivity.failed', { message: errorMessage(err) }))
    } finally {
      setBusy(false)
    }
  }

  return (
    <section className="connectivity" aria-labelledby={headingId} data-testid="connectivity">
      <h4 id={headingId}>{t('connectivity.title')}</h4>
      <p className="muted small">{t('connectivity.hint')}</p>
      <button
        type="button"
        className="button"
        onClick={() => void run()}
        disabled={busy}
        data-testid="connectivity-test"
      >
        {busy ? t('connectivity.testing') : t('connectivity.test')}
      </button>
      {error && (
        <p role="alert" className="error-text" data-testid="connectivity-error">
          {error}
        </p>
      )}
      {report && !busy && (
        <div role="status" className="connectivity-result" data-testid="connectivity-result">
          <dl className="facts">
            <dt>{t('connectivity.natType')}</dt>
            <dd>
              <span
                className={`pill ${PILL[report.nat]}`}
                data-testid="nat-type"
                data-nat={report.nat}
              >
                {t(`connectivity.nat.${report.nat}`)}
              </span>
              <p className="muted small">{hint(report, t)}</p>
            </dd>
            {report.publicAddress && (
              <>
                <dt>{t('connectivity.publicAddress')}</dt>
                <dd>
                  <code className="addr" data-testid="public-address">
                    {report.publicAddress}
                  </code>
                </dd>
              </>
            )}
            {report.servers.length > 0 && (
              <>
                <dt>{t('connectivity.servers')}</dt>
                <dd>
                  <ul className="addr-list">
                    {report.servers.map((s) => (
                      <li
                        key={s.server}
                        data-testid="stun-answer"
                        data-answered={s.mapped !== null}
                      >
                        <code className="addr">{s.server}</code>{' '}
                        <span className="muted small">
                          {s.mapped === null
                            ? t('connectivity.noAnswer')
                            : t('connectivity.answer', { mapped: s.mapped, ms: s.rttMs })}
                        </span>
                      </li>
                    ))}
                  </ul>
                </dd>
              </>
            )}
          </dl>
        </div>
      )}
    </section>
  )
}

/** What the NAT type means for chats; for 'unknown', why it could not be told. */
function hint(report: ConnectivityReport, t: TFunction): string {
  if (report.nat !== 'unknown') return t(`connectivity.natHint.${report.nat}`)
  if (report.servers.length === 0) return t('connectivity.natHint.noServer')
  if (report.servers.filter((s) => s.mapped !== null).length === 1) {
    return t('connectivity.natHint.oneAnswer')
  }
  return t('connectivity.natHint.unknown')
}
