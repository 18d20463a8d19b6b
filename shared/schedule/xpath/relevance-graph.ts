import { ExpressionError } from './errors';
import { evaluateBoolean, type EvaluationContext } from './evaluate';
import type { Expression } from './parser';

/** One schedule item (question, note or group) in schedule order. */
export interface RelevanceItem {
  readonly name: string;
  /** Parsed `relevant` column; absent means always relevant (subject to its groups). */
  readonly relevant?: Expression;
  /**
   * Names of enclosing groups, outermost first; each must be an item of the graph.
   * Only the innermost is linked: that group's own parentGroups carry the rest, so
   * "every ancestor is relevant" follows by induction.
   */
  readonly parentGroups: readonly string[];
}

export interface RelevanceGraphOptions {
  /** Answers already given (e.g. when resuming an interview). */
  readonly answers?: Readonly<Record<string, string>>;
  /** Injected clock for today(); YYYY-MM-DD. */
  readonly today?: () => string;
  /** Called each time an item's `relevant` expression is evaluated (tests, profiling). */
  readonly onEvaluate?: (name: string) => void;
}

export type RelevanceGraphErrorKind = 'cycle' | 'duplicate-name' | 'unknown-group' | 'unknown-item';

export class RelevanceGraphError extends Error {
  override readonly name = 'RelevanceGraphError';

  constructor(
    message: string,
    readonly kind: RelevanceGraphErrorKind,
    /** For 'cycle': the item names around the loop, first name repeated at the end. */
    readonly names: readonly string[],
  ) {
    super(message);
  }
}

const NONE = -1;

/**
 * Which schedule items are relevant for the current answers, kept up to date
 * incrementally.
 *
 * ODK rules (https://getodk.github.io/xforms-spec/#bind-attributes, "relevant"):
 * - an item is relevant only if its own expression is true AND every ancestor group is
 *   relevant ("relevance is inherited");
 * - a non-relevant question's value reads as '' in every other expression (ODK excludes
 *   non-relevant values; Web Forms blanks them for evaluation).
 *
 * So item A depends on (1) the answers it references, (2) the relevance of the items it
 * references (a hidden item reads as ''), and (3) the relevance of its parent group.
 * Those edges must form a DAG; we check at build time and precompute, per answer, the
 * topologically ordered set of items that could be affected. `setAnswer` then walks
 * only that set and only evaluates items whose inputs actually changed.
 */
export class RelevanceGraph {
  private readonly names: readonly string[];
  private readonly indexByName = new Map<string, number>();
  private readonly expressions: readonly (Expression | undefined)[];
  /** Immediate parent group index, or NONE. */
  private readonly parent: Int32Array;
  /** Items whose relevance must be rechecked when item i's relevance changes. */
  private readonly relevanceDependants: readonly Int32Array[];
  /** Items whose expression reads `${name}`. */
  private readonly referenceReaders = new Map<string, Int32Array>();
  /** Items whose expression reads its own value through `.`. */
  private readonly readsSelf: Uint8Array;
  /** Per answer name: every item that could change, in topological order. */
  private readonly affected = new Map<string, Int32Array>();
  private readonly relevant: Uint8Array;
  private readonly dirty: Uint8Array;
  private readonly answers = new Map<string, string>();
  private readonly errors = new Map<string, ExpressionError>();
  private readonly onEvaluate: ((name: string) => void) | undefined;
  /** Reused for every evaluation so setAnswer allocates almost nothing. */
  private readonly context: EvaluationContext & { current: string };
  private evaluations = 0;
  /** `${name}`s that are not items of this graph; they read straight from the answers. */
  readonly unresolvedReferences: readonly string[];

