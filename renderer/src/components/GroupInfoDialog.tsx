// A group's info, from its chat header: its name, description and announcement
// (admins change them), its members with their roles (admins add and remove
// members), and leaving it; for a discussion, when it ends and whether its history
// stays. In a group we left, all of it can only be read.
import { type FormEvent, useId, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { Group } from '../../../protocol/api.ts'
import { coreReason } from '../handle-errors.ts'
import { acceptedContacts, groupTitle, memberName } from '../state/app-state.ts'
import { errorMessage, useParley } from '../state/parley-context.tsx'
import {
  checkGroupName,
  checkGroupText,
  MAX_GROUP_ANNOUNCEMENT,
  MAX_GROUP_DESCRIPTION,
  MAX_GROUP_NAME,
  type NameProblem,
} from '../validation.ts'
import { Avatar } from './Avatar.tsx'
import { PhotoPicker } from './AvatarSettings.tsx'
import { ConfirmButton } from './ConfirmButton.tsx'
import { ContactPicker } from './ContactPicker.tsx'
import { Dialog } from './Dialog.tsx'
import { Switch } from './Switch.tsx'

export function GroupInfoDialog({ group, onClose }: { group: Group; onClose: () => void }) {
  const { t } = useTranslation()
  const { api, state, dispatch } = useParley()
  const self = state.profile.peerId
  const admin = !group.gone && group.members.some((m) => m.peerId === self && m.role === 'admin')
  const groupId = group.id
  /** Runs a change to the group; the group as it now is goes to every view at once. */
  const change = async (call: Promise<Group>) => dispatch({ type: 'group', group: await call })
  const title = groupTitle(state, group)
  const discussion = group.kind === 'discussion'
  return (
    <Dialog title={t('groups.info')} onClose={onClose} testId="group-info-dialog">
      <div className="contact-info">
        <div className="contact-card">
          <Avatar peerId={group.conversationId} name={title} src={group.photo} size={56} group />
          <div className="contact-card-text">
            <h3 data-testid="group-info-name">{title}</h3>
            <p className="muted small">
              {t('groups.memberCount', { count: group.members.length })}
            </p>
          </div>
        </div>
        <section className="panel group-about">
          {admin && (
            <PhotoPicker
              title={t('groups.photo')}
              peerId={group.conversationId}
              name={title}
              src={group.photo}
              group
              save={(image) => change(api.setGroupPhoto({ groupId, image }))}
              testId="group-photo"
            />
          )}
          {admin && (
            <GroupTextField
              label={t('groups.name')}
              value={group.name}
              max={MAX_GROUP_NAME}
              check={checkGroupName}
              save={(name) => change(api.renameGroup({ groupId, name }))}
              testId="group-rename"
            />
          )}
          <GroupTextField
            label={t('groups.description')}
            value={group.description}
            max={MAX_GROUP_DESCRIPTION}
            check={checkGroupText}
            save={
              admin ? (description) => change(api.describeGroup({ groupId, description })) : null
            }
            testId="group-description"
            multiline
          />
          <GroupTextField
            label={t('groups.announcement')}
            value={group.announcement}
            max={MAX_GROUP_ANNOUNCEMENT}
            check={checkGroupText}
            save={
              admin ? (announcement) => change(api.announceGroup({ groupId, announcement })) : null
            }
            testId="group-announcement"
            multiline
          />
        </section>
        {discussion && <DiscussionEnd group={group} change={change} />}
        <Members group={group} admin={admin} />
        {admin && <AddMembers group={group} />}
        {!group.gone && (
          <div className="form-actions">
            <ConfirmButton
              label={discussion ? t('discussions.leave') : t('groups.leave')}
              title={t('groups.leaveTitle', { name: title })}
              text={discussion && !group.keep ? t('discussions.leaveText') : t('groups.leaveText')}
              testId="group-leave"
              onConfirm={async () => {
                await change(api.leaveGroup({ groupId }))
                onClose()
              }}
            />
          </div>
        )}
      </div>
    </Dialog>
  )
}

/** When a discussion ends (or that it has), and keeping its history when it does. */
function DiscussionEnd({
  group,
  change,
}: {
  group: Group
  change: (call: Promise<Group>) => Promise<void>
}) {
  const { t, i18n } = useTranslation()
  const { api } = useParley()
  const [error, setError] = useState<string | null>(null)
  const when =
    group.endsAt === null
      ? null
      : new Date(group.endsAt).toLocaleString(i18n.language, {
          dateStyle: 'medium',
          timeStyle: 'short',
        })
  return (
    <section className="panel" data-testid="discussion-end">
      <p className="muted small" data-testid="discussion-ends">
        {when === null ? t('discussions.ended') : t('discussions.endsAt', { when })}
      </p>
      <Switch
        label={t('discussions.keep')}
        checked={group.keep}
        disabled={group.ended && !group.keep}
        onChange={(keep) => {
          setError(null)
          change(api.keepGroupHistory({ groupId: group.id, keep })).catch((err: unknown) =>
            setError(t('groups.failed', { reason: coreReason(errorMessage(err)) })),
          )
        }}
        testId="discussion-keep"
      />
      {error && (
        <p role="alert" className="error-text">
          {error}
        </p>
      )}
    </section>
  )
}

/**
 * One of the group's texts: a form for an admin (`save`), else the text as it is.
 * An empty description or announcement is none.
 */
function GroupTextField({
  label,
  value,
  max,
  check,
  save,
  testId,
  multiline = false,
}: {
  label: string
  value: string
  max: number
  check: (text: string) => NameProblem | { key: 'groups.control' } | null
  save: ((text: string) => Promise<void>) | null
  testId: string
  multiline?: boolean
}) {
  const { t } = useTranslation()
  const [draft, setDraft] = useState(value)
  const [result, setResult] = useState<{ ok: true } | { ok: false; message: string } | null>(null)
  const [busy, setBusy] = useState(false)
  const inputId = useId()
  const messageId = useId()
  const trimmed = draft.trim()

  if (!save) {
    return (
      <div>
        <h3>{label}</h3>
        <p className={value ? 'group-text' : 'muted small'} data-testid={`${testId}-text`}>
          {value || t('groups.none')}
        </p>
      </div>
    )
  }

  const submit = async (event: FormEvent) => {
    event.preventDefault()
    const problem = check(trimmed)
    if (problem) {
      const message = t(problem.key, 'values' in problem ? problem.values : {})
      return setResult({ ok: false, message })
    }
    setBusy(true)
    setResult(null)
    try {
      await save(trimmed)
      setResult({ ok: true })
    } catch (err) {
      setResult({
        ok: false,
        message: t('groups.failed', { reason: coreReason(errorMessage(err)) }),
      })
    } finally {
      setBusy(false)
    }
  }

  const field = {
    id: inputId,
    className: 'input',
    value: draft,
    maxLength: max,
    onChange: (e: { target: { value: string } }) => {
      setDraft(e.target.value)
      setResult(null)
    },
    'aria-invalid': result?.ok === false,
    'aria-describedby': result ? messageId : undefined,
    'data-testid': `${testId}-input`,
  }
  return (
    <div>
      <form className="inline-form group-text-form" onSubmit={submit} noValidate>
        <div className="field grow">
          <label htmlFor={inputId}>{label}</label>
          {multiline ? <textarea rows={2} {...field} /> : <input autoComplete="off" {...field} />}
        </div>
        <button
          type="submit"
          className="button"
          disabled={busy || trimmed === value}
          data-testid={`${testId}-save`}
        >
          {t('groups.save')}
        </button>
      </form>
      {result?.ok === false ? (
        <p id={messageId} role="alert" className="error-text" data-testid={`${testId}-error`}>
          {result.message}
        </p>
      ) : result?.ok ? (
        <p id={messageId} role="status" className="success-text small">
          {t('groups.saved')}
        </p>
      ) : null}
    </div>
  )
}

/** Everyone in the group, most senior first, admins marked; an admin can make others admins (or no longer), and remove them. */
function Members({ group, admin }: { group: Group; admin: boolean }) {
  const { t } = useTranslation()
  const { api, state, dispatch } = useParley()
  const self = state.profile.peerId
  const headingId = useId()
  return (
    <section className="panel" aria-labelledby={headingId}>
      <h3 id={headingId}>{t('groups.membersTitle', { count: group.members.length })}</h3>
      <ul className="member-list" data-testid="member-list">
        {group.members.map(({ peerId, role }) => {
          const me = peerId === self
          const name = me ? t('groups.you') : memberName(state.contacts, peerId, group)
          // My own picture is my profile's; a member who is no contact has none to show.
          const picture = me ? state.profile : state.contacts.get(peerId)
          return (
            <li key={peerId} className="member-row" data-testid="member" data-peer-id={peerId}>
              <Avatar
                peerId={peerId}
                name={me ? state.profile.displayName : name}
                src={picture?.avatar}
                size={28}
              />
              <span className="member-name" title={peerId} data-testid="member-name">
                {name}
              </span>
              {role === 'admin' && group.kind === 'group' && (
                <span className="role-badge" data-testid="member-role">
                  {t('groups.admin')}
                </span>
              )}
              {admin && peerId !== self && group.kind === 'group' && (
                <RoleButton group={group} peerId={peerId} role={role} name={name} />
              )}
              {admin && peerId !== self && (
                <ConfirmButton
                  label={t('groups.remove')}
                  title={t('groups.removeTitle', { name })}
                  text={t('groups.removeText')}
                  testId="member-remove"
                  onConfirm={async () => {
                    const now = await api.removeGroupMembers({
                      groupId: group.id,
                      members: [peerId],
                    })
                    dispatch({ type: 'group', group: now })
                  }}
                />
              )}
            </li>
          )
        })}
      </ul>
    </section>
  )
}

/** Makes a member an admin, or an admin a member again. */
function RoleButton({
  group,
  peerId,
  role,
  name,
}: {
  group: Group
  peerId: string
  role: 'admin' | 'member'
  name: string
}) {
  const { t } = useTranslation()
  const { api, dispatch } = useParley()
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const promote = role === 'member'
  const change = async () => {
    setBusy(true)
    setError(null)
    try {
      const params = { groupId: group.id, members: [peerId] }
      const now = promote
        ? await api.promoteGroupMembers(params)
        : await api.demoteGroupMembers(params)
      dispatch({ type: 'group', group: now })
    } catch (err) {
      setError(t('groups.failed', { reason: coreReason(errorMessage(err)) }))
    } finally {
      setBusy(false)
    }
  }
  return (
    <>
      <button
        type="button"
        className="button"
        disabled={busy}
        title={t(promote ? 'groups.promoteTitle' : 'groups.demoteTitle', { name })}
        data-testid={promote ? 'member-promote' : 'member-demote'}
        onClick={() => void change()}
      >
        {t(promote ? 'groups.promote' : 'groups.demote')}
      </button>
      {error && (
        <span role="alert" className="error-text small">
          {error}
        </span>
      )}
    </>
  )
}

/** An admin adds contacts who are not in the group yet. */
function AddMembers({ group }: { group: Group }) {
  const { t } = useTranslation()
  const { api, state, dispatch } = useParley()
  const [open, setOpen] = useState(false)
  const [chosen, setChosen] = useState<Set<string>>(new Set())
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const inGroup = new Set(group.members.map((m) => m.peerId))
  const candidates = acceptedContacts(state).filter((c) => !inGroup.has(c.peerId))

  if (!open) {
    return (
      <div>
        <button
          type="button"
          className="button"
          onClick={() => setOpen(true)}
          data-testid="group-add-open"
        >
          {t('groups.addMembers')}
        </button>
      </div>
    )
  }

  const add = async (event: FormEvent) => {
    event.preventDefault()
    if (chosen.size === 0) return setError(t('groups.chooseSomeone'))
    setBusy(true)
    setError(null)
    try {
      dispatch({
        type: 'group',
        group: await api.addGroupMembers({ groupId: group.id, members: [...chosen] }),
      })
      setChosen(new Set())
      setOpen(false)
    } catch (err) {
      setError(t('groups.failed', { reason: coreReason(errorMessage(err)) }))
    } finally {
      setBusy(false)
    }
  }

  return (
    <section className="panel">
      <form className="stacked-form" onSubmit={add} noValidate>
        <ContactPicker
          contacts={candidates}
          chosen={chosen}
          onChange={(next) => {
            setChosen(next)
            setError(null)
          }}
        />
        {error && (
          <p role="alert" className="error-text" data-testid="group-add-error">
            {error}
          </p>
        )}
        <div className="form-actions">
          <button type="button" className="button" onClick={() => setOpen(false)}>
            {t('confirm.cancel')}
          </button>
          <button
            type="submit"
            className="button primary"
            disabled={busy || candidates.length === 0}
            data-testid="group-add-submit"
          >
            {t('groups.add')}
          </button>
        </div>
      </form>
    </section>
  )
}
