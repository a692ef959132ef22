import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises'
import { createServer, type Server } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { describeHolder, findPortHolder, listeningInodes } from './port-holder.js'

const HEADER =
  '  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n'
// 0x2382 = 9090, 0x2385 = 9093; 0A is LISTEN, 01 ESTABLISHED.
const TCP =
  HEADER +
  '   0: 0100007F:2382 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 111 1 0 100 0 0 10 0\n' +
  '   1: 0100007F:2382 0100007F:D431 01 00000000:00000000 00:00000000 00000000     0        0 222 1 0 20 4 30 10 -1\n' +
  '   2: 00000000:2385 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 333 1 0 100 0 0 10 0\n'
const TCP6 =
  HEADER +
  '   0: 00000000000000000000000001000000:2385 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 444 1 0 100 0 0 10 0\n'

describe('listeningInodes', () => {
  it.each([
    [TCP, 9090, ['111']],
    [TCP, 9093, ['333']],
    [TCP6, 9093, ['444']],
    [TCP, 9100, []],
    ['', 9090, []],
  ])('finds the LISTEN sockets of a port (case %#)', (table, port, want) => {
    expect(listeningInodes(table, port)).toEqual(want)
  })
})

describe('findPortHolder', () => {
  let root = ''
  let server: Server | undefined
  afterEach(async () => {
    if (root !== '') await rm(root, { recursive: true, force: true })
    await new Promise<void>((r) => (server === undefined ? r() : server.close(() => r())))
    server = undefined
  })

  async function fakeProc(): Promise<string> {
    root = await mkdtemp(join(tmpdir(), 'watchfire-fake-proc-'))
    await mkdir(join(root, 'net'))
    await writeFile(join(root, 'net', 'tcp'), TCP)
    await writeFile(join(root, 'net', 'tcp6'), TCP6)
    for (const [pid, cmdline, sockets] of [
      ['17', 'sshd\0-D\0', ['999']],
      ['4242', ['node', 'app.js', '--port', '9093', ''].join('\0'), ['5', '444']],
    ] as const) {
      await mkdir(join(root, pid, 'fd'), { recursive: true })
      await writeFile(join(root, pid, 'cmdline'), cmdline)
      await writeFile(join(root, pid, 'comm'), 'x\n')
      for (const [i, inode] of sockets.entries())
        await symlink(`socket:[${inode}]`, join(root, pid, 'fd', String(i)))
    }
    await mkdir(join(root, 'self'))
    return root
  }

  it('follows the inode of the listening socket to the process and its command line', async () => {
    const proc = await fakeProc()
    expect(await findPortHolder(9093, proc)).toEqual({ pid: 4242, command: 'node app.js --port 9093' })
  })

  it.each([
    ['nobody listens', 9100],
    ['the socket belongs to no visible process', 9090],
  ])('is undefined when %s', async (_, port) => {
    expect(await findPortHolder(port, await fakeProc())).toBeUndefined()
  })

  it('finds this very process on the real /proc', async () => {
    const srv = createServer()
    server = srv
    await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r))
    const address = srv.address()
    if (address === null || typeof address === 'string') throw new Error('no port')
    const holder = await findPortHolder(address.port)
    expect(holder?.pid).toBe(process.pid)
    expect(holder?.command).toContain('node')
  })

  it('describes a holder, or says another process', () => {
    expect(describeHolder({ pid: 7, command: 'nginx: master' })).toBe('pid 7 (nginx: master)')
    expect(describeHolder(undefined)).toBe('another process')
  })
})
