import { decodeMessage, encodeMessage, enumeration, message, streamMessage } from 'protons-runtime'
import { alloc as uint8ArrayAlloc } from 'uint8arrays/alloc'
import type { Codec, DecodeOptions } from 'protons-runtime'
import type { Uint8ArrayList } from 'uint8arraylist'

export interface IdentityBinding {
  peerId: Uint8Array<ArrayBuffer>
  identityKey: Uint8Array<ArrayBuffer>
  peerSignature: Uint8Array<ArrayBuffer>
  identitySignature: Uint8Array<ArrayBuffer>
}

export namespace IdentityBinding {
  let _codec: Codec<IdentityBinding>

  export const codec = (): Codec<IdentityBinding> => {
    if (_codec == null) {
      _codec = message<IdentityBinding>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.peerId != null && obj.peerId.byteLength > 0)) {
          w.uint32(10)
          w.bytes(obj.peerId)
        }

        if ((obj.identityKey != null && obj.identityKey.byteLength > 0)) {
          w.uint32(18)
          w.bytes(obj.identityKey)
        }

        if ((obj.peerSignature != null && obj.peerSignature.byteLength > 0)) {
          w.uint32(26)
          w.bytes(obj.peerSignature)
        }

        if ((obj.identitySignature != null && obj.identitySignature.byteLength > 0)) {
          w.uint32(34)
          w.bytes(obj.identitySignature)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          peerId: uint8ArrayAlloc(0),
          identityKey: uint8ArrayAlloc(0),
          peerSignature: uint8ArrayAlloc(0),
          identitySignature: uint8ArrayAlloc(0)
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.peerId = reader.bytes()
              break
            }
            case 2: {
              obj.identityKey = reader.bytes()
              break
            }
            case 3: {
              obj.peerSignature = reader.bytes()
              break
            }
            case 4: {
              obj.identitySignature = reader.bytes()
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
                value: reader.bytes()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.identityKey`,
                value: reader.bytes()
              }
              break
            }
            case 3: {
              yield {
                field: `${prefix}.peerSignature`,
                value: reader.bytes()
              }
              break
            }
            case 4: {
              yield {
                field: `${prefix}.identitySignature`,
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

  export interface IdentityBindingPeerIdFieldEvent {
    field: '$.peerId'
    value: Uint8Array<ArrayBuffer>
  }

  export interface IdentityBindingIdentityKeyFieldEvent {
    field: '$.identityKey'
    value: Uint8Array<ArrayBuffer>
  }

  export interface IdentityBindingPeerSignatureFieldEvent {
    field: '$.peerSignature'
    value: Uint8Array<ArrayBuffer>
  }

  export interface IdentityBindingIdentitySignatureFieldEvent {
    field: '$.identitySignature'
    value: Uint8Array<ArrayBuffer>
  }

  export function encode (obj: Partial<IdentityBinding>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, IdentityBinding.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<IdentityBinding>): IdentityBinding {
    return decodeMessage(buf, IdentityBinding.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<IdentityBinding>): Generator<IdentityBindingPeerIdFieldEvent | IdentityBindingIdentityKeyFieldEvent | IdentityBindingPeerSignatureFieldEvent | IdentityBindingIdentitySignatureFieldEvent> {
    return streamMessage(buf, IdentityBinding.codec(), opts)
  }
}

export interface SignedPreKey {
  id: number
  publicKey: Uint8Array<ArrayBuffer>
  signature: Uint8Array<ArrayBuffer>
}

export namespace SignedPreKey {
  let _codec: Codec<SignedPreKey>

  export const codec = (): Codec<SignedPreKey> => {
    if (_codec == null) {
      _codec = message<SignedPreKey>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.id != null && obj.id !== 0)) {
          w.uint32(8)
          w.uint32(obj.id)
        }

        if ((obj.publicKey != null && obj.publicKey.byteLength > 0)) {
          w.uint32(18)
          w.bytes(obj.publicKey)
        }

        if ((obj.signature != null && obj.signature.byteLength > 0)) {
          w.uint32(26)
          w.bytes(obj.signature)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          id: 0,
          publicKey: uint8ArrayAlloc(0),
          signature: uint8ArrayAlloc(0)
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.id = reader.uint32()
              break
            }
            case 2: {
              obj.publicKey = reader.bytes()
              break
            }
            case 3: {
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
                field: `${prefix}.id`,
                value: reader.uint32()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.publicKey`,
                value: reader.bytes()
              }
              break
            }
            case 3: {
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

  export interface SignedPreKeyIdFieldEvent {
    field: '$.id'
    value: number
  }

  export interface SignedPreKeyPublicKeyFieldEvent {
    field: '$.publicKey'
    value: Uint8Array<ArrayBuffer>
  }

  export interface SignedPreKeySignatureFieldEvent {
    field: '$.signature'
    value: Uint8Array<ArrayBuffer>
  }

  export function encode (obj: Partial<SignedPreKey>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, SignedPreKey.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<SignedPreKey>): SignedPreKey {
    return decodeMessage(buf, SignedPreKey.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<SignedPreKey>): Generator<SignedPreKeyIdFieldEvent | SignedPreKeyPublicKeyFieldEvent | SignedPreKeySignatureFieldEvent> {
    return streamMessage(buf, SignedPreKey.codec(), opts)
  }
}

export interface OneTimePreKey {
  id: number
  publicKey: Uint8Array<ArrayBuffer>
}

export namespace OneTimePreKey {
  let _codec: Codec<OneTimePreKey>

  export const codec = (): Codec<OneTimePreKey> => {
    if (_codec == null) {
      _codec = message<OneTimePreKey>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.id != null && obj.id !== 0)) {
          w.uint32(8)
          w.uint32(obj.id)
        }

        if ((obj.publicKey != null && obj.publicKey.byteLength > 0)) {
          w.uint32(18)
          w.bytes(obj.publicKey)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          id: 0,
          publicKey: uint8ArrayAlloc(0)
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.id = reader.uint32()
              break
            }
            case 2: {
              obj.publicKey = reader.bytes()
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
                field: `${prefix}.id`,
                value: reader.uint32()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.publicKey`,
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

  export interface OneTimePreKeyIdFieldEvent {
    field: '$.id'
    value: number
  }

  export interface OneTimePreKeyPublicKeyFieldEvent {
    field: '$.publicKey'
    value: Uint8Array<ArrayBuffer>
  }

  export function encode (obj: Partial<OneTimePreKey>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, OneTimePreKey.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<OneTimePreKey>): OneTimePreKey {
    return decodeMessage(buf, OneTimePreKey.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<OneTimePreKey>): Generator<OneTimePreKeyIdFieldEvent | OneTimePreKeyPublicKeyFieldEvent> {
    return streamMessage(buf, OneTimePreKey.codec(), opts)
  }
}

export interface PreKeyBundle {
  binding?: IdentityBinding
  registrationId: number
  signedPreKey?: SignedPreKey
  kyberPreKey?: SignedPreKey
  preKey?: OneTimePreKey
}

export namespace PreKeyBundle {
  let _codec: Codec<PreKeyBundle>

  export const codec = (): Codec<PreKeyBundle> => {
    if (_codec == null) {
      _codec = message<PreKeyBundle>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if (obj.binding != null) {
          w.uint32(10)
          IdentityBinding.codec().encode(obj.binding, w)
        }

        if ((obj.registrationId != null && obj.registrationId !== 0)) {
          w.uint32(16)
          w.uint32(obj.registrationId)
        }

        if (obj.signedPreKey != null) {
          w.uint32(26)
          SignedPreKey.codec().encode(obj.signedPreKey, w)
        }

        if (obj.kyberPreKey != null) {
          w.uint32(34)
          SignedPreKey.codec().encode(obj.kyberPreKey, w)
        }

        if (obj.preKey != null) {
          w.uint32(42)
          OneTimePreKey.codec().encode(obj.preKey, w)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          registrationId: 0
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.binding = IdentityBinding.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.binding
              })
              break
            }
            case 2: {
              obj.registrationId = reader.uint32()
              break
            }
            case 3: {
              obj.signedPreKey = SignedPreKey.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.signedPreKey
              })
              break
            }
            case 4: {
              obj.kyberPreKey = SignedPreKey.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.kyberPreKey
              })
              break
            }
            case 5: {
              obj.preKey = OneTimePreKey.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.preKey
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
              yield * IdentityBinding.codec().stream(reader, reader.uint32(), `${prefix}.binding`, {
                limits: opts.limits?.binding
              })

              break
            }
            case 2: {
              yield {
                field: `${prefix}.registrationId`,
                value: reader.uint32()
              }
              break
            }
            case 3: {
              yield * SignedPreKey.codec().stream(reader, reader.uint32(), `${prefix}.signedPreKey`, {
                limits: opts.limits?.signedPreKey
              })

              break
            }
            case 4: {
              yield * SignedPreKey.codec().stream(reader, reader.uint32(), `${prefix}.kyberPreKey`, {
                limits: opts.limits?.kyberPreKey
              })

              break
            }
            case 5: {
              yield * OneTimePreKey.codec().stream(reader, reader.uint32(), `${prefix}.preKey`, {
                limits: opts.limits?.preKey
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

  export interface PreKeyBundleBindingPeerIdFieldEvent {
    field: '$.binding.peerId'
    value: Uint8Array<ArrayBuffer>
  }

  export interface PreKeyBundleBindingIdentityKeyFieldEvent {
    field: '$.binding.identityKey'
    value: Uint8Array<ArrayBuffer>
  }

  export interface PreKeyBundleBindingPeerSignatureFieldEvent {
    field: '$.binding.peerSignature'
    value: Uint8Array<ArrayBuffer>
  }

  export interface PreKeyBundleBindingIdentitySignatureFieldEvent {
    field: '$.binding.identitySignature'
    value: Uint8Array<ArrayBuffer>
  }

  export interface PreKeyBundleRegistrationIdFieldEvent {
    field: '$.registrationId'
    value: number
  }

  export interface PreKeyBundleSignedPreKeyIdFieldEvent {
    field: '$.signedPreKey.id'
    value: number
  }

  export interface PreKeyBundleSignedPreKeyPublicKeyFieldEvent {
    field: '$.signedPreKey.publicKey'
    value: Uint8Array<ArrayBuffer>
  }

  export interface PreKeyBundleSignedPreKeySignatureFieldEvent {
    field: '$.signedPreKey.signature'
    value: Uint8Array<ArrayBuffer>
  }

  export interface PreKeyBundleKyberPreKeyIdFieldEvent {
    field: '$.kyberPreKey.id'
    value: number
  }

  export interface PreKeyBundleKyberPreKeyPublicKeyFieldEvent {
    field: '$.kyberPreKey.publicKey'
    value: Uint8Array<ArrayBuffer>
  }

  export interface PreKeyBundleKyberPreKeySignatureFieldEvent {
    field: '$.kyberPreKey.signature'
    value: Uint8Array<ArrayBuffer>
  }

  export interface PreKeyBundlePreKeyIdFieldEvent {
    field: '$.preKey.id'
    value: number
  }

  export interface PreKeyBundlePreKeyPublicKeyFieldEvent {
    field: '$.preKey.publicKey'
    value: Uint8Array<ArrayBuffer>
  }

  export function encode (obj: Partial<PreKeyBundle>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, PreKeyBundle.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<PreKeyBundle>): PreKeyBundle {
    return decodeMessage(buf, PreKeyBundle.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<PreKeyBundle>): Generator<PreKeyBundleBindingPeerIdFieldEvent | PreKeyBundleBindingIdentityKeyFieldEvent | PreKeyBundleBindingPeerSignatureFieldEvent | PreKeyBundleBindingIdentitySignatureFieldEvent | PreKeyBundleRegistrationIdFieldEvent | PreKeyBundleSignedPreKeyIdFieldEvent | PreKeyBundleSignedPreKeyPublicKeyFieldEvent | PreKeyBundleSignedPreKeySignatureFieldEvent | PreKeyBundleKyberPreKeyIdFieldEvent | PreKeyBundleKyberPreKeyPublicKeyFieldEvent | PreKeyBundleKyberPreKeySignatureFieldEvent | PreKeyBundlePreKeyIdFieldEvent | PreKeyBundlePreKeyPublicKeyFieldEvent> {
    return streamMessage(buf, PreKeyBundle.codec(), opts)
  }
}

export interface SignalCiphertext {
  type: SignalCiphertext.Type
  body: Uint8Array<ArrayBuffer>
  binding?: IdentityBinding
}

export namespace SignalCiphertext {
  export enum Type {
    UNSPECIFIED = 'UNSPECIFIED',
    PREKEY = 'PREKEY',
    WHISPER = 'WHISPER'
  }

  enum __TypeValues {
    UNSPECIFIED = 0,
    PREKEY = 1,
    WHISPER = 2
  }

  export namespace Type {
    export const codec = (): Codec<Type> => {
      return enumeration<Type>(__TypeValues)
    }
  }

  let _codec: Codec<SignalCiphertext>

  export const codec = (): Codec<SignalCiphertext> => {
    if (_codec == null) {
      _codec = message<SignalCiphertext>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if (obj.type != null && __TypeValues[obj.type] !== 0) {
          w.uint32(8)
          SignalCiphertext.Type.codec().encode(obj.type, w)
        }

        if ((obj.body != null && obj.body.byteLength > 0)) {
          w.uint32(18)
          w.bytes(obj.body)
        }

        if (obj.binding != null) {
          w.uint32(26)
          IdentityBinding.codec().encode(obj.binding, w)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          type: Type.UNSPECIFIED,
          body: uint8ArrayAlloc(0)
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.type = SignalCiphertext.Type.codec().decode(reader)
              break
            }
            case 2: {
              obj.body = reader.bytes()
              break
            }
            case 3: {
              obj.binding = IdentityBinding.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.binding
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
                field: `${prefix}.type`,
                value: SignalCiphertext.Type.codec().decode(reader)
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.body`,
                value: reader.bytes()
              }
              break
            }
            case 3: {
              yield * IdentityBinding.codec().stream(reader, reader.uint32(), `${prefix}.binding`, {
                limits: opts.limits?.binding
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

  export interface SignalCiphertextTypeFieldEvent {
    field: '$.type'
    value: SignalCiphertext.Type
  }

  export interface SignalCiphertextBodyFieldEvent {
    field: '$.body'
    value: Uint8Array<ArrayBuffer>
  }

  export interface SignalCiphertextBindingPeerIdFieldEvent {
    field: '$.binding.peerId'
    value: Uint8Array<ArrayBuffer>
  }

  export interface SignalCiphertextBindingIdentityKeyFieldEvent {
    field: '$.binding.identityKey'
    value: Uint8Array<ArrayBuffer>
  }

  export interface SignalCiphertextBindingPeerSignatureFieldEvent {
    field: '$.binding.peerSignature'
    value: Uint8Array<ArrayBuffer>
  }

  export interface SignalCiphertextBindingIdentitySignatureFieldEvent {
    field: '$.binding.identitySignature'
    value: Uint8Array<ArrayBuffer>
  }

  export function encode (obj: Partial<SignalCiphertext>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, SignalCiphertext.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<SignalCiphertext>): SignalCiphertext {
    return decodeMessage(buf, SignalCiphertext.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<SignalCiphertext>): Generator<SignalCiphertextTypeFieldEvent | SignalCiphertextBodyFieldEvent | SignalCiphertextBindingPeerIdFieldEvent | SignalCiphertextBindingIdentityKeyFieldEvent | SignalCiphertextBindingPeerSignatureFieldEvent | SignalCiphertextBindingIdentitySignatureFieldEvent> {
    return streamMessage(buf, SignalCiphertext.codec(), opts)
  }
}
