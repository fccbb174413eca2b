import { test } from '@playwright/test';
import { adminCall, appState, expectVisible, INTEGRATIONS_LINK, logIn, shot, USERS } from './support';

/** An Editor (no Integrations permission), on a page of their own: runs whatever the System Admin's journey did. */
test.use({ viewport: { width: 1440, height: 1000 } });

test('Editor sees no Integrations section and the API answers 403', async ({ page: editor }) => {
  const { base, tokens } = appState();
  await logIn(editor, base, USERS.editor);
  await editor.goto(`${base}/admin/settings`);
  await editor.waitForLoadState('networkidle');
  await shot(editor, '14-editor-settings');
  await editor.getByRole('link', { name: 'Overview' }).first().waitFor();
  if ((await editor.locator(INTEGRATIONS_LINK).count()) > 0) {
    throw new Error('the Editor sees the Integrations overview link');
  }
  if ((await editor.getByText('Integrations', { exact: true }).count()) > 0) {
    throw new Error('the Editor sees an Integrations section in Settings');
  }
  await editor.goto(`${base}/admin/settings/retailcloud-integrations`);
  await editor.waitForLoadState('networkidle');
  await shot(editor, '15-editor-integrations-url');
  await expectVisible(editor, /You don.t have the permissions to access that content/);
  if ((await editor.getByText(/Connect Xero|Open Xero|Last sync/).count()) > 0) {
    throw new Error('the Editor sees the Integrations overview');
  }
  for (const url of ['/retailcloud-integrations/overview', '/retailcloud-integrations/sync-runs?limit=1']) {
    const res = await adminCall('GET', url, undefined, tokens.editor);
    if (res.status !== 403) throw new Error(`GET ${url} as Editor answered ${res.status}, not 403`);
  }
  const allowed = await adminCall('GET', '/retailcloud-integrations/overview', undefined, tokens.systemAdmin);
  if (allowed.status !== 200) throw new Error(`GET overview as System Admin answered ${allowed.status}`);
});
