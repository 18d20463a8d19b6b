/** Exit 2: the command line itself is wrong. */
export class UsageError extends Error {}
/** Exit 1: the user's data or environment is the problem; the message says what to do. */
export class UserError extends Error {}
