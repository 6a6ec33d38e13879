/* eslint-disable require-yield */

import { decodeMessage, encodeMessage, enumeration, MaxLengthError, message, streamMessage } from 'protons-runtime'
import { alloc as uint8ArrayAlloc } from 'uint8arrays/alloc'
import type { Codec, DecodeOptions } from 'protons-runtime'
import type { Uint8ArrayList } from 'uint8arraylist'

export interface Frame {
  version: number
  ack?: Ack
  hello?: Hello
  presence?: Presence
  typing?: Typing
  sealed?: Sealed
  keyRequest?: KeyRequest
  keys?: Keys
  read?: Read
}

export namespace Frame {
  let _codec: Codec<Frame>

  export const codec = (): Codec<Frame> => {
    if (_codec == null) {
      _codec = message<Frame>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        obj = { ...obj }

        if (obj.read != null) {
          obj.keys = undefined
          obj.keyRequest = undefined
          obj.sealed = undefined
          obj.typing = undefined
          obj.presence = undefined
          obj.hello = undefined
          obj.ack = undefined
        }

        if (obj.keys != null) {
          obj.read = undefined
          obj.keyRequest = undefined
          obj.sealed = undefined
          obj.typing = undefined
          obj.presence = undefined
          obj.hello = undefined
          obj.ack = undefined
        }

        if (obj.keyRequest != null) {
          obj.read = undefined
          obj.keys = undefined
          obj.sealed = undefined
          obj.typing = undefined
          obj.presence = undefined
          obj.hello = undefined
          obj.ack = undefined
        }

        if (obj.sealed != null) {
          obj.read = undefined
          obj.keys = undefined
          obj.keyRequest = undefined
          obj.typing = undefined
          obj.presence = undefined
          obj.hello = undefined
          obj.ack = undefined
        }

        if (obj.typing != null) {
          obj.read = undefined
          obj.keys = undefined
          obj.keyRequest = undefined
          obj.sealed = undefined
          obj.presence = undefined
          obj.hello = undefined
          obj.ack = undefined
        }

        if (obj.presence != null) {
          obj.read = undefined
          obj.keys = undefined
          obj.keyRequest = undefined
          obj.sealed = undefined
          obj.typing = undefined
          obj.hello = undefined
          obj.ack = undefined
        }

        if (obj.hello != null) {
          obj.read = undefined
          obj.keys = undefined
          obj.keyRequest = undefined
          obj.sealed = undefined
          obj.typing = undefined
          obj.presence = undefined
          obj.ack = undefined
        }

        if (obj.ack != null) {
          obj.read = undefined
          obj.keys = undefined
          obj.keyRequest = undefined
          obj.sealed = undefined
          obj.typing = undefined
          obj.presence = undefined
          obj.hello = undefined
        }

        if ((obj.version != null && obj.version !== 0)) {
          w.uint32(8)
          w.uint32(obj.version)
        }

        if (obj.ack != null) {
          w.uint32(26)
          Ack.codec().encode(obj.ack, w)
        }

        if (obj.hello != null) {
          w.uint32(34)
          Hello.codec().encode(obj.hello, w)
        }

        if (obj.presence != null) {
          w.uint32(42)
          Presence.codec().encode(obj.presence, w)
        }

        if (obj.typing != null) {
          w.uint32(50)
          Typing.codec().encode(obj.typing, w)
        }

        if (obj.sealed != null) {
          w.uint32(58)
          Sealed.codec().encode(obj.sealed, w)
        }

        if (obj.keyRequest != null) {
          w.uint32(66)
          KeyRequest.codec().encode(obj.keyRequest, w)
        }

        if (obj.keys != null) {
          w.uint32(74)
          Keys.codec().encode(obj.keys, w)
        }

        if (obj.read != null) {
          w.uint32(82)
          Read.codec().encode(obj.read, w)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          version: 0
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.version = reader.uint32()
              break
            }
            case 3: {
              obj.ack = Ack.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.ack
              })
              break
            }
            case 4: {
              obj.hello = Hello.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.hello
              })
              break
            }
            case 5: {
              obj.presence = Presence.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.presence
              })
              break
            }
            case 6: {
              obj.typing = Typing.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.typing
              })
              break
            }
            case 7: {
              obj.sealed = Sealed.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.sealed
              })
              break
            }
            case 8: {
              obj.keyRequest = KeyRequest.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.keyRequest
              })
              break
            }
            case 9: {
              obj.keys = Keys.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.keys
              })
              break
            }
            case 10: {
              obj.read = Read.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.read
              })
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        if (obj.read != null) {
          delete obj.keys
          delete obj.keyRequest
          delete obj.sealed
          delete obj.typing
          delete obj.presence
          delete obj.hello
          delete obj.ack
        }

        if (obj.keys != null) {
          delete obj.read
          delete obj.keyRequest
          delete obj.sealed
          delete obj.typing
          delete obj.presence
          delete obj.hello
          delete obj.ack
        }

        if (obj.keyRequest != null) {
          delete obj.read
          delete obj.keys
          delete obj.sealed
          delete obj.typing
          delete obj.presence
          delete obj.hello
          delete obj.ack
        }

        if (obj.sealed != null) {
          delete obj.read
          delete obj.keys
          delete obj.keyRequest
          delete obj.typing
          delete obj.presence
          delete obj.hello
          delete obj.ack
        }

        if (obj.typing != null) {
          delete obj.read
          delete obj.keys
          delete obj.keyRequest
          delete obj.sealed
          delete obj.presence
          delete obj.hello
          delete obj.ack
        }

        if (obj.presence != null) {
          delete obj.read
          delete obj.keys
          delete obj.keyRequest
          delete obj.sealed
          delete obj.typing
          delete obj.hello
          delete obj.ack
        }

        if (obj.hello != null) {
          delete obj.read
          delete obj.keys
          delete obj.keyRequest
          delete obj.sealed
          delete obj.typing
          delete obj.presence
          delete obj.ack
        }

        if (obj.ack != null) {
          delete obj.read
          delete obj.keys
          delete obj.keyRequest
          delete obj.sealed
          delete obj.typing
          delete obj.presence
          delete obj.hello
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield {
                field: `${prefix}.version`,
                value: reader.uint32()
              }
              break
            }
            case 3: {
              yield * Ack.codec().stream(reader, reader.uint32(), `${prefix}.ack`, {
                limits: opts.limits?.ack
              })

              break
            }
            case 4: {
              yield * Hello.codec().stream(reader, reader.uint32(), `${prefix}.hello`, {
                limits: opts.limits?.hello
              })

              break
            }
            case 5: {
              yield * Presence.codec().stream(reader, reader.uint32(), `${prefix}.presence`, {
                limits: opts.limits?.presence
              })

              break
            }
            case 6: {
              yield * Typing.codec().stream(reader, reader.uint32(), `${prefix}.typing`, {
                limits: opts.limits?.typing
              })

              break
            }
            case 7: {
              yield * Sealed.codec().stream(reader, reader.uint32(), `${prefix}.sealed`, {
                limits: opts.limits?.sealed
              })

              break
            }
            case 8: {
              yield * KeyRequest.codec().stream(reader, reader.uint32(), `${prefix}.keyRequest`, {
                limits: opts.limits?.keyRequest
              })

              break
            }
            case 9: {
              yield * Keys.codec().stream(reader, reader.uint32(), `${prefix}.keys`, {
                limits: opts.limits?.keys
              })

              break
            }
            case 10: {
              yield * Read.codec().stream(reader, reader.uint32(), `${prefix}.read`, {
                limits: opts.limits?.read
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

  export interface FrameVersionFieldEvent {
    field: '$.version'
    value: number
  }

  export interface FrameAckIdsFieldEvent {
    field: '$.ack.ids[]'
    index: number
    value: string
  }

  export interface FrameHelloDisplayNameFieldEvent {
    field: '$.hello.displayName'
    value: string
  }

  export interface FrameHelloStatusLineFieldEvent {
    field: '$.hello.statusLine'
    value: string
  }

  export interface FrameHelloAvatarDigestFieldEvent {
    field: '$.hello.avatarDigest'
    value: string
  }

  export interface FramePresenceStatusFieldEvent {
    field: '$.presence.status'
    value: Presence.Status
  }

  export interface FrameTypingActiveFieldEvent {
    field: '$.typing.active'
    value: boolean
  }

  export interface FrameTypingGroupIdFieldEvent {
    field: '$.typing.groupId'
    value: string
  }

  export interface FrameSealedCiphertextFieldEvent {
    field: '$.sealed.ciphertext'
    value: Uint8Array<ArrayBuffer>
  }

  export interface FrameKeysBundleFieldEvent {
    field: '$.keys.bundle'
    value: Uint8Array<ArrayBuffer>
  }

  export interface FrameReadUpToWallFieldEvent {
    field: '$.read.upTo.wall'
    value: bigint
  }

  export interface FrameReadUpToCounterFieldEvent {
    field: '$.read.upTo.counter'
    value: number
  }

  export interface FrameReadGroupIdFieldEvent {
    field: '$.read.groupId'
    value: string
  }

  export function encode (obj: Partial<Frame>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, Frame.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Frame>): Frame {
    return decodeMessage(buf, Frame.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Frame>): Generator<FrameVersionFieldEvent | FrameAckIdsFieldEvent | FrameHelloDisplayNameFieldEvent | FrameHelloStatusLineFieldEvent | FrameHelloAvatarDigestFieldEvent | FramePresenceStatusFieldEvent | FrameTypingActiveFieldEvent | FrameTypingGroupIdFieldEvent | FrameSealedCiphertextFieldEvent | FrameKeysBundleFieldEvent | FrameReadUpToWallFieldEvent | FrameReadUpToCounterFieldEvent | FrameReadGroupIdFieldEvent> {
    return streamMessage(buf, Frame.codec(), opts)
  }
}

export interface Sealed {
  ciphertext: Uint8Array<ArrayBuffer>
}

export namespace Sealed {
  let _codec: Codec<Sealed>

  export const codec = (): Codec<Sealed> => {
    if (_codec == null) {
      _codec = message<Sealed>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.ciphertext != null && obj.ciphertext.byteLength > 0)) {
          w.uint32(10)
          w.bytes(obj.ciphertext)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          ciphertext: uint8ArrayAlloc(0)
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.ciphertext = reader.bytes()
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
                field: `${prefix}.ciphertext`,
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

  export interface SealedCiphertextFieldEvent {
    field: '$.ciphertext'
    value: Uint8Array<ArrayBuffer>
  }

  export function encode (obj: Partial<Sealed>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, Sealed.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Sealed>): Sealed {
    return decodeMessage(buf, Sealed.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Sealed>): Generator<SealedCiphertextFieldEvent> {
    return streamMessage(buf, Sealed.codec(), opts)
  }
}

export interface Batch {
  envelopes: Envelope[]
}

export namespace Batch {
  let _codec: Codec<Batch>

  export const codec = (): Codec<Batch> => {
    if (_codec == null) {
      _codec = message<Batch>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if (obj.envelopes != null && obj.envelopes.length > 0) {
          for (const value of obj.envelopes) {
            w.uint32(10)
            Envelope.codec().encode(value, w)
          }
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          envelopes: []
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              if (opts.limits?.envelopes != null && obj.envelopes.length === opts.limits.envelopes) {
                throw new MaxLengthError('Decode error - repeated field "envelopes" had too many elements')
              }

              if (obj.envelopes.length === 4096) {
                throw new MaxLengthError('Decode error - repeated field "envelopes" had too many elements')
              }

              obj.envelopes.push(Envelope.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.envelopes$
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
          envelopes: 4096
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              if (opts.limits?.envelopes != null && obj.envelopes === opts.limits.envelopes) {
                throw new MaxLengthError('Streaming decode error - repeated field "envelopes" had too many elements')
              }

              if (obj.envelopes === 4096) {
                throw new MaxLengthError('Streaming decode error - repeated field "envelopes" had too many elements')
              }

              for (const evt of Envelope.codec().stream(reader, reader.uint32(), `${prefix}.envelopes[]`, {
                limits: opts.limits?.envelopes$
              })) {
                yield {
                  ...evt,
                  index: obj.envelopes
                }
              }

              obj.envelopes++

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

  export interface BatchEnvelopesIdFieldEvent {
    field: '$.envelopes[].id'
    value: string
    index: number
  }

  export interface BatchEnvelopesConversationIdFieldEvent {
    field: '$.envelopes[].conversationId'
    value: string
    index: number
  }

  export interface BatchEnvelopesSenderFieldEvent {
    field: '$.envelopes[].sender'
    value: string
    index: number
  }

  export interface BatchEnvelopesHlcWallFieldEvent {
    field: '$.envelopes[].hlc.wall'
    value: bigint
    index: number
  }

  export interface BatchEnvelopesHlcCounterFieldEvent {
    field: '$.envelopes[].hlc.counter'
    value: number
    index: number
  }

  export interface BatchEnvelopesTextBodyFieldEvent {
    field: '$.envelopes[].text.body'
    value: string
    index: number
  }

  export interface BatchEnvelopesTextMentionsPeerIdFieldEvent {
    field: '$.envelopes[].text.mentions[].peerId'
    value: string
    index: number
  }

  export interface BatchEnvelopesTextMentionsStartFieldEvent {
    field: '$.envelopes[].text.mentions[].start'
    value: number
    index: number
  }

  export interface BatchEnvelopesTextMentionsLengthFieldEvent {
    field: '$.envelopes[].text.mentions[].length'
    value: number
    index: number
  }

  export interface BatchEnvelopesRequestGreetingFieldEvent {
    field: '$.envelopes[].request.greeting'
    value: string
    index: number
  }

  export interface BatchEnvelopesReplyTargetFieldEvent {
    field: '$.envelopes[].reply.target'
    value: string
    index: number
  }

  export interface BatchEnvelopesReplyTargetSenderFieldEvent {
    field: '$.envelopes[].reply.targetSender'
    value: string
    index: number
  }

  export interface BatchEnvelopesReplySnippetFieldEvent {
    field: '$.envelopes[].reply.snippet'
    value: string
    index: number
  }

  export interface BatchEnvelopesReplyTextBodyFieldEvent {
    field: '$.envelopes[].reply.text.body'
    value: string
    index: number
  }

  export interface BatchEnvelopesReplyTextMentionsPeerIdFieldEvent {
    field: '$.envelopes[].reply.text.mentions[].peerId'
    value: string
    index: number
  }

  export interface BatchEnvelopesReplyTextMentionsStartFieldEvent {
    field: '$.envelopes[].reply.text.mentions[].start'
    value: number
    index: number
  }

  export interface BatchEnvelopesReplyTextMentionsLengthFieldEvent {
    field: '$.envelopes[].reply.text.mentions[].length'
    value: number
    index: number
  }

  export interface BatchEnvelopesEditTargetFieldEvent {
    field: '$.envelopes[].edit.target'
    value: string
    index: number
  }

  export interface BatchEnvelopesEditTextBodyFieldEvent {
    field: '$.envelopes[].edit.text.body'
    value: string
    index: number
  }

  export interface BatchEnvelopesEditTextMentionsPeerIdFieldEvent {
    field: '$.envelopes[].edit.text.mentions[].peerId'
    value: string
    index: number
  }

  export interface BatchEnvelopesEditTextMentionsStartFieldEvent {
    field: '$.envelopes[].edit.text.mentions[].start'
    value: number
    index: number
  }

  export interface BatchEnvelopesEditTextMentionsLengthFieldEvent {
    field: '$.envelopes[].edit.text.mentions[].length'
    value: number
    index: number
  }

  export interface BatchEnvelopesDeleteTargetFieldEvent {
    field: '$.envelopes[].delete.target'
    value: string
    index: number
  }

  export interface BatchEnvelopesReactionTargetFieldEvent {
    field: '$.envelopes[].reaction.target'
    value: string
    index: number
  }

  export interface BatchEnvelopesReactionEmojiFieldEvent {
    field: '$.envelopes[].reaction.emoji'
    value: string
    index: number
  }

  export interface BatchEnvelopesGroupMessageGroupFieldEvent {
    field: '$.envelopes[].groupMessage.group'
    value: Uint8Array<ArrayBuffer>
    index: number
  }

  export interface BatchEnvelopesGroupMessageSenderFieldEvent {
    field: '$.envelopes[].groupMessage.sender'
    value: string
    index: number
  }

  export interface BatchEnvelopesGroupMessageSeqFieldEvent {
    field: '$.envelopes[].groupMessage.seq'
    value: number
    index: number
  }

  export interface BatchEnvelopesGroupMessageCiphertextFieldEvent {
    field: '$.envelopes[].groupMessage.ciphertext'
    value: Uint8Array<ArrayBuffer>
    index: number
  }

  export interface BatchEnvelopesMembershipGroupFieldEvent {
    field: '$.envelopes[].membership.group'
    value: Uint8Array<ArrayBuffer>
    index: number
  }

  export interface BatchEnvelopesMembershipEntriesFieldEvent {
    field: '$.envelopes[].membership.entries'
    value: Uint8Array<ArrayBuffer>
    index: number
  }

  export interface BatchEnvelopesSenderKeyGroupFieldEvent {
    field: '$.envelopes[].senderKey.group'
    value: Uint8Array<ArrayBuffer>
    index: number
  }

  export interface BatchEnvelopesSenderKeyDistributionFieldEvent {
    field: '$.envelopes[].senderKey.distribution'
    value: Uint8Array<ArrayBuffer>
    index: number
  }

  export interface BatchEnvelopesSenderKeyRequestGroupFieldEvent {
    field: '$.envelopes[].senderKeyRequest.group'
    value: Uint8Array<ArrayBuffer>
    index: number
  }

  export interface BatchEnvelopesSenderKeyRequestDistributionIdFieldEvent {
    field: '$.envelopes[].senderKeyRequest.distributionId'
    value: string
    index: number
  }

  export interface BatchEnvelopesGroupHaveGroupFieldEvent {
    field: '$.envelopes[].groupHave.group'
    value: Uint8Array<ArrayBuffer>
    index: number
  }

  export interface BatchEnvelopesGroupHaveHeldSenderFieldEvent {
    field: '$.envelopes[].groupHave.held[].sender'
    value: string
    index: number
  }

  export interface BatchEnvelopesGroupHaveHeldSeqFieldEvent {
    field: '$.envelopes[].groupHave.held[].seq'
    value: number
    index: number
  }

  export interface BatchEnvelopesGroupPhotoGroupFieldEvent {
    field: '$.envelopes[].groupPhoto.group'
    value: Uint8Array<ArrayBuffer>
    index: number
  }

  export interface BatchEnvelopesGroupPhotoPhotoFieldEvent {
    field: '$.envelopes[].groupPhoto.photo'
    value: Uint8Array<ArrayBuffer>
    index: number
  }

  export interface BatchEnvelopesEntriesWantedGroupFieldEvent {
    field: '$.envelopes[].entriesWanted.group'
    value: Uint8Array<ArrayBuffer>
    index: number
  }

  export interface BatchEnvelopesEntriesWantedHashesFieldEvent {
    field: '$.envelopes[].entriesWanted.hashes[]'
    index: number
    value: Uint8Array<ArrayBuffer>
  }

  export function encode (obj: Partial<Batch>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, Batch.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Batch>): Batch {
    return decodeMessage(buf, Batch.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Batch>): Generator<BatchEnvelopesIdFieldEvent | BatchEnvelopesConversationIdFieldEvent | BatchEnvelopesSenderFieldEvent | BatchEnvelopesHlcWallFieldEvent | BatchEnvelopesHlcCounterFieldEvent | BatchEnvelopesTextBodyFieldEvent | BatchEnvelopesTextMentionsPeerIdFieldEvent | BatchEnvelopesTextMentionsStartFieldEvent | BatchEnvelopesTextMentionsLengthFieldEvent | BatchEnvelopesRequestGreetingFieldEvent | BatchEnvelopesReplyTargetFieldEvent | BatchEnvelopesReplyTargetSenderFieldEvent | BatchEnvelopesReplySnippetFieldEvent | BatchEnvelopesReplyTextBodyFieldEvent | BatchEnvelopesReplyTextMentionsPeerIdFieldEvent | BatchEnvelopesReplyTextMentionsStartFieldEvent | BatchEnvelopesReplyTextMentionsLengthFieldEvent | BatchEnvelopesEditTargetFieldEvent | BatchEnvelopesEditTextBodyFieldEvent | BatchEnvelopesEditTextMentionsPeerIdFieldEvent | BatchEnvelopesEditTextMentionsStartFieldEvent | BatchEnvelopesEditTextMentionsLengthFieldEvent | BatchEnvelopesDeleteTargetFieldEvent | BatchEnvelopesReactionTargetFieldEvent | BatchEnvelopesReactionEmojiFieldEvent | BatchEnvelopesGroupMessageGroupFieldEvent | BatchEnvelopesGroupMessageSenderFieldEvent | BatchEnvelopesGroupMessageSeqFieldEvent | BatchEnvelopesGroupMessageCiphertextFieldEvent | BatchEnvelopesMembershipGroupFieldEvent | BatchEnvelopesMembershipEntriesFieldEvent | BatchEnvelopesSenderKeyGroupFieldEvent | BatchEnvelopesSenderKeyDistributionFieldEvent | BatchEnvelopesSenderKeyRequestGroupFieldEvent | BatchEnvelopesSenderKeyRequestDistributionIdFieldEvent | BatchEnvelopesGroupHaveGroupFieldEvent | BatchEnvelopesGroupHaveHeldSenderFieldEvent | BatchEnvelopesGroupHaveHeldSeqFieldEvent | BatchEnvelopesGroupPhotoGroupFieldEvent | BatchEnvelopesGroupPhotoPhotoFieldEvent | BatchEnvelopesEntriesWantedGroupFieldEvent | BatchEnvelopesEntriesWantedHashesFieldEvent> {
    return streamMessage(buf, Batch.codec(), opts)
  }
}

export interface KeyRequest {}

export namespace KeyRequest {
  let _codec: Codec<KeyRequest>

  export const codec = (): Codec<KeyRequest> => {
    if (_codec == null) {
      _codec = message<KeyRequest>((obj, w, opts = {}) => {
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

  export function encode (obj: Partial<KeyRequest>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, KeyRequest.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<KeyRequest>): KeyRequest {
    return decodeMessage(buf, KeyRequest.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<KeyRequest>): Generator<{}> {
    return streamMessage(buf, KeyRequest.codec(), opts)
  }
}

export interface Keys {
  bundle: Uint8Array<ArrayBuffer>
}

export namespace Keys {
  let _codec: Codec<Keys>

  export const codec = (): Codec<Keys> => {
    if (_codec == null) {
      _codec = message<Keys>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.bundle != null && obj.bundle.byteLength > 0)) {
          w.uint32(10)
          w.bytes(obj.bundle)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          bundle: uint8ArrayAlloc(0)
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.bundle = reader.bytes()
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
                field: `${prefix}.bundle`,
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

  export interface KeysBundleFieldEvent {
    field: '$.bundle'
    value: Uint8Array<ArrayBuffer>
  }

  export function encode (obj: Partial<Keys>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, Keys.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Keys>): Keys {
    return decodeMessage(buf, Keys.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Keys>): Generator<KeysBundleFieldEvent> {
    return streamMessage(buf, Keys.codec(), opts)
  }
}

export interface Read {
  upTo?: Hlc
  groupId: string
}

export namespace Read {
  let _codec: Codec<Read>

  export const codec = (): Codec<Read> => {
    if (_codec == null) {
      _codec = message<Read>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if (obj.upTo != null) {
          w.uint32(10)
          Hlc.codec().encode(obj.upTo, w)
        }

        if ((obj.groupId != null && obj.groupId !== '')) {
          w.uint32(18)
          w.string(obj.groupId)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          groupId: ''
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.upTo = Hlc.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.upTo
              })
              break
            }
            case 2: {
              obj.groupId = reader.string()
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
              yield * Hlc.codec().stream(reader, reader.uint32(), `${prefix}.upTo`, {
                limits: opts.limits?.upTo
              })

              break
            }
            case 2: {
              yield {
                field: `${prefix}.groupId`,
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

  export interface ReadUpToWallFieldEvent {
    field: '$.upTo.wall'
    value: bigint
  }

  export interface ReadUpToCounterFieldEvent {
    field: '$.upTo.counter'
    value: number
  }

  export interface ReadGroupIdFieldEvent {
    field: '$.groupId'
    value: string
  }

  export function encode (obj: Partial<Read>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, Read.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Read>): Read {
    return decodeMessage(buf, Read.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Read>): Generator<ReadUpToWallFieldEvent | ReadUpToCounterFieldEvent | ReadGroupIdFieldEvent> {
    return streamMessage(buf, Read.codec(), opts)
  }
}

export interface Presence {
  status: Presence.Status
}

export namespace Presence {
  export enum Status {
    OFFLINE = 'OFFLINE',
    ONLINE = 'ONLINE',
    AWAY = 'AWAY',
    BUSY = 'BUSY'
  }

  enum __StatusValues {
    OFFLINE = 0,
    ONLINE = 1,
    AWAY = 2,
    BUSY = 3
  }

  export namespace Status {
    export const codec = (): Codec<Status> => {
      return enumeration<Status>(__StatusValues)
    }
  }

  let _codec: Codec<Presence>

  export const codec = (): Codec<Presence> => {
    if (_codec == null) {
      _codec = message<Presence>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if (obj.status != null && __StatusValues[obj.status] !== 0) {
          w.uint32(8)
          Presence.Status.codec().encode(obj.status, w)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          status: Status.OFFLINE
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.status = Presence.Status.codec().decode(reader)
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
                field: `${prefix}.status`,
                value: Presence.Status.codec().decode(reader)
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

  export interface PresenceStatusFieldEvent {
    field: '$.status'
    value: Presence.Status
  }

  export function encode (obj: Partial<Presence>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, Presence.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Presence>): Presence {
    return decodeMessage(buf, Presence.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Presence>): Generator<PresenceStatusFieldEvent> {
    return streamMessage(buf, Presence.codec(), opts)
  }
}

export interface Typing {
  active: boolean
  groupId: string
}

export namespace Typing {
  let _codec: Codec<Typing>

  export const codec = (): Codec<Typing> => {
    if (_codec == null) {
      _codec = message<Typing>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.active != null && obj.active !== false)) {
          w.uint32(8)
          w.bool(obj.active)
        }

        if ((obj.groupId != null && obj.groupId !== '')) {
          w.uint32(18)
          w.string(obj.groupId)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          active: false,
          groupId: ''
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.active = reader.bool()
              break
            }
            case 2: {
              obj.groupId = reader.string()
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
                field: `${prefix}.active`,
                value: reader.bool()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.groupId`,
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

  export interface TypingActiveFieldEvent {
    field: '$.active'
    value: boolean
  }

  export interface TypingGroupIdFieldEvent {
    field: '$.groupId'
    value: string
  }

  export function encode (obj: Partial<Typing>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, Typing.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Typing>): Typing {
    return decodeMessage(buf, Typing.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Typing>): Generator<TypingActiveFieldEvent | TypingGroupIdFieldEvent> {
    return streamMessage(buf, Typing.codec(), opts)
  }
}

export interface Hello {
  displayName: string
  statusLine: string
  avatarDigest: string
}

export namespace Hello {
  let _codec: Codec<Hello>

  export const codec = (): Codec<Hello> => {
    if (_codec == null) {
      _codec = message<Hello>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.displayName != null && obj.displayName !== '')) {
          w.uint32(10)
          w.string(obj.displayName)
        }

        if ((obj.statusLine != null && obj.statusLine !== '')) {
          w.uint32(18)
          w.string(obj.statusLine)
        }

        if ((obj.avatarDigest != null && obj.avatarDigest !== '')) {
          w.uint32(26)
          w.string(obj.avatarDigest)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          displayName: '',
          statusLine: '',
          avatarDigest: ''
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.displayName = reader.string()
              break
            }
            case 2: {
              obj.statusLine = reader.string()
              break
            }
            case 3: {
              obj.avatarDigest = reader.string()
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
                field: `${prefix}.displayName`,
                value: reader.string()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.statusLine`,
                value: reader.string()
              }
              break
            }
            case 3: {
              yield {
                field: `${prefix}.avatarDigest`,
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

  export interface HelloDisplayNameFieldEvent {
    field: '$.displayName'
    value: string
  }

  export interface HelloStatusLineFieldEvent {
    field: '$.statusLine'
    value: string
  }

  export interface HelloAvatarDigestFieldEvent {
    field: '$.avatarDigest'
    value: string
  }

  export function encode (obj: Partial<Hello>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, Hello.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Hello>): Hello {
    return decodeMessage(buf, Hello.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Hello>): Generator<HelloDisplayNameFieldEvent | HelloStatusLineFieldEvent | HelloAvatarDigestFieldEvent> {
    return streamMessage(buf, Hello.codec(), opts)
  }
}

export interface Hlc {
  wall: bigint
  counter: number
}

export namespace Hlc {
  let _codec: Codec<Hlc>

  export const codec = (): Codec<Hlc> => {
    if (_codec == null) {
      _codec = message<Hlc>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.wall != null && obj.wall !== 0n)) {
          w.uint32(8)
          w.uint64(obj.wall)
        }

        if ((obj.counter != null && obj.counter !== 0)) {
          w.uint32(16)
          w.uint32(obj.counter)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          wall: 0n,
          counter: 0
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.wall = reader.uint64()
              break
            }
            case 2: {
              obj.counter = reader.uint32()
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
                field: `${prefix}.wall`,
                value: reader.uint64()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.counter`,
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

  export interface HlcWallFieldEvent {
    field: '$.wall'
    value: bigint
  }

  export interface HlcCounterFieldEvent {
    field: '$.counter'
    value: number
  }

  export function encode (obj: Partial<Hlc>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, Hlc.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Hlc>): Hlc {
    return decodeMessage(buf, Hlc.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Hlc>): Generator<HlcWallFieldEvent | HlcCounterFieldEvent> {
    return streamMessage(buf, Hlc.codec(), opts)
  }
}

export interface Envelope {
  id: string
  conversationId: string
  sender: string
  hlc?: Hlc
  text?: Text
  request?: Request
  accept?: Accept
  reply?: Reply
  edit?: Edit
  delete?: Delete
  reaction?: Reaction
  groupMessage?: GroupMessage
  membership?: Membership
  senderKey?: SenderKey
  senderKeyRequest?: SenderKeyRequest
  groupHave?: GroupHave
  groupPhoto?: GroupPhoto
  entriesWanted?: EntriesWanted
}

export namespace Envelope {
  let _codec: Codec<Envelope>

  export const codec = (): Codec<Envelope> => {
    if (_codec == null) {
      _codec = message<Envelope>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        obj = { ...obj }

        if (obj.entriesWanted != null) {
          obj.groupPhoto = undefined
          obj.groupHave = undefined
          obj.senderKeyRequest = undefined
          obj.senderKey = undefined
          obj.membership = undefined
          obj.groupMessage = undefined
          obj.reaction = undefined
          obj.delete = undefined
          obj.edit = undefined
          obj.reply = undefined
          obj.accept = undefined
          obj.request = undefined
          obj.text = undefined
        }

        if (obj.groupPhoto != null) {
          obj.entriesWanted = undefined
          obj.groupHave = undefined
          obj.senderKeyRequest = undefined
          obj.senderKey = undefined
          obj.membership = undefined
          obj.groupMessage = undefined
          obj.reaction = undefined
          obj.delete = undefined
          obj.edit = undefined
          obj.reply = undefined
          obj.accept = undefined
          obj.request = undefined
          obj.text = undefined
        }

        if (obj.groupHave != null) {
          obj.entriesWanted = undefined
          obj.groupPhoto = undefined
          obj.senderKeyRequest = undefined
          obj.senderKey = undefined
          obj.membership = undefined
          obj.groupMessage = undefined
          obj.reaction = undefined
          obj.delete = undefined
          obj.edit = undefined
          obj.reply = undefined
          obj.accept = undefined
          obj.request = undefined
          obj.text = undefined
        }

        if (obj.senderKeyRequest != null) {
          obj.entriesWanted = undefined
          obj.groupPhoto = undefined
          obj.groupHave = undefined
          obj.senderKey = undefined
          obj.membership = undefined
          obj.groupMessage = undefined
          obj.reaction = undefined
          obj.delete = undefined
          obj.edit = undefined
          obj.reply = undefined
          obj.accept = undefined
          obj.request = undefined
          obj.text = undefined
        }

        if (obj.senderKey != null) {
          obj.entriesWanted = undefined
          obj.groupPhoto = undefined
          obj.groupHave = undefined
          obj.senderKeyRequest = undefined
          obj.membership = undefined
          obj.groupMessage = undefined
          obj.reaction = undefined
          obj.delete = undefined
          obj.edit = undefined
          obj.reply = undefined
          obj.accept = undefined
          obj.request = undefined
          obj.text = undefined
        }

        if (obj.membership != null) {
          obj.entriesWanted = undefined
          obj.groupPhoto = undefined
          obj.groupHave = undefined
          obj.senderKeyRequest = undefined
          obj.senderKey = undefined
          obj.groupMessage = undefined
          obj.reaction = undefined
          obj.delete = undefined
          obj.edit = undefined
          obj.reply = undefined
          obj.accept = undefined
          obj.request = undefined
          obj.text = undefined
        }

        if (obj.groupMessage != null) {
          obj.entriesWanted = undefined
          obj.groupPhoto = undefined
          obj.groupHave = undefined
          obj.senderKeyRequest = undefined
          obj.senderKey = undefined
          obj.membership = undefined
          obj.reaction = undefined
          obj.delete = undefined
          obj.edit = undefined
          obj.reply = undefined
          obj.accept = undefined
          obj.request = undefined
          obj.text = undefined
        }

        if (obj.reaction != null) {
          obj.entriesWanted = undefined
          obj.groupPhoto = undefined
          obj.groupHave = undefined
          obj.senderKeyRequest = undefined
          obj.senderKey = undefined
          obj.membership = undefined
          obj.groupMessage = undefined
          obj.delete = undefined
          obj.edit = undefined
          obj.reply = undefined
          obj.accept = undefined
          obj.request = undefined
          obj.text = undefined
        }

        if (obj.delete != null) {
          obj.entriesWanted = undefined
          obj.groupPhoto = undefined
          obj.groupHave = undefined
          obj.senderKeyRequest = undefined
          obj.senderKey = undefined
          obj.membership = undefined
          obj.groupMessage = undefined
          obj.reaction = undefined
          obj.edit = undefined
          obj.reply = undefined
          obj.accept = undefined
          obj.request = undefined
          obj.text = undefined
        }

        if (obj.edit != null) {
          obj.entriesWanted = undefined
          obj.groupPhoto = undefined
          obj.groupHave = undefined
          obj.senderKeyRequest = undefined
          obj.senderKey = undefined
          obj.membership = undefined
          obj.groupMessage = undefined
          obj.reaction = undefined
          obj.delete = undefined
          obj.reply = undefined
          obj.accept = undefined
          obj.request = undefined
          obj.text = undefined
        }

        if (obj.reply != null) {
          obj.entriesWanted = undefined
          obj.groupPhoto = undefined
          obj.groupHave = undefined
          obj.senderKeyRequest = undefined
          obj.senderKey = undefined
          obj.membership = undefined
          obj.groupMessage = undefined
          obj.reaction = undefined
          obj.delete = undefined
          obj.edit = undefined
          obj.accept = undefined
          obj.request = undefined
          obj.text = undefined
        }

        if (obj.accept != null) {
          obj.entriesWanted = undefined
          obj.groupPhoto = undefined
          obj.groupHave = undefined
          obj.senderKeyRequest = undefined
          obj.senderKey = undefined
          obj.membership = undefined
          obj.groupMessage = undefined
          obj.reaction = undefined
          obj.delete = undefined
          obj.edit = undefined
          obj.reply = undefined
          obj.request = undefined
          obj.text = undefined
        }

        if (obj.request != null) {
          obj.entriesWanted = undefined
          obj.groupPhoto = undefined
          obj.groupHave = undefined
          obj.senderKeyRequest = undefined
          obj.senderKey = undefined
          obj.membership = undefined
          obj.groupMessage = undefined
          obj.reaction = undefined
          obj.delete = undefined
          obj.edit = undefined
          obj.reply = undefined
          obj.accept = undefined
          obj.text = undefined
        }

        if (obj.text != null) {
          obj.entriesWanted = undefined
          obj.groupPhoto = undefined
          obj.groupHave = undefined
          obj.senderKeyRequest = undefined
          obj.senderKey = undefined
          obj.membership = undefined
          obj.groupMessage = undefined
          obj.reaction = undefined
          obj.delete = undefined
          obj.edit = undefined
          obj.reply = undefined
          obj.accept = undefined
          obj.request = undefined
        }

        if ((obj.id != null && obj.id !== '')) {
          w.uint32(10)
          w.string(obj.id)
        }

        if ((obj.conversationId != null && obj.conversationId !== '')) {
          w.uint32(18)
          w.string(obj.conversationId)
        }

        if ((obj.sender != null && obj.sender !== '')) {
          w.uint32(26)
          w.string(obj.sender)
        }

        if (obj.hlc != null) {
          w.uint32(34)
          Hlc.codec().encode(obj.hlc, w)
        }

        if (obj.text != null) {
          w.uint32(42)
          Text.codec().encode(obj.text, w)
        }

        if (obj.request != null) {
          w.uint32(50)
          Request.codec().encode(obj.request, w)
        }

        if (obj.accept != null) {
          w.uint32(58)
          Accept.codec().encode(obj.accept, w)
        }

        if (obj.reply != null) {
          w.uint32(66)
          Reply.codec().encode(obj.reply, w)
        }

        if (obj.edit != null) {
          w.uint32(74)
          Edit.codec().encode(obj.edit, w)
        }

        if (obj.delete != null) {
          w.uint32(82)
          Delete.codec().encode(obj.delete, w)
        }

        if (obj.reaction != null) {
          w.uint32(90)
          Reaction.codec().encode(obj.reaction, w)
        }

        if (obj.groupMessage != null) {
          w.uint32(114)
          GroupMessage.codec().encode(obj.groupMessage, w)
        }

        if (obj.membership != null) {
          w.uint32(122)
          Membership.codec().encode(obj.membership, w)
        }

        if (obj.senderKey != null) {
          w.uint32(130)
          SenderKey.codec().encode(obj.senderKey, w)
        }

        if (obj.senderKeyRequest != null) {
          w.uint32(138)
          SenderKeyRequest.codec().encode(obj.senderKeyRequest, w)
        }

        if (obj.groupHave != null) {
          w.uint32(146)
          GroupHave.codec().encode(obj.groupHave, w)
        }

        if (obj.groupPhoto != null) {
          w.uint32(154)
          GroupPhoto.codec().encode(obj.groupPhoto, w)
        }

        if (obj.entriesWanted != null) {
          w.uint32(162)
          EntriesWanted.codec().encode(obj.entriesWanted, w)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          id: '',
          conversationId: '',
          sender: ''
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.id = reader.string()
              break
            }
            case 2: {
              obj.conversationId = reader.string()
              break
            }
            case 3: {
              obj.sender = reader.string()
              break
            }
            case 4: {
              obj.hlc = Hlc.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.hlc
              })
              break
            }
            case 5: {
              obj.text = Text.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.text
              })
              break
            }
            case 6: {
              obj.request = Request.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.request
              })
              break
            }
            case 7: {
              obj.accept = Accept.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.accept
              })
              break
            }
            case 8: {
              obj.reply = Reply.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.reply
              })
              break
            }
            case 9: {
              obj.edit = Edit.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.edit
              })
              break
            }
            case 10: {
              obj.delete = Delete.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.delete
              })
              break
            }
            case 11: {
              obj.reaction = Reaction.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.reaction
              })
              break
            }
            case 14: {
              obj.groupMessage = GroupMessage.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.groupMessage
              })
              break
            }
            case 15: {
              obj.membership = Membership.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.membership
              })
              break
            }
            case 16: {
              obj.senderKey = SenderKey.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.senderKey
              })
              break
            }
            case 17: {
              obj.senderKeyRequest = SenderKeyRequest.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.senderKeyRequest
              })
              break
            }
            case 18: {
              obj.groupHave = GroupHave.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.groupHave
              })
              break
            }
            case 19: {
              obj.groupPhoto = GroupPhoto.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.groupPhoto
              })
              break
            }
            case 20: {
              obj.entriesWanted = EntriesWanted.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.entriesWanted
              })
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        if (obj.entriesWanted != null) {
          delete obj.groupPhoto
          delete obj.groupHave
          delete obj.senderKeyRequest
          delete obj.senderKey
          delete obj.membership
          delete obj.groupMessage
          delete obj.reaction
          delete obj.delete
          delete obj.edit
          delete obj.reply
          delete obj.accept
          delete obj.request
          delete obj.text
        }

        if (obj.groupPhoto != null) {
          delete obj.entriesWanted
          delete obj.groupHave
          delete obj.senderKeyRequest
          delete obj.senderKey
          delete obj.membership
          delete obj.groupMessage
          delete obj.reaction
          delete obj.delete
          delete obj.edit
          delete obj.reply
          delete obj.accept
          delete obj.request
          delete obj.text
        }

        if (obj.groupHave != null) {
          delete obj.entriesWanted
          delete obj.groupPhoto
          delete obj.senderKeyRequest
          delete obj.senderKey
          delete obj.membership
          delete obj.groupMessage
          delete obj.reaction
          delete obj.delete
          delete obj.edit
          delete obj.reply
          delete obj.accept
          delete obj.request
          delete obj.text
        }

        if (obj.senderKeyRequest != null) {
          delete obj.entriesWanted
          delete obj.groupPhoto
          delete obj.groupHave
          delete obj.senderKey
          delete obj.membership
          delete obj.groupMessage
          delete obj.reaction
          delete obj.delete
          delete obj.edit
          delete obj.reply
          delete obj.accept
          delete obj.request
          delete obj.text
        }

        if (obj.senderKey != null) {
          delete obj.entriesWanted
          delete obj.groupPhoto
          delete obj.groupHave
          delete obj.senderKeyRequest
          delete obj.membership
          delete obj.groupMessage
          delete obj.reaction
          delete obj.delete
          delete obj.edit
          delete obj.reply
          delete obj.accept
          delete obj.request
          delete obj.text
        }

        if (obj.membership != null) {
          delete obj.entriesWanted
          delete obj.groupPhoto
          delete obj.groupHave
          delete obj.senderKeyRequest
          delete obj.senderKey
          delete obj.groupMessage
          delete obj.reaction
          delete obj.delete
          delete obj.edit
          delete obj.reply
          delete obj.accept
          delete obj.request
          delete obj.text
        }

        if (obj.groupMessage != null) {
          delete obj.entriesWanted
          delete obj.groupPhoto
          delete obj.groupHave
          delete obj.senderKeyRequest
          delete obj.senderKey
          delete obj.membership
          delete obj.reaction
          delete obj.delete
          delete obj.edit
          delete obj.reply
          delete obj.accept
          delete obj.request
          delete obj.text
        }

        if (obj.reaction != null) {
          delete obj.entriesWanted
          delete obj.groupPhoto
          delete obj.groupHave
          delete obj.senderKeyRequest
          delete obj.senderKey
          delete obj.membership
          delete obj.groupMessage
          delete obj.delete
          delete obj.edit
          delete obj.reply
          delete obj.accept
          delete obj.request
          delete obj.text
        }

        if (obj.delete != null) {
          delete obj.entriesWanted
          delete obj.groupPhoto
          delete obj.groupHave
          delete obj.senderKeyRequest
          delete obj.senderKey
          delete obj.membership
          delete obj.groupMessage
          delete obj.reaction
          delete obj.edit
          delete obj.reply
          delete obj.accept
          delete obj.request
          delete obj.text
        }

        if (obj.edit != null) {
          delete obj.entriesWanted
          delete obj.groupPhoto
          delete obj.groupHave
          delete obj.senderKeyRequest
          delete obj.senderKey
          delete obj.membership
          delete obj.groupMessage
          delete obj.reaction
          delete obj.delete
          delete obj.reply
          delete obj.accept
          delete obj.request
          delete obj.text
        }

        if (obj.reply != null) {
          delete obj.entriesWanted
          delete obj.groupPhoto
          delete obj.groupHave
          delete obj.senderKeyRequest
          delete obj.senderKey
          delete obj.membership
          delete obj.groupMessage
          delete obj.reaction
          delete obj.delete
          delete obj.edit
          delete obj.accept
          delete obj.request
          delete obj.text
        }

        if (obj.accept != null) {
          delete obj.entriesWanted
          delete obj.groupPhoto
          delete obj.groupHave
          delete obj.senderKeyRequest
          delete obj.senderKey
          delete obj.membership
          delete obj.groupMessage
          delete obj.reaction
          delete obj.delete
          delete obj.edit
          delete obj.reply
          delete obj.request
          delete obj.text
        }

        if (obj.request != null) {
          delete obj.entriesWanted
          delete obj.groupPhoto
          delete obj.groupHave
          delete obj.senderKeyRequest
          delete obj.senderKey
          delete obj.membership
          delete obj.groupMessage
          delete obj.reaction
          delete obj.delete
          delete obj.edit
          delete obj.reply
          delete obj.accept
          delete obj.text
        }

        if (obj.text != null) {
          delete obj.entriesWanted
          delete obj.groupPhoto
          delete obj.groupHave
          delete obj.senderKeyRequest
          delete obj.senderKey
          delete obj.membership
          delete obj.groupMessage
          delete obj.reaction
          delete obj.delete
          delete obj.edit
          delete obj.reply
          delete obj.accept
          delete obj.request
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield {
                field: `${prefix}.id`,
                value: reader.string()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.conversationId`,
                value: reader.string()
              }
              break
            }
            case 3: {
              yield {
                field: `${prefix}.sender`,
                value: reader.string()
              }
              break
            }
            case 4: {
              yield * Hlc.codec().stream(reader, reader.uint32(), `${prefix}.hlc`, {
                limits: opts.limits?.hlc
              })

              break
            }
            case 5: {
              yield * Text.codec().stream(reader, reader.uint32(), `${prefix}.text`, {
                limits: opts.limits?.text
              })

              break
            }
            case 6: {
              yield * Request.codec().stream(reader, reader.uint32(), `${prefix}.request`, {
                limits: opts.limits?.request
              })

              break
            }
            case 7: {
              yield * Accept.codec().stream(reader, reader.uint32(), `${prefix}.accept`, {
                limits: opts.limits?.accept
              })

              break
            }
            case 8: {
              yield * Reply.codec().stream(reader, reader.uint32(), `${prefix}.reply`, {
                limits: opts.limits?.reply
              })

              break
            }
            case 9: {
              yield * Edit.codec().stream(reader, reader.uint32(), `${prefix}.edit`, {
                limits: opts.limits?.edit
              })

              break
            }
            case 10: {
              yield * Delete.codec().stream(reader, reader.uint32(), `${prefix}.delete`, {
                limits: opts.limits?.delete
              })

              break
            }
            case 11: {
              yield * Reaction.codec().stream(reader, reader.uint32(), `${prefix}.reaction`, {
                limits: opts.limits?.reaction
              })

              break
            }
            case 14: {
              yield * GroupMessage.codec().stream(reader, reader.uint32(), `${prefix}.groupMessage`, {
                limits: opts.limits?.groupMessage
              })

              break
            }
            case 15: {
              yield * Membership.codec().stream(reader, reader.uint32(), `${prefix}.membership`, {
                limits: opts.limits?.membership
              })

              break
            }
            case 16: {
              yield * SenderKey.codec().stream(reader, reader.uint32(), `${prefix}.senderKey`, {
                limits: opts.limits?.senderKey
              })

              break
            }
            case 17: {
              yield * SenderKeyRequest.codec().stream(reader, reader.uint32(), `${prefix}.senderKeyRequest`, {
                limits: opts.limits?.senderKeyRequest
              })

              break
            }
            case 18: {
              yield * GroupHave.codec().stream(reader, reader.uint32(), `${prefix}.groupHave`, {
                limits: opts.limits?.groupHave
              })

              break
            }
            case 19: {
              yield * GroupPhoto.codec().stream(reader, reader.uint32(), `${prefix}.groupPhoto`, {
                limits: opts.limits?.groupPhoto
              })

              break
            }
            case 20: {
              yield * EntriesWanted.codec().stream(reader, reader.uint32(), `${prefix}.entriesWanted`, {
                limits: opts.limits?.entriesWanted
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

  export interface EnvelopeIdFieldEvent {
    field: '$.id'
    value: string
  }

  export interface EnvelopeConversationIdFieldEvent {
    field: '$.conversationId'
    value: string
  }

  export interface EnvelopeSenderFieldEvent {
    field: '$.sender'
    value: string
  }

  export interface EnvelopeHlcWallFieldEvent {
    field: '$.hlc.wall'
    value: bigint
  }

  export interface EnvelopeHlcCounterFieldEvent {
    field: '$.hlc.counter'
    value: number
  }

  export interface EnvelopeTextBodyFieldEvent {
    field: '$.text.body'
    value: string
  }

  export interface EnvelopeTextMentionsPeerIdFieldEvent {
    field: '$.text.mentions[].peerId'
    value: string
    index: number
  }

  export interface EnvelopeTextMentionsStartFieldEvent {
    field: '$.text.mentions[].start'
    value: number
    index: number
  }

  export interface EnvelopeTextMentionsLengthFieldEvent {
    field: '$.text.mentions[].length'
    value: number
    index: number
  }

  export interface EnvelopeRequestGreetingFieldEvent {
    field: '$.request.greeting'
    value: string
  }

  export interface EnvelopeReplyTargetFieldEvent {
    field: '$.reply.target'
    value: string
  }

  export interface EnvelopeReplyTargetSenderFieldEvent {
    field: '$.reply.targetSender'
    value: string
  }

  export interface EnvelopeReplySnippetFieldEvent {
    field: '$.reply.snippet'
    value: string
  }

  export interface EnvelopeReplyTextBodyFieldEvent {
    field: '$.reply.text.body'
    value: string
  }

  export interface EnvelopeReplyTextMentionsPeerIdFieldEvent {
    field: '$.reply.text.mentions[].peerId'
    value: string
    index: number
  }

  export interface EnvelopeReplyTextMentionsStartFieldEvent {
    field: '$.reply.text.mentions[].start'
    value: number
    index: number
  }

  export interface EnvelopeReplyTextMentionsLengthFieldEvent {
    field: '$.reply.text.mentions[].length'
    value: number
    index: number
  }

  export interface EnvelopeEditTargetFieldEvent {
    field: '$.edit.target'
    value: string
  }

  export interface EnvelopeEditTextBodyFieldEvent {
    field: '$.edit.text.body'
    value: string
  }

  export interface EnvelopeEditTextMentionsPeerIdFieldEvent {
    field: '$.edit.text.mentions[].peerId'
    value: string
    index: number
  }

  export interface EnvelopeEditTextMentionsStartFieldEvent {
    field: '$.edit.text.mentions[].start'
    value: number
    index: number
  }

  export interface EnvelopeEditTextMentionsLengthFieldEvent {
    field: '$.edit.text.mentions[].length'
    value: number
    index: number
  }

  export interface EnvelopeDeleteTargetFieldEvent {
    field: '$.delete.target'
    value: string
  }

  export interface EnvelopeReactionTargetFieldEvent {
    field: '$.reaction.target'
    value: string
  }

  export interface EnvelopeReactionEmojiFieldEvent {
    field: '$.reaction.emoji'
    value: string
  }

  export interface EnvelopeGroupMessageGroupFieldEvent {
    field: '$.groupMessage.group'
    value: Uint8Array<ArrayBuffer>
  }

  export interface EnvelopeGroupMessageSenderFieldEvent {
    field: '$.groupMessage.sender'
    value: string
  }

  export interface EnvelopeGroupMessageSeqFieldEvent {
    field: '$.groupMessage.seq'
    value: number
  }

  export interface EnvelopeGroupMessageCiphertextFieldEvent {
    field: '$.groupMessage.ciphertext'
    value: Uint8Array<ArrayBuffer>
  }

  export interface EnvelopeMembershipGroupFieldEvent {
    field: '$.membership.group'
    value: Uint8Array<ArrayBuffer>
  }

  export interface EnvelopeMembershipEntriesFieldEvent {
    field: '$.membership.entries'
    value: Uint8Array<ArrayBuffer>
  }

  export interface EnvelopeSenderKeyGroupFieldEvent {
    field: '$.senderKey.group'
    value: Uint8Array<ArrayBuffer>
  }

  export interface EnvelopeSenderKeyDistributionFieldEvent {
    field: '$.senderKey.distribution'
    value: Uint8Array<ArrayBuffer>
  }

  export interface EnvelopeSenderKeyRequestGroupFieldEvent {
    field: '$.senderKeyRequest.group'
    value: Uint8Array<ArrayBuffer>
  }

  export interface EnvelopeSenderKeyRequestDistributionIdFieldEvent {
    field: '$.senderKeyRequest.distributionId'
    value: string
  }

  export interface EnvelopeGroupHaveGroupFieldEvent {
    field: '$.groupHave.group'
    value: Uint8Array<ArrayBuffer>
  }

  export interface EnvelopeGroupHaveHeldSenderFieldEvent {
    field: '$.groupHave.held[].sender'
    value: string
    index: number
  }

  export interface EnvelopeGroupHaveHeldSeqFieldEvent {
    field: '$.groupHave.held[].seq'
    value: number
    index: number
  }

  export interface EnvelopeGroupPhotoGroupFieldEvent {
    field: '$.groupPhoto.group'
    value: Uint8Array<ArrayBuffer>
  }

  export interface EnvelopeGroupPhotoPhotoFieldEvent {
    field: '$.groupPhoto.photo'
    value: Uint8Array<ArrayBuffer>
  }

  export interface EnvelopeEntriesWantedGroupFieldEvent {
    field: '$.entriesWanted.group'
    value: Uint8Array<ArrayBuffer>
  }

  export interface EnvelopeEntriesWantedHashesFieldEvent {
    field: '$.entriesWanted.hashes[]'
    index: number
    value: Uint8Array<ArrayBuffer>
  }

  export function encode (obj: Partial<Envelope>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, Envelope.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Envelope>): Envelope {
    return decodeMessage(buf, Envelope.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Envelope>): Generator<EnvelopeIdFieldEvent | EnvelopeConversationIdFieldEvent | EnvelopeSenderFieldEvent | EnvelopeHlcWallFieldEvent | EnvelopeHlcCounterFieldEvent | EnvelopeTextBodyFieldEvent | EnvelopeTextMentionsPeerIdFieldEvent | EnvelopeTextMentionsStartFieldEvent | EnvelopeTextMentionsLengthFieldEvent | EnvelopeRequestGreetingFieldEvent | EnvelopeReplyTargetFieldEvent | EnvelopeReplyTargetSenderFieldEvent | EnvelopeReplySnippetFieldEvent | EnvelopeReplyTextBodyFieldEvent | EnvelopeReplyTextMentionsPeerIdFieldEvent | EnvelopeReplyTextMentionsStartFieldEvent | EnvelopeReplyTextMentionsLengthFieldEvent | EnvelopeEditTargetFieldEvent | EnvelopeEditTextBodyFieldEvent | EnvelopeEditTextMentionsPeerIdFieldEvent | EnvelopeEditTextMentionsStartFieldEvent | EnvelopeEditTextMentionsLengthFieldEvent | EnvelopeDeleteTargetFieldEvent | EnvelopeReactionTargetFieldEvent | EnvelopeReactionEmojiFieldEvent | EnvelopeGroupMessageGroupFieldEvent | EnvelopeGroupMessageSenderFieldEvent | EnvelopeGroupMessageSeqFieldEvent | EnvelopeGroupMessageCiphertextFieldEvent | EnvelopeMembershipGroupFieldEvent | EnvelopeMembershipEntriesFieldEvent | EnvelopeSenderKeyGroupFieldEvent | EnvelopeSenderKeyDistributionFieldEvent | EnvelopeSenderKeyRequestGroupFieldEvent | EnvelopeSenderKeyRequestDistributionIdFieldEvent | EnvelopeGroupHaveGroupFieldEvent | EnvelopeGroupHaveHeldSenderFieldEvent | EnvelopeGroupHaveHeldSeqFieldEvent | EnvelopeGroupPhotoGroupFieldEvent | EnvelopeGroupPhotoPhotoFieldEvent | EnvelopeEntriesWantedGroupFieldEvent | EnvelopeEntriesWantedHashesFieldEvent> {
    return streamMessage(buf, Envelope.codec(), opts)
  }
}

export interface GroupMessage {
  group: Uint8Array<ArrayBuffer>
  sender: string
  seq: number
  ciphertext: Uint8Array<ArrayBuffer>
}

export namespace GroupMessage {
  let _codec: Codec<GroupMessage>

  export const codec = (): Codec<GroupMessage> => {
    if (_codec == null) {
      _codec = message<GroupMessage>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.group != null && obj.group.byteLength > 0)) {
          w.uint32(10)
          w.bytes(obj.group)
        }

        if ((obj.sender != null && obj.sender !== '')) {
          w.uint32(18)
          w.string(obj.sender)
        }

        if ((obj.seq != null && obj.seq !== 0)) {
          w.uint32(24)
          w.uint32(obj.seq)
        }

        if ((obj.ciphertext != null && obj.ciphertext.byteLength > 0)) {
          w.uint32(34)
          w.bytes(obj.ciphertext)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          group: uint8ArrayAlloc(0),
          sender: '',
          seq: 0,
          ciphertext: uint8ArrayAlloc(0)
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
              obj.sender = reader.string()
              break
            }
            case 3: {
              obj.seq = reader.uint32()
              break
            }
            case 4: {
              obj.ciphertext = reader.bytes()
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
                field: `${prefix}.group`,
                value: reader.bytes()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.sender`,
                value: reader.string()
              }
              break
            }
            case 3: {
              yield {
                field: `${prefix}.seq`,
                value: reader.uint32()
              }
              break
            }
            case 4: {
              yield {
                field: `${prefix}.ciphertext`,
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

  export interface GroupMessageGroupFieldEvent {
    field: '$.group'
    value: Uint8Array<ArrayBuffer>
  }

  export interface GroupMessageSenderFieldEvent {
    field: '$.sender'
    value: string
  }

  export interface GroupMessageSeqFieldEvent {
    field: '$.seq'
    value: number
  }

  export interface GroupMessageCiphertextFieldEvent {
    field: '$.ciphertext'
    value: Uint8Array<ArrayBuffer>
  }

  export function encode (obj: Partial<GroupMessage>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, GroupMessage.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<GroupMessage>): GroupMessage {
    return decodeMessage(buf, GroupMessage.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<GroupMessage>): Generator<GroupMessageGroupFieldEvent | GroupMessageSenderFieldEvent | GroupMessageSeqFieldEvent | GroupMessageCiphertextFieldEvent> {
    return streamMessage(buf, GroupMessage.codec(), opts)
  }
}

export interface GroupPlaintext {
  seq: number
  envelope?: Envelope
}

export namespace GroupPlaintext {
  let _codec: Codec<GroupPlaintext>

  export const codec = (): Codec<GroupPlaintext> => {
    if (_codec == null) {
      _codec = message<GroupPlaintext>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.seq != null && obj.seq !== 0)) {
          w.uint32(8)
          w.uint32(obj.seq)
        }

        if (obj.envelope != null) {
          w.uint32(18)
          Envelope.codec().encode(obj.envelope, w)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          seq: 0
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.seq = reader.uint32()
              break
            }
            case 2: {
              obj.envelope = Envelope.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.envelope
              })
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
                field: `${prefix}.seq`,
                value: reader.uint32()
              }
              break
            }
            case 2: {
              yield * Envelope.codec().stream(reader, reader.uint32(), `${prefix}.envelope`, {
                limits: opts.limits?.envelope
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

  export interface GroupPlaintextSeqFieldEvent {
    field: '$.seq'
    value: number
  }

  export interface GroupPlaintextEnvelopeIdFieldEvent {
    field: '$.envelope.id'
    value: string
  }

  export interface GroupPlaintextEnvelopeConversationIdFieldEvent {
    field: '$.envelope.conversationId'
    value: string
  }

  export interface GroupPlaintextEnvelopeSenderFieldEvent {
    field: '$.envelope.sender'
    value: string
  }

  export interface GroupPlaintextEnvelopeHlcWallFieldEvent {
    field: '$.envelope.hlc.wall'
    value: bigint
  }

  export interface GroupPlaintextEnvelopeHlcCounterFieldEvent {
    field: '$.envelope.hlc.counter'
    value: number
  }

  export interface GroupPlaintextEnvelopeTextBodyFieldEvent {
    field: '$.envelope.text.body'
    value: string
  }

  export interface GroupPlaintextEnvelopeTextMentionsPeerIdFieldEvent {
    field: '$.envelope.text.mentions[].peerId'
    value: string
    index: number
  }

  export interface GroupPlaintextEnvelopeTextMentionsStartFieldEvent {
    field: '$.envelope.text.mentions[].start'
    value: number
    index: number
  }

  export interface GroupPlaintextEnvelopeTextMentionsLengthFieldEvent {
    field: '$.envelope.text.mentions[].length'
    value: number
    index: number
  }

  export interface GroupPlaintextEnvelopeRequestGreetingFieldEvent {
    field: '$.envelope.request.greeting'
    value: string
  }

  export interface GroupPlaintextEnvelopeReplyTargetFieldEvent {
    field: '$.envelope.reply.target'
    value: string
  }

  export interface GroupPlaintextEnvelopeReplyTargetSenderFieldEvent {
    field: '$.envelope.reply.targetSender'
    value: string
  }

  export interface GroupPlaintextEnvelopeReplySnippetFieldEvent {
    field: '$.envelope.reply.snippet'
    value: string
  }

  export interface GroupPlaintextEnvelopeReplyTextBodyFieldEvent {
    field: '$.envelope.reply.text.body'
    value: string
  }

  export interface GroupPlaintextEnvelopeReplyTextMentionsPeerIdFieldEvent {
    field: '$.envelope.reply.text.mentions[].peerId'
    value: string
    index: number
  }

  export interface GroupPlaintextEnvelopeReplyTextMentionsStartFieldEvent {
    field: '$.envelope.reply.text.mentions[].start'
    value: number
    index: number
  }

  export interface GroupPlaintextEnvelopeReplyTextMentionsLengthFieldEvent {
    field: '$.envelope.reply.text.mentions[].length'
    value: number
    index: number
  }

  export interface GroupPlaintextEnvelopeEditTargetFieldEvent {
    field: '$.envelope.edit.target'
    value: string
  }

  export interface GroupPlaintextEnvelopeEditTextBodyFieldEvent {
    field: '$.envelope.edit.text.body'
    value: string
  }

  export interface GroupPlaintextEnvelopeEditTextMentionsPeerIdFieldEvent {
    field: '$.envelope.edit.text.mentions[].peerId'
    value: string
    index: number
  }

  export interface GroupPlaintextEnvelopeEditTextMentionsStartFieldEvent {
    field: '$.envelope.edit.text.mentions[].start'
    value: number
    index: number
  }

  export interface GroupPlaintextEnvelopeEditTextMentionsLengthFieldEvent {
    field: '$.envelope.edit.text.mentions[].length'
    value: number
    index: number
  }

  export interface GroupPlaintextEnvelopeDeleteTargetFieldEvent {
    field: '$.envelope.delete.target'
    value: string
  }

  export interface GroupPlaintextEnvelopeReactionTargetFieldEvent {
    field: '$.envelope.reaction.target'
    value: string
  }

  export interface GroupPlaintextEnvelopeReactionEmojiFieldEvent {
    field: '$.envelope.reaction.emoji'
    value: string
  }

  export interface GroupPlaintextEnvelopeGroupMessageGroupFieldEvent {
    field: '$.envelope.groupMessage.group'
    value: Uint8Array<ArrayBuffer>
  }

  export interface GroupPlaintextEnvelopeGroupMessageSenderFieldEvent {
    field: '$.envelope.groupMessage.sender'
    value: string
  }

  export interface GroupPlaintextEnvelopeGroupMessageSeqFieldEvent {
    field: '$.envelope.groupMessage.seq'
    value: number
  }

  export interface GroupPlaintextEnvelopeGroupMessageCiphertextFieldEvent {
    field: '$.envelope.groupMessage.ciphertext'
    value: Uint8Array<ArrayBuffer>
  }

  export interface GroupPlaintextEnvelopeMembershipGroupFieldEvent {
    field: '$.envelope.membership.group'
    value: Uint8Array<ArrayBuffer>
  }

  export interface GroupPlaintextEnvelopeMembershipEntriesFieldEvent {
    field: '$.envelope.membership.entries'
    value: Uint8Array<ArrayBuffer>
  }

  export interface GroupPlaintextEnvelopeSenderKeyGroupFieldEvent {
    field: '$.envelope.senderKey.group'
    value: Uint8Array<ArrayBuffer>
  }

  export interface GroupPlaintextEnvelopeSenderKeyDistributionFieldEvent {
    field: '$.envelope.senderKey.distribution'
    value: Uint8Array<ArrayBuffer>
  }

  export interface GroupPlaintextEnvelopeSenderKeyRequestGroupFieldEvent {
    field: '$.envelope.senderKeyRequest.group'
    value: Uint8Array<ArrayBuffer>
  }

  export interface GroupPlaintextEnvelopeSenderKeyRequestDistributionIdFieldEvent {
    field: '$.envelope.senderKeyRequest.distributionId'
    value: string
  }

  export interface GroupPlaintextEnvelopeGroupHaveGroupFieldEvent {
    field: '$.envelope.groupHave.group'
    value: Uint8Array<ArrayBuffer>
  }

  export interface GroupPlaintextEnvelopeGroupHaveHeldSenderFieldEvent {
    field: '$.envelope.groupHave.held[].sender'
    value: string
    index: number
  }

  export interface GroupPlaintextEnvelopeGroupHaveHeldSeqFieldEvent {
    field: '$.envelope.groupHave.held[].seq'
    value: number
    index: number
  }

  export interface GroupPlaintextEnvelopeGroupPhotoGroupFieldEvent {
    field: '$.envelope.groupPhoto.group'
    value: Uint8Array<ArrayBuffer>
  }

  export interface GroupPlaintextEnvelopeGroupPhotoPhotoFieldEvent {
    field: '$.envelope.groupPhoto.photo'
    value: Uint8Array<ArrayBuffer>
  }

  export interface GroupPlaintextEnvelopeEntriesWantedGroupFieldEvent {
    field: '$.envelope.entriesWanted.group'
    value: Uint8Array<ArrayBuffer>
  }

  export interface GroupPlaintextEnvelopeEntriesWantedHashesFieldEvent {
    field: '$.envelope.entriesWanted.hashes[]'
    index: number
    value: Uint8Array<ArrayBuffer>
  }

  export function encode (obj: Partial<GroupPlaintext>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, GroupPlaintext.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<GroupPlaintext>): GroupPlaintext {
    return decodeMessage(buf, GroupPlaintext.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<GroupPlaintext>): Generator<GroupPlaintextSeqFieldEvent | GroupPlaintextEnvelopeIdFieldEvent | GroupPlaintextEnvelopeConversationIdFieldEvent | GroupPlaintextEnvelopeSenderFieldEvent | GroupPlaintextEnvelopeHlcWallFieldEvent | GroupPlaintextEnvelopeHlcCounterFieldEvent | GroupPlaintextEnvelopeTextBodyFieldEvent | GroupPlaintextEnvelopeTextMentionsPeerIdFieldEvent | GroupPlaintextEnvelopeTextMentionsStartFieldEvent | GroupPlaintextEnvelopeTextMentionsLengthFieldEvent | GroupPlaintextEnvelopeRequestGreetingFieldEvent | GroupPlaintextEnvelopeReplyTargetFieldEvent | GroupPlaintextEnvelopeReplyTargetSenderFieldEvent | GroupPlaintextEnvelopeReplySnippetFieldEvent | GroupPlaintextEnvelopeReplyTextBodyFieldEvent | GroupPlaintextEnvelopeReplyTextMentionsPeerIdFieldEvent | GroupPlaintextEnvelopeReplyTextMentionsStartFieldEvent | GroupPlaintextEnvelopeReplyTextMentionsLengthFieldEvent | GroupPlaintextEnvelopeEditTargetFieldEvent | GroupPlaintextEnvelopeEditTextBodyFieldEvent | GroupPlaintextEnvelopeEditTextMentionsPeerIdFieldEvent | GroupPlaintextEnvelopeEditTextMentionsStartFieldEvent | GroupPlaintextEnvelopeEditTextMentionsLengthFieldEvent | GroupPlaintextEnvelopeDeleteTargetFieldEvent | GroupPlaintextEnvelopeReactionTargetFieldEvent | GroupPlaintextEnvelopeReactionEmojiFieldEvent | GroupPlaintextEnvelopeGroupMessageGroupFieldEvent | GroupPlaintextEnvelopeGroupMessageSenderFieldEvent | GroupPlaintextEnvelopeGroupMessageSeqFieldEvent | GroupPlaintextEnvelopeGroupMessageCiphertextFieldEvent | GroupPlaintextEnvelopeMembershipGroupFieldEvent | GroupPlaintextEnvelopeMembershipEntriesFieldEvent | GroupPlaintextEnvelopeSenderKeyGroupFieldEvent | GroupPlaintextEnvelopeSenderKeyDistributionFieldEvent | GroupPlaintextEnvelopeSenderKeyRequestGroupFieldEvent | GroupPlaintextEnvelopeSenderKeyRequestDistributionIdFieldEvent | GroupPlaintextEnvelopeGroupHaveGroupFieldEvent | GroupPlaintextEnvelopeGroupHaveHeldSenderFieldEvent | GroupPlaintextEnvelopeGroupHaveHeldSeqFieldEvent | GroupPlaintextEnvelopeGroupPhotoGroupFieldEvent | GroupPlaintextEnvelopeGroupPhotoPhotoFieldEvent | GroupPlaintextEnvelopeEntriesWantedGroupFieldEvent | GroupPlaintextEnvelopeEntriesWantedHashesFieldEvent> {
    return streamMessage(buf, GroupPlaintext.codec(), opts)
  }
}

export interface Membership {
  group: Uint8Array<ArrayBuffer>
  entries: Uint8Array<ArrayBuffer>
}

export namespace Membership {
  let _codec: Codec<Membership>

  export const codec = (): Codec<Membership> => {
    if (_codec == null) {
      _codec = message<Membership>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.group != null && obj.group.byteLength > 0)) {
          w.uint32(10)
          w.bytes(obj.group)
        }

        if ((obj.entries != null && obj.entries.byteLength > 0)) {
          w.uint32(18)
          w.bytes(obj.entries)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          group: uint8ArrayAlloc(0),
          entries: uint8ArrayAlloc(0)
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
              obj.entries = reader.bytes()
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
                field: `${prefix}.group`,
                value: reader.bytes()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.entries`,
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

  export interface MembershipGroupFieldEvent {
    field: '$.group'
    value: Uint8Array<ArrayBuffer>
  }

  export interface MembershipEntriesFieldEvent {
    field: '$.entries'
    value: Uint8Array<ArrayBuffer>
  }

  export function encode (obj: Partial<Membership>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, Membership.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Membership>): Membership {
    return decodeMessage(buf, Membership.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Membership>): Generator<MembershipGroupFieldEvent | MembershipEntriesFieldEvent> {
    return streamMessage(buf, Membership.codec(), opts)
  }
}

export interface SenderKey {
  group: Uint8Array<ArrayBuffer>
  distribution: Uint8Array<ArrayBuffer>
}

export namespace SenderKey {
  let _codec: Codec<SenderKey>

  export const codec = (): Codec<SenderKey> => {
    if (_codec == null) {
      _codec = message<SenderKey>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.group != null && obj.group.byteLength > 0)) {
          w.uint32(10)
          w.bytes(obj.group)
        }

        if ((obj.distribution != null && obj.distribution.byteLength > 0)) {
          w.uint32(18)
          w.bytes(obj.distribution)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          group: uint8ArrayAlloc(0),
          distribution: uint8ArrayAlloc(0)
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
              obj.distribution = reader.bytes()
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
                field: `${prefix}.group`,
                value: reader.bytes()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.distribution`,
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

  export interface SenderKeyGroupFieldEvent {
    field: '$.group'
    value: Uint8Array<ArrayBuffer>
  }

  export interface SenderKeyDistributionFieldEvent {
    field: '$.distribution'
    value: Uint8Array<ArrayBuffer>
  }

  export function encode (obj: Partial<SenderKey>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, SenderKey.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<SenderKey>): SenderKey {
    return decodeMessage(buf, SenderKey.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<SenderKey>): Generator<SenderKeyGroupFieldEvent | SenderKeyDistributionFieldEvent> {
    return streamMessage(buf, SenderKey.codec(), opts)
  }
}

export interface GroupHave {
  group: Uint8Array<ArrayBuffer>
  held: Held[]
}

export namespace GroupHave {
  let _codec: Codec<GroupHave>

  export const codec = (): Codec<GroupHave> => {
    if (_codec == null) {
      _codec = message<GroupHave>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.group != null && obj.group.byteLength > 0)) {
          w.uint32(10)
          w.bytes(obj.group)
        }

        if (obj.held != null && obj.held.length > 0) {
          for (const value of obj.held) {
            w.uint32(18)
            Held.codec().encode(value, w)
          }
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          group: uint8ArrayAlloc(0),
          held: []
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
              if (opts.limits?.held != null && obj.held.length === opts.limits.held) {
                throw new MaxLengthError('Decode error - repeated field "held" had too many elements')
              }

              if (obj.held.length === 256) {
                throw new MaxLengthError('Decode error - repeated field "held" had too many elements')
              }

              obj.held.push(Held.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.held$
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
          held: 256
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
              if (opts.limits?.held != null && obj.held === opts.limits.held) {
                throw new MaxLengthError('Streaming decode error - repeated field "held" had too many elements')
              }

              if (obj.held === 256) {
                throw new MaxLengthError('Streaming decode error - repeated field "held" had too many elements')
              }

              for (const evt of Held.codec().stream(reader, reader.uint32(), `${prefix}.held[]`, {
                limits: opts.limits?.held$
              })) {
                yield {
                  ...evt,
                  index: obj.held
                }
              }

              obj.held++

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

  export interface GroupHaveGroupFieldEvent {
    field: '$.group'
    value: Uint8Array<ArrayBuffer>
  }

  export interface GroupHaveHeldSenderFieldEvent {
    field: '$.held[].sender'
    value: string
    index: number
  }

  export interface GroupHaveHeldSeqFieldEvent {
    field: '$.held[].seq'
    value: number
    index: number
  }

  export function encode (obj: Partial<GroupHave>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, GroupHave.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<GroupHave>): GroupHave {
    return decodeMessage(buf, GroupHave.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<GroupHave>): Generator<GroupHaveGroupFieldEvent | GroupHaveHeldSenderFieldEvent | GroupHaveHeldSeqFieldEvent> {
    return streamMessage(buf, GroupHave.codec(), opts)
  }
}

export interface Held {
  sender: string
  seq: number
}

export namespace Held {
  let _codec: Codec<Held>

  export const codec = (): Codec<Held> => {
    if (_codec == null) {
      _codec = message<Held>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.sender != null && obj.sender !== '')) {
          w.uint32(10)
          w.string(obj.sender)
        }

        if ((obj.seq != null && obj.seq !== 0)) {
          w.uint32(16)
          w.uint32(obj.seq)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          sender: '',
          seq: 0
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.sender = reader.string()
              break
            }
            case 2: {
              obj.seq = reader.uint32()
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
                field: `${prefix}.sender`,
                value: reader.string()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.seq`,
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

  export interface HeldSenderFieldEvent {
    field: '$.sender'
    value: string
  }

  export interface HeldSeqFieldEvent {
    field: '$.seq'
    value: number
  }

  export function encode (obj: Partial<Held>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, Held.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Held>): Held {
    return decodeMessage(buf, Held.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Held>): Generator<HeldSenderFieldEvent | HeldSeqFieldEvent> {
    return streamMessage(buf, Held.codec(), opts)
  }
}

export interface GroupPhoto {
  group: Uint8Array<ArrayBuffer>
  photo: Uint8Array<ArrayBuffer>
}

export namespace GroupPhoto {
  let _codec: Codec<GroupPhoto>

  export const codec = (): Codec<GroupPhoto> => {
    if (_codec == null) {
      _codec = message<GroupPhoto>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.group != null && obj.group.byteLength > 0)) {
          w.uint32(10)
          w.bytes(obj.group)
        }

        if ((obj.photo != null && obj.photo.byteLength > 0)) {
          w.uint32(18)
          w.bytes(obj.photo)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          group: uint8ArrayAlloc(0),
          photo: uint8ArrayAlloc(0)
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
              obj.photo = reader.bytes()
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
                field: `${prefix}.group`,
                value: reader.bytes()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.photo`,
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

  export interface GroupPhotoGroupFieldEvent {
    field: '$.group'
    value: Uint8Array<ArrayBuffer>
  }

  export interface GroupPhotoPhotoFieldEvent {
    field: '$.photo'
    value: Uint8Array<ArrayBuffer>
  }

  export function encode (obj: Partial<GroupPhoto>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, GroupPhoto.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<GroupPhoto>): GroupPhoto {
    return decodeMessage(buf, GroupPhoto.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<GroupPhoto>): Generator<GroupPhotoGroupFieldEvent | GroupPhotoPhotoFieldEvent> {
    return streamMessage(buf, GroupPhoto.codec(), opts)
  }
}

export interface EntriesWanted {
  group: Uint8Array<ArrayBuffer>
  hashes: Uint8Array<ArrayBuffer>[]
}

export namespace EntriesWanted {
  let _codec: Codec<EntriesWanted>

  export const codec = (): Codec<EntriesWanted> => {
    if (_codec == null) {
      _codec = message<EntriesWanted>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.group != null && obj.group.byteLength > 0)) {
          w.uint32(10)
          w.bytes(obj.group)
        }

        if (obj.hashes != null && obj.hashes.length > 0) {
          for (const value of obj.hashes) {
            w.uint32(18)
            w.bytes(value)
          }
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          group: uint8ArrayAlloc(0),
          hashes: []
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
              if (opts.limits?.hashes != null && obj.hashes.length === opts.limits.hashes) {
                throw new MaxLengthError('Decode error - repeated field "hashes" had too many elements')
              }

              if (obj.hashes.length === 256) {
                throw new MaxLengthError('Decode error - repeated field "hashes" had too many elements')
              }

              obj.hashes.push(reader.bytes())
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
          hashes: 256
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
              if (opts.limits?.hashes != null && obj.hashes === opts.limits.hashes) {
                throw new MaxLengthError('Streaming decode error - repeated field "hashes" had too many elements')
              }

              if (obj.hashes === 256) {
                throw new MaxLengthError('Streaming decode error - repeated field "hashes" had too many elements')
              }

              yield {
                field: `${prefix}.hashes[]`,
                index: obj.hashes,
                value: reader.bytes()
              }

              obj.hashes++

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

  export interface EntriesWantedGroupFieldEvent {
    field: '$.group'
    value: Uint8Array<ArrayBuffer>
  }

  export interface EntriesWantedHashesFieldEvent {
    field: '$.hashes[]'
    index: number
    value: Uint8Array<ArrayBuffer>
  }

  export function encode (obj: Partial<EntriesWanted>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, EntriesWanted.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<EntriesWanted>): EntriesWanted {
    return decodeMessage(buf, EntriesWanted.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<EntriesWanted>): Generator<EntriesWantedGroupFieldEvent | EntriesWantedHashesFieldEvent> {
    return streamMessage(buf, EntriesWanted.codec(), opts)
  }
}

export interface SenderKeyRequest {
  group: Uint8Array<ArrayBuffer>
  distributionId: string
}

export namespace SenderKeyRequest {
  let _codec: Codec<SenderKeyRequest>

  export const codec = (): Codec<SenderKeyRequest> => {
    if (_codec == null) {
      _codec = message<SenderKeyRequest>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.group != null && obj.group.byteLength > 0)) {
          w.uint32(10)
          w.bytes(obj.group)
        }

        if ((obj.distributionId != null && obj.distributionId !== '')) {
          w.uint32(18)
          w.string(obj.distributionId)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          group: uint8ArrayAlloc(0),
          distributionId: ''
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
              obj.distributionId = reader.string()
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
                field: `${prefix}.group`,
                value: reader.bytes()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.distributionId`,
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

  export interface SenderKeyRequestGroupFieldEvent {
    field: '$.group'
    value: Uint8Array<ArrayBuffer>
  }

  export interface SenderKeyRequestDistributionIdFieldEvent {
    field: '$.distributionId'
    value: string
  }

  export function encode (obj: Partial<SenderKeyRequest>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, SenderKeyRequest.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<SenderKeyRequest>): SenderKeyRequest {
    return decodeMessage(buf, SenderKeyRequest.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<SenderKeyRequest>): Generator<SenderKeyRequestGroupFieldEvent | SenderKeyRequestDistributionIdFieldEvent> {
    return streamMessage(buf, SenderKeyRequest.codec(), opts)
  }
}

export interface Text {
  body: string
  mentions: Mention[]
}

export namespace Text {
  let _codec: Codec<Text>

  export const codec = (): Codec<Text> => {
    if (_codec == null) {
      _codec = message<Text>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.body != null && obj.body !== '')) {
          w.uint32(10)
          w.string(obj.body)
        }

        if (obj.mentions != null && obj.mentions.length > 0) {
          for (const value of obj.mentions) {
            w.uint32(18)
            Mention.codec().encode(value, w)
          }
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          body: '',
          mentions: []
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.body = reader.string()
              break
            }
            case 2: {
              if (opts.limits?.mentions != null && obj.mentions.length === opts.limits.mentions) {
                throw new MaxLengthError('Decode error - repeated field "mentions" had too many elements')
              }

              if (obj.mentions.length === 64) {
                throw new MaxLengthError('Decode error - repeated field "mentions" had too many elements')
              }

              obj.mentions.push(Mention.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.mentions$
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
          mentions: 64
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield {
                field: `${prefix}.body`,
                value: reader.string()
              }
              break
            }
            case 2: {
              if (opts.limits?.mentions != null && obj.mentions === opts.limits.mentions) {
                throw new MaxLengthError('Streaming decode error - repeated field "mentions" had too many elements')
              }

              if (obj.mentions === 64) {
                throw new MaxLengthError('Streaming decode error - repeated field "mentions" had too many elements')
              }

              for (const evt of Mention.codec().stream(reader, reader.uint32(), `${prefix}.mentions[]`, {
                limits: opts.limits?.mentions$
              })) {
                yield {
                  ...evt,
                  index: obj.mentions
                }
              }

              obj.mentions++

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

  export interface TextBodyFieldEvent {
    field: '$.body'
    value: string
  }

  export interface TextMentionsPeerIdFieldEvent {
    field: '$.mentions[].peerId'
    value: string
    index: number
  }

  export interface TextMentionsStartFieldEvent {
    field: '$.mentions[].start'
    value: number
    index: number
  }

  export interface TextMentionsLengthFieldEvent {
    field: '$.mentions[].length'
    value: number
    index: number
  }

  export function encode (obj: Partial<Text>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, Text.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Text>): Text {
    return decodeMessage(buf, Text.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Text>): Generator<TextBodyFieldEvent | TextMentionsPeerIdFieldEvent | TextMentionsStartFieldEvent | TextMentionsLengthFieldEvent> {
    return streamMessage(buf, Text.codec(), opts)
  }
}

export interface Mention {
  peerId: string
  start: number
  length: number
}

export namespace Mention {
  let _codec: Codec<Mention>

  export const codec = (): Codec<Mention> => {
    if (_codec == null) {
      _codec = message<Mention>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.peerId != null && obj.peerId !== '')) {
          w.uint32(10)
          w.string(obj.peerId)
        }

        if ((obj.start != null && obj.start !== 0)) {
          w.uint32(16)
          w.uint32(obj.start)
        }

        if ((obj.length != null && obj.length !== 0)) {
          w.uint32(24)
          w.uint32(obj.length)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          peerId: '',
          start: 0,
          length: 0
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.peerId = reader.string()
              break
            }
            case 2: {
              obj.start = reader.uint32()
              break
            }
            case 3: {
              obj.length = reader.uint32()
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
                field: `${prefix}.peerId`,
                value: reader.string()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.start`,
                value: reader.uint32()
              }
              break
            }
            case 3: {
              yield {
                field: `${prefix}.length`,
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

  export interface MentionPeerIdFieldEvent {
    field: '$.peerId'
    value: string
  }

  export interface MentionStartFieldEvent {
    field: '$.start'
    value: number
  }

  export interface MentionLengthFieldEvent {
    field: '$.length'
    value: number
  }

  export function encode (obj: Partial<Mention>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, Mention.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Mention>): Mention {
    return decodeMessage(buf, Mention.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Mention>): Generator<MentionPeerIdFieldEvent | MentionStartFieldEvent | MentionLengthFieldEvent> {
    return streamMessage(buf, Mention.codec(), opts)
  }
}

export interface Reply {
  target: string
  targetSender: string
  snippet: string
  text?: Text
}

export namespace Reply {
  let _codec: Codec<Reply>

  export const codec = (): Codec<Reply> => {
    if (_codec == null) {
      _codec = message<Reply>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.target != null && obj.target !== '')) {
          w.uint32(10)
          w.string(obj.target)
        }

        if ((obj.targetSender != null && obj.targetSender !== '')) {
          w.uint32(18)
          w.string(obj.targetSender)
        }

        if ((obj.snippet != null && obj.snippet !== '')) {
          w.uint32(26)
          w.string(obj.snippet)
        }

        if (obj.text != null) {
          w.uint32(34)
          Text.codec().encode(obj.text, w)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          target: '',
          targetSender: '',
          snippet: ''
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.target = reader.string()
              break
            }
            case 2: {
              obj.targetSender = reader.string()
              break
            }
            case 3: {
              obj.snippet = reader.string()
              break
            }
            case 4: {
              obj.text = Text.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.text
              })
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
                field: `${prefix}.target`,
                value: reader.string()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.targetSender`,
                value: reader.string()
              }
              break
            }
            case 3: {
              yield {
                field: `${prefix}.snippet`,
                value: reader.string()
              }
              break
            }
            case 4: {
              yield * Text.codec().stream(reader, reader.uint32(), `${prefix}.text`, {
                limits: opts.limits?.text
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

  export interface ReplyTargetFieldEvent {
    field: '$.target'
    value: string
  }

  export interface ReplyTargetSenderFieldEvent {
    field: '$.targetSender'
    value: string
  }

  export interface ReplySnippetFieldEvent {
    field: '$.snippet'
    value: string
  }

  export interface ReplyTextBodyFieldEvent {
    field: '$.text.body'
    value: string
  }

  export interface ReplyTextMentionsPeerIdFieldEvent {
    field: '$.text.mentions[].peerId'
    value: string
    index: number
  }

  export interface ReplyTextMentionsStartFieldEvent {
    field: '$.text.mentions[].start'
    value: number
    index: number
  }

  export interface ReplyTextMentionsLengthFieldEvent {
    field: '$.text.mentions[].length'
    value: number
    index: number
  }

  export function encode (obj: Partial<Reply>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, Reply.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Reply>): Reply {
    return decodeMessage(buf, Reply.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Reply>): Generator<ReplyTargetFieldEvent | ReplyTargetSenderFieldEvent | ReplySnippetFieldEvent | ReplyTextBodyFieldEvent | ReplyTextMentionsPeerIdFieldEvent | ReplyTextMentionsStartFieldEvent | ReplyTextMentionsLengthFieldEvent> {
    return streamMessage(buf, Reply.codec(), opts)
  }
}

export interface Edit {
  target: string
  text?: Text
}

export namespace Edit {
  let _codec: Codec<Edit>

  export const codec = (): Codec<Edit> => {
    if (_codec == null) {
      _codec = message<Edit>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.target != null && obj.target !== '')) {
          w.uint32(10)
          w.string(obj.target)
        }

        if (obj.text != null) {
          w.uint32(18)
          Text.codec().encode(obj.text, w)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          target: ''
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.target = reader.string()
              break
            }
            case 2: {
              obj.text = Text.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.text
              })
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
                field: `${prefix}.target`,
                value: reader.string()
              }
              break
            }
            case 2: {
              yield * Text.codec().stream(reader, reader.uint32(), `${prefix}.text`, {
                limits: opts.limits?.text
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

  export interface EditTargetFieldEvent {
    field: '$.target'
    value: string
  }

  export interface EditTextBodyFieldEvent {
    field: '$.text.body'
    value: string
  }

  export interface EditTextMentionsPeerIdFieldEvent {
    field: '$.text.mentions[].peerId'
    value: string
    index: number
  }

  export interface EditTextMentionsStartFieldEvent {
    field: '$.text.mentions[].start'
    value: number
    index: number
  }

  export interface EditTextMentionsLengthFieldEvent {
    field: '$.text.mentions[].length'
    value: number
    index: number
  }

  export function encode (obj: Partial<Edit>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, Edit.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Edit>): Edit {
    return decodeMessage(buf, Edit.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Edit>): Generator<EditTargetFieldEvent | EditTextBodyFieldEvent | EditTextMentionsPeerIdFieldEvent | EditTextMentionsStartFieldEvent | EditTextMentionsLengthFieldEvent> {
    return streamMessage(buf, Edit.codec(), opts)
  }
}

export interface Delete {
  target: string
}

export namespace Delete {
  let _codec: Codec<Delete>

  export const codec = (): Codec<Delete> => {
    if (_codec == null) {
      _codec = message<Delete>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.target != null && obj.target !== '')) {
          w.uint32(10)
          w.string(obj.target)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          target: ''
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.target = reader.string()
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
                field: `${prefix}.target`,
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

  export interface DeleteTargetFieldEvent {
    field: '$.target'
    value: string
  }

  export function encode (obj: Partial<Delete>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, Delete.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Delete>): Delete {
    return decodeMessage(buf, Delete.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Delete>): Generator<DeleteTargetFieldEvent> {
    return streamMessage(buf, Delete.codec(), opts)
  }
}

export interface Reaction {
  target: string
  emoji: string
}

export namespace Reaction {
  let _codec: Codec<Reaction>

  export const codec = (): Codec<Reaction> => {
    if (_codec == null) {
      _codec = message<Reaction>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.target != null && obj.target !== '')) {
          w.uint32(10)
          w.string(obj.target)
        }

        if ((obj.emoji != null && obj.emoji !== '')) {
          w.uint32(18)
          w.string(obj.emoji)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          target: '',
          emoji: ''
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.target = reader.string()
              break
            }
            case 2: {
              obj.emoji = reader.string()
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
                field: `${prefix}.target`,
                value: reader.string()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.emoji`,
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

  export interface ReactionTargetFieldEvent {
    field: '$.target'
    value: string
  }

  export interface ReactionEmojiFieldEvent {
    field: '$.emoji'
    value: string
  }

  export function encode (obj: Partial<Reaction>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, Reaction.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Reaction>): Reaction {
    return decodeMessage(buf, Reaction.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Reaction>): Generator<ReactionTargetFieldEvent | ReactionEmojiFieldEvent> {
    return streamMessage(buf, Reaction.codec(), opts)
  }
}

export interface Request {
  greeting: string
}

export namespace Request {
  let _codec: Codec<Request>

  export const codec = (): Codec<Request> => {
    if (_codec == null) {
      _codec = message<Request>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.greeting != null && obj.greeting !== '')) {
          w.uint32(10)
          w.string(obj.greeting)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          greeting: ''
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.greeting = reader.string()
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
                field: `${prefix}.greeting`,
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

  export interface RequestGreetingFieldEvent {
    field: '$.greeting'
    value: string
  }

  export function encode (obj: Partial<Request>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, Request.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Request>): Request {
    return decodeMessage(buf, Request.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Request>): Generator<RequestGreetingFieldEvent> {
    return streamMessage(buf, Request.codec(), opts)
  }
}

export interface Accept {}

export namespace Accept {
  let _codec: Codec<Accept>

  export const codec = (): Codec<Accept> => {
    if (_codec == null) {
      _codec = message<Accept>((obj, w, opts = {}) => {
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

  export function encode (obj: Partial<Accept>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, Accept.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Accept>): Accept {
    return decodeMessage(buf, Accept.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Accept>): Generator<{}> {
    return streamMessage(buf, Accept.codec(), opts)
  }
}

export interface Ack {
  ids: string[]
}

export namespace Ack {
  let _codec: Codec<Ack>

  export const codec = (): Codec<Ack> => {
    if (_codec == null) {
      _codec = message<Ack>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if (obj.ids != null && obj.ids.length > 0) {
          for (const value of obj.ids) {
            w.uint32(10)
            w.string(value)
          }
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          ids: []
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              if (opts.limits?.ids != null && obj.ids.length === opts.limits.ids) {
                throw new MaxLengthError('Decode error - repeated field "ids" had too many elements')
              }

              if (obj.ids.length === 1024) {
                throw new MaxLengthError('Decode error - repeated field "ids" had too many elements')
              }

              obj.ids.push(reader.string())
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
          ids: 1024
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              if (opts.limits?.ids != null && obj.ids === opts.limits.ids) {
                throw new MaxLengthError('Streaming decode error - repeated field "ids" had too many elements')
              }

              if (obj.ids === 1024) {
                throw new MaxLengthError('Streaming decode error - repeated field "ids" had too many elements')
              }

              yield {
                field: `${prefix}.ids[]`,
                index: obj.ids,
                value: reader.string()
              }

              obj.ids++

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

  export interface AckIdsFieldEvent {
    field: '$.ids[]'
    index: number
    value: string
  }

  export function encode (obj: Partial<Ack>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, Ack.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Ack>): Ack {
    return decodeMessage(buf, Ack.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Ack>): Generator<AckIdsFieldEvent> {
    return streamMessage(buf, Ack.codec(), opts)
  }
}
