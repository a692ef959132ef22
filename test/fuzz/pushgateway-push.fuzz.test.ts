import fc from 'fast-check'
import { PROTOBUF_CONTENT_TYPE } from '@watchfire/model'
import { Gateway, RequestError } from '@watchfire/pushgateway'
import { describe, expect } from 'vitest'
import { EXPOSITION_DICTIONARY, expositionSeeds } from './lib/exposition-seeds.js'
import { fuzzTarget } from './lib/fuzz-target.js'
import { guard } from './lib/guard.js'
import { mutatedBytes, mutatedString } from './lib/mutate.js'

const seeds = expositionSeeds()
const encoder = new TextEncoder()
const GROUPS = ['/job/a', '/job/a/instance/x', '/job/b', '/job@base64/Yi9j/env/prod']

const pushes = fc.record({
  method: fc.constantFrom<'PUT' | 'POST'>('PUT', 'POST'),
  groupPath: fc.constantFrom(...GROUPS),
  body: fc.oneof(
    {
      weight: 3,
      arbitrary: fc.record({
        contentType: fc.constant<string | undefined>('text/plain; version=0.0.4'),
        bytes: mutatedString(seeds.text, EXPOSITION_DICTIONARY).map((s) => encoder.encode(s)),
      }),
    },
    {
      weight: 1,
      arbitrary: fc.record({
        contentType: fc.constant<string | undefined>(PROTOBUF_CONTENT_TYPE),
        bytes: mutatedBytes(seeds.protobuf, []),
      }),
    },
  ),
})

// One gateway for the whole run, so pushes meet the state earlier pushes left (consistency checks
// against other groups, type clashes, POST merges).
const gateway = new Gateway({ consistencyCheck: true, ownFamilies: new Map(), now: () => 1_700_000_000_000 })

describe('Pushgateway pushes', () => {
  fuzzTarget(
    'Gateway.push answers every body with a status, never an exception',
    pushes,
    ({ method, groupPath, body }) => {
      const answer = guard(
        () =>
          gateway.push({ method, groupPath, contentType: body.contentType, body: Buffer.from(body.bytes) }),
        [RequestError],
      )
      if (answer.ok) expect(answer.value.status).toBeLessThan(500)
      else expect((answer.error as RequestError).status).toBeLessThan(500)
    },
    { ciRuns: 2000 },
  )
})
