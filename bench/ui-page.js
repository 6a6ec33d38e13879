// Injected by the UI benchmark (bench/ui.ts) into every page before the app's own
// scripts: timestamps for what the UI shows and for each API call over the RPC
// WebSocket, and the drivers for opening a conversation and scrolling it. Times are
// performance.now() of the page; `painted` is when the frame that first showed
// something has run its rendering steps (rAF, style, layout, paint): a task posted
// from that frame's requestAnimationFrame runs right after them.
;(() => {
  if (window.__bench) return
  const now = () => performance.now()
  const bench = { marks: {}, rpc: [] }
  window.__bench = bench

  /** Resolves after the next frame's rendering steps: { raf, painted }. */
  bench.nextFrame = () =>
    new Promise((resolve) => {
      requestAnimationFrame(() => {
        const raf = now()
        const channel = new MessageChannel()
        channel.port1.onmessage = () => resolve({ raf, painted: now() })
        channel.port2.postMessage(null)
      })
    })

  /** Records marks[name] = { dom, raf, painted } once test() first holds after a DOM change. */
  bench.watch = (name, test) =>
    new Promise((resolve) => {
      let observer
      const check = () => {
        if (bench.marks[name] || !test()) return false
        observer?.disconnect()
        const mark = { dom: now() }
        bench.marks[name] = mark
        bench.nextFrame().then((frame) => resolve(Object.assign(mark, frame)))
        return true
      }
      if (!check()) {
        observer = new MutationObserver(check)
        observer.observe(document, { childList: true, subtree: true })
      }
    })

  /** Resolves once the conversation list is painted (the main screen is up). */
  bench.listPainted = bench.watch('list', () => {
    const list = document.querySelector('[data-testid="conversation-list"]')
    return list?.checkVisibility() === true
  })

  // Every API call: when the page sent it and when its reply arrived (before the app
  // parses it: this listener is added first). The JSON starts the same way every time
  // (protocol/rpc.ts), so a prefix match is enough and costs next to nothing.
  const CALL = /^\{"type":"call","id":(\d+),"method":"(\w+)"/
  const REPLY = /^\{"type":"(?:result|error)","id":(\d+)/
  const Native = window.WebSocket
  window.WebSocket = class extends Native {
    constructor(url, protocols) {
      super(url, protocols)
      const pending = new Map()
      this.pending = pending
      bench.wsCreated ??= now()
      this.addEventListener('open', () => {
        bench.wsOpen ??= now()
      })
      this.addEventListener('message', (event) => {
        const t = now()
        if (typeof event.data !== 'string') return
        if (bench.wsReady === undefined && event.data.startsWith('{"type":"ready"')) {
          bench.wsReady = t
        }
        const match = REPLY.exec(event.data)
        const call = match && pending.get(Number(match[1]))
        if (!call) return
        pending.delete(call.id)
        call.replied = t
        call.bytes = event.data.length
      })
    }

    send(data) {
      const match = typeof data === 'string' ? CALL.exec(data) : null
      if (match) {
        const call = { id: Number(match[1]), method: match[2], sent: now() }
        this.pending.set(call.id, call)
        bench.rpc.push(call)
      }
      super.send(data)
    }
  }

  const chatView = (peerId) =>
    document.querySelector(`[data-testid="chat-view"][data-peer-id="${CSS.escape(peerId)}"]`)

  /**
   * Clicks the conversation's row; resolves at the first frame painted with its
   * messages in the DOM, with the API calls made meanwhile.
   */
  bench.open = (peerId, timeoutMs) =>
    new Promise((resolve, reject) => {
      const row = document.querySelector(
        `[data-testid="conversation-row"][data-peer-id="${CSS.escape(peerId)}"]`,
      )
      if (!row) return reject(new Error(`no conversation row for ${peerId}`))
      const from = bench.rpc.length
      let done = false
      let clicked
      const timer = setTimeout(() => {
        done = true
        observer.disconnect()
        reject(new Error(`no message painted within ${timeoutMs} ms of the click`))
      }, timeoutMs)
      const check = () => {
        if (done) return
        const view = chatView(peerId)
        if (!view?.querySelector('[data-testid="message"]')) return
        done = true
        observer.disconnect()
        clearTimeout(timer)
        const dom = now()
        const list = view.querySelector('[data-testid="message-list"]')
        const rendered = view.querySelectorAll('[data-testid="message"]').length
        bench.nextFrame().then((frame) =>
          resolve({
            t0,
            clicked,
            dom,
            ...frame,
            rendered,
            loaded: Number(list?.dataset.messageCount ?? 0),
            rpc: bench.rpc.slice(from).map((c) => ({ ...c })),
          }),
        )
      }
      const observer = new MutationObserver(check)
      observer.observe(document.body, { childList: true, subtree: true })
      const t0 = now()
      row.click()
      clicked = now()
    })

  /**
   * Scrolls the open conversation up by `pxPerFrame` each animation frame, as a
   * user's scrolling would (the list loads older pages when near the top), until
   * `maxMs` or until the first message is in view; records every frame interval.
   */
  bench.scroll = (peerId, pxPerFrame, maxMs) =>
    new Promise((resolve, reject) => {
      const list = chatView(peerId)?.querySelector('[data-testid="message-list"]')
      if (!list) return reject(new Error(`conversation ${peerId} is not open`))
      const count = () => Number(list.dataset.messageCount)
      const loadedAtStart = count()
      const from = bench.rpc.length
      const longFrames = []
      let observer
      try {
        observer = new PerformanceObserver((entries) => {
          for (const e of entries.getEntries()) {
            longFrames.push({
              start: e.startTime,
              duration: e.duration,
              blocking: e.blockingDuration,
              styleAndLayout: e.styleAndLayoutStart
                ? e.startTime + e.duration - e.styleAndLayoutStart
                : 0,
              scripts: e.scripts.map((s) => ({
                invoker: s.invoker,
                duration: s.duration,
                forcedStyleAndLayout: s.forcedStyleAndLayoutDuration,
                source: `${s.sourceFunctionName}@${s.sourceCharPosition}`,
              })),
            })
          }
        })
        observer.observe({ type: 'long-animation-frame' })
      } catch {
        observer = undefined
      }
      const intervals = []
      const loads = []
      let start
      let previous
      let lastCount = loadedAtStart
      let waitingAtTop = 0
      let scrolledPx = 0
      const step = (ts) => {
        if (previous === undefined) start = ts
        else intervals.push(ts - previous)
        previous = ts
        const n = count()
        if (n !== lastCount) {
          loads.push({ at: ts - start, count: n })
          lastCount = n
        }
        const top = list.scrollTop
        const reachedStart = list.querySelector('[data-testid="conversation-start"]') !== null
        if (ts - start >= maxMs || (reachedStart && top <= 0)) {
          observer?.disconnect()
          resolve({
            durationMs: ts - start,
            intervals,
            loads,
            loadedAtStart,
            loadedAtEnd: n,
            reachedStart,
            scrolledPx,
            waitingAtTop,
            rpc: bench.rpc.slice(from).map((c) => ({ ...c })),
            longFrames,
          })
          return
        }
        if (top <= 0) waitingAtTop++
        scrolledPx += Math.min(top, pxPerFrame)
        list.scrollTop = top - pxPerFrame
        requestAnimationFrame(step)
      }
      requestAnimationFrame(step)
      setTimeout(() => reject(new Error('scroll did not finish')), maxMs + 30_000)
    })
})()
