/**
 * Highlights drawn with the CSS Custom Highlight API (`::highlight(name)` in styles.css):
 * nothing is added to the note's Lexical state or DOM, so flagged names and comment anchors
 * can be shown without storing anything in the note. Several editors share one highlight
 * per name; each owner changes only its own ranges. The `Highlight` of a name is kept and
 * changed in place (`changeHighlightRanges`): a keystroke changes the ranges of one text node,
 * and rebuilding a highlight of every range in a long note on each key would cost what the
 * note holds, not what changed.
 */
const owners = new Map<string, Map<object, Set<Range>>>();
const highlights = new Map<string, Highlight>();

function supported(): boolean {
  return typeof CSS !== 'undefined' && 'highlights' in CSS && typeof Highlight !== 'undefined';
}

/** Removes some of `owner`'s ranges of highlight `name` and adds others. */
export function changeHighlightRanges(name: string, owner: object, remove: Iterable<Range>, add: Iterable<Range>): void {
  if (!supported()) return;
  let byOwner = owners.get(name);
  if (!byOwner) owners.set(name, (byOwner = new Map()));
  let mine = byOwner.get(owner);
  if (!mine) byOwner.set(owner, (mine = new Set()));
  let highlight = highlights.get(name);
  if (!highlight) highlights.set(name, (highlight = new Highlight()));
  for (const range of remove) {
    mine.delete(range);
    highlight.delete(range);
  }
  for (const range of add) {
    mine.add(range);
    highlight.add(range);
  }
  if (mine.size === 0) byOwner.delete(owner);
  if (highlight.size === 0) CSS.highlights.delete(name);
  else if (CSS.highlights.get(name) !== highlight) CSS.highlights.set(name, highlight);
}

/** Replaces all of `owner`'s ranges of highlight `name`. */
export function setHighlightRanges(name: string, owner: object, ranges: Range[]): void {
  const previous = owners.get(name)?.get(owner);
  changeHighlightRanges(name, owner, previous ? [...previous] : [], ranges);
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
