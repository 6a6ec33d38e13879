/* eslint-disable require-yield */

import { decodeMessage, encodeMessage, enumeration, MaxLengthError, message, streamMessage } from 'protons-runtime'
import { alloc as uint8ArrayAlloc } from 'uint8arrays/alloc'
import type { Codec, DecodeOptions } from 'protons-runtime'
import type { Uint8ArrayList } from 'uint8arraylist'

export interface GroupEntry {
  group: Uint8Array<ArrayBuffer>
  author: Uint8Array<ArrayBuffer>
  parents: Uint8Array<ArrayBuffer>[]
  at: bigint
  genesis?: Genesis
  add?: Peers
  remove?: Peers
  leave?: Leave
  promote?: Peers
  demote?: Peers
  rename?: Text
  describe?: Text
  announce?: Text
  photo?: Photo
  expiry?: Expiry
}

export namespace GroupEntry {
  let _codec: Codec<GroupEntry>

  export const codec = (): Codec<GroupEntry> => {
    if (_codec == null) {
      _codec = message<GroupEntry>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        obj = { ...obj }

        if (obj.expiry != null) {
          obj.photo = undefined
          obj.announce = undefined
          obj.describe = undefined
          obj.rename = undefined
          obj.demote = undefined
          obj.promote = undefined
          obj.leave = undefined
          obj.remove = undefined
          obj.add = undefined
          obj.genesis = undefined
        }

        if (obj.photo != null) {
          obj.expiry = undefined
          obj.announce = undefined
          obj.describe = undefined
          obj.rename = undefined
          obj.demote = undefined
          obj.promote = undefined
          obj.leave = undefined
          obj.remove = undefined
          obj.add = undefined
          obj.genesis = undefined
        }

        if (obj.announce != null) {
          obj.expiry = undefined
          obj.photo = undefined
          obj.describe = undefined
          obj.rename = undefined
          obj.demote = undefined
          obj.promote = undefined
          obj.leave = undefined
          obj.remove = undefined
          obj.add = undefined
          obj.genesis = undefined
        }

        if (obj.describe != null) {
          obj.expiry = undefined
          obj.photo = undefined
          obj.announce = undefined
          obj.rename = undefined
          obj.demote = undefined
          obj.promote = undefined
          obj.leave = undefined
          obj.remove = undefined
          obj.add = undefined
          obj.genesis = undefined
        }

        if (obj.rename != null) {
          obj.expiry = undefined
          obj.photo = undefined
          obj.announce = undefined
          obj.describe = undefined
          obj.demote = undefined
          obj.promote = undefined
          obj.leave = undefined
          obj.remove = undefined
          obj.add = undefined
          obj.genesis = undefined
        }

        if (obj.demote != null) {
          obj.expiry = undefined
          obj.photo = undefined
          obj.announce = undefined
          obj.describe = undefined
          obj.rename = undefined
          obj.promote = undefined
          obj.leave = undefined
          obj.remove = undefined
          obj.add = undefined
          obj.genesis = undefined
        }

        if (obj.promote != null) {
          obj.expiry = undefined
          obj.photo = undefined
          obj.announce = undefined
          obj.describe = undefined
          obj.rename = undefined
          obj.demote = undefined
          obj.leave = undefined
          obj.remove = undefined
          obj.add = undefined
          obj.genesis = undefined
        }

        if (obj.leave != null) {
          obj.expiry = undefined
          obj.photo = undefined
          obj.announce = undefined
          obj.describe = undefined
          obj.rename = undefined
          obj.demote = undefined
          obj.promote = undefined
          obj.remove = undefined
          obj.add = undefined
          obj.genesis = undefined
        }

        if (obj.remove != null) {
          obj.expiry = undefined
          obj.photo = undefined
          obj.announce = undefined
          obj.describe = undefined
          obj.rename = undefined
          obj.demote = undefined
          obj.promote = undefined
          obj.leave = undefined
          obj.add = undefined
          obj.genesis = undefined
        }

        if (obj.add != null) {
          obj.expiry = undefined
          obj.photo = undefined
          obj.announce = undefined
          obj.describe = undefined
          obj.rename = undefined
          obj.demote = undefined
          obj.promote = undefined
          obj.leave = undefined
          obj.remove = undefined
          obj.genesis = undefined
        }

        if (obj.genesis != null) {
          obj.expiry = undefined
          obj.photo = undefined
          obj.announce = undefined
          obj.describe = undefined
          obj.rename = undefined
          obj.demote = undefined
          obj.promote = undefined
          obj.leave = undefined
          obj.remove = undefined
          obj.add = undefined
        }

        if ((obj.group != null && obj.group.byteLength > 0)) {
          w.uint32(10)
          w.bytes(obj.group)
        }

        if ((obj.author != null && obj.author.byteLength > 0)) {
          w.uint32(18)
          w.bytes(obj.author)
        }

        if (obj.parents != null && obj.parents.length > 0) {
          for (const value of obj.parents) {
            w.uint32(26)
            w.bytes(value)
          }
        }

        if ((obj.at != null && obj.at !== 0n)) {
          w.uint32(32)
          w.uint64(obj.at)
        }

        if (obj.genesis != null) {
          w.uint32(42)
          Genesis.codec().encode(obj.genesis, w)
        }

        if (obj.add != null) {
          w.uint32(50)
          Peers.codec().encode(obj.add, w)
        }

        if (obj.remove != null) {
          w.uint32(58)
          Peers.codec().encode(obj.remove, w)
        }

        if (obj.leave != null) {
          w.uint32(66)
          Leave.codec().encode(obj.leave, w)
        }

        if (obj.promote != null) {
          w.uint32(74)
          Peers.codec().encode(obj.promote, w)
        }

        if (obj.demote != null) {
          w.uint32(82)
          Peers.codec().encode(obj.demote, w)
        }

        if (obj.rename != null) {
          w.uint32(90)
          Text.codec().encode(obj.rename, w)
        }

        if (obj.describe != null) {
          w.uint32(98)
          Text.codec().encode(obj.describe, w)
        }

        if (obj.announce != null) {
          w.uint32(106)
          Text.codec().encode(obj.announce, w)
        }

        if (obj.photo != null) {
          w.uint32(114)
          Photo.codec().encode(obj.photo, w)
        }

        if (obj.expiry != null) {
          w.uint32(122)
          Expiry.codec().encode(obj.expiry, w)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          group: uint8ArrayAlloc(0),
          author: uint8ArrayAlloc(0),
          parents: [],
          at: 0n
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.group = reader.bytes()
              break
            }
            case 2: {
              obj.author = reader.bytes()
              break
            }
            case 3: {
              if (opts.limits?.parents != null && obj.parents.length === opts.limits.parents) {
                throw new MaxLengthError('Decode error - repeated field "parents" had too many elements')
              }

              if (obj.parents.length === 16) {
                throw new MaxLengthError('Decode error - repeated field "parents" had too many elements')
              }

              obj.parents.push(reader.bytes())
              break
            }
            case 4: {
              obj.at = reader.uint64()
              break
            }
            case 5: {
              obj.genesis = Genesis.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.genesis
              })
              break
            }
            case 6: {
              obj.add = Peers.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.add
              })
              break
            }
            case 7: {
              obj.remove = Peers.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.remove
              })
              break
            }
            case 8: {
              obj.leave = Leave.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.leave
              })
              break
            }
            case 9: {
              obj.promote = Peers.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.promote
              })
              break
            }
            case 10: {
              obj.demote = Peers.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.demote
              })
              break
            }
            case 11: {
              obj.rename = Text.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.rename
              })
              break
            }
            case 12: {
              obj.describe = Text.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.describe
              })
              break
            }
            case 13: {
              obj.announce = Text.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.announce
              })
              break
            }
            case 14: {
              obj.photo = Photo.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.photo
              })
              break
            }
            case 15: {
              obj.expiry = Expiry.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.expiry
              })
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        if (obj.expiry != null) {
          delete obj.photo
          delete obj.announce
          delete obj.describe
          delete obj.rename
          delete obj.demote
          delete obj.promote
          delete obj.leave
          delete obj.remove
          delete obj.add
          delete obj.genesis
        }

        if (obj.photo != null) {
          delete obj.expiry
          delete obj.announce
          delete obj.describe
          delete obj.rename
          delete obj.demote
          delete obj.promote
          delete obj.leave
          delete obj.remove
          delete obj.add
          delete obj.genesis
        }

        if (obj.announce != null) {
          delete obj.expiry
          delete obj.photo
          delete obj.describe
          delete obj.rename
          delete obj.demote
          delete obj.promote
          delete obj.leave
          delete obj.remove
          delete obj.add
          delete obj.genesis
        }

        if (obj.describe != null) {
          delete obj.expiry
          delete obj.photo
          delete obj.announce
          delete obj.rename
          delete obj.demote
          delete obj.promote
          delete obj.leave
          delete obj.remove
          delete obj.add
          delete obj.genesis
        }

        if (obj.rename != null) {
          delete obj.expiry
          delete obj.photo
          delete obj.announce
          delete obj.describe
          delete obj.demote
          delete obj.promote
          delete obj.leave
          delete obj.remove
          delete obj.add
          delete obj.genesis
        }

        if (obj.demote != null) {
          delete obj.expiry
          delete obj.photo
          delete obj.announce
          delete obj.describe
          delete obj.rename
          delete obj.promote
          delete obj.leave
          delete obj.remove
          delete obj.add
          delete obj.genesis
        }

        if (obj.promote != null) {
          delete obj.expiry
          delete obj.photo
          delete obj.announce
          delete obj.describe
          delete obj.rename
          delete obj.demote
          delete obj.leave
          delete obj.remove
          delete obj.add
          delete obj.genesis
        }

        if (obj.leave != null) {
          delete obj.expiry
          delete obj.photo
          delete obj.announce
          delete obj.describe
          delete obj.rename
          delete obj.demote
          delete obj.promote
          delete obj.remove
          delete obj.add
          delete obj.genesis
        }

        if (obj.remove != null) {
          delete obj.expiry
          delete obj.photo
          delete obj.announce
          delete obj.describe
          delete obj.rename
          delete obj.demote
          delete obj.promote
          delete obj.leave
          delete obj.add
          delete obj.genesis
        }

        if (obj.add != null) {
          delete obj.expiry
          delete obj.photo
          delete obj.announce
          delete obj.describe
          delete obj.rename
          delete obj.demote
          delete obj.promote
          delete obj.leave
          delete obj.remove
          delete obj.genesis
        }

        if (obj.genesis != null) {
          delete obj.expiry
          delete obj.photo
          delete obj.announce
          delete obj.describe
          delete obj.rename
          delete obj.demote
          delete obj.promote
          delete obj.leave
          delete obj.remove
          delete obj.add
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const obj = {
          parents: 16
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield {
                field: `${prefix}.group`,
                value: reader.bytes()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.author`,
                value: reader.bytes()
              }
              break
            }
            case 3: {
              if (opts.limits?.parents != null && obj.parents === opts.limits.parents) {
                throw new MaxLengthError('Streaming decode error - repeated field "parents" had too many elements')
              }

              if (obj.parents === 16) {
                throw new MaxLengthError('Streaming decode error - repeated field "parents" had too many elements')
              }

              yield {
                field: `${prefix}.parents[]`,
                index: obj.parents,
                value: reader.bytes()
              }

              obj.parents++

              break
            }
            case 4: {
              yield {
                field: `${prefix}.at`,
                value: reader.uint64()
              }
              break
            }
            case 5: {
              yield * Genesis.codec().stream(reader, reader.uint32(), `${prefix}.genesis`, {
                limits: opts.limits?.genesis
              })

              break
            }
            case 6: {
              yield * Peers.codec().stream(reader, reader.uint32(), `${prefix}.add`, {
                limits: opts.limits?.add
              })

              break
            }
            case 7: {
              yield * Peers.codec().stream(reader, reader.uint32(), `${prefix}.remove`, {
                limits: opts.limits?.remove
              })

              break
            }
            case 8: {
              yield * Leave.codec().stream(reader, reader.uint32(), `${prefix}.leave`, {
                limits: opts.limits?.leave
              })

              break
            }
            case 9: {
              yield * Peers.codec().stream(reader, reader.uint32(), `${prefix}.promote`, {
                limits: opts.limits?.promote
              })

              break
            }
            case 10: {
              yield * Peers.codec().stream(reader, reader.uint32(), `${prefix}.demote`, {
                limits: opts.limits?.demote
              })

              break
            }
            case 11: {
              yield * Text.codec().stream(reader, reader.uint32(), `${prefix}.rename`, {
                limits: opts.limits?.rename
              })

              break
            }
            case 12: {
              yield * Text.codec().stream(reader, reader.uint32(), `${prefix}.describe`, {
                limits: opts.limits?.describe
              })

              break
            }
            case 13: {
              yield * Text.codec().stream(reader, reader.uint32(), `${prefix}.announce`, {
                limits: opts.limits?.announce
              })

              break
            }
            case 14: {
              yield * Photo.codec().stream(reader, reader.uint32(), `${prefix}.photo`, {
                limits: opts.limits?.photo
              })

              break
            }
            case 15: {
              yield * Expiry.codec().stream(reader, reader.uint32(), `${prefix}.expiry`, {
                limits: opts.limits?.expiry
              })

              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }
      })
    }

    return _codec
  }

  export interface GroupEntryGroupFieldEvent {
    field: '$.group'
    value: Uint8Array<ArrayBuffer>
  }

  export interface GroupEntryAuthorFieldEvent {
    field: '$.author'
    value: Uint8Array<ArrayBuffer>
  }

  export interface GroupEntryParentsFieldEvent {
    field: '$.parents[]'
    index: number
    value: Uint8Array<ArrayBuffer>
  }

  export interface GroupEntryAtFieldEvent {
    field: '$.at'
    value: bigint
  }

  export interface GroupEntryGenesisNonceFieldEvent {
    field: '$.genesis.nonce'
    value: Uint8Array<ArrayBuffer>
  }

  export interface GroupEntryGenesisKindFieldEvent {
    field: '$.genesis.kind'
    value: Genesis.Kind
  }

  export interface GroupEntryGenesisNameFieldEvent {
    field: '$.genesis.name'
    value: string
  }

  export interface GroupEntryGenesisMembersFieldEvent {
    field: '$.genesis.members[]'
    index: number
    value: Uint8Array<ArrayBuffer>
  }

  export interface GroupEntryGenesisAdminsFieldEvent {
    field: '$.genesis.admins[]'
    index: number
    value: Uint8Array<ArrayBuffer>
  }

  export interface GroupEntryGenesisIdleSFieldEvent {
    field: '$.genesis.idleS'
    value: number
  }

  export interface GroupEntryAddPeersFieldEvent {
    field: '$.add.peers[]'
    index: number
    value: Uint8Array<ArrayBuffer>
  }

  export interface GroupEntryRemovePeersFieldEvent {
    field: '$.remove.peers[]'
    index: number
    value: Uint8Array<ArrayBuffer>
  }

  export interface GroupEntryPromotePeersFieldEvent {
    field: '$.promote.peers[]'
    index: number
    value: Uint8Array<ArrayBuffer>
  }

  export interface GroupEntryDemotePeersFieldEvent {
    field: '$.demote.peers[]'
    index: number
    value: Uint8Array<ArrayBuffer>
  }

  export interface GroupEntryRenameTextFieldEvent {
    field: '$.rename.text'
    value: string
  }

  export interface GroupEntryDescribeTextFieldEvent {
    field: '$.describe.text'
    value: string
  }

  export interface GroupEntryAnnounceTextFieldEvent {
    field: '$.announce.text'
    value: string
  }

  export interface GroupEntryPhotoDigestFieldEvent {
    field: '$.photo.digest'
    value: Uint8Array<ArrayBuffer>
  }

  export interface GroupEntryExpiryIdleSFieldEvent {
    field: '$.expiry.idleS'
    value: number
  }

  export function encode (obj: Partial<GroupEntry>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, GroupEntry.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<GroupEntry>): GroupEntry {
    return decodeMessage(buf, GroupEntry.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<GroupEntry>): Generator<GroupEntryGroupFieldEvent | GroupEntryAuthorFieldEvent | GroupEntryParentsFieldEvent | GroupEntryAtFieldEvent | GroupEntryGenesisNonceFieldEvent | GroupEntryGenesisKindFieldEvent | GroupEntryGenesisNameFieldEvent | GroupEntryGenesisMembersFieldEvent | GroupEntryGenesisAdminsFieldEvent | GroupEntryGenesisIdleSFieldEvent | GroupEntryAddPeersFieldEvent | GroupEntryRemovePeersFieldEvent | GroupEntryPromotePeersFieldEvent | GroupEntryDemotePeersFieldEvent | GroupEntryRenameTextFieldEvent | GroupEntryDescribeTextFieldEvent | GroupEntryAnnounceTextFieldEvent | GroupEntryPhotoDigestFieldEvent | GroupEntryExpiryIdleSFieldEvent> {
    return streamMessage(buf, GroupEntry.codec(), opts)
  }
}

export interface Genesis {
  nonce: Uint8Array<ArrayBuffer>
  kind: Genesis.Kind
  name: string
  members: Uint8Array<ArrayBuffer>[]
  admins: Uint8Array<ArrayBuffer>[]
  idleS: number
}

export namespace Genesis {
  export enum Kind {
    UNSPECIFIED = 'UNSPECIFIED',
    GROUP = 'GROUP',
    DISCUSSION = 'DISCUSSION'
  }

  enum __KindValues {
    UNSPECIFIED = 0,
    GROUP = 1,
    DISCUSSION = 2
  }

  export namespace Kind {
    export const codec = (): Codec<Kind> => {
      return enumeration<Kind>(__KindValues)
    }
  }

  let _codec: Codec<Genesis>

  export const codec = (): Codec<Genesis> => {
    if (_codec == null) {
      _codec = message<Genesis>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.nonce != null && obj.nonce.byteLength > 0)) {
          w.uint32(10)
          w.bytes(obj.nonce)
        }

        if (obj.kind != null && __KindValues[obj.kind] !== 0) {
          w.uint32(16)
          Genesis.Kind.codec().encode(obj.kind, w)
        }

        if ((obj.name != null && obj.name !== '')) {
          w.uint32(26)
          w.string(obj.name)
        }

        if (obj.members != null && obj.members.length > 0) {
          for (const value of obj.members) {
            w.uint32(34)
            w.bytes(value)
          }
        }

        if (obj.admins != null && obj.admins.length > 0) {
          for (const value of obj.admins) {
            w.uint32(42)
            w.bytes(value)
          }
        }

        if ((obj.idleS != null && obj.idleS !== 0)) {
          w.uint32(48)
          w.uint32(obj.idleS)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          nonce: uint8ArrayAlloc(0),
          kind: Kind.UNSPECIFIED,
          name: '',
          members: [],
          admins: [],
          idleS: 0
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.nonce = reader.bytes()
              break
            }
            case 2: {
              obj.kind = Genesis.Kind.codec().decode(reader)
              break
            }
            case 3: {
              obj.name = reader.string()
              break
            }
            case 4: {
              if (opts.limits?.members != null && obj.members.length === opts.limits.members) {
                throw new MaxLengthError('Decode error - repeated field "members" had too many elements')
              }

              if (obj.members.length === 256) {
                throw new MaxLengthError('Decode error - repeated field "members" had too many elements')
              }

              obj.members.push(reader.bytes())
              break
            }
            case 5: {
              if (opts.limits?.admins != null && obj.admins.length === opts.limits.admins) {
                throw new MaxLengthError('Decode error - repeated field "admins" had too many elements')
              }

              if (obj.admins.length === 256) {
                throw new MaxLengthError('Decode error - repeated field "admins" had too many elements')
              }

              obj.admins.push(reader.bytes())
              break
            }
            case 6: {
              obj.idleS = reader.uint32()
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const obj = {
          members: 256,
          admins: 256
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield {
                field: `${prefix}.nonce`,
                value: reader.bytes()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.kind`,
                value: Genesis.Kind.codec().decode(reader)
              }
              break
            }
            case 3: {
              yield {
                field: `${prefix}.name`,
                value: reader.string()
              }
              break
            }
            case 4: {
              if (opts.limits?.members != null && obj.members === opts.limits.members) {
                throw new MaxLengthError('Streaming decode error - repeated field "members" had too many elements')
              }

              if (obj.members === 256) {
                throw new MaxLengthError('Streaming decode error - repeated field "members" had too many elements')
              }

              yield {
                field: `${prefix}.members[]`,
                index: obj.members,
                value: reader.bytes()
              }

              obj.members++

              break
            }
            case 5: {
              if (opts.limits?.admins != null && obj.admins === opts.limits.admins) {
                throw new MaxLengthError('Streaming decode error - repeated field "admins" had too many elements')
              }

              if (obj.admins === 256) {
                throw new MaxLengthError('Streaming decode error - repeated field "admins" had too many elements')
              }

              yield {
                field: `${prefix}.admins[]`,
                index: obj.admins,
                value: reader.bytes()
              }

              obj.admins++

              break
            }
            case 6: {
              yield {
                field: `${prefix}.idleS`,
                value: reader.uint32()
              }
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }
      })
    }

    return _codec
  }

  export interface GenesisNonceFieldEvent {
    field: '$.nonce'
    value: Uint8Array<ArrayBuffer>
  }

  export interface GenesisKindFieldEvent {
    field: '$.kind'
    value: Genesis.Kind
  }

  export interface GenesisNameFieldEvent {
    field: '$.name'
    value: string
  }

  export interface GenesisMembersFieldEvent {
    field: '$.members[]'
    index: number
    value: Uint8Array<ArrayBuffer>
  }

  export interface GenesisAdminsFieldEvent {
    field: '$.admins[]'
    index: number
    value: Uint8Array<ArrayBuffer>
  }

  export interface GenesisIdleSFieldEvent {
    field: '$.idleS'
    value: number
  }

  export function encode (obj: Partial<Genesis>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, Genesis.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Genesis>): Genesis {
    return decodeMessage(buf, Genesis.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Genesis>): Generator<GenesisNonceFieldEvent | GenesisKindFieldEvent | GenesisNameFieldEvent | GenesisMembersFieldEvent | GenesisAdminsFieldEvent | GenesisIdleSFieldEvent> {
    return streamMessage(buf, Genesis.codec(), opts)
  }
}

