export const PLUGIN_ID = 'retailcloud-integrations';
