import { Field } from '@strapi/design-system';
import { useIntl } from 'react-intl';
import { getTranslation } from '../utils/getTranslation';
import { DayField } from './DayField';

interface StoreDayRangeProps {
  /** field names: `${prefix}from`, `${prefix}to`, `${prefix}store` */
  prefix?: string;
  from: string;
  to: string;
  store: string;
  onFrom: (value: string) => void;
  onTo: (value: string) => void;
  onStore: (value: string) => void;
  storeHint?: string;
}

/** The business-day range (the design system's date pickers) and store code that the posting form and the daily sales report both ask for. */
export const StoreDayRange = ({
  prefix = '',
  from,
  to,
  store,
  onFrom,
  onTo,
  onStore,
  storeHint,
}: StoreDayRangeProps) => {
  const { formatMessage } = useIntl();
  const t = (id: string, defaultMessage: string) => formatMessage({ id: getTranslation(id), defaultMessage });
  const field = (
    name: string,
    label: string,
    value: string,
    onChange: (v: string) => void,
    type?: string,
    hint?: string
  ) => (
    <Field.Root name={`${prefix}${name}`} hint={hint}>
      <Field.Label>{label}</Field.Label>
      <Field.Input
        type={type}
        value={value}
        onChange={(e: React.ChangeEvent<HTMLInputElement>) => onChange(e.target.value)}
      />
      {hint ? <Field.Hint /> : null}
    </Field.Root>
  );
  // every field carries a hint, so the three line up (a field with a hint beside one without sits out of line)
  return (
    <>
      <DayField
        name={`${prefix}from`}
        label={t('post.from', 'From (business day)')}
        value={from}
        onChange={onFrom}
        hint={t('dayRange.fromHint', 'The first business day')}
      />
      <DayField
        name={`${prefix}to`}
        label={t('post.to', 'To')}
        value={to}
        onChange={onTo}
        hint={t('dayRange.toHint', 'The last business day, included')}
      />
      {field(
        'store',
        t('post.store', 'Store code'),
        store,
        onStore,
        undefined,
        storeHint ?? t('dayRange.storeHint', 'The store’s code, as on its receipts')
      )}
    </>
  );
};
