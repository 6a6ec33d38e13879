import { decodeMessage, encodeMessage, message, streamMessage } from 'protons-runtime'
import { alloc as uint8ArrayAlloc } from 'uint8arrays/alloc'
import type { Codec, DecodeOptions } from 'protons-runtime'
import type { Uint8ArrayList } from 'uint8arraylist'

export interface PublicProfile {
  displayName: string
  statusLine: string
  avatar: Uint8Array<ArrayBuffer>
}

export namespace PublicProfile {
  let _codec: Codec<PublicProfile>

  export const codec = (): Codec<PublicProfile> => {
    if (_codec == null) {
      _codec = message<PublicProfile>((obj, w, opts = {}) => {
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

        if ((obj.avatar != null && obj.avatar.byteLength > 0)) {
          w.uint32(26)
          w.bytes(obj.avatar)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          displayName: '',
          statusLine: '',
          avatar: uint8ArrayAlloc(0)
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
              obj.avatar = reader.bytes()
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
                field: `${prefix}.avatar`,
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

  export interface PublicProfileDisplayNameFieldEvent {
    field: '$.displayName'
    value: string
  }

  export interface PublicProfileStatusLineFieldEvent {
    field: '$.statusLine'
    value: string
  }

  export interface PublicProfileAvatarFieldEvent {
    field: '$.avatar'
    value: Uint8Array<ArrayBuffer>
  }

  export function encode (obj: Partial<PublicProfile>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, PublicProfile.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<PublicProfile>): PublicProfile {
    return decodeMessage(buf, PublicProfile.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<PublicProfile>): Generator<PublicProfileDisplayNameFieldEvent | PublicProfileStatusLineFieldEvent | PublicProfileAvatarFieldEvent> {
    return streamMessage(buf, PublicProfile.codec(), opts)
  }
}
