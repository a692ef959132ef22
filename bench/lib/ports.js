// Loopback ports for the processes a bench starts.
import { createServer } from 'node:net'

// A released port can come back from the kernel at the next request; two processes of one run must
// not be given the same one.
const handedOut = new Set()

function kernelPort() {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.on('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address()
      server.close(() => resolve(port))
    })
  })
}

/** A free TCP port on 127.0.0.1 that this process has not handed out before (released before returning). */
export async function freePort() {
  for (let attempt = 0; attempt < 100; attempt++) {
    const port = await kernelPort()
    if (!handedOut.has(port)) {
      handedOut.add(port)
      return port
    }
  }
  throw new Error('cannot allocate a port not handed out before (100 attempts)')
}
