/**
 * Hono's typed environment for this app: what middleware puts on the context.
 */
import type { Clinic } from './clinic.ts';

export interface AppVariables {
  /** The clinic named by `:clinicId`, resolved by the clinic middleware. */
  clinic: Clinic;
  requestId: string;
  /** The client's address as a rate-limit key (see `security/client-address.ts`). */
  clientAddress: string;
}

export interface AppEnv {
  Variables: AppVariables;
}
