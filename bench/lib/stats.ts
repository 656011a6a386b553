export interface Distribution {
  count: number;
  mean: number;
  min: number;
  p50: number;
  p99: number;
  max: number;
}

/** Nearest-rank percentiles of the samples (sorted in place). */
export function distribution(samples: Float64Array): Distribution {
  samples.sort();
  const count = samples.length;
  if (count === 0) return { count, mean: NaN, min: NaN, p50: NaN, p99: NaN, max: NaN };
  const rank = (p: number) => samples[Math.min(count - 1, Math.ceil((p / 100) * count) - 1)];
  let sum = 0;
  for (const value of samples) sum += value;
  return { count, mean: sum / count, min: samples[0], p50: rank(50), p99: rank(99), max: samples[count - 1] };
}

export function ratio(value: number, baseline: number): number {
  return baseline > 0 && Number.isFinite(value) ? value / baseline : NaN;
}
