/**
 * The exact area under the ROC curve: the probability that a random positive scores above a
 * random negative, ties counting one half (Mann–Whitney U with average ranks). NaN when either
 * class is absent.
 *
 * @example
 * auc([0.9, 0.2, 0.6], [1, 0, 0]) // 1
 */
export function auc(scores: readonly number[], labels: readonly (0 | 1)[]): number {
  const order = scores.map((s, i) => i).sort((a, b) => (scores[a] as number) - (scores[b] as number))
  let positives = 0
  let rankSum = 0
  for (let i = 0; i < order.length;) {
    let j = i
    while (j + 1 < order.length && scores[order[j + 1] as number] === scores[order[i] as number]) j++
    const averageRank = (i + j) / 2 + 1
    for (let k = i; k <= j; k++) {
      if (labels[order[k] as number] === 1) {
        positives++
        rankSum += averageRank
      }
    }
    i = j + 1
  }
  const negatives = order.length - positives
  if (positives === 0 || negatives === 0) return NaN
  return (rankSum - (positives * (positives + 1)) / 2) / (positives * negatives)
}
