// The Parley mark: two speech bubbles, drawn inline (no external assets).
import { useTranslation } from 'react-i18next'

export function Logo({ size = 48 }: { size?: number }) {
  const { t } = useTranslation()
  return (
    <div className="logo">
      <svg width={size} height={size} viewBox="0 0 48 48" aria-hidden="true">
        <rect x="2" y="6" width="30" height="22" rx="8" className="logo-back" />
        <path d="M10 28 l-2 8 l9-8z" className="logo-back" />
        <rect x="16" y="16" width="30" height="22" rx="8" className="logo-front" />
        <path d="M38 38 l2 8 l-9-8z" className="logo-front" />
      </svg>
      <span className="logo-text">{t('app.name')}</span>
    </div>
  )
}
