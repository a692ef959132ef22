import { gzipSync } from 'node:zlib'
import express from 'express'
import { describe, expect, it } from 'vitest'
import { inject } from './inject.js'

describe('inject', () => {
  it('carries method, path, headers and body to the handler and the answer back', async () => {
    const res = await inject(
      (req, res) => {
        const chunks: Buffer[] = []
        req.on('data', (c: Buffer) => chunks.push(c))
        req.on('end', () => {
          res.writeHead(201, { 'x-seen': `${req.method} ${req.url} ${req.headers['x-token']}` })
          res.end(Buffer.concat(chunks).toString().toUpperCase())
        })
      },
      { method: 'POST', url: '/items?x=1', headers: { 'x-token': 'abc' }, body: 'hello' },
    )
    expect([res.status, res.headers['x-seen'], res.text()]).toEqual([201, 'POST /items?x=1 abc', 'HELLO'])
  })

  it('decompresses a gzip body', async () => {
    const res = await inject((_req, res) => {
      res.writeHead(200, { 'content-encoding': 'gzip' }).end(gzipSync('squeezed'))
    })
    expect(res.text()).toBe('squeezed')
  })

  it('runs an Express app, routing and 404s included', async () => {
    const app = express()
    app.get('/users/:id', (req, res) => {
      res.json({ id: req.params.id, ip: req.ip })
    })
    expect(JSON.parse((await inject(app, { url: '/users/42' })).text())).toEqual({
      id: '42',
      ip: '127.0.0.1',
    })
    expect((await inject(app, { url: '/nowhere' })).status).toBe(404)
  })

  it('rejects when the handler throws, as a dropped connection would', async () => {
    const failing = inject(() => {
      throw new Error('boom')
    })
    await expect(failing).rejects.toThrow('socket hang up')
  })
})
