/**
 * Positions in a note as the services see them: UTF-16 offsets into the plain text that is
 * saved beside the Lexical state (`$getRoot().getTextContent()`, where block elements are
 * separated by a blank line). Review comments are anchored with these offsets, so the note
 * itself holds no comment data. Every function here must run inside editor.read/update.
 */
import { $getRoot, $isElementNode, $isRangeSelection, $isTextNode, $getSelection, type LexicalNode, type PointType, type TextNode } from 'lexical';

const BLOCK_SEPARATOR = 2; // '\n\n', as ElementNode.getTextContent joins blocks

export interface TextSpan {
  readonly node: TextNode;
  readonly start: number;
  readonly end: number;
}

interface Layout {
  readonly starts: Map<string, number>;
  readonly spans: TextSpan[];
}

function $layout(): Layout {
  const starts = new Map<string, number>();
  const spans: TextSpan[] = [];
  const walk = (node: LexicalNode, offset: number): number => {
    starts.set(node.getKey(), offset);
    if ($isElementNode(node)) {
      const children = node.getChildren();
      children.forEach((child, i) => {
        offset = walk(child, offset);
        if ($isElementNode(child) && !child.isInline() && i < children.length - 1) offset += BLOCK_SEPARATOR;
      });
      return offset;
    }
    const size = node.getTextContentSize();
    if ($isTextNode(node)) spans.push({ node, start: offset, end: offset + size });
    return offset + size;
  };
  walk($getRoot(), 0);
  return { starts, spans };
}

/** Text nodes with their plain-text offsets, in document order. */
export function $textSpans(): TextSpan[] {
  return $layout().spans;
}

function $offsetOfPoint(point: PointType, layout: Layout): number {
  const node = point.getNode();
  const start = layout.starts.get(node.getKey()) ?? 0;
  if (point.type === 'text') return start + point.offset;
  if (!$isElementNode(node)) return start;
  const child = node.getChildAtIndex(point.offset);
  return child ? (layout.starts.get(child.getKey()) ?? start) : start + node.getTextContentSize();
}

export interface PlainSelection {
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

/** The current selection as plain-text offsets, or null when nothing is selected. */
export function $plainSelection(): PlainSelection | null {
  const selection = $getSelection();
  if (!$isRangeSelection(selection) || selection.isCollapsed()) return null;
  const layout = $layout();
  const a = $offsetOfPoint(selection.anchor, layout);
  const b = $offsetOfPoint(selection.focus, layout);
  const start = Math.min(a, b);
  const end = Math.max(a, b);
  const text = $getRoot().getTextContent().slice(start, end);
  return text.trim() === '' ? null : { start, end, text };
}
