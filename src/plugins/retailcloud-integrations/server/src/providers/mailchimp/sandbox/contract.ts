import type { ContractOperation } from '../../../sandbox/contract';

/**
 * PLACEHOLDER, replaced by the mailchimp contract work (issue 16): the Mailchimp operations the plugin uses, each described from
 * Mailchimp's published reference. Empty here, so the contract test reports every recorded Mailchimp API request as
 * undescribed until the real list lands.
 */
export const mailchimpOperations: ContractOperation[] = [];
