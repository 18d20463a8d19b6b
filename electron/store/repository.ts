import type Database from 'better-sqlite3-multiple-ciphers';
import { clockOf, type RepoClock } from './ids';

/**
 * What every repository holds: the open connection, this device's id (stamped on the rows it
 * writes, for merging), and where ids and timestamps come from. `clock` makes them reproducible
 * (synthetic data with a seed); by default UUIDv7 and the wall clock.
 */
export abstract class Repository {
  protected readonly newId: () => string;
  protected readonly now: () => string;

  constructor(
    protected readonly db: Database.Database,
    protected readonly deviceId: string,
    protected readonly clock: RepoClock = {},
  ) {
    ({ newId: this.newId, now: this.now } = clockOf(clock));
  }
}
