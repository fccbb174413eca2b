/**
 * Deterministic references for the documents of a store-day: the same store, day, part and adjustment number
 * always give the same reference, so a retried post can be recognised (ours and the provider's).
 */
export type DocumentPart = 'sales' | 'returns' | 'cogs' | 'overshort';

export interface ReferenceInput {
  storeCode: string;
  businessDay: string;
  /** 0 (or absent) for the first posting of the day; 1, 2, … for later adjustments. */
  adjustment?: number;
}

const adjustmentSuffix = (adjustment: number | undefined): string => {
  if (adjustment === undefined || adjustment === 0) return '';
  if (!Number.isSafeInteger(adjustment) || adjustment < 0) throw new RangeError(`bad adjustment number ${adjustment}`);
  return `-adj${adjustment}`;
};

/** e.g. CAS-LAX1-2026-03-08-sales, CAS-LAX1-2026-03-08-cogs-adj2 */
export const documentReference = (input: ReferenceInput, part: DocumentPart): string =>
  `CAS-${input.storeCode}-${input.businessDay}-${part}${adjustmentSuffix(input.adjustment)}`;
