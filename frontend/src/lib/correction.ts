/** One piece of a corrected question: text as typed, or a corrected word. */
export interface QueryPart {
  text: string;
  corrected: boolean;
}

/** Folds a word as the search index does: lower case, no diacritics. */
function fold(w: string): string {
  return w
    .normalize('NFD')
    .replace(/\p{Mn}/gu, '')
    .toLowerCase();
}

/**
 * The whole question as search understood it: each word the server
 * corrected (corrections maps folded typed words to index words) replaced
 * and marked, everything else as typed.
 */
export function correctedQuery(query: string, corrections: Record<string, string>): QueryPart[] {
  const parts: QueryPart[] = [];
  let last = 0;
  const push = (text: string, corrected: boolean) => {
    if (!text) return;
    const prev = parts[parts.length - 1];
    if (prev && !prev.corrected && !corrected) prev.text += text;
    else parts.push({ text, corrected });
  };
  for (const m of query.matchAll(/[\p{L}\p{N}\p{Mn}]+/gu)) {
    const to = corrections[fold(m[0])];
    if (to === undefined) continue;
    push(query.slice(last, m.index), false);
    push(to, true);
    last = m.index + m[0].length;
  }
  push(query.slice(last), false);
  return parts;
}
