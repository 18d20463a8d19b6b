// Coding marks in the note editor. Lexical's MarkNode holds only coding ids (several per mark
// where codings overlap); the coding itself is a row (model.ts). These helpers keep the marks
// flat (no mark inside a mark: the ids of a stretch of text are the ids of its one mark, like
// the playground's CommentPlugin after its nested-mark resolver) and report each coding's range
// in the same offsets as segments.ts.
//
// Offsets: UTF-16 code units into `$getRoot().getTextContent()`. Lexical builds that string by
// concatenating leaves (text as typed, LineBreakNode "\n", TabNode "\t") and adding "\n\n"
// after every non-inline element child that is not its parent's last child (ElementNode.
// getTextContent, lexical 0.52), so paragraphs are joined by "\n\n". $leaves() walks the tree
// with the same rule.
//
// Why a normalizer: MarkNode refuses text typed at its edges (canInsertTextBefore/After are
// false), which is right where a coding starts or ends but wrong where two overlapping codings
// meet inside a third: text typed there would land outside every mark. A coding is one
// contiguous range, so any character between two characters of the same coding belongs to it;
// $normalizeCodingMarks restores exactly that after each update (registerCodingMarks runs it as
// a root transform, Lexical's "update finalizer"). The result follows segments.ts: text typed
// strictly inside a coding joins it, text typed at its start or end does not.
//
// Lexical's core and mark packages run headless, so this lives in shared/ (eslint.config.js
// allows them there; @lexical/react stays in renderer/). index.ts does not re-export it, so
// code that needs no editor never loads Lexical.
import { $createMarkNode, $isMarkNode, $unwrapMarkNode, MarkNode } from '@lexical/mark';
import {
  $createRangeSelection,
  $getRoot,
  $isElementNode,
  $isLineBreakNode,
  $isTextNode,
  $nodesOfType,
  COMMAND_PRIORITY_CRITICAL,
  RootNode,
  SELECTION_INSERT_CLIPBOARD_NODES_COMMAND,
  mergeRegister,
  type ElementNode,
  type LexicalEditor,
  type LexicalNode,
  type RangeSelection,
} from 'lexical';
import { CodingError } from './model';

/** What Lexical puts between block siblings in getTextContent (its DOUBLE_LINE_BREAK). */
const BLOCK_SEPARATOR = '\n\n';

/** A leaf, or an element with no children, with its place in the plain text and its coding ids. */
export interface Leaf {
  node: LexicalNode;
  start: number;
  end: number;
  ids: readonly string[];
}

function separatorAfter(child: LexicalNode, index: number, count: number): number {
  return $isElementNode(child) && index !== count - 1 && !child.isInline() ? BLOCK_SEPARATOR.length : 0;
}

/** Every leaf of the note in order, with its UTF-16 range in `$getRoot().getTextContent()`. */
export function $leaves(): Leaf[] {
  const out: Leaf[] = [];
  let offset = 0;
  const visit = (element: ElementNode, ids: readonly string[]): void => {
    const children = element.getChildren();
    if (children.length === 0) {
      out.push({ node: element, start: offset, end: offset, ids });
    }
    // Lexical 0.52 counts an element's slots ahead of its children; nothing we mark lives there,
    // but their text still shifts the offsets of what follows.
    let childrenSize = 0;
    children.forEach((child, i) => {
      childrenSize += child.getTextContentSize() + separatorAfter(child, i, children.length);
    });
    offset += element.getTextContentSize() - childrenSize;
    children.forEach((child, i) => {
      if ($isElementNode(child)) {
        visit(child, $isMarkNode(child) ? union(ids, child.getIDs()) : ids);
      } else {
        const size = child.getTextContentSize();
        out.push({ node: child, start: offset, end: offset + size, ids });
        offset += size;
      }
      offset += separatorAfter(child, i, children.length);
    });
  };
  visit($getRoot(), []);
  return out;
}

function union(a: readonly string[], b: readonly string[]): readonly string[] {
  if (a.length === 0) return b;
  return [...a, ...b.filter((id) => !a.includes(id))];
}

function sameIds(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((id) => b.includes(id));
}

function isMarkable(node: LexicalNode): boolean {
  return $isTextNode(node) || $isLineBreakNode(node);
}

