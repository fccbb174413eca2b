/**
 * A new audience as the form sends it: Mailchimp requires the sender, the postal address printed in every email and
 * the permission reminder (why the contact is on the list).
 */
export const AUDIENCE_BODY = {
  name: 'CAS customers',
  company: 'Demo Retail Ltd',
  address1: '1 High Street',
  city: 'London',
  zip: 'N1 1AA',
  country: 'GB',
  permissionReminder: 'You opted in at our till.',
  fromName: 'Demo Retail',
  fromEmail: 'news@example.com',
};
