/**
 * The one error type the expression engine throws for problems in a schedule's
 * `relevant` / `constraint` / `required` text. `position` is a 0-based character
 * offset into the source so the editor can put a caret under the offending character.
 */
export class ExpressionError extends Error {
  override readonly name = 'ExpressionError';

  constructor(
    message: string,
    /** 0-based offset into the expression source; `source.length` means "at the end". */
    readonly position: number,
  ) {
    super(message);
  }
}
