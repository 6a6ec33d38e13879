// This profile as we present it, kept in the profile's settings: the display name
// goes to anyone we talk to, the status line and the avatar only to accepted
// contacts. It outlives the network, which is restarted when the relays change.
import type { Profile } from '../../../protocol/api.ts'
import type { Settings } from '../store/settings.ts'
import { avatarDigest, dataUrl } from './avatar.ts'

/** What one peer may know of us. */
export interface ShownProfile {
  displayName: string
  statusLine: string
  avatar: Uint8Array<ArrayBuffer> | null
  /** Of `avatar`; '' when there is none. */
  avatarDigest: string
}

export class OwnProfile {
  private digest: string

  private constructor(
    private readonly settings: Settings,
    readonly peerId: string,
    /** null until first-run set-up. */
    public displayName: string | null,
    private statusLine: string,
    private avatar: Uint8Array<ArrayBuffer> | null,
  ) {
    this.digest = avatar ? avatarDigest(avatar) : ''
  }

  static async load(settings: Settings, peerId: string): Promise<OwnProfile> {
    // The avatar is kept as base64 (settings are JSON), '' when removed.
    const avatar = await settings.get<string>('avatar')
    return new OwnProfile(
      settings,
      peerId,
      (await settings.get<string>('displayName')) ?? null,
      (await settings.get<string>('statusLine')) ?? '',
      avatar ? Buffer.from(avatar, 'base64') : null,
    )
  }

  /** As the UI shows it. */
  view(): Profile {
    return {
      peerId: this.peerId,
      displayName: this.displayName,
      statusLine: this.statusLine,
      avatar: this.avatar ? dataUrl(this.avatar, 'image/webp') : null,
    }
  }

  /** What a peer may know: the name, and the rest only if it is an accepted contact. */
  shownTo(accepted: boolean): ShownProfile {
    const displayName = this.displayName ?? ''
    if (!accepted) return { displayName, statusLine: '', avatar: null, avatarDigest: '' }
    const { statusLine, avatar, digest } = this
    return { displayName, statusLine, avatar, avatarDigest: digest }
  }

  async rename(displayName: string, statusLine?: string): Promise<void> {
    await this.settings.put('displayName', displayName)
    this.displayName = displayName
    if (statusLine === undefined) return
    await this.settings.put('statusLine', statusLine)
    this.statusLine = statusLine
  }

  /** Keeps an avatar made by makeAvatar, or removes ours (null). */
  async setAvatar(avatar: Uint8Array<ArrayBuffer> | null): Promise<void> {
    // '' for none: LevelDB keeps no null, and the store has no way to delete a setting.
    await this.settings.put('avatar', avatar ? Buffer.from(avatar).toString('base64') : '')
    this.avatar = avatar
    this.digest = avatar ? avatarDigest(avatar) : ''
  }
}
