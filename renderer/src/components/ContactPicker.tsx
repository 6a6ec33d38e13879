// Choosing people for a group (a new one, or more members): accepted contacts
// as a checkbox list, with a filter by name once the list is long.
import { useId, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { Contact } from '../../../protocol/api.ts'
import { shownName } from '../../../protocol/names.ts'
import { Avatar } from './Avatar.tsx'

export function ContactPicker({
  contacts,
  chosen,
  onChange,
}: {
  /** Whom the user can choose from, in the order shown. */
  contacts: Contact[]
  chosen: ReadonlySet<string>
  onChange: (chosen: Set<string>) => void
}) {
  const { t } = useTranslation()
  const [filter, setFilter] = useState('')
  const filterId = useId()
  const query = filter.trim().toLocaleLowerCase()
  const shown = contacts.filter(
    (c) =>
      query === '' ||
      shownName(c.peerId, c).toLocaleLowerCase().includes(query) ||
      c.peerId.toLowerCase().includes(query),
  )
  const toggle = (peerId: string, on: boolean) => {
    const next = new Set(chosen)
    if (on) next.add(peerId)
    else next.delete(peerId)
    onChange(next)
  }

  if (contacts.length === 0) {
    return (
      <p className="muted small" data-testid="picker-none">
        {t('groups.noContacts')}
      </p>
    )
  }
  return (
    <fieldset className="contact-picker" data-testid="contact-picker">
      <legend>{t('groups.pick', { count: chosen.size })}</legend>
      <label htmlFor={filterId} className="sr-only">
        {t('groups.filter')}
      </label>
      <input
        id={filterId}
        className="input"
        type="search"
        value={filter}
        placeholder={t('groups.filter')}
        autoComplete="off"
        onChange={(e) => setFilter(e.target.value)}
        data-testid="picker-filter"
      />
      <ul className="picker-list">
        {shown.map((c) => {
          const name = shownName(c.peerId, c)
          return (
            <li key={c.peerId}>
              <label className="picker-row" data-testid="picker-row" data-peer-id={c.peerId}>
                <input
                  type="checkbox"
                  checked={chosen.has(c.peerId)}
                  onChange={(e) => toggle(c.peerId, e.target.checked)}
                  data-testid="picker-check"
                />
                <Avatar peerId={c.peerId} name={name} src={c.avatar} size={28} />
                <span className="picker-name" data-testid="picker-name">
                  {name}
                </span>
              </label>
            </li>
          )
        })}
        {shown.length === 0 && (
          <li className="muted small" data-testid="picker-no-match">
            {t('groups.noMatch')}
          </li>
        )}
      </ul>
    </fieldset>
  )
}
