/**
 * Where the flagged names are in a note, kept per Lexical text node: a keystroke changes one
 * text node, so only that node is searched again, and the list of names found is kept by
 * counting (no pass over the note). Pure: the plugin (highlight-plugins.tsx) turns hits into
 * DOM ranges.
 */
export interface FlaggedHit {
  term: string;
  from: number;
  to: number;
}

export class FlaggedNames {
  private readonly wanted: { term: string; lower: string }[];
  private readonly hitsByNode = new Map<string, FlaggedHit[]>();
  private readonly counts = new Map<string, number>();

  constructor(terms: readonly string[]) {
    this.wanted = terms.filter((t) => t.trim() !== '').map((term) => ({ term, lower: term.toLowerCase() }));
  }

  get active(): boolean {
    return this.wanted.length > 0;
  }

  /** Searches one text node's text again; returns its hits (case-insensitive, not overlapping per name). */
  put(nodeKey: string, text: string): FlaggedHit[] {
    this.remove(nodeKey);
    if (this.wanted.length === 0) return [];
    const lower = text.toLowerCase();
    const hits: FlaggedHit[] = [];
    for (const { term, lower: needle } of this.wanted) {
      for (let at = lower.indexOf(needle); at >= 0; at = lower.indexOf(needle, at + needle.length)) hits.push({ term, from: at, to: at + needle.length });
    }
    if (hits.length > 0) {
      this.hitsByNode.set(nodeKey, hits);
      for (const hit of hits) this.counts.set(hit.term, (this.counts.get(hit.term) ?? 0) + 1);
    }
    return hits;
  }

  /** Forgets a text node (destroyed, or about to be searched again). */
  remove(nodeKey: string): void {
    const hits = this.hitsByNode.get(nodeKey);
    if (!hits) return;
    this.hitsByNode.delete(nodeKey);
    for (const hit of hits) {
      const left = (this.counts.get(hit.term) ?? 0) - 1;
      if (left > 0) this.counts.set(hit.term, left);
      else this.counts.delete(hit.term);
    }
  }

  /** The names found anywhere in the note, sorted. */
  found(): string[] {
    return [...this.counts.keys()].sort();
  }
}
