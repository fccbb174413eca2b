import { DatePicker, Field } from '@strapi/design-system';
import { useMemo } from 'react';
import { useIntl } from 'react-intl';
import { getTranslation } from '../utils/getTranslation';

/** 'YYYY-MM-DD' → that calendar day at local midnight (what the design system's picker shows); undefined when empty. */
export const dayToDate = (day: string): Date | undefined => {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  return match ? new Date(Number(match[1]), Number(match[2]) - 1, Number(match[3])) : undefined;
};

/** The calendar day the picker chose, as 'YYYY-MM-DD' (its local date: no time zone shift). */
export const dateToDay = (date: Date | undefined): string =>
  date
    ? `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, '0')}-${String(date.getDate()).padStart(2, '0')}`
    : '';

/**
 * A business day with the design system's date picker (a calendar, and typing in the admin's locale), in place of the
 * browser's native date input; the value stays 'YYYY-MM-DD' text for the forms and the API.
 */
export const DayField = ({
  name,
  label,
  value,
  onChange,
  hint,
  fullWidth = false,
}: {
  name: string;
  label: string;
  value: string;
  onChange: (day: string) => void;
  hint?: string;
  fullWidth?: boolean;
}) => {
  const { formatMessage, locale } = useIntl();
  // One Date per day: the picker rewrites its text whenever it is handed a new Date object, so a fresh one on every
  // render would undo a day being typed whenever the page re-renders (a run's progress, a panel reloading).
  const date = useMemo(() => dayToDate(value), [value]);
  return (
    <Field.Root name={name} hint={hint} {...(fullWidth ? { width: '100%' } : {})}>
      <Field.Label>{label}</Field.Label>
      <DatePicker
        name={name}
        locale={locale}
        value={date}
        onChange={(date: Date | undefined) => onChange(dateToDay(date))}
        onClear={() => onChange('')}
        clearLabel={formatMessage({ id: getTranslation('date.clear'), defaultMessage: 'Clear the date' })}
      />
      {hint ? <Field.Hint /> : null}
    </Field.Root>
  );
};
