import { createServer } from 'node:net'

/**
 * Ports this process has handed out. A released port can come back from the kernel at the next
 * request, and two parts of one stack given the same port would answer each other's readiness checks.
 */
const handedOut = new Set<number>()

/** Asks the kernel for a free TCP port on 127.0.0.1 (released before returning). */
function kernelPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.unref()
    server.on('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      if (address === null || typeof address === 'string') {
        reject(new Error('cannot allocate a port (no address)'))
        return
      }
      server.close(() => resolve(address.port))
    })
  })
}

/**
 * A free TCP port on 127.0.0.1 that this process has not handed out before. It is released before
 * returning, so another process may still take it, but two calls here never return the same port.
 */
export async function freePort(): Promise<number> {
  for (let attempt = 0; attempt < 100; attempt++) {
    const port = await kernelPort()
    if (!handedOut.has(port)) {
      handedOut.add(port)
      return port
    }
  }
  throw new Error('cannot allocate a port not handed out before (100 attempts)')
}

/** Polls `url` until it answers 2xx or `timeoutMs` passes. */
export async function waitForHttp(url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs
  let lastError: unknown
  while (Date.now() < deadline) {
    try {
      const res = await fetch(url)
      if (res.ok) return
      lastError = new Error(`HTTP ${res.status}`)
    } catch (err) {
      lastError = err
    }
    await new Promise((r) => setTimeout(r, 100))
  }
  throw new Error(`cannot reach ${url} within ${timeoutMs} ms`, { cause: lastError })
}
