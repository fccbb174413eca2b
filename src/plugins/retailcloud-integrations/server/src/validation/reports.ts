import { z } from 'zod';
import { calendarDay, cleanString } from '../utils/input';

/** GET /reports/daily-sales (controllers/overview.ts): one store, a range of days. */
export const reportQuery = z
  .object({
    store: cleanString(20).min(1),
    from: calendarDay('2026-11-01'),
    to: calendarDay('2026-11-30'),
  })
  .refine((q) => q.from <= q.to, { message: 'must be on or after from', path: ['to'] });
