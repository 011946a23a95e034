export interface Distribution {
  medianMs: number;
  p90Ms: number;
  minMs: number;
  maxMs: number;
  samplesMs: number[];
}

/** Nearest-rank percentile of a non-empty sample. */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) throw new Error('percentile of an empty sample');
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
  return sorted[rank - 1]!;
}

export const median = (samples: readonly number[]): number => {
  const sorted = [...samples].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};

export function distribution(samplesMs: readonly number[]): Distribution {
  return {
    medianMs: round(median(samplesMs), 1),
    p90Ms: round(percentile(samplesMs, 90), 1),
    minMs: round(Math.min(...samplesMs), 1),
    maxMs: round(Math.max(...samplesMs), 1),
    samplesMs: samplesMs.map((ms) => round(ms, 1)),
  };
}

export const round = (value: number, digits = 0): number => {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
};

/** A goal as a figure and a direction: the ratio must stay at most, or at least, the figure. */
export interface Goal {
  ratio: number;
  goal: number;
  direction: 'at most' | 'at least';
  met: boolean;
}

export function goal(ratio: number, figure: number, direction: Goal['direction']): Goal {
  const rounded = round(ratio, 2);
  return {
    ratio: rounded,
    goal: figure,
    direction,
    met: direction === 'at most' ? ratio <= figure : ratio >= figure,
  };
}

export const describeGoal = (g: Goal): string =>
  `ratio ${g.ratio.toFixed(2)} (goal ${g.direction === 'at most' ? '≤' : '≥'} ${g.goal}) ${g.met ? 'met' : 'MISSED'}`;