  constructor(items: readonly RelevanceItem[], options: RelevanceGraphOptions = {}) {
    const count = items.length;
    this.names = items.map((item) => item.name);
    this.expressions = items.map((item) => item.relevant);
    this.parent = new Int32Array(count).fill(NONE);
    this.readsSelf = new Uint8Array(count);
    this.relevant = new Uint8Array(count);
    this.dirty = new Uint8Array(count);
    this.onEvaluate = options.onEvaluate;

    items.forEach((item, i) => {
      if (this.indexByName.has(item.name)) {
        throw new RelevanceGraphError(`Two items are named '${item.name}'; names must be unique.`, 'duplicate-name', [item.name]);
      }
      this.indexByName.set(item.name, i);
    });

    const dependants: number[][] = items.map(() => []);
    const readers = new Map<string, number[]>();
    const unresolved = new Set<string>();
    items.forEach((item, i) => {
      const parentName = item.parentGroups[item.parentGroups.length - 1];
      if (parentName !== undefined) {
        const p = this.indexByName.get(parentName);
        if (p === undefined) {
          throw new RelevanceGraphError(`Item '${item.name}' is inside group '${parentName}', which is not in the schedule.`, 'unknown-group', [item.name, parentName]);
        }
        this.parent[i] = p;
        dependants[p]!.push(i);
      }
      const expr = item.relevant;
      if (expr === undefined) return;
      if (expr.usesCurrent) this.readsSelf[i] = 1;
      for (const ref of expr.references) {
        let list = readers.get(ref);
        if (list === undefined) readers.set(ref, (list = []));
        list.push(i);
        const r = this.indexByName.get(ref);
        if (r === undefined) unresolved.add(ref);
        else dependants[r]!.push(i);
      }
    });
    this.relevanceDependants = dependants.map((list) => Int32Array.from(list));
    for (const [name, list] of readers) this.referenceReaders.set(name, Int32Array.from(list));
    this.unresolvedReferences = Array.from(unresolved);

    const order = this.topologicalOrder(dependants);
    const position = new Int32Array(count);
    order.forEach((item, pos) => (position[item] = pos));
    this.precomputeAffected(position);

    if (options.answers) {
      for (const [name, value] of Object.entries(options.answers)) {
        if (value !== '') this.answers.set(name, value);
      }
    }
    const answers = this.answers;
    const indexByName = this.indexByName;
    const relevant = this.relevant;
    this.context = {
      current: '',
      today: options.today,
      value(name: string): string {
        const i = indexByName.get(name);
        if (i !== undefined && relevant[i] === 0) return '';
        return answers.get(name) ?? '';
      },
    };
    for (const i of order) this.relevant[i] = this.compute(i);
  }

  /** Number of `relevant` expressions evaluated since construction. */
  get evaluationCount(): number {
    return this.evaluations;
  }

  isRelevant(name: string): boolean {
    return this.relevant[this.indexOf(name)] === 1;
  }

  /** The value other expressions see for `name`: '' when it is not relevant. */
  effectiveValue(name: string): string {
    return this.context.value(name);
  }

  /** Set when an item's expression failed at runtime (e.g. a computed, invalid regex). */
  evaluationError(name: string): ExpressionError | undefined {
    return this.errors.get(name);
  }

  /** Relevance of every item, in schedule order. */
  snapshot(): Record<string, boolean> {
    const out: Record<string, boolean> = {};
    this.names.forEach((name, i) => (out[name] = this.relevant[i] === 1));
    return out;
  }

  /**
   * Record an answer ('' clears it) and bring relevance up to date. Returns the names
   * whose relevance changed, in topological (dependency) order.
   */
  setAnswer(name: string, value: string): string[] {
    const previous = this.answers.get(name) ?? '';
    if (previous === value) return [];
    if (value === '') this.answers.delete(name);
    else this.answers.set(name, value);

    const affected = this.affected.get(name);
    if (affected === undefined) return [];

    const self = this.indexByName.get(name);
    // A non-relevant question reads as '' to everyone else whatever its answer, so only
    // its own `.`-reading expression can notice the change.
    const visibleToOthers = self === undefined || this.relevant[self] === 1;
    if (visibleToOthers) {
      const readers = this.referenceReaders.get(name);
      if (readers !== undefined) for (const r of readers) this.dirty[r] = 1;
    }
    if (self !== undefined && this.readsSelf[self] === 1) this.dirty[self] = 1;

    const changed: string[] = [];
    for (const i of affected) {
      if (this.dirty[i] === 0) continue;
      this.dirty[i] = 0;
      const now = this.compute(i);
      if (now === this.relevant[i]) continue;
      this.relevant[i] = now;
      changed.push(this.names[i]!);
      // Dependants come later in `affected` (topological order), so marking suffices.
      const next = this.relevanceDependants[i]!;
      for (const d of next) this.dirty[d] = 1;
    }
    return changed;
  }

  private indexOf(name: string): number {
    const i = this.indexByName.get(name);
    if (i === undefined) {
      throw new RelevanceGraphError(`There is no item named '${name}' in this schedule.`, 'unknown-item', [name]);
    }
    return i;
  }

  private compute(i: number): 0 | 1 {
    const p = this.parent[i]!;
    // Inherited relevance: a hidden group hides everything inside it, and its
    // children's own expressions need not be evaluated at all.
    if (p !== NONE && this.relevant[p] === 0) return 0;
    const expr = this.expressions[i];
    if (expr === undefined) return 1;
    const name = this.names[i]!;
    this.evaluations += 1;
    this.onEvaluate?.(name);
    this.context.current = this.answers.get(name) ?? '';
    try {
      const result = evaluateBoolean(expr, this.context) ? 1 : 0;
      if (this.errors.size > 0) this.errors.delete(name);
      return result;
    } catch (error) {
      if (!(error instanceof ExpressionError)) throw error;
      // Fail visible: hiding a question because its logic broke would silently lose data.
      this.errors.set(name, error);
      return 1;
    }
  }