export interface Peers {
  peers: Uint8Array<ArrayBuffer>[]
}

export namespace Peers {
  let _codec: Codec<Peers>

  export const codec = (): Codec<Peers> => {
    if (_codec == null) {
      _codec = message<Peers>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if (obj.peers != null && obj.peers.length > 0) {
          for (const value of obj.peers) {
            w.uint32(10)
            w.bytes(value)
          }
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          peers: []
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              if (opts.limits?.peers != null && obj.peers.length === opts.limits.peers) {
                throw new MaxLengthError('Decode error - repeated field "peers" had too many elements')
              }

              if (obj.peers.length === 256) {
                throw new MaxLengthError('Decode error - repeated field "peers" had too many elements')
              }

              obj.peers.push(reader.bytes())
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const obj = {
          peers: 256
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              if (opts.limits?.peers != null && obj.peers === opts.limits.peers) {
                throw new MaxLengthError('Streaming decode error - repeated field "peers" had too many elements')
              }

              if (obj.peers === 256) {
                throw new MaxLengthError('Streaming decode error - repeated field "peers" had too many elements')
              }

              yield {
                field: `${prefix}.peers[]`,
                index: obj.peers,
                value: reader.bytes()
              }

              obj.peers++

              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }
      })
    }

    return _codec
  }

  export interface PeersPeersFieldEvent {
    field: '$.peers[]'
    index: number
    value: Uint8Array<ArrayBuffer>
  }

  export function encode (obj: Partial<Peers>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, Peers.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Peers>): Peers {
    return decodeMessage(buf, Peers.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Peers>): Generator<PeersPeersFieldEvent> {
    return streamMessage(buf, Peers.codec(), opts)
  }
}