/** The mark that holds exactly this node, splitting its mark or wrapping it as needed. */
function $ownMark(node: LexicalNode): MarkNode {
  const parent = node.getParent();
  if ($isMarkNode(parent)) {
    if (parent.getChildrenSize() === 1) return parent;
    const ids = parent.getIDs();
    const after = node.getNextSiblings();
    const own = $createMarkNode(ids);
    parent.insertAfter(own);
    own.append(node);
    if (after.length > 0) {
      const rest = $createMarkNode(ids);
      own.insertAfter(rest);
      rest.append(...after);
    }
    if (parent.getChildrenSize() === 0) parent.remove();
    return own;
  }
  const own = $createMarkNode([]);
  node.insertBefore(own);
  own.append(node);
  return own;
}

function $allMarks(): MarkNode[] {
  const marks: MarkNode[] = [];
  const visit = (element: ElementNode): void => {
    for (const child of element.getChildren()) {
      if ($isMarkNode(child)) marks.push(child);
      if ($isElementNode(child)) visit(child);
    }
  };
  visit($getRoot());
  return marks;
}

/** Unwraps marks without ids or text and merges neighbouring marks with the same ids. */
function $tidyMarks(): void {
  for (const mark of $allMarks()) {
    if (!mark.isAttached()) continue;
    if (mark.getChildrenSize() === 0) mark.remove();
    else if (mark.getIDs().length === 0 || mark.getTextContentSize() === 0) $unwrapMarkNode(mark);
  }
  for (const mark of $allMarks()) {
    if (!mark.isAttached()) continue;
    let next = mark.getNextSibling();
    while ($isMarkNode(next) && sameIds(mark.getIDs(), next.getIDs())) {
      mark.append(...next.getChildren());
      next.remove();
      next = mark.getNextSibling();
    }
  }
}

/**
 * Makes every coding contiguous again: a character between two characters of a coding gets
 * that coding. Writes nothing when the marks are already right (so a transform settles).
 */
export function $normalizeCodingMarks(): void {
  // It runs after every update, keystrokes included, and the walk below costs what the note
  // holds (0.9 ms a key in a 20,000-word note): a note without marks has nothing to keep together.
  if ($nodesOfType(MarkNode).length === 0) return;
  const leaves = $leaves().filter((leaf) => leaf.end > leaf.start);
  const first = new Map<string, number>();
  const last = new Map<string, number>();
  leaves.forEach((leaf, i) => {
    for (const id of leaf.ids) {
      if (!first.has(id)) first.set(id, i);
      last.set(id, i);
    }
  });
  const missing = new Map<number, string[]>();
  for (const [id, from] of first) {
    const to = last.get(id) ?? from;
    for (let i = from + 1; i < to; i++) {
      const leaf = leaves[i];
      if (leaf === undefined || leaf.ids.includes(id) || !isMarkable(leaf.node)) continue;
      missing.set(i, [...(missing.get(i) ?? []), id]);
    }
  }
  for (const [i, ids] of missing) {
    const leaf = leaves[i];
    if (leaf === undefined) continue;
    const mark = $ownMark(leaf.node);
    mark.setIDs(union(mark.getIDs(), ids));
  }
  const needsTidy = $allMarks().some((mark) => {
    const next = mark.getNextSibling();
    return mark.getChildrenSize() === 0 || mark.getIDs().length === 0 || mark.getTextContentSize() === 0 || ($isMarkNode(next) && sameIds(mark.getIDs(), next.getIDs()));
  });
  if (needsTidy) $tidyMarks();
}

/**
 * Pasted or dropped text never brings coding marks: a coding is a row, made by coding, and a
 * copy of its mark elsewhere in the note would stretch that coding over everything between the
 * two (the normalizer above). Unwraps marks in the nodes about to be inserted, in place.
 */
export function $withoutCodingMarks(nodes: LexicalNode[]): void {
  for (let i = 0; i < nodes.length; i++) {
    const node = nodes[i];
    if (node !== undefined && $isMarkNode(node)) {
      const children = node.getChildren();
      nodes.splice(i, 1, ...children);
      i -= 1; // look at the first child next (marks may nest in pasted HTML)
    } else if ($isElementNode(node)) {
      const inner: MarkNode[] = [];
      const visit = (element: ElementNode): void => {
        for (const child of element.getChildren()) {
          if ($isMarkNode(child)) inner.push(child);
          if ($isElementNode(child)) visit(child);
        }
      };
      visit(node);
      for (const mark of inner.reverse()) $unwrapMarkNode(mark);
    }
  }
}

/** Keeps coding marks contiguous after every update and out of pasted text; returns the unregister function. */
export function registerCodingMarks(editor: LexicalEditor): () => void {
  if (!editor.hasNodes([MarkNode])) {
    // A programming error in the editor set-up, not something a user can cause.
    throw new Error('registerCodingMarks: the editor does not register MarkNode.');
  }
  return mergeRegister(
    editor.registerNodeTransform(RootNode, () => $normalizeCodingMarks()),
    editor.registerCommand(
      SELECTION_INSERT_CLIPBOARD_NODES_COMMAND,
      ({ nodes }) => {
        $withoutCodingMarks(nodes);
        return false; // Lexical inserts what is left
      },
      COMMAND_PRIORITY_CRITICAL,
    ),
  );
}

