// "Did you mean …?" for unknown names: the closest candidate by edit distance, if close enough
// (errors.ts words the hint).

export function editDistance(a: string, b: string): number {
  const al = a.toLowerCase();
  const bl = b.toLowerCase();
  let previous = Array.from({ length: bl.length + 1 }, (_, j) => j);
  let beforePrevious = previous;
  for (let i = 1; i <= al.length; i++) {
    const current = [i];
    for (let j = 1; j <= bl.length; j++) {
      const cost = al[i - 1] === bl[j - 1] ? 0 : 1;
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost);
      // a swap of two neighbours (`lien` for `line`) is one mistake
      if (i > 1 && j > 1 && al[i - 1] === bl[j - 2] && al[i - 2] === bl[j - 1]) current[j] = Math.min(current[j], beforePrevious[j - 2] + 1);
    }
    beforePrevious = previous;
    previous = current;
  }
  return previous[bl.length];
}

/** the candidate closest to `name`, when it is within about a third of the name's length */
export function closest(name: string, candidatesIn: Iterable<string>): string | undefined {
  const candidates = [...candidatesIn];
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const d = editDistance(name, candidate);
    if (d < bestDistance || (d === bestDistance && best !== undefined && candidate < best)) {
      best = candidate;
      bestDistance = d;
    }
  }
  const allowed = Math.max(1, Math.floor(name.length / 3));
  if (bestDistance <= allowed) return best;
  // `modifier` for `modifier_indicator`: a name the author began to write
  if (name.length >= 3) return [...candidates].filter((c) => c.toLowerCase().startsWith(name.toLowerCase())).sort()[0];
  return undefined;
}