export interface Leave {}

export namespace Leave {
  let _codec: Codec<Leave>

  export const codec = (): Codec<Leave> => {
    if (_codec == null) {
      _codec = message<Leave>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {}

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }
      })
    }

    return _codec
  }

  export function encode (obj: Partial<Leave>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, Leave.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Leave>): Leave {
    return decodeMessage(buf, Leave.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Leave>): Generator<{}> {
    return streamMessage(buf, Leave.codec(), opts)
  }
}

export interface Text {
  text: string
}

export namespace Text {
  let _codec: Codec<Text>

  export const codec = (): Codec<Text> => {
    if (_codec == null) {
      _codec = message<Text>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.text != null && obj.text !== '')) {
          w.uint32(10)
          w.string(obj.text)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          text: ''
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.text = reader.string()
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield {
                field: `${prefix}.text`,
                value: reader.string()
              }
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }
      })
    }

    return _codec
  }

  export interface TextTextFieldEvent {
    field: '$.text'
    value: string
  }

  export function encode (obj: Partial<Text>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, Text.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Text>): Text {
    return decodeMessage(buf, Text.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Text>): Generator<TextTextFieldEvent> {
    return streamMessage(buf, Text.codec(), opts)
  }
}

export interface Photo {
  digest: Uint8Array<ArrayBuffer>
}

