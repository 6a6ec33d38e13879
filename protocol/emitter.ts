// A minimal typed event emitter that runs anywhere (core, renderer, tests). A
// listener that throws is reported and the others still run: whoever emitted has
// done its work (a message is stored) and must not fail because a listener did.

export type Unsubscribe = () => void

export interface Subscribable<Events> {
  on<K extends keyof Events>(name: K, listener: (data: Events[K]) => void): Unsubscribe
}

export class Emitter<Events> implements Subscribable<Events> {
  private readonly listeners = new Map<keyof Events, Set<(data: never) => void>>()

  constructor(
    private readonly report: (name: keyof Events, err: unknown) => void = (name, err) =>
      console.error(`a listener of '${String(name)}' failed:`, err),
  ) {}

  on<K extends keyof Events>(name: K, listener: (data: Events[K]) => void): Unsubscribe {
    const set = this.listeners.get(name) ?? new Set()
    this.listeners.set(name, set)
    set.add(listener)
    return () => set.delete(listener)
  }

  emit<K extends keyof Events>(name: K, data: Events[K]): void {
    for (const listener of this.listeners.get(name) ?? []) {
      try {
        ;(listener as (data: Events[K]) => void)(data)
      } catch (err) {
        this.report(name, err)
      }
    }
  }
}
