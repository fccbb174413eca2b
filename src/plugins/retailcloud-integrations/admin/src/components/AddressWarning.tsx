import { Link, Typography } from '@strapi/design-system';
import { useIntl } from 'react-intl';
import { getTranslation } from '../utils/getTranslation';
import { Notice } from './Notice';

/** True when the admin is open on another address than the public URL the providers send the browser back to. */
export const onOtherAddress = (publicUrl: string | null | undefined, here = window.location.origin): boolean =>
  Boolean(publicUrl) && publicUrl?.replace(/\/$/, '') !== here;

/**
 * Before anyone connects: the admin is open on another address (127.0.0.1) than CAS's public URL (localhost), where
 * every provider's consent page sends the browser back. The browser keeps each address's sign-in apart, so the
 * connection would come back to a page that does not know this administrator: say so, and link to the same page on
 * the public address.
 */
export const AddressWarning = ({ publicUrl }: { publicUrl: string }) => {
  const { formatMessage } = useIntl();
  const t = (id: string, defaultMessage: string, values?: Record<string, string>) =>
    formatMessage({ id: getTranslation(id), defaultMessage }, values);
  const here = window.location.origin;
  const samePage = `${publicUrl}${window.location.pathname}`;
  return (
    <Notice variant="warning" title={t('address.title', 'Open CAS at {publicUrl} to connect', { publicUrl })}>
      <Typography tag="p">
        {t(
          'address.body',
          'This page is open at {here}, but after you allow access each provider sends you back to {publicUrl}, the address CAS is configured with. A browser keeps the sign-in of each address apart, so a connection started here would fail.',
          { here, publicUrl }
        )}
      </Typography>
      <Typography tag="p">
        <Link href={samePage}>{t('address.link', 'Open this page at {publicUrl}', { publicUrl })}</Link>
      </Typography>
    </Notice>
  );
};
