/** One conformance eval the engine is known to fail, with why. */
export interface KnownFailure {
  file: string
  line: number
  reason: string
}

/**
 * Evals of the Prometheus conformance scripts that the engine fails today. The conformance test
 * fails when one of these starts passing, so the list stays honest.
 */
export const KNOWN_FAILURES: readonly KnownFailure[] = [
  {
    file: 'aggregators.test',
    line: 481,
    reason:
      "invalid UTF-8 in a label name: JS strings hold a lone surrogate, so the error text cannot show Go's \xc5 escape",
  },
  {
    file: 'at_modifier.test',
    line: 173,
    reason:
      'timestamp() over a step-invariant non-selector expression uses the step time, Prometheus keeps the pinned time',
  },
  {
    file: 'at_modifier.test',
    line: 176,
    reason:
      'timestamp() over a step-invariant non-selector expression uses the step time, Prometheus keeps the pinned time',
  },
  {
    file: 'at_modifier.test',
    line: 213,
    reason:
      'timestamp() over a step-invariant non-selector expression uses the step time, Prometheus keeps the pinned time',
  },
  {
    file: 'at_modifier.test',
    line: 304,
    reason:
      'timestamp() over a step-invariant non-selector expression uses the step time, Prometheus keeps the pinned time',
  },
  {
    file: 'at_modifier.test',
    line: 307,
    reason:
      'timestamp() over a step-invariant non-selector expression uses the step time, Prometheus keeps the pinned time',
  },
  {
    file: 'extended_vectors.test',
    line: 32,
    reason:
      'anchored/smoothed range-selector modifiers are parsed but not evaluated (no extendFloats/smoothSeries)',
  },
  {
    file: 'extended_vectors.test',
    line: 35,
    reason:
      'anchored/smoothed range-selector modifiers are parsed but not evaluated (no extendFloats/smoothSeries)',
  },
  {
    file: 'extended_vectors.test',
    line: 38,
    reason:
      'anchored/smoothed range-selector modifiers are parsed but not evaluated (no extendFloats/smoothSeries)',
  },
  {
    file: 'extended_vectors.test',
    line: 41,
    reason:
      'anchored/smoothed range-selector modifiers are parsed but not evaluated (no extendFloats/smoothSeries)',
  },
  {
    file: 'extended_vectors.test',
    line: 47,
    reason:
      'anchored/smoothed range-selector modifiers are parsed but not evaluated (no extendFloats/smoothSeries)',
  },
  {
    file: 'extended_vectors.test',
    line: 50,
    reason:
      'anchored/smoothed range-selector modifiers are parsed but not evaluated (no extendFloats/smoothSeries)',
  },
  {
    file: 'extended_vectors.test',
    line: 53,
    reason:
      'anchored/smoothed range-selector modifiers are parsed but not evaluated (no extendFloats/smoothSeries)',
  },
  {
    file: 'extended_vectors.test',
    line: 56,
    reason:
      'anchored/smoothed range-selector modifiers are parsed but not evaluated (no extendFloats/smoothSeries)',
  },
  {
    file: 'extended_vectors.test',
    line: 59,
    reason:
      'anchored/smoothed range-selector modifiers are parsed but not evaluated (no extendFloats/smoothSeries)',
  },
  {
    file: 'extended_vectors.test',
    line: 62,
    reason:
      'anchored/smoothed range-selector modifiers are parsed but not evaluated (no extendFloats/smoothSeries)',
  },
  {
    file: 'extended_vectors.test',
    line: 65,
    reason:
      'anchored/smoothed range-selector modifiers are parsed but not evaluated (no extendFloats/smoothSeries)',
  },
  {
    file: 'extended_vectors.test',
    line: 68,
    reason:
      'anchored/smoothed range-selector modifiers are parsed but not evaluated (no extendFloats/smoothSeries)',
  },
  {
    file: 'extended_vectors.test',
    line: 71,
    reason:
      'anchored/smoothed range-selector modifiers are parsed but not evaluated (no extendFloats/smoothSeries)',
  },
  {
    file: 'extended_vectors.test',
    line: 74,
    reason:
      'anchored/smoothed range-selector modifiers are parsed but not evaluated (no extendFloats/smoothSeries)',
  },
  {
    file: 'extended_vectors.test',
    line: 77,
    reason:
      'anchored/smoothed range-selector modifiers are parsed but not evaluated (no extendFloats/smoothSeries)',
  },
  {
    file: 'extended_vectors.test',
    line: 80,
    reason:
      'anchored/smoothed range-selector modifiers are parsed but not evaluated (no extendFloats/smoothSeries)',
  },
  {
    file: 'extended_vectors.test',
    line: 83,
    reason:
      'anchored/smoothed range-selector modifiers are parsed but not evaluated (no extendFloats/smoothSeries)',
  },
  {
    file: 'extended_vectors.test',
    line: 118,
    reason:
      'anchored/smoothed range-selector modifiers are parsed but not evaluated (no extendFloats/smoothSeries)',
  },
  {
    file: 'extended_vectors.test',
    line: 121,
    reason:
      'anchored/smoothed range-selector modifiers are parsed but not evaluated (no extendFloats/smoothSeries)',
  },
  {
    file: 'extended_vectors.test',
    line: 124,
    reason:
      'anchored/smoothed range-selector modifiers are parsed but not evaluated (no extendFloats/smoothSeries)',
  },
  {
    file: 'extended_vectors.test',
    line: 127,
    reason:
      'anchored/smoothed range-selector modifiers are parsed but not evaluated (no extendFloats/smoothSeries)',
  },
  {
    file: 'extended_vectors.test',
    line: 130,
    reason:
      'anchored/smoothed range-selector modifiers are parsed but not evaluated (no extendFloats/smoothSeries)',
  },
  {
    file: 'extended_vectors.test',
    line: 133,
    reason:
      'anchored/smoothed range-selector modifiers are parsed but not evaluated (no extendFloats/smoothSeries)',
  },
  {
    file: 'extended_vectors.test',
    line: 136,
    reason:
      'anchored/smoothed range-selector modifiers are parsed but not evaluated (no extendFloats/smoothSeries)',
  },
  {
    file: 'extended_vectors.test',
    line: 139,
    reason:
      'anchored/smoothed range-selector modifiers are parsed but not evaluated (no extendFloats/smoothSeries)',
  },
  {
    file: 'extended_vectors.test',
    line: 142,
    reason:
      'anchored/smoothed range-selector modifiers are parsed but not evaluated (no extendFloats/smoothSeries)',
  },
  {
    file: 'extended_vectors.test',
    line: 145,
    reason:
      'anchored/smoothed range-selector modifiers are parsed but not evaluated (no extendFloats/smoothSeries)',
  },
  {
    file: 'extended_vectors.test',
    line: 148,
    reason:
      'anchored/smoothed range-selector modifiers are parsed but not evaluated (no extendFloats/smoothSeries)',
  },
  {
    file: 'extended_vectors.test',
    line: 151,
    reason:
      'anchored/smoothed range-selector modifiers are parsed but not evaluated (no extendFloats/smoothSeries)',
  },
  {
    file: 'extended_vectors.test',
    line: 154,
    reason:
      'anchored/smoothed range-selector modifiers are parsed but not evaluated (no extendFloats/smoothSeries)',
  },
  {
    file: 'extended_vectors.test',
    line: 157,
    reason:
      'anchored/smoothed range-selector modifiers are parsed but not evaluated (no extendFloats/smoothSeries)',
  },
  {
    file: 'extended_vectors.test',
    line: 160,
    reason:
      'anchored/smoothed range-selector modifiers are parsed but not evaluated (no extendFloats/smoothSeries)',
  },
  {
    file: 'extended_vectors.test',
    line: 163,
    reason:
      'anchored/smoothed range-selector modifiers are parsed but not evaluated (no extendFloats/smoothSeries)',
  },
  {
    file: 'extended_vectors.test',
    line: 166,
    reason:
      'anchored/smoothed range-selector modifiers are parsed but not evaluated (no extendFloats/smoothSeries)',
  },
  {
    file: 'extended_vectors.test',
    line: 169,
    reason:
      'anchored/smoothed range-selector modifiers are parsed but not evaluated (no extendFloats/smoothSeries)',
  },
  {
    file: 'extended_vectors.test',
    line: 178,
    reason:
      'anchored/smoothed range-selector modifiers are parsed but not evaluated (no extendFloats/smoothSeries)',
  },
  {
    file: 'extended_vectors.test',
    line: 193,
    reason:
      'anchored/smoothed range-selector modifiers are parsed but not evaluated (no extendFloats/smoothSeries)',
  },
  {
    file: 'extended_vectors.test',
    line: 198,
    reason:
      'anchored/smoothed range-selector modifiers are parsed but not evaluated (no extendFloats/smoothSeries)',
  },
  {
    file: 'extended_vectors.test',
    line: 205,
    reason:
      'anchored/smoothed range-selector modifiers are parsed but not evaluated (no extendFloats/smoothSeries)',
  },
  {
    file: 'extended_vectors.test',
    line: 210,
    reason:
      'anchored/smoothed range-selector modifiers are parsed but not evaluated (no extendFloats/smoothSeries)',
  },
  {
    file: 'extended_vectors.test',
    line: 215,
    reason:
      'anchored/smoothed range-selector modifiers are parsed but not evaluated (no extendFloats/smoothSeries)',
  },
  {
    file: 'extended_vectors.test',
    line: 247,
    reason:
      'anchored/smoothed range-selector modifiers are parsed but not evaluated (no extendFloats/smoothSeries)',
  },
  {
    file: 'extended_vectors.test',
    line: 251,
    reason:
      'anchored/smoothed range-selector modifiers are parsed but not evaluated (no extendFloats/smoothSeries)',
  },
  {
    file: 'extended_vectors.test',
    line: 275,
    reason:
      'anchored/smoothed range-selector modifiers are parsed but not evaluated (no extendFloats/smoothSeries)',
  },
  {
    file: 'extended_vectors.test',
    line: 281,
    reason:
      'anchored/smoothed range-selector modifiers are parsed but not evaluated (no extendFloats/smoothSeries)',
  },
  {
    file: 'extended_vectors.test',
    line: 287,
    reason:
      'anchored/smoothed range-selector modifiers are parsed but not evaluated (no extendFloats/smoothSeries)',
  },
  {
    file: 'extended_vectors.test',
    line: 299,
    reason:
      'anchored/smoothed range-selector modifiers are parsed but not evaluated (no extendFloats/smoothSeries)',
  },
  {
    file: 'extended_vectors.test',
    line: 317,
    reason:
      'anchored/smoothed range-selector modifiers are parsed but not evaluated (no extendFloats/smoothSeries)',
  },
  {
    file: 'extended_vectors.test',
    line: 321,
    reason:
      'anchored/smoothed range-selector modifiers are parsed but not evaluated (no extendFloats/smoothSeries)',
  },
  {
    file: 'extended_vectors.test',
    line: 324,
    reason:
      'anchored/smoothed range-selector modifiers are parsed but not evaluated (no extendFloats/smoothSeries)',
  },
  {
    file: 'extended_vectors.test',
    line: 328,
    reason:
      'anchored/smoothed range-selector modifiers are parsed but not evaluated (no extendFloats/smoothSeries)',
  },
  {
    file: 'extended_vectors.test',
    line: 339,
    reason:
      'anchored/smoothed range-selector modifiers are parsed but not evaluated (no extendFloats/smoothSeries)',
  },
  {
    file: 'extended_vectors.test',
    line: 343,
    reason:
      'anchored/smoothed range-selector modifiers are parsed but not evaluated (no extendFloats/smoothSeries)',
  },
  {
    file: 'extended_vectors.test',
    line: 346,
    reason:
      'anchored/smoothed range-selector modifiers are parsed but not evaluated (no extendFloats/smoothSeries)',
  },
  {
    file: 'extended_vectors.test',
    line: 350,
    reason:
      'anchored/smoothed range-selector modifiers are parsed but not evaluated (no extendFloats/smoothSeries)',
  },
  {
    file: 'extended_vectors.test',
    line: 358,
    reason:
      'anchored/smoothed range-selector modifiers are parsed but not evaluated (no extendFloats/smoothSeries)',
  },
  {
    file: 'extended_vectors.test',
    line: 366,
    reason:
      'anchored/smoothed range-selector modifiers are parsed but not evaluated (no extendFloats/smoothSeries)',
  },
  {
    file: 'extended_vectors.test',
    line: 407,
    reason:
      'anchored/smoothed range-selector modifiers are parsed but not evaluated (no extendFloats/smoothSeries)',
  },
  {
    file: 'extended_vectors.test',
    line: 410,
    reason:
      'anchored/smoothed range-selector modifiers are parsed but not evaluated (no extendFloats/smoothSeries)',
  },
  {
    file: 'extended_vectors.test',
    line: 416,
    reason:
      'anchored/smoothed range-selector modifiers are parsed but not evaluated (no extendFloats/smoothSeries)',
  },
  {
    file: 'extended_vectors.test',
    line: 431,
    reason:
      'anchored/smoothed range-selector modifiers are parsed but not evaluated (no extendFloats/smoothSeries)',
  },
  {
    file: 'extended_vectors.test',
    line: 455,
    reason:
      'anchored/smoothed range-selector modifiers are parsed but not evaluated (no extendFloats/smoothSeries)',
  },
  {
    file: 'extended_vectors.test',
    line: 458,
    reason:
      'anchored/smoothed range-selector modifiers are parsed but not evaluated (no extendFloats/smoothSeries)',
  },
  {
    file: 'extended_vectors.test',
    line: 475,
    reason:
      'anchored/smoothed range-selector modifiers are parsed but not evaluated (no extendFloats/smoothSeries)',
  },
  {
    file: 'extended_vectors.test',
    line: 478,
    reason:
      'anchored/smoothed range-selector modifiers are parsed but not evaluated (no extendFloats/smoothSeries)',
  },
  {
    file: 'extended_vectors.test',
    line: 484,
    reason:
      'anchored/smoothed range-selector modifiers are parsed but not evaluated (no extendFloats/smoothSeries)',
  },
  {
    file: 'extended_vectors.test',
    line: 487,
    reason:
      'anchored/smoothed range-selector modifiers are parsed but not evaluated (no extendFloats/smoothSeries)',
  },
  {
    file: 'extended_vectors.test',
    line: 493,
    reason:
      'anchored/smoothed range-selector modifiers are parsed but not evaluated (no extendFloats/smoothSeries)',
  },
  {
    file: 'extended_vectors.test',
    line: 497,
    reason:
      'anchored/smoothed range-selector modifiers are parsed but not evaluated (no extendFloats/smoothSeries)',
  },
  {
    file: 'extended_vectors.test',
    line: 501,
    reason:
      'anchored/smoothed range-selector modifiers are parsed but not evaluated (no extendFloats/smoothSeries)',
  },
  {
    file: 'extended_vectors.test',
    line: 504,
    reason:
      'anchored/smoothed range-selector modifiers are parsed but not evaluated (no extendFloats/smoothSeries)',
  },
  {
    file: 'extended_vectors.test',
    line: 510,
    reason:
      'anchored/smoothed range-selector modifiers are parsed but not evaluated (no extendFloats/smoothSeries)',
  },
  {
    file: 'extended_vectors.test',
    line: 515,
    reason:
      'anchored/smoothed range-selector modifiers are parsed but not evaluated (no extendFloats/smoothSeries)',
  },
  {
    file: 'extended_vectors.test',
    line: 520,
    reason:
      'anchored/smoothed range-selector modifiers are parsed but not evaluated (no extendFloats/smoothSeries)',
  },
  {
    file: 'extended_vectors.test',
    line: 526,
    reason:
      'anchored/smoothed range-selector modifiers are parsed but not evaluated (no extendFloats/smoothSeries)',
  },
  {
    file: 'extended_vectors.test',
    line: 545,
    reason:
      'anchored/smoothed range-selector modifiers are parsed but not evaluated (no extendFloats/smoothSeries)',
  },
  {
    file: 'extended_vectors.test',
    line: 555,
    reason:
      'anchored/smoothed range-selector modifiers are parsed but not evaluated (no extendFloats/smoothSeries)',
  },
  {
    file: 'extended_vectors.test',
    line: 561,
    reason:
      'anchored/smoothed range-selector modifiers are parsed but not evaluated (no extendFloats/smoothSeries)',
  },
  {
    file: 'extended_vectors.test',
    line: 576,
    reason:
      'anchored/smoothed range-selector modifiers are parsed but not evaluated (no extendFloats/smoothSeries)',
  },
  {
    file: 'extended_vectors.test',
    line: 579,
    reason:
      'anchored/smoothed range-selector modifiers are parsed but not evaluated (no extendFloats/smoothSeries)',
  },
  {
    file: 'extended_vectors.test',
    line: 588,
    reason:
      'anchored/smoothed range-selector modifiers are parsed but not evaluated (no extendFloats/smoothSeries)',
  },
  {
    file: 'extended_vectors.test',
    line: 592,
    reason:
      'anchored/smoothed range-selector modifiers are parsed but not evaluated (no extendFloats/smoothSeries)',
  },
  {
    file: 'extended_vectors.test',
    line: 598,
    reason:
      'anchored/smoothed range-selector modifiers are parsed but not evaluated (no extendFloats/smoothSeries)',
  },
  {
    file: 'extended_vectors.test',
    line: 607,
    reason:
      'anchored/smoothed range-selector modifiers are parsed but not evaluated (no extendFloats/smoothSeries)',
  },
  {
    file: 'extended_vectors.test',
    line: 610,
    reason:
      'anchored/smoothed range-selector modifiers are parsed but not evaluated (no extendFloats/smoothSeries)',
  },
  {
    file: 'extended_vectors.test',
    line: 622,
    reason:
      'anchored/smoothed range-selector modifiers are parsed but not evaluated (no extendFloats/smoothSeries)',
  },
  {
    file: 'extended_vectors.test',
    line: 631,
    reason:
      'anchored/smoothed range-selector modifiers are parsed but not evaluated (no extendFloats/smoothSeries)',
  },
  {
    file: 'extended_vectors.test',
    line: 642,
    reason:
      'anchored/smoothed range-selector modifiers are parsed but not evaluated (no extendFloats/smoothSeries)',
  },
  {
    file: 'extended_vectors.test',
    line: 653,
    reason:
      'anchored/smoothed range-selector modifiers are parsed but not evaluated (no extendFloats/smoothSeries)',
  },
  {
    file: 'extended_vectors.test',
    line: 664,
    reason:
      'anchored/smoothed range-selector modifiers are parsed but not evaluated (no extendFloats/smoothSeries)',
  },
  {
    file: 'extended_vectors.test',
    line: 676,
    reason:
      'anchored/smoothed range-selector modifiers are parsed but not evaluated (no extendFloats/smoothSeries)',
  },
  {
    file: 'extended_vectors.test',
    line: 686,
    reason:
      'anchored/smoothed range-selector modifiers are parsed but not evaluated (no extendFloats/smoothSeries)',
  },
  {
    file: 'extended_vectors.test',
    line: 695,
    reason:
      'anchored/smoothed range-selector modifiers are parsed but not evaluated (no extendFloats/smoothSeries)',
  },
  {
    file: 'extended_vectors.test',
    line: 698,
    reason:
      'anchored/smoothed range-selector modifiers are parsed but not evaluated (no extendFloats/smoothSeries)',
  },
  {
    file: 'extended_vectors.test',
    line: 715,
    reason:
      'anchored/smoothed range-selector modifiers are parsed but not evaluated (no extendFloats/smoothSeries)',
  },
  {
    file: 'extended_vectors.test',
    line: 742,
    reason:
      'anchored/smoothed range-selector modifiers are parsed but not evaluated (no extendFloats/smoothSeries)',
  },
  {
    file: 'extended_vectors.test',
    line: 745,
    reason:
      'anchored/smoothed range-selector modifiers are parsed but not evaluated (no extendFloats/smoothSeries)',
  },
  {
    file: 'extended_vectors.test',
    line: 748,
    reason:
      'anchored/smoothed range-selector modifiers are parsed but not evaluated (no extendFloats/smoothSeries)',
  },
  {
    file: 'extended_vectors.test',
    line: 751,
    reason:
      'anchored/smoothed range-selector modifiers are parsed but not evaluated (no extendFloats/smoothSeries)',
  },
  {
    file: 'extended_vectors.test',
    line: 754,
    reason:
      'anchored/smoothed range-selector modifiers are parsed but not evaluated (no extendFloats/smoothSeries)',
  },
  {
    file: 'extended_vectors.test',
    line: 757,
    reason:
      'anchored/smoothed range-selector modifiers are parsed but not evaluated (no extendFloats/smoothSeries)',
  },
  {
    file: 'extended_vectors.test',
    line: 763,
    reason:
      'anchored/smoothed range-selector modifiers are parsed but not evaluated (no extendFloats/smoothSeries)',
  },
  {
    file: 'extended_vectors.test',
    line: 766,
    reason:
      'anchored/smoothed range-selector modifiers are parsed but not evaluated (no extendFloats/smoothSeries)',
  },
  {
    file: 'extended_vectors.test',
    line: 769,
    reason:
      'anchored/smoothed range-selector modifiers are parsed but not evaluated (no extendFloats/smoothSeries)',
  },
  {
    file: 'extended_vectors.test',
    line: 772,
    reason:
      'anchored/smoothed range-selector modifiers are parsed but not evaluated (no extendFloats/smoothSeries)',
  },
  {
    file: 'extended_vectors.test',
    line: 775,
    reason:
      'anchored/smoothed range-selector modifiers are parsed but not evaluated (no extendFloats/smoothSeries)',
  },
  {
    file: 'extended_vectors.test',
    line: 778,
    reason:
      'anchored/smoothed range-selector modifiers are parsed but not evaluated (no extendFloats/smoothSeries)',
  },
  {
    file: 'functions.test',
    line: 435,
    reason: 'predict_linear with @ and step-invariant evaluation differs in the range-mode cross-check',
  },
  {
    file: 'functions.test',
    line: 440,
    reason: 'predict_linear with @ and step-invariant evaluation differs in the range-mode cross-check',
  },
  {
    file: 'functions.test',
    line: 2039,
    reason: 'scalar() over a selector matching float and histogram series at once',
  },
  { file: 'histograms.test', line: 601, reason: 'histogram_quantiles() is not implemented' },
  { file: 'histograms.test', line: 614, reason: 'histogram_quantiles() is not implemented' },
  { file: 'histograms.test', line: 647, reason: 'histogram_quantiles() is not implemented' },
  { file: 'histograms.test', line: 652, reason: 'histogram_quantiles() is not implemented' },
  { file: 'histograms.test', line: 669, reason: 'histogram_quantiles() is not implemented' },
  { file: 'histograms.test', line: 674, reason: 'histogram_quantiles() is not implemented' },
  { file: 'histograms.test', line: 691, reason: 'histogram_quantiles() is not implemented' },
  { file: 'histograms.test', line: 696, reason: 'histogram_quantiles() is not implemented' },
  { file: 'histograms.test', line: 704, reason: 'histogram_quantiles() is not implemented' },
  { file: 'histograms.test', line: 1037, reason: 'histogram_quantiles() is not implemented' },
  { file: 'histograms.test', line: 1163, reason: 'histogram_quantiles() is not implemented' },
  { file: 'histograms.test', line: 1184, reason: 'histogram_quantiles() is not implemented' },
  { file: 'histograms.test', line: 1205, reason: 'histogram_quantiles() is not implemented' },
  { file: 'histograms.test', line: 1228, reason: 'histogram_quantiles() is not implemented' },
  { file: 'info.test', line: 9, reason: 'info() is not implemented' },
  { file: 'info.test', line: 13, reason: 'info() is not implemented' },
  { file: 'info.test', line: 17, reason: 'info() is not implemented' },
  { file: 'info.test', line: 22, reason: 'info() is not implemented' },
  { file: 'info.test', line: 27, reason: 'info() is not implemented' },
  { file: 'info.test', line: 32, reason: 'info() is not implemented' },
  { file: 'info.test', line: 36, reason: 'info() is not implemented' },
  { file: 'info.test', line: 40, reason: 'info() is not implemented' },
  { file: 'info.test', line: 46, reason: 'info() is not implemented' },
  { file: 'info.test', line: 50, reason: 'info() is not implemented' },
  { file: 'info.test', line: 56, reason: 'info() is not implemented' },
  { file: 'info.test', line: 60, reason: 'info() is not implemented' },
  { file: 'info.test', line: 64, reason: 'info() is not implemented' },
  { file: 'info.test', line: 68, reason: 'info() is not implemented' },
  { file: 'info.test', line: 71, reason: 'info() is not implemented' },
  { file: 'info.test', line: 75, reason: 'info() is not implemented' },
  { file: 'info.test', line: 79, reason: 'info() is not implemented' },
  { file: 'info.test', line: 83, reason: 'info() is not implemented' },
  { file: 'info.test', line: 89, reason: 'info() is not implemented' },
  { file: 'info.test', line: 93, reason: 'info() is not implemented' },
  { file: 'info.test', line: 98, reason: 'info() is not implemented' },
  { file: 'info.test', line: 104, reason: 'info() is not implemented' },
  { file: 'info.test', line: 116, reason: 'info() is not implemented' },
  { file: 'info.test', line: 129, reason: 'info() is not implemented' },
  { file: 'info.test', line: 133, reason: 'info() is not implemented' },
  { file: 'info.test', line: 145, reason: 'info() is not implemented' },
  { file: 'info.test', line: 158, reason: 'info() is not implemented' },
  { file: 'info.test', line: 170, reason: 'info() is not implemented' },
  { file: 'info.test', line: 175, reason: 'info() is not implemented' },
  { file: 'info.test', line: 180, reason: 'info() is not implemented' },
  { file: 'info.test', line: 202, reason: 'info() is not implemented' },
  { file: 'info.test', line: 207, reason: 'info() is not implemented' },
  { file: 'info.test', line: 211, reason: 'info() is not implemented' },
  { file: 'info.test', line: 225, reason: 'info() is not implemented' },
  { file: 'info.test', line: 241, reason: 'info() is not implemented' },
  { file: 'info.test', line: 246, reason: 'info() is not implemented' },
  { file: 'info.test', line: 258, reason: 'info() is not implemented' },
  { file: 'info.test', line: 267, reason: 'info() is not implemented' },
  { file: 'info.test', line: 279, reason: 'info() is not implemented' },
  { file: 'info.test', line: 293, reason: 'info() is not implemented' },
  { file: 'info.test', line: 304, reason: 'info() is not implemented' },
  {
    file: 'limit.test',
    line: 162,
    reason: 'limit_ratio picks series by a 32-bit label hash, Prometheus by 64-bit xxhash',
  },
  { file: 'native_histograms.test', line: 65, reason: 'histogram_quantiles() is not implemented' },
  {
    file: 'native_histograms.test',
    line: 1415,
    reason: 'histogram sum/avg aggregation lacks Kahan-compensated histogram addition (sum field differs)',
  },
  {
    file: 'native_histograms.test',
    line: 1436,
    reason: 'histogram sum/avg aggregation lacks Kahan-compensated histogram addition (sum field differs)',
  },
  {
    file: 'native_histograms.test',
    line: 1468,
    reason: 'histogram sum/avg aggregation lacks Kahan-compensated histogram addition (sum field differs)',
  },
  {
    file: 'native_histograms.test',
    line: 1508,
    reason: 'sum/avg_over_time of histograms loses the sum field (float-histogram Kahan summation)',
  },
  {
    file: 'native_histograms.test',
    line: 1511,
    reason: 'sum/avg_over_time of histograms loses the sum field (float-histogram Kahan summation)',
  },
  {
    file: 'native_histograms.test',
    line: 1514,
    reason: 'sum/avg_over_time of histograms loses the sum field (float-histogram Kahan summation)',
  },
  {
    file: 'native_histograms.test',
    line: 1517,
    reason: 'sum/avg_over_time of histograms loses the sum field (float-histogram Kahan summation)',
  },
  {
    file: 'native_histograms.test',
    line: 1533,
    reason: 'sum/avg_over_time of histograms loses the sum field (float-histogram Kahan summation)',
  },
  {
    file: 'native_histograms.test',
    line: 1536,
    reason: 'sum/avg_over_time of histograms loses the sum field (float-histogram Kahan summation)',
  },
  {
    file: 'native_histograms.test',
    line: 1539,
    reason: 'sum/avg_over_time of histograms loses the sum field (float-histogram Kahan summation)',
  },
  {
    file: 'native_histograms.test',
    line: 1542,
    reason: 'sum/avg_over_time of histograms loses the sum field (float-histogram Kahan summation)',
  },
  {
    file: 'native_histograms.test',
    line: 1545,
    reason: 'sum/avg_over_time of histograms loses the sum field (float-histogram Kahan summation)',
  },
  {
    file: 'native_histograms.test',
    line: 1548,
    reason: 'sum/avg_over_time of histograms loses the sum field (float-histogram Kahan summation)',
  },
  {
    file: 'native_histograms.test',
    line: 1558,
    reason: 'sum/avg_over_time of histograms loses the sum field (float-histogram Kahan summation)',
  },
  {
    file: 'native_histograms.test',
    line: 1561,
    reason: 'sum/avg_over_time of histograms loses the sum field (float-histogram Kahan summation)',
  },
  { file: 'native_histograms.test', line: 1626, reason: 'histogram_quantiles() is not implemented' },
  {
    file: 'native_histograms.test',
    line: 1747,
    reason: 'aggregated histogram counter-reset hint differs (hint combination in float-histogram addition)',
  },
  {
    file: 'native_histograms.test',
    line: 1752,
    reason: 'aggregated histogram counter-reset hint differs (hint combination in float-histogram addition)',
  },
  {
    file: 'native_histograms.test',
    line: 1811,
    reason: 'aggregated histogram counter-reset hint differs (hint combination in float-histogram addition)',
  },
  {
    file: 'native_histograms.test',
    line: 1816,
    reason: 'aggregated histogram counter-reset hint differs (hint combination in float-histogram addition)',
  },
  {
    file: 'native_histograms.test',
    line: 1821,
    reason: 'aggregated histogram counter-reset hint differs (hint combination in float-histogram addition)',
  },
  {
    file: 'native_histograms.test',
    line: 1826,
    reason: 'aggregated histogram counter-reset hint differs (hint combination in float-histogram addition)',
  },
  {
    file: 'native_histograms.test',
    line: 1857,
    reason: 'counter-reset collision warning not raised for histogram aggregation',
  },
  {
    file: 'native_histograms.test',
    line: 1862,
    reason: 'counter-reset collision warning not raised for histogram aggregation',
  },
  {
    file: 'native_histograms.test',
    line: 1867,
    reason: 'counter-reset collision warning not raised for histogram aggregation',
  },
  {
    file: 'native_histograms.test',
    line: 1872,
    reason: 'counter-reset collision warning not raised for histogram aggregation',
  },
  {
    file: 'native_histograms.test',
    line: 1880,
    reason: 'counter-reset collision warning not raised for histogram aggregation',
  },
  {
    file: 'native_histograms.test',
    line: 1885,
    reason: 'counter-reset collision warning not raised for histogram aggregation',
  },
  { file: 'native_histograms.test', line: 1917, reason: 'histogram_quantiles() is not implemented' },
  {
    file: 'native_histograms.test',
    line: 1947,
    reason: 'counter-reset collision warning not raised for histogram aggregation',
  },
  {
    file: 'native_histograms.test',
    line: 1951,
    reason: 'counter-reset collision warning not raised for histogram aggregation',
  },
  {
    file: 'native_histograms.test',
    line: 1955,
    reason: 'counter-reset collision warning not raised for histogram aggregation',
  },
  { file: 'native_histograms.test', line: 1989, reason: 'histogram_quantiles() is not implemented' },
  {
    file: 'native_histograms.test',
    line: 2043,
    reason: 'native-histogram trim operators (</, >/) are not implemented',
  },
  {
    file: 'native_histograms.test',
    line: 2046,
    reason: 'native-histogram trim operators (</, >/) are not implemented',
  },
  {
    file: 'native_histograms.test',
    line: 2049,
    reason: 'native-histogram trim operators (</, >/) are not implemented',
  },
  {
    file: 'native_histograms.test',
    line: 2052,
    reason: 'native-histogram trim operators (</, >/) are not implemented',
  },
  {
    file: 'native_histograms.test',
    line: 2055,
    reason: 'native-histogram trim operators (</, >/) are not implemented',
  },
  {
    file: 'native_histograms.test',
    line: 2058,
    reason: 'native-histogram trim operators (</, >/) are not implemented',
  },
  {
    file: 'native_histograms.test',
    line: 2063,
    reason: 'native-histogram trim operators (</, >/) are not implemented',
  },
  {
    file: 'native_histograms.test',
    line: 2066,
    reason: 'native-histogram trim operators (</, >/) are not implemented',
  },
  {
    file: 'native_histograms.test',
    line: 2073,
    reason: 'native-histogram trim operators (</, >/) are not implemented',
  },
  {
    file: 'native_histograms.test',
    line: 2076,
    reason: 'native-histogram trim operators (</, >/) are not implemented',
  },
  {
    file: 'native_histograms.test',
    line: 2079,
    reason: 'native-histogram trim operators (</, >/) are not implemented',
  },
  {
    file: 'native_histograms.test',
    line: 2082,
    reason: 'native-histogram trim operators (</, >/) are not implemented',
  },
  {
    file: 'native_histograms.test',
    line: 2086,
    reason: 'native-histogram trim operators (</, >/) are not implemented',
  },
  {
    file: 'native_histograms.test',
    line: 2089,
    reason: 'native-histogram trim operators (</, >/) are not implemented',
  },
  {
    file: 'native_histograms.test',
    line: 2092,
    reason: 'native-histogram trim operators (</, >/) are not implemented',
  },
  {
    file: 'native_histograms.test',
    line: 2095,
    reason: 'native-histogram trim operators (</, >/) are not implemented',
  },
  {
    file: 'native_histograms.test',
    line: 2103,
    reason: 'native-histogram trim operators (</, >/) are not implemented',
  },
  {
    file: 'native_histograms.test',
    line: 2106,
    reason: 'native-histogram trim operators (</, >/) are not implemented',
  },
  {
    file: 'native_histograms.test',
    line: 2109,
    reason: 'native-histogram trim operators (</, >/) are not implemented',
  },
  {
    file: 'native_histograms.test',
    line: 2112,
    reason: 'native-histogram trim operators (</, >/) are not implemented',
  },
  {
    file: 'native_histograms.test',
    line: 2115,
    reason: 'native-histogram trim operators (</, >/) are not implemented',
  },
  {
    file: 'native_histograms.test',
    line: 2118,
    reason: 'native-histogram trim operators (</, >/) are not implemented',
  },
  {
    file: 'native_histograms.test',
    line: 2126,
    reason: 'native-histogram trim operators (</, >/) are not implemented',
  },
  {
    file: 'native_histograms.test',
    line: 2129,
    reason: 'native-histogram trim operators (</, >/) are not implemented',
  },
  {
    file: 'native_histograms.test',
    line: 2132,
    reason: 'native-histogram trim operators (</, >/) are not implemented',
  },
  {
    file: 'native_histograms.test',
    line: 2135,
    reason: 'native-histogram trim operators (</, >/) are not implemented',
  },
  {
    file: 'native_histograms.test',
    line: 2138,
    reason: 'native-histogram trim operators (</, >/) are not implemented',
  },
  {
    file: 'native_histograms.test',
    line: 2141,
    reason: 'native-histogram trim operators (</, >/) are not implemented',
  },
  {
    file: 'native_histograms.test',
    line: 2149,
    reason: 'native-histogram trim operators (</, >/) are not implemented',
  },
  {
    file: 'native_histograms.test',
    line: 2152,
    reason: 'native-histogram trim operators (</, >/) are not implemented',
  },
  {
    file: 'native_histograms.test',
    line: 2155,
    reason: 'native-histogram trim operators (</, >/) are not implemented',
  },
  {
    file: 'native_histograms.test',
    line: 2158,
    reason: 'native-histogram trim operators (</, >/) are not implemented',
  },
  {
    file: 'native_histograms.test',
    line: 2161,
    reason: 'native-histogram trim operators (</, >/) are not implemented',
  },
  {
    file: 'native_histograms.test',
    line: 2164,
    reason: 'native-histogram trim operators (</, >/) are not implemented',
  },
  {
    file: 'native_histograms.test',
    line: 2167,
    reason: 'native-histogram trim operators (</, >/) are not implemented',
  },
  {
    file: 'native_histograms.test',
    line: 2170,
    reason: 'native-histogram trim operators (</, >/) are not implemented',
  },
  {
    file: 'native_histograms.test',
    line: 2173,
    reason: 'native-histogram trim operators (</, >/) are not implemented',
  },
  {
    file: 'native_histograms.test',
    line: 2176,
    reason: 'native-histogram trim operators (</, >/) are not implemented',
  },
  {
    file: 'native_histograms.test',
    line: 2184,
    reason: 'native-histogram trim operators (</, >/) are not implemented',
  },
  {
    file: 'native_histograms.test',
    line: 2187,
    reason: 'native-histogram trim operators (</, >/) are not implemented',
  },
  {
    file: 'native_histograms.test',
    line: 2191,
    reason: 'native-histogram trim operators (</, >/) are not implemented',
  },
  {
    file: 'native_histograms.test',
    line: 2194,
    reason: 'native-histogram trim operators (</, >/) are not implemented',
  },
  {
    file: 'native_histograms.test',
    line: 2197,
    reason: 'native-histogram trim operators (</, >/) are not implemented',
  },
  {
    file: 'native_histograms.test',
    line: 2201,
    reason: 'native-histogram trim operators (</, >/) are not implemented',
  },
  {
    file: 'native_histograms.test',
    line: 2204,
    reason: 'native-histogram trim operators (</, >/) are not implemented',
  },
  {
    file: 'native_histograms.test',
    line: 2207,
    reason: 'native-histogram trim operators (</, >/) are not implemented',
  },
  {
    file: 'native_histograms.test',
    line: 2210,
    reason: 'native-histogram trim operators (</, >/) are not implemented',
  },
  {
    file: 'native_histograms.test',
    line: 2213,
    reason: 'native-histogram trim operators (</, >/) are not implemented',
  },
  {
    file: 'native_histograms.test',
    line: 2217,
    reason: 'native-histogram trim operators (</, >/) are not implemented',
  },
  {
    file: 'native_histograms.test',
    line: 2220,
    reason: 'native-histogram trim operators (</, >/) are not implemented',
  },
  {
    file: 'native_histograms.test',
    line: 2228,
    reason: 'native-histogram trim operators (</, >/) are not implemented',
  },
  {
    file: 'native_histograms.test',
    line: 2231,
    reason: 'native-histogram trim operators (</, >/) are not implemented',
  },
  {
    file: 'native_histograms.test',
    line: 2234,
    reason: 'native-histogram trim operators (</, >/) are not implemented',
  },
  {
    file: 'native_histograms.test',
    line: 2242,
    reason: 'native-histogram trim operators (</, >/) are not implemented',
  },
  {
    file: 'native_histograms.test',
    line: 2245,
    reason: 'native-histogram trim operators (</, >/) are not implemented',
  },
  {
    file: 'native_histograms.test',
    line: 2253,
    reason: 'native-histogram trim operators (</, >/) are not implemented',
  },
  {
    file: 'native_histograms.test',
    line: 2257,
    reason: 'native-histogram trim operators (</, >/) are not implemented',
  },
  {
    file: 'native_histograms.test',
    line: 2261,
    reason: 'native-histogram trim operators (</, >/) are not implemented',
  },
  {
    file: 'native_histograms.test',
    line: 2265,
    reason: 'native-histogram trim operators (</, >/) are not implemented',
  },
  {
    file: 'native_histograms.test',
    line: 2269,
    reason: 'native-histogram trim operators (</, >/) are not implemented',
  },
  {
    file: 'native_histograms.test',
    line: 2273,
    reason: 'native-histogram trim operators (</, >/) are not implemented',
  },
  {
    file: 'native_histograms.test',
    line: 2281,
    reason: 'native-histogram trim operators (</, >/) are not implemented',
  },
  {
    file: 'native_histograms.test',
    line: 2285,
    reason: 'native-histogram trim operators (</, >/) are not implemented',
  },
  {
    file: 'native_histograms.test',
    line: 2289,
    reason: 'native-histogram trim operators (</, >/) are not implemented',
  },
  {
    file: 'native_histograms.test',
    line: 2293,
    reason: 'native-histogram trim operators (</, >/) are not implemented',
  },
  {
    file: 'native_histograms.test',
    line: 2297,
    reason: 'native-histogram trim operators (</, >/) are not implemented',
  },
  {
    file: 'native_histograms.test',
    line: 2301,
    reason: 'native-histogram trim operators (</, >/) are not implemented',
  },
  {
    file: 'native_histograms.test',
    line: 2309,
    reason: 'native-histogram trim operators (</, >/) are not implemented',
  },
  {
    file: 'native_histograms.test',
    line: 2313,
    reason: 'native-histogram trim operators (</, >/) are not implemented',
  },
  {
    file: 'native_histograms.test',
    line: 2317,
    reason: 'native-histogram trim operators (</, >/) are not implemented',
  },
  {
    file: 'native_histograms.test',
    line: 2321,
    reason: 'native-histogram trim operators (</, >/) are not implemented',
  },
  {
    file: 'native_histograms.test',
    line: 2325,
    reason: 'native-histogram trim operators (</, >/) are not implemented',
  },
  {
    file: 'native_histograms.test',
    line: 2329,
    reason: 'native-histogram trim operators (</, >/) are not implemented',
  },
  {
    file: 'native_histograms.test',
    line: 2333,
    reason: 'native-histogram trim operators (</, >/) are not implemented',
  },
  {
    file: 'native_histograms.test',
    line: 2337,
    reason: 'native-histogram trim operators (</, >/) are not implemented',
  },
  {
    file: 'native_histograms.test',
    line: 2345,
    reason: 'native-histogram trim operators (</, >/) are not implemented',
  },
  {
    file: 'native_histograms.test',
    line: 2349,
    reason: 'native-histogram trim operators (</, >/) are not implemented',
  },
  {
    file: 'native_histograms.test',
    line: 2353,
    reason: 'native-histogram trim operators (</, >/) are not implemented',
  },
  {
    file: 'native_histograms.test',
    line: 2357,
    reason: 'native-histogram trim operators (</, >/) are not implemented',
  },
  {
    file: 'native_histograms.test',
    line: 2361,
    reason: 'native-histogram trim operators (</, >/) are not implemented',
  },
  {
    file: 'native_histograms.test',
    line: 2365,
    reason: 'native-histogram trim operators (</, >/) are not implemented',
  },
  {
    file: 'native_histograms.test',
    line: 2369,
    reason: 'native-histogram trim operators (</, >/) are not implemented',
  },
  {
    file: 'native_histograms.test',
    line: 2373,
    reason: 'native-histogram trim operators (</, >/) are not implemented',
  },
  {
    file: 'native_histograms.test',
    line: 2377,
    reason: 'native-histogram trim operators (</, >/) are not implemented',
  },
  {
    file: 'native_histograms.test',
    line: 2380,
    reason: 'native-histogram trim operators (</, >/) are not implemented',
  },
  {
    file: 'native_histograms.test',
    line: 2390,
    reason: 'native-histogram trim operators (</, >/) are not implemented',
  },
  {
    file: 'native_histograms.test',
    line: 2399,
    reason: 'native-histogram trim operators (</, >/) are not implemented',
  },
  {
    file: 'native_histograms.test',
    line: 2403,
    reason: 'native-histogram trim operators (</, >/) are not implemented',
  },
  {
    file: 'native_histograms.test',
    line: 2407,
    reason: 'native-histogram trim operators (</, >/) are not implemented',
  },
  {
    file: 'native_histograms.test',
    line: 2411,
    reason: 'native-histogram trim operators (</, >/) are not implemented',
  },
  {
    file: 'native_histograms.test',
    line: 2415,
    reason: 'native-histogram trim operators (</, >/) are not implemented',
  },
  {
    file: 'native_histograms.test',
    line: 2419,
    reason: 'native-histogram trim operators (</, >/) are not implemented',
  },
  {
    file: 'native_histograms.test',
    line: 2423,
    reason: 'native-histogram trim operators (</, >/) are not implemented',
  },
  {
    file: 'native_histograms.test',
    line: 2427,
    reason: 'native-histogram trim operators (</, >/) are not implemented',
  },
  {
    file: 'native_histograms.test',
    line: 2431,
    reason: 'native-histogram trim operators (</, >/) are not implemented',
  },
  {
    file: 'native_histograms.test',
    line: 2435,
    reason: 'native-histogram trim operators (</, >/) are not implemented',
  },
  {
    file: 'native_histograms.test',
    line: 2446,
    reason: 'native-histogram trim operators (</, >/) are not implemented',
  },
  {
    file: 'native_histograms.test',
    line: 2452,
    reason: 'native-histogram trim operators (</, >/) are not implemented',
  },
  {
    file: 'native_histograms.test',
    line: 2459,
    reason: 'native-histogram trim operators (</, >/) are not implemented',
  },
  {
    file: 'native_histograms.test',
    line: 2465,
    reason: 'native-histogram trim operators (</, >/) are not implemented',
  },
  {
    file: 'native_histograms.test',
    line: 2472,
    reason: 'native-histogram trim operators (</, >/) are not implemented',
  },
  {
    file: 'native_histograms.test',
    line: 2478,
    reason: 'native-histogram trim operators (</, >/) are not implemented',
  },
  {
    file: 'native_histograms.test',
    line: 2485,
    reason: 'native-histogram trim operators (</, >/) are not implemented',
  },
  {
    file: 'native_histograms.test',
    line: 2491,
    reason: 'native-histogram trim operators (</, >/) are not implemented',
  },
  {
    file: 'native_histograms.test',
    line: 2498,
    reason: 'native-histogram trim operators (</, >/) are not implemented',
  },
  {
    file: 'native_histograms.test',
    line: 2504,
    reason: 'native-histogram trim operators (</, >/) are not implemented',
  },
  {
    file: 'native_histograms.test',
    line: 2511,
    reason: 'native-histogram trim operators (</, >/) are not implemented',
  },
  {
    file: 'native_histograms.test',
    line: 2517,
    reason: 'native-histogram trim operators (</, >/) are not implemented',
  },
  {
    file: 'native_histograms.test',
    line: 2524,
    reason: 'native-histogram trim operators (</, >/) are not implemented',
  },
  {
    file: 'native_histograms.test',
    line: 2530,
    reason: 'native-histogram trim operators (</, >/) are not implemented',
  },
  {
    file: 'range_queries.test',
    line: 93,
    reason: 'aggregated histogram counter-reset hint differs (hint combination in float-histogram addition)',
  },
  {
    file: 'start_timestamps.test',
    line: 8,
    reason:
      'start timestamps (@st) are not stored by the storage seam; start-timestamp-aware functions not implemented',
  },
  {
    file: 'start_timestamps.test',
    line: 13,
    reason:
      'start timestamps (@st) are not stored by the storage seam; start-timestamp-aware functions not implemented',
  },
  {
    file: 'start_timestamps.test',
    line: 18,
    reason:
      'start timestamps (@st) are not stored by the storage seam; start-timestamp-aware functions not implemented',
  },
  {
    file: 'start_timestamps.test',
    line: 24,
    reason:
      'start timestamps (@st) are not stored by the storage seam; start-timestamp-aware functions not implemented',
  },
  {
    file: 'start_timestamps.test',
    line: 42,
    reason:
      'start timestamps (@st) are not stored by the storage seam; start-timestamp-aware functions not implemented',
  },
  {
    file: 'start_timestamps.test',
    line: 66,
    reason:
      'start timestamps (@st) are not stored by the storage seam; start-timestamp-aware functions not implemented',
  },
  {
    file: 'start_timestamps.test',
    line: 74,
    reason:
      'start timestamps (@st) are not stored by the storage seam; start-timestamp-aware functions not implemented',
  },
  {
    file: 'start_timestamps.test',
    line: 82,
    reason:
      'start timestamps (@st) are not stored by the storage seam; start-timestamp-aware functions not implemented',
  },
  {
    file: 'start_timestamps.test',
    line: 144,
    reason:
      'start timestamps (@st) are not stored by the storage seam; start-timestamp-aware functions not implemented',
  },
  {
    file: 'start_timestamps.test',
    line: 169,
    reason:
      'start timestamps (@st) are not stored by the storage seam; start-timestamp-aware functions not implemented',
  },
  {
    file: 'start_timestamps.test',
    line: 189,
    reason:
      'start timestamps (@st) are not stored by the storage seam; start-timestamp-aware functions not implemented',
  },
  {
    file: 'start_timestamps.test',
    line: 207,
    reason:
      'start timestamps (@st) are not stored by the storage seam; start-timestamp-aware functions not implemented',
  },
  {
    file: 'start_timestamps.test',
    line: 210,
    reason:
      'start timestamps (@st) are not stored by the storage seam; start-timestamp-aware functions not implemented',
  },
  {
    file: 'start_timestamps.test',
    line: 213,
    reason:
      'start timestamps (@st) are not stored by the storage seam; start-timestamp-aware functions not implemented',
  },
  {
    file: 'start_timestamps.test',
    line: 217,
    reason:
      'start timestamps (@st) are not stored by the storage seam; start-timestamp-aware functions not implemented',
  },
  {
    file: 'start_timestamps.test',
    line: 234,
    reason:
      'start timestamps (@st) are not stored by the storage seam; start-timestamp-aware functions not implemented',
  },
  {
    file: 'start_timestamps.test',
    line: 240,
    reason:
      'start timestamps (@st) are not stored by the storage seam; start-timestamp-aware functions not implemented',
  },
  {
    file: 'start_timestamps.test',
    line: 246,
    reason:
      'start timestamps (@st) are not stored by the storage seam; start-timestamp-aware functions not implemented',
  },
  {
    file: 'start_timestamps.test',
    line: 259,
    reason:
      'start timestamps (@st) are not stored by the storage seam; start-timestamp-aware functions not implemented',
  },
  {
    file: 'start_timestamps.test',
    line: 276,
    reason:
      'start timestamps (@st) are not stored by the storage seam; start-timestamp-aware functions not implemented',
  },
  {
    file: 'start_timestamps.test',
    line: 284,
    reason:
      'start timestamps (@st) are not stored by the storage seam; start-timestamp-aware functions not implemented',
  },
  {
    file: 'start_timestamps.test',
    line: 289,
    reason:
      'start timestamps (@st) are not stored by the storage seam; start-timestamp-aware functions not implemented',
  },
  {
    file: 'start_timestamps.test',
    line: 305,
    reason:
      'start timestamps (@st) are not stored by the storage seam; start-timestamp-aware functions not implemented',
  },
  {
    file: 'start_timestamps.test',
    line: 310,
    reason:
      'start timestamps (@st) are not stored by the storage seam; start-timestamp-aware functions not implemented',
  },
]