export namespace Photo {
  let _codec: Codec<Photo>

  export const codec = (): Codec<Photo> => {
    if (_codec == null) {
      _codec = message<Photo>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.digest != null && obj.digest.byteLength > 0)) {
          w.uint32(10)
          w.bytes(obj.digest)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          digest: uint8ArrayAlloc(0)
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.digest = reader.bytes()
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield {
                field: `${prefix}.digest`,
                value: reader.bytes()
              }
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }
      })
    }

    return _codec
  }

  export interface PhotoDigestFieldEvent {
    field: '$.digest'
    value: Uint8Array<ArrayBuffer>
  }

  export function encode (obj: Partial<Photo>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, Photo.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Photo>): Photo {
    return decodeMessage(buf, Photo.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Photo>): Generator<PhotoDigestFieldEvent> {
    return streamMessage(buf, Photo.codec(), opts)
  }
}

export interface Expiry {
  idleS: number
}

export namespace Expiry {
  let _codec: Codec<Expiry>

  export const codec = (): Codec<Expiry> => {
    if (_codec == null) {
      _codec = message<Expiry>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.idleS != null && obj.idleS !== 0)) {
          w.uint32(8)
          w.uint32(obj.idleS)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          idleS: 0
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.idleS = reader.uint32()
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield {
                field: `${prefix}.idleS`,
                value: reader.uint32()
              }
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }
      })
    }

    return _codec
  }

  export interface ExpiryIdleSFieldEvent {
    field: '$.idleS'
    value: number
  }

  export function encode (obj: Partial<Expiry>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, Expiry.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Expiry>): Expiry {
    return decodeMessage(buf, Expiry.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Expiry>): Generator<ExpiryIdleSFieldEvent> {
    return streamMessage(buf, Expiry.codec(), opts)
  }
}

