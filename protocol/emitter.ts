// A minimal typed event emitter that runs anywhere (core, renderer, tests).

export type Unsubscribe = () => void

export interface Subscribable<Events> {
  on<K extends keyof Events>(name: K, listener: (data: Events[K]) => void): Unsubscribe
}

export class Emitter<Events> implements Subscribable<Events> {
  private readonly listeners = new Map<keyof Events, Set<(data: never) => void>>()

  on<K extends keyof Events>(name: K, listener: (data: Events[K]) => void): Unsubscribe {
    const set = this.listeners.get(name) ?? new Set()
    this.listeners.set(name, set)
    set.add(listener)
    return () => set.delete(listener)
  }

  emit<K extends keyof Events>(name: K, data: Events[K]): void {
    for (const listener of this.listeners.get(name) ?? []) {
      ;(listener as (data: Events[K]) => void)(data)
    }
  }
}
