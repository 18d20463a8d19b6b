/**
 * Highlights drawn with the CSS Custom Highlight API (`::highlight(name)` in styles.css):
 * nothing is added to the note's Lexical state or DOM, so flagged names and comment anchors
 * can be shown without storing anything in the note. Several editors share one highlight
 * per name; each owner replaces its own ranges.
 */
const owners = new Map<string, Map<object, Range[]>>();

function supported(): boolean {
  return typeof CSS !== 'undefined' && 'highlights' in CSS && typeof Highlight !== 'undefined';
}

export function setHighlightRanges(name: string, owner: object, ranges: Range[]): void {
  if (!supported()) return;
  let byOwner = owners.get(name);
  if (!byOwner) owners.set(name, (byOwner = new Map()));
  if (ranges.length > 0) byOwner.set(owner, ranges);
  else byOwner.delete(owner);
  const all = [...byOwner.values()].flat();
  if (all.length === 0) CSS.highlights.delete(name);
  else CSS.highlights.set(name, new Highlight(...all));
}

/** A DOM range over part of one Lexical text node's element, or null when it is not rendered. */
export function domRange(element: HTMLElement | null, from: number, to: number): Range | null {
  const text = element?.firstChild;
  if (!(text instanceof Text)) return null;
  const range = document.createRange();
  range.setStart(text, Math.min(from, text.length));
  range.setEnd(text, Math.min(to, text.length));
  return range;
}