export interface SignedGroupEntry {
  entry: Uint8Array<ArrayBuffer>
  signature: Uint8Array<ArrayBuffer>
}

export namespace SignedGroupEntry {
  let _codec: Codec<SignedGroupEntry>

  export const codec = (): Codec<SignedGroupEntry> => {
    if (_codec == null) {
      _codec = message<SignedGroupEntry>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.entry != null && obj.entry.byteLength > 0)) {
          w.uint32(10)
          w.bytes(obj.entry)
        }

        if ((obj.signature != null && obj.signature.byteLength > 0)) {
          w.uint32(18)
          w.bytes(obj.signature)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          entry: uint8ArrayAlloc(0),
          signature: uint8ArrayAlloc(0)
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.entry = reader.bytes()
              break
            }
            case 2: {
              obj.signature = reader.bytes()
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield {
                field: `${prefix}.entry`,
                value: reader.bytes()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.signature`,
                value: reader.bytes()
              }
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }
      })
    }

    return _codec
  }

  export interface SignedGroupEntryEntryFieldEvent {
    field: '$.entry'
    value: Uint8Array<ArrayBuffer>
  }

  export interface SignedGroupEntrySignatureFieldEvent {
    field: '$.signature'
    value: Uint8Array<ArrayBuffer>
  }

  export function encode (obj: Partial<SignedGroupEntry>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, SignedGroupEntry.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<SignedGroupEntry>): SignedGroupEntry {
    return decodeMessage(buf, SignedGroupEntry.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<SignedGroupEntry>): Generator<SignedGroupEntryEntryFieldEvent | SignedGroupEntrySignatureFieldEvent> {
    return streamMessage(buf, SignedGroupEntry.codec(), opts)
  }
}

export interface GroupEntries {
  entries: SignedGroupEntry[]
}

export namespace GroupEntries {
  let _codec: Codec<GroupEntries>

  export const codec = (): Codec<GroupEntries> => {
    if (_codec == null) {
      _codec = message<GroupEntries>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if (obj.entries != null && obj.entries.length > 0) {
          for (const value of obj.entries) {
            w.uint32(10)
            SignedGroupEntry.codec().encode(value, w)
          }
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          entries: []
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              if (opts.limits?.entries != null && obj.entries.length === opts.limits.entries) {
                throw new MaxLengthError('Decode error - repeated field "entries" had too many elements')
              }

              if (obj.entries.length === 256) {
                throw new MaxLengthError('Decode error - repeated field "entries" had too many elements')
              }

              obj.entries.push(SignedGroupEntry.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.entries$
              }))
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const obj = {
          entries: 256
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              if (opts.limits?.entries != null && obj.entries === opts.limits.entries) {
                throw new MaxLengthError('Streaming decode error - repeated field "entries" had too many elements')
              }

              if (obj.entries === 256) {
                throw new MaxLengthError('Streaming decode error - repeated field "entries" had too many elements')
              }

              for (const evt of SignedGroupEntry.codec().stream(reader, reader.uint32(), `${prefix}.entries[]`, {
                limits: opts.limits?.entries$
              })) {
                yield {
                  ...evt,
                  index: obj.entries
                }
              }

              obj.entries++

              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }
      })
    }

    return _codec
  }

  export interface GroupEntriesEntriesEntryFieldEvent {
    field: '$.entries[].entry'
    value: Uint8Array<ArrayBuffer>
    index: number
  }

  export interface GroupEntriesEntriesSignatureFieldEvent {
    field: '$.entries[].signature'
    value: Uint8Array<ArrayBuffer>
    index: number
  }

  export function encode (obj: Partial<GroupEntries>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, GroupEntries.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<GroupEntries>): GroupEntries {
    return decodeMessage(buf, GroupEntries.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<GroupEntries>): Generator<GroupEntriesEntriesEntryFieldEvent | GroupEntriesEntriesSignatureFieldEvent> {
    return streamMessage(buf, GroupEntries.codec(), opts)
  }
}
