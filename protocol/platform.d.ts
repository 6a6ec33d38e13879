// What protocol/ may use beyond the language: the few globals every JavaScript
// platform we run on has (Node, Chromium, Electron's utility process), declared
// as narrowly as we use them. Neither Node's nor the DOM's types are loaded here
// (protocol/tsconfig.json), so nothing else of either can creep in.

declare class TextEncoder {
  encode(input?: string): Uint8Array
}

declare class TextDecoder {
  constructor(label?: string, options?: { fatal?: boolean })
  decode(input?: Uint8Array): string
}

declare const console: { error(...data: unknown[]): void }

type TimerHandle = { readonly __timer: unique symbol }
declare function setTimeout(callback: () => void, ms: number): TimerHandle
declare function clearTimeout(handle: TimerHandle | undefined): void
