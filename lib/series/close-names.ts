// "Did you mean": the known names nearest to a mistyped one, by edit distance, with names that
// contain it (or that it contains) first.

function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) row[j] = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = row;
  }
  return prev[b.length]!;
}

export function closeNames(wanted: string, known: string[], limit = 5): string[] {
  const w = wanted.toLowerCase();
  const score = (name: string) => {
    const n = name.toLowerCase();
    return (n.includes(w) || w.includes(n) ? 0 : 1000) + editDistance(w, n);
  };
  return known
    .map((name) => ({ name, s: score(name) }))
    .filter((x) => x.s < 1000 || x.s - 1000 <= Math.max(3, w.length * 0.4))
    .sort((a, b) => a.s - b.s || (a.name < b.name ? -1 : 1))
    .slice(0, limit)
    .map((x) => x.name);
}