/** Marks the selected text with a coding id (adding it to marks already there). */
export function $applyCoding(selection: RangeSelection, codingId: string): void {
  if (selection.isCollapsed()) return;
  for (const node of selection.extract()) {
    if (!isMarkable(node) || node.getTextContentSize() === 0) continue;
    const mark = $ownMark(node);
    mark.setIDs(union(mark.getIDs(), [codingId]));
  }
  $normalizeCodingMarks();
}

/** Marks [start, end) of the plain text with a coding id, e.g. when a coding row is restored. */
export function $applyCodingToRange(start: number, end: number, codingId: string): void {
  $applyCoding($selectionForRange(start, end), codingId);
}

/** Removes a coding id from every mark; a mark left without ids is unwrapped. */
export function $removeCoding(codingId: string): void {
  for (const mark of $allMarks()) {
    if (!mark.hasID(codingId)) continue;
    mark.deleteID(codingId);
    if (mark.getIDs().length === 0) $unwrapMarkNode(mark);
  }
  $tidyMarks();
}

export interface MarkedCoding {
  codingId: string;
  start: number;
  end: number;
  text: string;
}

/** Each coding id found in the marks, with its range in the plain text, ordered by start. */
export function $codingsFromEditorState(): MarkedCoding[] {
  const ranges = new Map<string, { start: number; end: number }>();
  for (const leaf of $leaves()) {
    if (leaf.end === leaf.start) continue;
    for (const id of leaf.ids) {
      const range = ranges.get(id);
      if (range === undefined) ranges.set(id, { start: leaf.start, end: leaf.end });
      else range.end = leaf.end;
    }
  }
  const plain = $getRoot().getTextContent();
  return [...ranges]
    .map(([codingId, r]) => ({ codingId, start: r.start, end: r.end, text: plain.slice(r.start, r.end) }))
    .sort((a, b) => a.start - b.start || a.end - b.end || (a.codingId < b.codingId ? -1 : 1));
}

/** Offsets where a "\n\n" block separator starts in the plain text (for applyEdit's trimming). */
export function $blockSeparators(): number[] {
  const out: number[] = [];
  let offset = 0;
  const visit = (element: ElementNode): void => {
    const children = element.getChildren();
    let childrenSize = 0;
    children.forEach((child, i) => {
      childrenSize += child.getTextContentSize() + separatorAfter(child, i, children.length);
    });
    offset += element.getTextContentSize() - childrenSize;
    children.forEach((child, i) => {
      if ($isElementNode(child)) visit(child);
      else offset += child.getTextContentSize();
      if (separatorAfter(child, i, children.length) > 0) out.push(offset);
      offset += separatorAfter(child, i, children.length);
    });
  };
  visit($getRoot());
  return out;
}

export interface PointSpec {
  key: string;
  offset: number;
  type: 'text' | 'element';
}

/**
 * Every caret position that sits at a plain-text offset. At the edge between two text nodes
 * there are two (end of one, start of the next); an empty paragraph gives an element point.
 * Offsets inside a "\n\n" block separator have none.
 */
export function $pointsAtOffset(offset: number): PointSpec[] {
  const points: PointSpec[] = [];
  for (const leaf of $leaves()) {
    if (offset < leaf.start || offset > leaf.end) continue;
    if ($isTextNode(leaf.node)) points.push({ key: leaf.node.getKey(), offset: offset - leaf.start, type: 'text' });
    else if ($isElementNode(leaf.node)) points.push({ key: leaf.node.getKey(), offset: 0, type: 'element' });
  }
  return points;
}

/** A selection of [start, end) of the plain text, starting and ending inside text nodes where it can. */
export function $selectionForRange(start: number, end: number): RangeSelection {
  const from = $pointsAtOffset(start);
  const to = $pointsAtOffset(end);
  // Prefer the point in the node that holds the first selected character, and the last.
  const anchor = from.at(-1);
  const focus = to[0];
  if (anchor === undefined || focus === undefined || end < start) {
    throw new CodingError('invalid-range', `${start}..${end} is not a range of caret positions in this note.`);
  }
  const selection = $createRangeSelection();
  selection.anchor.set(anchor.key, anchor.offset, anchor.type);
  selection.focus.set(focus.key, focus.offset, focus.type);
  return selection;
}
