import type { Exemplar } from '../metric-family.js'
import type { ProtoReader } from '../protobuf/wire-reader.js'
import { ExemplarTag, LabelPairTag, TimestampTag } from './protobuf-schema.js'

/**
 * Reads one LabelPair message (its tag already read) into `labels`, rejecting a name seen twice: the
 * data model keys labels by name, so a duplicate could only be dropped silently.
 */
export function readLabelPair(r: ProtoReader, labels: Record<string, string>): void {
  const at = r.pos
  const outer = r.enter()
  let name = ''
  let value = ''
  while (r.more()) {
    const tag = r.tag()
    if (tag === LabelPairTag.name) name = r.string()
    else if (tag === LabelPairTag.value) value = r.string()
    else r.skip(tag)
  }
  r.leave(outer)
  if (Object.hasOwn(labels, name)) r.fail(`duplicate label name "${name}"`, at)
  // A label literally named __proto__ must become an own property, not the object's prototype.
  if (name === '__proto__')
    Object.defineProperty(labels, name, { value, enumerable: true, writable: true, configurable: true })
  else labels[name] = value
}

/** Reads a google.protobuf.Timestamp message (its tag already read) as milliseconds, truncating sub-milliseconds. */
export function readTimestamp(r: ProtoReader): number {
  const outer = r.enter()
  let seconds = 0
  let nanos = 0
  while (r.more()) {
    const tag = r.tag()
    if (tag === TimestampTag.seconds) seconds = r.int64()
    else if (tag === TimestampTag.nanos) nanos = r.int32()
    else r.skip(tag)
  }
  r.leave(outer)
  return seconds * 1000 + Math.floor(nanos / 1e6)
}

/** Reads an Exemplar message (its tag already read). */
export function readExemplar(r: ProtoReader): Exemplar {
  const outer = r.enter()
  const labels: Record<string, string> = {}
  let value = 0
  let timestampMs: number | undefined
  while (r.more()) {
    const tag = r.tag()
    if (tag === ExemplarTag.label) readLabelPair(r, labels)
    else if (tag === ExemplarTag.value) value = r.double()
    else if (tag === ExemplarTag.timestamp) timestampMs = readTimestamp(r)
    else r.skip(tag)
  }
  r.leave(outer)
  return timestampMs === undefined ? { labels, value } : { labels, value, timestampMs }
}
