/**
 * Remote-write bodies the fuzzers once broke the decoder with, replayed first by every run of the
 * target. Each also has a regression test beside the fixed code.
 */
export const REMOTE_WRITE_FINDINGS: readonly Uint8Array[] = [
  // A native histogram whose span promises 2^32-1 buckets and carries none was passed on to storage
  // (remote-write-decode.regression.test.ts).
  new Uint8Array([
    ...[0x0a, 0x20],
    ...[0x0a, 0x0d, 0x0a, 0x08, ...Buffer.from('__name__'), 0x12, 0x01, 0x68],
    ...[0x22, 0x0f, 0x08, 0x05],
    ...[0x5a, 0x08, 0x08, 0x00, 0x10, 0xff, 0xff, 0xff, 0xff, 0x0f],
    ...[0x78, 0xe8, 0x07],
  ]),
  // The same on the negative side, found by the long run.
  Uint8Array.from([
    10, 32, 10, 13, 10, 8, 0, 0, 0, 0, 0, 0, 0, 0, 18, 1, 0, 34, 12, 8, 0, 64, 8, 8, 0, 16, 128, 128, 128,
    128, 1, 90, 128, 0,
  ]),
]
