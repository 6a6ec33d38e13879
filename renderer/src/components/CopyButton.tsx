// A button that copies a text (an invite code, a safety code) and says, for a
// moment, whether it worked.
import { useEffect, useState } from 'react'
import { copyText } from '../clipboard.ts'
import { CopyIcon } from './Icons.tsx'

export function CopyButton({
  text,
  labels,
  testId,
}: {
  text: string
  labels: { copy: string; copied: string; failed: string }
  testId: string
}) {
  const [copied, setCopied] = useState<'yes' | 'failed' | null>(null)

  useEffect(() => {
    if (!copied) return
    const timer = setTimeout(() => setCopied(null), 2500)
    return () => clearTimeout(timer)
  }, [copied])

  const copy = async () => {
    try {
      await copyText(text)
      setCopied('yes')
    } catch {
      setCopied('failed')
    }
  }

  return (
    <div className="row-actions">
      <button type="button" className="button" onClick={copy} data-testid={testId}>
        <CopyIcon />
        {labels.copy}
      </button>
      <span role="status" className={copied === 'failed' ? 'error-text' : 'success-text'}>
        {copied === 'yes' ? labels.copied : copied === 'failed' ? labels.failed : ''}
      </span>
    </div>
  )
}