  /**
   * Kahn's algorithm, always taking the ready item that comes first in the schedule,
   * so independent items keep schedule order and `setAnswer` reports changes in the
   * order a reader meets them. Items left over sit on or behind a cycle.
   */
  private topologicalOrder(dependants: readonly (readonly number[])[]): number[] {
    const count = dependants.length;
    const inDegree = new Int32Array(count);
    for (const list of dependants) for (const d of list) inDegree[d]! += 1;
    const ready = new MinHeap();
    for (let i = 0; i < count; i += 1) if (inDegree[i] === 0) ready.push(i);
    const order: number[] = [];
    while (ready.size > 0) {
      const i = ready.pop();
      order.push(i);
      for (const d of dependants[i]!) {
        inDegree[d]! -= 1;
        if (inDegree[d] === 0) ready.push(d);
      }
    }
    if (order.length < count) this.throwCycle(dependants, inDegree);
    return order;
  }

  /**
   * Every item left with a positive in-degree has a leftover predecessor, so walking
   * "depends on" edges backwards from one must revisit an item: that loop is a cycle.
   */
  private throwCycle(dependants: readonly (readonly number[])[], inDegree: Int32Array): never {
    const count = dependants.length;
    const dependsOn: number[][] = Array.from({ length: count }, () => []);
    dependants.forEach((list, i) => {
      for (const d of list) dependsOn[d]!.push(i);
    });
    const seenAt = new Map<number, number>();
    const path: number[] = [];
    let current = inDegree.findIndex((degree) => degree > 0);
    while (!seenAt.has(current)) {
      seenAt.set(current, path.length);
      path.push(current);
      current = dependsOn[current]!.find((p) => inDegree[p]! > 0) ?? current;
    }
    const cycle = path.slice(seenAt.get(current));
    // Start the loop at its earliest item so the message is stable.
    const first = cycle.indexOf(Math.min(...cycle));
    const loop = [...cycle.slice(first), ...cycle.slice(0, first)].map((i) => this.names[i]!);
    loop.push(loop[0]!);
    throw new RelevanceGraphError(
      `Relevance logic goes round in a circle: ${loop.join(' → ')} (→ means "depends on"). ` +
        "An item's relevant cannot depend on itself, directly, through other questions, or through its groups.",
      'cycle',
      loop,
    );
  }

  /** For each answer name, every item reachable from its readers, sorted topologically. */
  private precomputeAffected(position: Int32Array): void {
    const seen = new Uint8Array(this.names.length);
    const names = new Set<string>(this.referenceReaders.keys());
    this.readsSelf.forEach((flag, i) => {
      if (flag === 1) names.add(this.names[i]!);
    });
    for (const name of names) {
      const start: number[] = [];
      const readers = this.referenceReaders.get(name);
      if (readers !== undefined) start.push(...readers);
      const self = this.indexByName.get(name);
      if (self !== undefined && this.readsSelf[self] === 1) start.push(self);
      const reached: number[] = [];
      const queue = start.filter((i) => (seen[i] === 1 ? false : ((seen[i] = 1), true)));
      while (queue.length > 0) {
        const i = queue.pop()!;
        reached.push(i);
        for (const d of this.relevanceDependants[i]!) {
          if (seen[d] === 0) {
            seen[d] = 1;
            queue.push(d);
          }
        }
      }
      for (const i of reached) seen[i] = 0;
      reached.sort((a, b) => position[a]! - position[b]!);
      this.affected.set(name, Int32Array.from(reached));
    }
  }
}

/** Tiny binary min-heap of item indices (schedule positions). */
class MinHeap {
  private readonly items: number[] = [];

  get size(): number {
    return this.items.length;
  }

  push(value: number): void {
    const items = this.items;
    items.push(value);
    let i = items.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (items[parent]! <= value) break;
      items[i] = items[parent]!;
      i = parent;
    }
    items[i] = value;
  }

  pop(): number {
    const items = this.items;
    const top = items[0]!;
    const last = items.pop()!;
    if (items.length > 0) {
      let i = 0;
      for (;;) {
        const left = 2 * i + 1;
        if (left >= items.length) break;
        const right = left + 1;
        const child = right < items.length && items[right]! < items[left]! ? right : left;
        if (items[child]! >= last) break;
        items[i] = items[child]!;
        i = child;
      }
      items[i] = last;
    }
    return top;
  }
}
