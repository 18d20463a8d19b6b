/**
 * Immutable edits of a schedule for the designer. Items are addressed by their path of
 * indices (names change while the user types). Row numbers are recomputed as the exported
 * spreadsheet will have them, so lint findings point at the item the user is editing.
 */
import type { Choice, ChoiceList, Group, Item, Question, Schedule } from '../../../shared/schedule/model';

export type ItemPath = readonly number[];

export function itemAt(items: readonly Item[], path: ItemPath): Item | undefined {
  let list = items;
  let found: Item | undefined;
  for (const index of path) {
    found = list[index];
    if (!found) return undefined;
    list = found.kind === 'group' ? found.children : [];
  }
  return found;
}

function mapAt(items: readonly Item[], path: ItemPath, fn: (siblings: Item[], index: number) => Item[]): Item[] {
  const [head, ...rest] = path;
  if (head === undefined) return [...items];
  if (rest.length === 0) return fn([...items], head);
  return items.map((item, i) => (i === head && item.kind === 'group' ? { ...item, children: mapAt(item.children, rest, fn) } : item));
}

export function updateItem(schedule: Schedule, path: ItemPath, patch: Partial<Question> | Partial<Group>): Schedule {
  return {
    ...schedule,
    items: mapAt(schedule.items, path, (siblings, index) => {
      const current = siblings[index];
      if (current) siblings[index] = { ...current, ...patch } as Item;
      return siblings;
    }),
  };
}

/** Moves an item up (-1) or down (+1) among its siblings. Returns the new path. */
export function moveItem(schedule: Schedule, path: ItemPath, delta: -1 | 1): { schedule: Schedule; path: ItemPath } {
  const index = path.at(-1);
  if (index === undefined) return { schedule, path };
  const parent = path.slice(0, -1);
  const siblings = parent.length === 0 ? schedule.items : (itemAt(schedule.items, parent) as Group | undefined)?.children ?? [];
  const target = index + delta;
  if (target < 0 || target >= siblings.length) return { schedule, path };
  return {
    schedule: {
      ...schedule,
      items: mapAt(schedule.items, path, (list) => {
        const [moved] = list.splice(index, 1);
        if (moved) list.splice(target, 0, moved);
        return list;
      }),
    },
    path: [...parent, target],
  };
}

/** Moves an item to just before `before` (a sibling path) — for drag and drop within one group. */
export function moveBefore(schedule: Schedule, from: ItemPath, before: ItemPath): Schedule {
  const sameParent = from.length === before.length && from.slice(0, -1).every((v, i) => v === before[i]);
  if (!sameParent) return schedule;
  const fromIndex = from.at(-1)!;
  let toIndex = before.at(-1)!;
  return {
    ...schedule,
    items: mapAt(schedule.items, from, (list) => {
      const [moved] = list.splice(fromIndex, 1);
      if (fromIndex < toIndex) toIndex -= 1;
      if (moved) list.splice(toIndex, 0, moved);
      return list;
    }),
  };
}

export function removeItem(schedule: Schedule, path: ItemPath): Schedule {
  return { ...schedule, items: mapAt(schedule.items, path, (list, index) => (list.splice(index, 1), list)) };
}

/** Inserts after `path` (or at the end of the schedule when path is empty). Returns the new item's path. */
export function insertAfter(schedule: Schedule, path: ItemPath, item: Item): { schedule: Schedule; path: ItemPath } {
  if (path.length === 0) return { schedule: { ...schedule, items: [...schedule.items, item] }, path: [schedule.items.length] };
  const index = path.at(-1)!;
  return {
    schedule: { ...schedule, items: mapAt(schedule.items, path, (list) => (list.splice(index + 1, 0, item), list)) },
    path: [...path.slice(0, -1), index + 1],
  };
}

export function uniqueName(schedule: Schedule, base: string): string {
  const names = new Set<string>();
  const visit = (items: readonly Item[]) => {
    for (const item of items) {
      names.add(item.name.toLowerCase());
      if (item.kind === 'group') visit(item.children);
    }
  };
  visit(schedule.items);
  for (let n = 1; ; n++) if (!names.has(`${base}${n}`.toLowerCase())) return `${base}${n}`;
}

export function newQuestion(name: string): Question {
  return { kind: 'question', type: 'text', name, label: {}, hint: {}, relevant: '', appearance: '', extra: {}, listName: '', required: '', constraint: '', constraintMessage: {}, priority: 'primary' };
}

export function newGroup(name: string): Group {
  return { kind: 'group', name, label: {}, hint: {}, relevant: '', appearance: '', extra: {}, children: [newQuestion(`${name}_q1`)], endExtra: {} };
}

export function updateChoiceList(schedule: Schedule, listName: string, fn: (choices: Choice[]) => Choice[]): Schedule {
  return {
    ...schedule,
    choiceLists: schedule.choiceLists.map((list): ChoiceList => (list.name === listName ? { ...list, choices: fn([...list.choices]) } : list)),
  };
}

/**
 * Row numbers as the exported workbook will show them (header is row 1): a group takes a
 * begin_group row, its children, then an end_group row. Lint locates findings with them.
 */
export function numberRows(schedule: Schedule): { schedule: Schedule; pathOfRow: Map<number, ItemPath> } {
  const pathOfRow = new Map<number, ItemPath>();
  let row = 2;
  const number = (items: readonly Item[], parent: ItemPath): Item[] =>
    items.map((item, i) => {
      const path = [...parent, i];
      const own = row++;
      pathOfRow.set(own, path);
      if (item.kind === 'question') return { ...item, row: own };
      const children = number(item.children, path);
      const endRow = row++;
      pathOfRow.set(endRow, path);
      return { ...item, row: own, children, endRow };
    });
  const items = number(schedule.items, []);
  let choiceRow = 2;
  const choiceLists = schedule.choiceLists.map((list) => ({ ...list, choices: list.choices.map((c) => ({ ...c, row: choiceRow++ })) }));
  return { schedule: { ...schedule, items, choiceLists }, pathOfRow };
}
