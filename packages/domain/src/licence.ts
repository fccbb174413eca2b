/**
 * A register's licence: a register's number may be reported (on receipts, to Ecwid's setup) only on the business
 * days its licence covers: every day up to and including `licenceValidUntil`, cut in its store's time zone.
 */
import { type BusinessDay, businessDayOf } from './business-day';

export interface LicensedRegister {
  number?: string | null;
  licenceKey?: string | null;
  /** the last day the licence covers, YYYY-MM-DD */
  licenceValidUntil?: string | null;
}

/** True when the register holds a licence key that covers the business day `day`. */
export const licenceValidOn = (register: LicensedRegister, day: BusinessDay): boolean =>
  Boolean(register.licenceKey) && Boolean(register.licenceValidUntil) && day <= (register.licenceValidUntil as string);

/** The register's number while its licence covers the store's business day at `now`; null otherwise. */
export const reportableRegisterNumber = (
  register: LicensedRegister,
  timeZone: string,
  now: Date = new Date()
): string | null => (licenceValidOn(register, businessDayOf(timeZone, now)) ? (register.number ?? null) : null);
