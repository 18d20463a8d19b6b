/** The calling side of the API, for the renderer and tests: typed methods over any transport. */
import type { ApiInput, ApiMethod, ApiOutput } from './contract';
import type { Result } from './result';

export type Transport = (method: ApiMethod, input: unknown) => Promise<Result<unknown>>;

export interface ApiClient {
  call<M extends ApiMethod>(method: M, input: ApiInput<M>): Promise<Result<ApiOutput<M>>>;
}

export function createClient(transport: Transport): ApiClient {
  return {
    call: (method, input) => transport(method, input) as never,
  };
}
